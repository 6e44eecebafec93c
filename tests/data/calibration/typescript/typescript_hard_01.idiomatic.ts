/** A token of the expression language, with its offset in the source. */
type Token =
  | { readonly type: "number"; readonly value: number; readonly offset: number }
  | { readonly type: "name"; readonly name: string; readonly offset: number }
  | { readonly type: "symbol"; readonly symbol: string; readonly offset: number }
  | { readonly type: "end"; readonly offset: number };

type BinaryOperator = "+" | "-" | "*" | "/" | "%" | "^";

/** A node of the syntax tree. */
type Node =
  | { readonly type: "literal"; readonly value: number }
  | { readonly type: "variable"; readonly name: string }
  | { readonly type: "negation"; readonly operand: Node }
  | {
      readonly type: "binary";
      readonly operator: BinaryOperator;
      readonly left: Node;
      readonly right: Node;
    }
  | { readonly type: "call"; readonly callee: string; readonly args: readonly Node[] };

/** A built-in function with the number of arguments it accepts. */
interface Builtin {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly fn: (...args: number[]) => number;
}

const BUILTINS: ReadonlyMap<string, Builtin> = new Map([
  ["abs", { minArgs: 1, maxArgs: 1, fn: Math.abs }],
  ["sqrt", { minArgs: 1, maxArgs: 1, fn: Math.sqrt }],
  ["min", { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, fn: Math.min }],
  ["max", { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, fn: Math.max }],
]);

const TOKEN_PATTERN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_]\w*)|([-+*/%^(),])|(\S))/gy;

/** Splits `source` into tokens, ending with an `end` token. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  for (const match of source.matchAll(TOKEN_PATTERN)) {
    const [text, number, name, symbol, unexpected] = match;
    const offset = match.index + text.length - text.trimStart().length;
    if (number !== undefined) {
      tokens.push({ type: "number", value: Number(number), offset });
    } else if (name !== undefined) {
      tokens.push({ type: "name", name, offset });
    } else if (symbol !== undefined) {
      tokens.push({ type: "symbol", symbol, offset });
    } else {
      throw new SyntaxError(`unexpected character "${unexpected}" at ${offset}`);
    }
  }
  tokens.push({ type: "end", offset: source.length });
  return tokens;
}

/** Recursive-descent parser: one method per precedence level, lowest first. */
class Parser {
  readonly #tokens: readonly Token[];
  #position = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  /** Parses the whole token list as one expression. */
  parseExpression(): Node {
    const node = this.#sum();
    const rest = this.#peek();
    if (rest.type !== "end") {
      throw new SyntaxError(`unexpected token at ${rest.offset}`);
    }
    return node;
  }

  #peek(): Token {
    return this.#tokens[this.#position];
  }

  /** Consumes the next token if it is one of `symbols`, and returns it. */
  #accept<S extends string>(...symbols: S[]): S | undefined {
    const token = this.#peek();
    const symbol = symbols.find((s) => token.type === "symbol" && token.symbol === s);
    if (symbol !== undefined) {
      this.#position += 1;
    }
    return symbol;
  }

  #expect(symbol: string): void {
    if (this.#accept(symbol) === undefined) {
      throw new SyntaxError(`expected "${symbol}" at ${this.#peek().offset}`);
    }
  }

  #sum(): Node {
    let left = this.#product();
    for (let op = this.#accept("+", "-"); op; op = this.#accept("+", "-")) {
      left = { type: "binary", operator: op, left, right: this.#product() };
    }
    return left;
  }

  #product(): Node {
    let left = this.#unary();
    for (let op = this.#accept("*", "/", "%"); op; op = this.#accept("*", "/", "%")) {
      left = { type: "binary", operator: op, left, right: this.#unary() };
    }
    return left;
  }

  #unary(): Node {
    const sign = this.#accept("+", "-");
    if (sign === undefined) {
      return this.#power();
    }
    const operand = this.#unary();
    return sign === "-" ? { type: "negation", operand } : operand;
  }

  #power(): Node {
    const base = this.#primary();
    if (this.#accept("^") === undefined) {
      return base;
    }
    return { type: "binary", operator: "^", left: base, right: this.#unary() };
  }

  #primary(): Node {
    const token = this.#peek();
    this.#position += 1;
    if (token.type === "number") {
      return { type: "literal", value: token.value };
    }
    if (token.type === "name") {
      return this.#accept("(") ? this.#call(token.name) : { type: "variable", name: token.name };
    }
    if (token.type === "symbol" && token.symbol === "(") {
      const inner = this.#sum();
      this.#expect(")");
      return inner;
    }
    throw new SyntaxError(`unexpected ${token.type === "end" ? "end" : "token"} at ${token.offset}`);
  }

  /** Parses the arguments of a call whose opening parenthesis has been consumed. */
  #call(callee: string): Node {
    const args: Node[] = [];
    if (!this.#accept(")")) {
      do {
        args.push(this.#sum());
      } while (this.#accept(","));
      this.#expect(")");
    }
    const builtin = BUILTINS.get(callee);
    if (builtin && (args.length < builtin.minArgs || args.length > builtin.maxArgs)) {
      throw new SyntaxError(`${callee}() does not take ${args.length} argument(s)`);
    }
    return { type: "call", callee, args };
  }
}

/** Returns `value`, or throws a `RangeError` if it is not a finite number. */
function ensureFinite(value: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`result is not a finite number: ${value}`);
  }
  return value;
}

function applyOperator(operator: BinaryOperator, left: number, right: number): number {
  switch (operator) {
    case "+":
      return left + right;
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return left / right;
    case "%":
      return left % right;
    case "^":
      return left ** right;
  }
}

function evaluateNode(node: Node, variables: Readonly<Record<string, number>>): number {
  switch (node.type) {
    case "literal":
      return node.value;
    case "variable":
      if (!Object.hasOwn(variables, node.name)) {
        throw new ReferenceError(`unknown variable "${node.name}"`);
      }
      return variables[node.name];
    case "negation":
      return -evaluateNode(node.operand, variables);
    case "binary": {
      const left = evaluateNode(node.left, variables);
      const right = evaluateNode(node.right, variables);
      return ensureFinite(applyOperator(node.operator, left, right));
    }
    case "call": {
      const builtin = BUILTINS.get(node.callee);
      if (builtin === undefined) {
        throw new ReferenceError(`unknown function "${node.callee}"`);
      }
      return ensureFinite(builtin.fn(...node.args.map((arg) => evaluateNode(arg, variables))));
    }
  }
}

/**
 * Evaluates an arithmetic expression with `+ - * / % ^`, parentheses, unary signs, variables
 * and the functions `abs`, `sqrt`, `min` and `max`.
 *
 * The whole expression is parsed before anything is evaluated; evaluation goes left to right.
 *
 * @param expression - The expression to evaluate.
 * @param variables - Values for the variables it uses (own properties only).
 * @returns The value of the expression.
 * @throws {SyntaxError} If the expression is malformed or a function gets a wrong argument count.
 * @throws {ReferenceError} If it uses an unknown variable or function.
 * @throws {RangeError} If an operation or function gives a non-finite result.
 */
export function evaluate(expression: string, variables: Readonly<Record<string, number>>): number {
  const tree = new Parser(tokenize(expression)).parseExpression();
  return evaluateNode(tree, variables);
}
