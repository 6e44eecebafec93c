def rle_encode(text)
  for i in 0...text.length
    if text[i] >= "0" and text[i] <= "9"
      raise ArgumentError.new("text has a digit")
    end
  end
  result = ""
  i = 0
  while i < text.length
    currentChar = text[i]
    runLength = 1
    while i + runLength < text.length && text[i + runLength] == currentChar
      runLength = runLength + 1
    end
    if runLength == 1
      result = result + currentChar
    else
      result = result + currentChar + runLength.to_s
    end
    i = i + runLength
  end
  return result
end
