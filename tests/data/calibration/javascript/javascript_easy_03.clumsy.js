function wordCounts(text) {
  var counts = new Map();
  var words = text.toLowerCase().split(/[^a-z]+/);
  for (var i = 0; i < words.length; i++) {
    var word = words[i];
    if (word == "") {
      continue;
    }
    if (counts.has(word) == false) {
      counts.set(word, 0);
    }
    counts.set(word, counts.get(word) + 1);
  }
  return counts;
}

module.exports = { wordCounts: wordCounts };
