class LRUCache<K, V> {
  capacity: number;
  map: Map<K, V>;
  order: Map<K, boolean>;

  constructor(capacity: number) {
    if (capacity <= 0 || Math.floor(capacity) != capacity || isNaN(capacity)) {
      throw new RangeError("bad capacity");
    }
    this.capacity = capacity;
    this.map = new Map();
    this.order = new Map();
  }

  get(key: K): V | undefined {
    if (this.map.has(key) == true) {
      let value = this.map.get(key);
      this.order.delete(key);
      this.order.set(key, true);
      return value;
    } else {
      return undefined;
    }
  }

  set(key: K, value: V): this {
    if (this.map.has(key) == true) {
      this.map.set(key, value);
      this.order.delete(key);
      this.order.set(key, true);
    } else {
      this.map.set(key, value);
      this.order.set(key, true);
      if (this.map.size > this.capacity) {
        let first: any = undefined;
        for (let k of this.order.keys()) {
          first = k;
          break;
        }
        this.order.delete(first);
        this.map.delete(first);
      }
    }
    return this;
  }

  has(key: K): boolean {
    if (this.map.has(key)) {
      return true;
    } else {
      return false;
    }
  }

  delete(key: K): boolean {
    if (this.map.has(key)) {
      this.map.delete(key);
      this.order.delete(key);
      return true;
    }
    return false;
  }

  get size(): number {
    return this.map.size;
  }

  keys(): K[] {
    let result: K[] = [];
    this.order.forEach(function (value, key) {
      result.push(key);
    });
    return result;
  }
}
