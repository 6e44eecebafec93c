/**
 * Finds the `k` most frequent words of `text`.
 *
 * Words are runs of ASCII letters, compared without regard to case. The most frequent
 * come first; words with equal counts are in alphabetical order.
 *
 * @param text - The text to scan.
 * @param k - How many words to return, a non-negative integer.
 * @returns At most `k` words, in lowercase.
 * @throws {RangeError} If `k` is not a non-negative integer.
 */
export function topWords(text: string, k: number): string[] {
  if (!Number.isInteger(k) || k < 0) {
    throw new RangeError(`k must be a non-negative integer, got ${k}`);
  }
  const counts = new Map<string, number>();
  for (const [word] of text.toLowerCase().matchAll(/[a-z]+/g)) {
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .slice(0, k)
    .map(([word]) => word);
}
