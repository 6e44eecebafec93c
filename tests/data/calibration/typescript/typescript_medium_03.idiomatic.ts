/**
 * Maps `items` through the asynchronous `fn`, with at most `limit` calls running at once.
 *
 * A pool of workers takes the items in input order; each starts its next call as soon as
 * its previous one settles. After the first rejection no further call is started.
 *
 * @param items - The inputs.
 * @param limit - The most calls in flight at any moment, a positive integer.
 * @param fn - Called with each item and its index.
 * @returns The results in input order.
 * @throws {RangeError} (as a rejection) If `limit` is not a positive integer.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  const results: R[] = new Array(items.length);
  const indices = items.keys();
  let failed = false;

  async function work(): Promise<void> {
    for (const index of indices) {
      if (failed) {
        return;
      }
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }

  const workers = Array.from({ length: Math.min(limit, items.length) }, work);
  await Promise.all(workers);
  return results;
}
