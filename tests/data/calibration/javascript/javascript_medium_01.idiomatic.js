/** A least-recently-used cache: a Map keeps its keys in insertion order. */
export class LRUCache {
  #capacity;
  #entries = new Map();

  /** @param {number} capacity */
  constructor(capacity) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /**
   * @param {string} key
   * @returns {number | undefined}
   */
  get(key) {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /**
   * @param {string} key
   * @param {number} value
   * @returns {LRUCache}
   */
  set(key, value) {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      this.#entries.delete(this.#entries.keys().next().value);
    }
    return this;
  }

  /** @returns {number} */
  get size() {
    return this.#entries.size;
  }
}
