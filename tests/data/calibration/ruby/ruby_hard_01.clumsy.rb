def evaluate(expression, variables = {})
  $tokens = []
  $pos = 0
  $vars = variables
  i = 0
  while i < expression.length
    c = expression[i]
    if c == " " || c == "\t" || c == "\n"
      i = i + 1
    elsif c >= "0" && c <= "9"
      num = ""
      while i < expression.length && expression[i] >= "0" && expression[i] <= "9"
        num = num + expression[i]
        i = i + 1
      end
      $tokens.push(num.to_i)
    elsif (c >= "a" && c <= "z") || c == "_"
      name = ""
      while i < expression.length && ((expression[i] >= "a" && expression[i] <= "z") || (expression[i] >= "0" && expression[i] <= "9") || expression[i] == "_")
        name = name + expression[i]
        i = i + 1
      end
      $tokens.push(name)
    elsif "+-*/%^()".include?(c)
      $tokens.push(c)
      i = i + 1
    else
      raise ArgumentError, "bad character " + c
    end
  end
  result = parseSum()
  if $pos != $tokens.length
    raise ArgumentError, "extra tokens"
  end
  return result
end

def parseSum()
  left = parseProduct()
  while $pos < $tokens.length && ($tokens[$pos] == "+" || $tokens[$pos] == "-")
    op = $tokens[$pos]
    $pos = $pos + 1
    right = parseProduct()
    if op == "+"
      left = left + right
    else
      left = left - right
    end
  end
  return left
end

def parseProduct()
  left = parseUnary()
  while $pos < $tokens.length && ($tokens[$pos] == "*" || $tokens[$pos] == "/" || $tokens[$pos] == "%")
    op = $tokens[$pos]
    $pos = $pos + 1
    right = parseUnary()
    if op == "*"
      left = left * right
    elsif op == "/"
      left = left / right
    else
      left = left % right
    end
  end
  return left
end

def parseUnary()
  if $pos < $tokens.length && $tokens[$pos] == "-"
    $pos = $pos + 1
    return -parseUnary()
  end
  return parsePower()
end

def parsePower()
  base = parsePrimary()
  if $pos < $tokens.length && $tokens[$pos] == "^"
    $pos = $pos + 1
    exp = parseUnary()
    if exp < 0
      raise ArgumentError, "negative exponent"
    end
    return base ** exp
  end
  return base
end

def parsePrimary()
  if $pos >= $tokens.length
    raise ArgumentError, "unexpected end"
  end
  tok = $tokens[$pos]
  $pos = $pos + 1
  if tok.is_a?(Integer)
    return tok
  elsif tok == "("
    val = parseSum()
    if $pos >= $tokens.length || $tokens[$pos] != ")"
      raise ArgumentError, "missing )"
    end
    $pos = $pos + 1
    return val
  elsif tok =~ /^[a-z_]/
    if !$vars.has_key?(tok)
      raise KeyError, "unknown variable " + tok
    end
    return $vars[tok]
  else
    raise ArgumentError, "unexpected " + tok
  end
end
