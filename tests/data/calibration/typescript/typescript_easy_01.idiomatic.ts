/**
 * Splits `items` into consecutive groups of `size` elements, keeping their order.
 *
 * @param items - The elements to split; left untouched.
 * @param size - How many elements each group holds, a positive integer.
 * @returns New arrays of `size` elements each; only the last one may be shorter.
 * @throws {RangeError} If `size` is not a positive integer.
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
