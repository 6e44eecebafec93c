function chunk(items: any, size: any) {
  if (size <= 0 || size % 1 != 0 || isNaN(size) || size == Infinity) {
    throw new RangeError("bad size");
  }
  var result: any = [];
  var current: any = [];
  for (var i = 0; i < items.length; i++) {
    current.push(items[i]);
    if (current.length == size) {
      result.push(current);
      current = [];
    }
  }
  if (current.length > 0) {
    result.push(current);
  }
  return result;
}
