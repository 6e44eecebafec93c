function isBalanced(text) {
  var stack = [];
  for (var i = 0; i < text.length; i++) {
    var c = text.charAt(i);
    if (c == "(" || c == "[" || c == "{") {
      stack.push(c);
    } else if (c == ")") {
      if (stack.pop() != "(") return false;
    } else if (c == "]") {
      if (stack.pop() != "[") return false;
    } else if (c == "}") {
      if (stack.pop() != "{") return false;
    }
  }
  if (stack.length == 0) {
    return true;
  } else {
    return false;
  }
}

module.exports = { isBalanced: isBalanced };
