function parseQuery(query) {
  var result = new Map();
  if (query.charAt(0) == "?") {
    query = query.substr(1);
  }
  var pairs = query.split("&");
  for (var i = 0; i < pairs.length; i++) {
    if (pairs[i] == "") continue;
    var eq = pairs[i].indexOf("=");
    var key, value;
    if (eq == -1) {
      key = pairs[i];
      value = "";
    } else {
      key = pairs[i].substring(0, eq);
      value = pairs[i].substring(eq + 1);
    }
    key = decodeURIComponent(key.split("+").join(" "));
    value = decodeURIComponent(value.split("+").join(" "));
    if (result.has(key) == false) {
      result.set(key, value);
    } else if (Array.isArray(result.get(key))) {
      result.get(key).push(value);
    } else {
      result.set(key, [result.get(key), value]);
    }
  }
  var obj = {};
  result.forEach(function (v, k) {
    Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  });
  return obj;
}

module.exports = { parseQuery: parseQuery };
