function evaluate(expression: string, variables: Readonly<Record<string, number>>): number {
  let tokens: any[] = [];
  let i = 0;
  while (i < expression.length) {
    let c = expression[i];
    if (c == " " || c == "\t" || c == "\n" || c == "\r") {
      i++;
    } else if (c >= "0" && c <= "9") {
      let s = "";
      while (i < expression.length && expression[i] >= "0" && expression[i] <= "9") {
        s = s + expression[i];
        i++;
      }
      if (expression[i] == ".") {
        s = s + ".";
        i++;
        if (!(expression[i] >= "0" && expression[i] <= "9")) {
          throw new SyntaxError("bad number");
        }
        while (i < expression.length && expression[i] >= "0" && expression[i] <= "9") {
          s = s + expression[i];
          i++;
        }
      }
      tokens.push({ t: "num", v: parseFloat(s) });
    } else if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_") {
      let s = "";
      while (
        i < expression.length &&
        ((expression[i] >= "a" && expression[i] <= "z") ||
          (expression[i] >= "A" && expression[i] <= "Z") ||
          (expression[i] >= "0" && expression[i] <= "9") ||
          expression[i] == "_")
      ) {
        s = s + expression[i];
        i++;
      }
      tokens.push({ t: "name", v: s });
    } else if ("+-*/%^(),".indexOf(c) != -1) {
      tokens.push({ t: "op", v: c });
      i++;
    } else {
      throw new SyntaxError("bad char " + c);
    }
  }

  let pos = 0;

  function isOp(v: string) {
    return pos < tokens.length && tokens[pos].t == "op" && tokens[pos].v == v;
  }

  function parseExpr(): any {
    let left = parseTerm();
    while (isOp("+") || isOp("-")) {
      let op = tokens[pos].v;
      pos++;
      let right = parseTerm();
      left = { t: "bin", op: op, l: left, r: right };
    }
    return left;
  }

  function parseTerm(): any {
    let left = parseUnary();
    while (isOp("*") || isOp("/") || isOp("%")) {
      let op = tokens[pos].v;
      pos++;
      let right = parseUnary();
      left = { t: "bin", op: op, l: left, r: right };
    }
    return left;
  }

  function parseUnary(): any {
    if (isOp("-")) {
      pos++;
      return { t: "neg", e: parseUnary() };
    }
    if (isOp("+")) {
      pos++;
      return parseUnary();
    }
    let base = parsePrimary();
    if (isOp("^")) {
      pos++;
      let exp = parseUnary();
      return { t: "bin", op: "^", l: base, r: exp };
    }
    return base;
  }

  function parsePrimary(): any {
    if (pos >= tokens.length) {
      throw new SyntaxError("unexpected end");
    }
    let tok = tokens[pos];
    if (tok.t == "num") {
      pos++;
      return { t: "num", v: tok.v };
    } else if (tok.t == "name") {
      pos++;
      if (isOp("(")) {
        pos++;
        let args = [];
        if (isOp(")")) {
          pos++;
        } else {
          while (true) {
            args.push(parseExpr());
            if (isOp(",")) {
              pos++;
            } else if (isOp(")")) {
              pos++;
              break;
            } else {
              throw new SyntaxError("expected , or )");
            }
          }
        }
        if (tok.v == "abs" || tok.v == "sqrt") {
          if (args.length != 1) {
            throw new SyntaxError("wrong number of arguments");
          }
        }
        if (tok.v == "min" || tok.v == "max") {
          if (args.length == 0) {
            throw new SyntaxError("wrong number of arguments");
          }
        }
        return { t: "call", name: tok.v, args: args };
      } else {
        return { t: "var", name: tok.v };
      }
    } else if (tok.t == "op" && tok.v == "(") {
      pos++;
      let e = parseExpr();
      if (!isOp(")")) {
        throw new SyntaxError("expected )");
      }
      pos++;
      return e;
    } else {
      throw new SyntaxError("unexpected token");
    }
  }

  let tree = parseExpr();
  if (pos != tokens.length) {
    throw new SyntaxError("trailing tokens");
  }

  function check(x: number) {
    if (isNaN(x) || x == Infinity || x == -Infinity) {
      throw new RangeError("not finite");
    }
    return x;
  }

  function calc(node: any): number {
    if (node.t == "num") {
      return node.v;
    } else if (node.t == "var") {
      if (!Object.prototype.hasOwnProperty.call(variables, node.name)) {
        throw new ReferenceError("unknown variable " + node.name);
      }
      return variables[node.name];
    } else if (node.t == "neg") {
      return -calc(node.e);
    } else if (node.t == "bin") {
      let a = calc(node.l);
      let b = calc(node.r);
      if (node.op == "+") {
        return check(a + b);
      } else if (node.op == "-") {
        return check(a - b);
      } else if (node.op == "*") {
        return check(a * b);
      } else if (node.op == "/") {
        return check(a / b);
      } else if (node.op == "%") {
        return check(a % b);
      } else {
        return check(Math.pow(a, b));
      }
    } else {
      let values = [];
      for (let j = 0; j < node.args.length; j++) {
        values.push(calc(node.args[j]));
      }
      if (node.name == "abs") {
        return check(Math.abs(values[0]));
      } else if (node.name == "sqrt") {
        return check(Math.sqrt(values[0]));
      } else if (node.name == "min") {
        return check(Math.min.apply(null, values));
      } else if (node.name == "max") {
        return check(Math.max.apply(null, values));
      } else {
        throw new ReferenceError("unknown function " + node.name);
      }
    }
  }

  return calc(tree);
}
