def top_words(text, limit)
  if limit < 0
    raise ArgumentError.new("limit is negative")
  end
  chars = text.downcase.chars
  words = []
  word = ""
  i = 0
  while i < chars.length
    ch = chars[i]
    if ch >= "a" and ch <= "z"
      word = word + ch
    elsif ch == "'" and word != "" and i + 1 < chars.length and chars[i + 1] >= "a" and chars[i + 1] <= "z"
      word = word + ch
    else
      if word != ""
        words.push(word)
        word = ""
      end
    end
    i = i + 1
  end
  if word != ""
    words.push(word)
  end

  counts = {}
  for w in words
    if counts[w] == nil
      counts[w] = 1
    else
      counts[w] = counts[w] + 1
    end
  end

  pairs = counts.to_a
  pairs = pairs.sort { |a, b| if a[1] == b[1] then a[0] <=> b[0] else b[1] <=> a[1] end }
  result = []
  for k in 0...pairs.length
    if k < limit
      result.push(pairs[k])
    end
  end
  return result
end
