/**
 * Merge overlapping or touching closed intervals, sorted by start.
 * @param {[number, number][]} intervals
 * @returns {[number, number][]}
 */
function mergeIntervals(intervals) {
  for (const [start, end] of intervals) {
    if (start > end) {
      throw new RangeError(`interval [${start}, ${end}] ends before it starts`);
    }
  }
  const sorted = intervals.toSorted((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}

module.exports = { mergeIntervals };
