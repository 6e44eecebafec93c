function mergeIntervals(intervals) {
  var copy = [];
  for (var i = 0; i < intervals.length; i++) {
    if (intervals[i][0] > intervals[i][1]) {
      throw new RangeError("bad interval");
    }
    copy.push([intervals[i][0], intervals[i][1]]);
  }
  copy.sort(function (a, b) {
    return a[0] - b[0];
  });
  var result = [];
  for (var j = 0; j < copy.length; j++) {
    if (result.length > 0 && copy[j][0] <= result[result.length - 1][1]) {
      if (copy[j][1] > result[result.length - 1][1]) {
        result[result.length - 1][1] = copy[j][1];
      }
    } else {
      result.push(copy[j]);
    }
  }
  return result;
}

module.exports = { mergeIntervals: mergeIntervals };
