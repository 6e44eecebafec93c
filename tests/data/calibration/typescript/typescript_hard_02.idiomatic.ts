/** A task waiting for a free slot. */
interface WaitingTask {
  readonly priority: number;
  readonly run: () => void;
}

/**
 * Runs asynchronous tasks with at most `concurrency` of them in flight. Waiting tasks start
 * by descending priority, and in the order they were added among equal priorities.
 */
export class TaskQueue {
  readonly #concurrency: number;
  /** Sorted by descending priority; stable, so equal priorities stay first in, first out. */
  readonly #waiting: WaitingTask[] = [];
  readonly #idleCallbacks: (() => void)[] = [];
  #running = 0;

  /**
   * @param concurrency - The most tasks running at once, a positive integer.
   * @throws {RangeError} If `concurrency` is not a positive integer.
   */
  constructor(concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    }
    this.#concurrency = concurrency;
  }

  /** How many tasks have started and not settled yet. */
  get running(): number {
    return this.#running;
  }

  /** How many tasks are waiting for a slot. */
  get pending(): number {
    return this.#waiting.length;
  }

  /**
   * Queues `task`, starting it right away when a slot is free.
   *
   * @param task - Returns the Promise to wait for; a synchronous throw counts as a rejection.
   * @param priority - Higher priorities start first.
   * @returns A Promise that settles as the task's own does.
   */
  add<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = (): void => {
        this.#running += 1;
        new Promise<T>((settle) => settle(task()))
          .then(resolve, reject)
          .finally(() => {
            this.#running -= 1;
            this.#startWaiting();
          });
      };
      const before = this.#waiting.findIndex((waiting) => waiting.priority < priority);
      this.#waiting.splice(before === -1 ? this.#waiting.length : before, 0, { priority, run });
      this.#startWaiting();
    });
  }

  /** Resolves once no task is running or waiting: at once if the queue is already idle. */
  onIdle(): Promise<void> {
    if (this.#isIdle()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#idleCallbacks.push(resolve);
    });
  }

  #isIdle(): boolean {
    return this.#running === 0 && this.#waiting.length === 0;
  }

  /** Starts waiting tasks while slots are free, and wakes the idle waiters when done. */
  #startWaiting(): void {
    while (this.#running < this.#concurrency) {
      const next = this.#waiting.shift();
      if (next === undefined) {
        break;
      }
      next.run();
    }
    if (this.#isIdle()) {
      for (const callback of this.#idleCallbacks.splice(0)) {
        callback();
      }
    }
  }
}
