function topWords(text: string, k: number): string[] {
  if (k < 0 || Math.floor(k) != k) {
    throw new RangeError("k must be a non-negative integer");
  }
  let lower = text.toLowerCase();
  let words: string[] = [];
  let current = "";
  for (let i = 0; i < lower.length; i++) {
    let c = lower[i];
    if (c >= "a" && c <= "z") {
      current = current + c;
    } else {
      if (current != "") {
        words.push(current);
        current = "";
      }
    }
  }
  if (current != "") {
    words.push(current);
  }
  let counts: { [word: string]: number } = {};
  for (let i = 0; i < words.length; i++) {
    if (counts[words[i]] === undefined) {
      counts[words[i]] = 1;
    } else {
      counts[words[i]] = counts[words[i]] + 1;
    }
  }
  let keys = Object.keys(counts);
  keys.sort(function (a, b) {
    if (counts[a] != counts[b]) {
      return counts[b] - counts[a];
    } else {
      if (a < b) {
        return -1;
      } else {
        return 1;
      }
    }
  });
  let result: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (i < k) {
      result.push(keys[i]);
    }
  }
  return result;
}
