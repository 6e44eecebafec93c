def dig_path(data, path)
  if path == ""
    return data
  end
  parts = path.split(".")
  current = data
  for i in 0..parts.length - 1
    part = parts[i]
    if current.is_a?(Hash)
      if current.has_key?(part)
        current = current[part]
      else
        return nil
      end
    elsif current.is_a?(Array)
      if part =~ /^-?[0-9]+$/
        index = part.to_i
        if index >= current.length || index < -current.length
          return nil
        else
          current = current[index]
        end
      else
        return nil
      end
    else
      return nil
    end
  end
  return current
end
