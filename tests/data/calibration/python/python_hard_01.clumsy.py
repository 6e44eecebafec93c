def evaluate(expression):
    # make tokens
    tokens = []
    i = 0
    while i < len(expression):
        c = expression[i]
        if c == " " or c == "\t" or c == "\n":
            i = i + 1
        elif c in "0123456789":
            num = ""
            while i < len(expression) and expression[i] in "0123456789":
                num = num + expression[i]
                i = i + 1
            tokens.append(int(num))
        elif c in "+-*/()":
            tokens.append(c)
            i = i + 1
        else:
            raise ValueError("bad character " + c)
    if len(tokens) == 0:
        raise ValueError("empty")
    pos = [0]

    def parseExpr():
        value = parseTerm()
        while pos[0] < len(tokens) and (tokens[pos[0]] == "+" or tokens[pos[0]] == "-"):
            op = tokens[pos[0]]
            pos[0] = pos[0] + 1
            right = parseTerm()
            if op == "+":
                value = value + right
            else:
                value = value - right
        return value

    def parseTerm():
        value = parseFactor()
        while pos[0] < len(tokens) and (tokens[pos[0]] == "*" or tokens[pos[0]] == "/"):
            op = tokens[pos[0]]
            pos[0] = pos[0] + 1
            right = parseFactor()
            if op == "*":
                value = value * right
            else:
                if right == 0:
                    raise ZeroDivisionError("division by zero")
                q = abs(value) // abs(right)
                if (value < 0 and right > 0) or (value > 0 and right < 0):
                    q = -q
                value = q
        return value

    def parseFactor():
        if pos[0] >= len(tokens):
            raise ValueError("missing operand")
        t = tokens[pos[0]]
        if t == "-":
            pos[0] = pos[0] + 1
            return -parseFactor()
        elif t == "+":
            pos[0] = pos[0] + 1
            return parseFactor()
        elif t == "(":
            pos[0] = pos[0] + 1
            value = parseExpr()
            if pos[0] >= len(tokens) or tokens[pos[0]] != ")":
                raise ValueError("missing )")
            pos[0] = pos[0] + 1
            return value
        elif type(t) == int:
            pos[0] = pos[0] + 1
            return t
        else:
            raise ValueError("unexpected " + str(t))

    result = parseExpr()
    if pos[0] != len(tokens):
        raise ValueError("unexpected token")
    return result
