const PAIRS = new Map([
  [")", "("],
  ["]", "["],
  ["}", "{"],
]);
const OPENERS = new Set(PAIRS.values());

/**
 * Whether the brackets of text are balanced.
 * @param {string} text
 * @returns {boolean}
 */
function isBalanced(text) {
  const open = [];
  for (const char of text) {
    if (OPENERS.has(char)) {
      open.push(char);
    } else if (PAIRS.has(char) && open.pop() !== PAIRS.get(char)) {
      return false;
    }
  }
  return open.length === 0;
}

module.exports = { isBalanced };
