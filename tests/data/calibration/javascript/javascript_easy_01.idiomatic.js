/**
 * Run-length encode a string: each run of one character becomes its length and the character.
 * @param {string} text
 * @returns {string}
 */
export function encodeRuns(text) {
  if (typeof text !== "string") {
    throw new TypeError("text must be a string");
  }
  return text.replace(/(.)\1*/gs, (run, char) => `${run.length}${char}`);
}
