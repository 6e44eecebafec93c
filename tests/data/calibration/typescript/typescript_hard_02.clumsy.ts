class TaskQueue {
  concurrency: number;
  queue: any[] = [];
  idle: any[] = [];
  count = 0;
  running_count = 0;

  constructor(concurrency: number) {
    if (concurrency <= 0 || Math.floor(concurrency) != concurrency || isNaN(concurrency)) {
      throw new RangeError("bad concurrency");
    }
    this.concurrency = concurrency;
  }

  add<T>(task: () => Promise<T>, priority?: number): Promise<T> {
    let self = this;
    if (priority == undefined) {
      priority = 0;
    }
    return new Promise<T>(function (resolve, reject) {
      self.count = self.count + 1;
      let job = { task: task, priority: priority, order: self.count, resolve: resolve, reject: reject };
      self.queue.push(job);
      self.queue.sort(function (a, b) {
        if (a.priority != b.priority) {
          return b.priority - a.priority;
        }
        return a.order - b.order;
      });
      self.next();
    });
  }

  next() {
    let self = this;
    while (this.running_count < this.concurrency && this.queue.length > 0) {
      let job = this.queue.shift();
      this.running_count = this.running_count + 1;
      let p;
      try {
        p = job.task();
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        function (value: any) {
          self.running_count = self.running_count - 1;
          job.resolve(value);
          self.next();
        },
        function (error: any) {
          self.running_count = self.running_count - 1;
          job.reject(error);
          self.next();
        },
      );
    }
    if (this.running_count == 0 && this.queue.length == 0) {
      for (let i = 0; i < this.idle.length; i++) {
        this.idle[i]();
      }
      this.idle = [];
    }
  }

  get running(): number {
    return this.running_count;
  }

  get pending(): number {
    return this.queue.length;
  }

  onIdle(): Promise<void> {
    let self = this;
    if (this.running_count == 0 && this.queue.length == 0) {
      return Promise.resolve();
    }
    return new Promise<void>(function (resolve) {
      self.idle.push(resolve);
    });
  }
}
