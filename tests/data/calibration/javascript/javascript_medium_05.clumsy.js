function debounce(fn, wait) {
  if (typeof wait != "number" || isNaN(wait) || wait < 0) {
    throw new RangeError("bad wait");
  }
  var timer = null;
  var lastArgs = null;
  var lastThis = null;
  var debounced = function () {
    lastArgs = arguments;
    lastThis = this;
    if (timer != null) {
      clearTimeout(timer);
    }
    timer = setTimeout(function () {
      timer = null;
      var args = lastArgs;
      lastArgs = null;
      fn.apply(lastThis, args);
    }, wait);
  };
  debounced.cancel = function () {
    if (timer != null) clearTimeout(timer);
    timer = null;
    lastArgs = null;
  };
  debounced.flush = function () {
    if (timer != null) {
      clearTimeout(timer);
      timer = null;
      var args = lastArgs;
      lastArgs = null;
      fn.apply(lastThis, args);
    }
  };
  return debounced;
}

module.exports = { debounce: debounce };
