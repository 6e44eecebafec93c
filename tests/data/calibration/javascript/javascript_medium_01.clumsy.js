function LRUCache(capacity) {
  if (typeof capacity != "number" || capacity < 1 || Math.floor(capacity) != capacity) {
    throw new RangeError("bad capacity");
  }
  this.capacity = capacity;
  this.keys_list = [];
  this.values = {};
}

LRUCache.prototype.get = function (key) {
  var index = this.keys_list.indexOf(key);
  if (index == -1) {
    return undefined;
  }
  this.keys_list.splice(index, 1);
  this.keys_list.push(key);
  return this.values[key];
};

LRUCache.prototype.set = function (key, value) {
  var index = this.keys_list.indexOf(key);
  if (index != -1) {
    this.keys_list.splice(index, 1);
  }
  this.keys_list.push(key);
  this.values[key] = value;
  if (this.keys_list.length > this.capacity) {
    var oldest = this.keys_list.shift();
    delete this.values[oldest];
  }
  return this;
};

Object.defineProperty(LRUCache.prototype, "size", {
  get: function () {
    return this.keys_list.length;
  },
});

module.exports = { LRUCache: LRUCache };
