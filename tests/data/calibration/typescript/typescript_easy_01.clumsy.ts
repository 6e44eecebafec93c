function chunk<T>(items: readonly T[], size: number): T[][] {
  if (size <= 0 || isNaN(size) || size == Infinity || Math.floor(size) != size) {
    throw new RangeError("bad size");
  }
  let Result: T[][] = [];
  let copy = [];
  for (let i = 0; i < items.length; i++) {
    copy.push(items[i]);
  }
  let current: T[] = [];
  for (let i = 0; i < copy.length; i++) {
    current.push(copy[i]);
    if (current.length == size) {
      Result.push(current);
      current = [];
    }
  }
  if (current.length > 0) {
    Result.push(current);
  }
  return Result;
}
