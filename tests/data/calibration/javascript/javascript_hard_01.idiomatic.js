/**
 * The longest substring of text with at most k distinct characters: a sliding window.
 * @param {string} text
 * @param {number} k
 * @returns {number}
 */
function longestWithKDistinct(text, k) {
  if (!Number.isInteger(k) || k < 0) {
    throw new RangeError(`k must be a non-negative integer, not ${k}`);
  }
  const counts = new Map();
  let best = 0;
  let start = 0;
  for (let end = 0; end < text.length; end++) {
    const char = text[end];
    counts.set(char, (counts.get(char) ?? 0) + 1);
    while (counts.size > k) {
      const first = text[start++];
      const left = counts.get(first) - 1;
      if (left === 0) {
        counts.delete(first);
      } else {
        counts.set(first, left);
      }
    }
    best = Math.max(best, end - start + 1);
  }
  return best;
}

module.exports = { longestWithKDistinct };
