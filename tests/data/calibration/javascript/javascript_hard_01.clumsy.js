function longestWithKDistinct(text, k) {
  if (typeof k != "number" || k < 0 || Math.floor(k) != k) {
    throw new RangeError("bad k");
  }
  var counts = {};
  var distinct = 0;
  var best = 0;
  var start = 0;
  for (var end = 0; end < text.length; end++) {
    var c = text[end];
    if (counts[c] == undefined || counts[c] == 0) {
      counts[c] = 0;
      distinct++;
    }
    counts[c] = counts[c] + 1;
    while (distinct > k) {
      var first = text[start];
      counts[first] = counts[first] - 1;
      if (counts[first] == 0) {
        distinct--;
      }
      start++;
    }
    if (end - start + 1 > best) {
      best = end - start + 1;
    }
  }
  return best;
}

module.exports = { longestWithKDistinct: longestWithKDistinct };
