function encodeRuns(text) {
  if (typeof text != "string") {
    throw new TypeError("text must be a string");
  }
  var result = "";
  var i = 0;
  while (i < text.length) {
    var j = i;
    while (j < text.length && text[j] == text[i]) {
      j = j + 1;
    }
    result = result + (j - i) + text[i];
    i = j;
  }
  return result;
}

module.exports = { encodeRuns: encodeRuns };
