/**
 * How often each lowercase word occurs in text, in order of first appearance.
 * @param {string} text
 * @returns {Map<string, number>}
 */
export function wordCounts(text) {
  const counts = new Map();
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}
