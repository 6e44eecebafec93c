/** Listeners by event name, called in registration order. */
export class EventEmitter {
  #listeners = new Map();

  /**
   * @param {string} event
   * @param {(...args: any[]) => void} listener
   * @returns {() => void}
   */
  on(event, listener) {
    const entry = { listener };
    const list = this.#listeners.get(event) ?? [];
    this.#listeners.set(event, [...list, entry]);
    return () => this.#remove(event, entry);
  }

  /**
   * @param {string} event
   * @param {(...args: any[]) => void} listener
   * @returns {() => void}
   */
  once(event, listener) {
    const remove = this.on(event, (...args) => {
      remove();
      listener(...args);
    });
    return remove;
  }

  /**
   * @param {string} event
   * @param {...any} args
   * @returns {number}
   */
  emit(event, ...args) {
    const list = this.#listeners.get(event) ?? [];
    const errors = [];
    for (const { listener } of list) {
      try {
        listener(...args);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) {
      throw new AggregateError(errors, `${errors.length} listener(s) of ${event} failed`);
    }
    return list.length;
  }

  /**
   * @param {string} event
   * @returns {number}
   */
  listenerCount(event) {
    return this.#listeners.get(event)?.length ?? 0;
  }

  #remove(event, entry) {
    const list = this.#listeners.get(event) ?? [];
    const kept = list.filter((e) => e !== entry);
    if (kept.length === 0) {
      this.#listeners.delete(event);
    } else {
      this.#listeners.set(event, kept);
    }
  }
}
