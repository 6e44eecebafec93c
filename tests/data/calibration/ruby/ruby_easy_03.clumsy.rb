def rle_encode(text)
  chars = text.chars
  if chars.length == 0
    return ""
  end
  for c in chars
    if "0123456789".include?(c)
      raise ArgumentError, "digit in text"
    end
  end
  result = ""
  prev = chars[0]
  count = 1
  for i in 1...chars.length
    if chars[i] == prev
      count = count + 1
    else
      if count == 1
        result = result + prev
      else
        result = result + prev + count.to_s
      end
      prev = chars[i]
      count = 1
    end
  end
  if count == 1
    result = result + prev
  else
    result = result + prev + count.to_s
  end
  return result
end
