/**
 * A cache holding at most `capacity` entries that evicts the least recently used one.
 *
 * A `Map` keeps its keys in insertion order, so deleting and re-inserting a key makes it the
 * most recently used, and the first key is always the next to evict.
 */
export class LRUCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #capacity: number;

  /**
   * @param capacity - The most entries the cache holds, a positive integer.
   * @throws {RangeError} If `capacity` is not a positive integer.
   */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** Returns the value stored for `key`, marking it most recently used, or `undefined`. */
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) {
      return undefined;
    }
    const value = this.#entries.get(key) as V;
    this.#touch(key, value);
    return value;
  }

  /** Stores `value` under `key` as the most recently used entry, evicting if over capacity. */
  set(key: K, value: V): this {
    this.#touch(key, value);
    if (this.#entries.size > this.#capacity) {
      const [oldest] = this.#entries.keys();
      this.#entries.delete(oldest);
    }
    return this;
  }

  /** Whether `key` is cached; the recency order is left unchanged. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Removes `key`, returning whether it was present. */
  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  /** The number of cached entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** The cached keys, least recently used first. */
  keys(): K[] {
    return [...this.#entries.keys()];
  }

  /** Moves `key` to the most recently used end with `value`. */
  #touch(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
  }
}
