def top_words(text, limit)
  if limit < 0
    raise ArgumentError.new("limit can not be negative")
  end
  lowerText = text.downcase
  wordList = []
  currentWord = ""
  for i in 0..lowerText.length - 1
    c = lowerText[i]
    if c >= "a" && c <= "z"
      currentWord = currentWord + c
    elsif c == "'" && currentWord != "" && i + 1 < lowerText.length && lowerText[i + 1] >= "a" && lowerText[i + 1] <= "z"
      currentWord = currentWord + c
    else
      if currentWord != ""
        wordList.push(currentWord)
      end
      currentWord = ""
    end
  end
  if currentWord != ""
    wordList.push(currentWord)
  end
  counts = Hash.new
  for w in wordList
    if counts.has_key?(w)
      counts[w] = counts[w] + 1
    else
      counts[w] = 1
    end
  end
  pairs = []
  counts.each do |word, count|
    pairs.push([word, count])
  end
  sortedPairs = pairs.sort do |a, b|
    if a[1] != b[1]
      b[1] <=> a[1]
    else
      a[0] <=> b[0]
    end
  end
  result = []
  j = 0
  while j < limit and j < sortedPairs.length
    result.push(sortedPairs[j])
    j = j + 1
  end
  return result
end
