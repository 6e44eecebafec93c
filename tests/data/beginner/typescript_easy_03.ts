function topWords(text: string, k: number) {
  if (k < 0 || Math.floor(k) != k) {
    throw new RangeError("k must be a non-negative integer");
  }
  var words = text.toLowerCase().split(/[^a-z]+/);
  var counts: any = {};
  for (var i = 0; i < words.length; i++) {
    var w = words[i];
    if (w == "") continue;
    if (counts[w] == undefined) {
      counts[w] = 0;
    }
    counts[w] = counts[w] + 1;
  }
  var keys = Object.keys(counts);
  keys.sort(function (a, b) {
    if (counts[a] != counts[b]) return counts[b] - counts[a];
    if (a < b) return -1;
    if (a > b) return 1;
    return 0;
  });
  var result = [];
  for (var j = 0; j < k && j < keys.length; j++) {
    result.push(keys[j]);
  }
  return result;
}
