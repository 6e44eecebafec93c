function EventEmitter() {
  this.listeners = {};
}

EventEmitter.prototype.on = function (event, listener) {
  var self = this;
  var entry = { fn: listener };
  if (self.listeners[event] == undefined) self.listeners[event] = [];
  self.listeners[event] = self.listeners[event].concat([entry]);
  return function () {
    var list = self.listeners[event] || [];
    var kept = [];
    for (var i = 0; i < list.length; i++) {
      if (list[i] !== entry) kept.push(list[i]);
    }
    self.listeners[event] = kept;
  };
};

EventEmitter.prototype.once = function (event, listener) {
  var remove = null;
  remove = this.on(event, function () {
    remove();
    listener.apply(null, arguments);
  });
  return remove;
};

EventEmitter.prototype.emit = function (event) {
  var args = Array.prototype.slice.call(arguments, 1);
  var list = this.listeners[event] || [];
  var errors = [];
  for (var i = 0; i < list.length; i++) {
    try {
      list[i].fn.apply(null, args);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) {
    throw new AggregateError(errors, "listeners failed");
  }
  return list.length;
};

EventEmitter.prototype.listenerCount = function (event) {
  if (this.listeners[event] == undefined) return 0;
  return this.listeners[event].length;
};

module.exports = { EventEmitter: EventEmitter };
