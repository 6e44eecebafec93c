import java.util.Map;
import java.util.NoSuchElementException;

/** Evaluation of arithmetic expressions over {@code long} values. */
class Solution {
  /**
   * Evaluates an arithmetic expression with {@code long} arithmetic.
   *
   * <p>The expression may hold integer literals, variables, the binary operators
   * {@code + - * / % ^}, unary minus and parentheses. It is parsed completely before it is
   * evaluated, so a syntax error is reported even where evaluation would fail first.
   *
   * @param expression the expression to evaluate
   * @param variables the values of the variables
   * @return the value of the expression
   * @throws IllegalArgumentException if the expression is not well-formed
   * @throws NoSuchElementException if a variable has no value in {@code variables}
   * @throws ArithmeticException on a division or remainder by zero, a negative exponent, or
   *     an overflow
   */
  public long evaluate(String expression, Map<String, Long> variables) {
    return new Parser(expression).parse().evaluate(variables);
  }

  /** A parsed expression. */
  private sealed interface Expr permits Literal, Variable, Negation, Binary {
    long evaluate(Map<String, Long> variables);
  }

  private record Literal(long value) implements Expr {
    @Override
    public long evaluate(Map<String, Long> variables) {
      return value;
    }
  }

  private record Variable(String name) implements Expr {
    @Override
    public long evaluate(Map<String, Long> variables) {
      Long value = variables.get(name);
      if (value == null) {
        throw new NoSuchElementException("no value for variable " + name);
      }
      return value;
    }
  }

  private record Negation(Expr operand) implements Expr {
    @Override
    public long evaluate(Map<String, Long> variables) {
      return Math.negateExact(operand.evaluate(variables));
    }
  }

  private record Binary(char operator, Expr left, Expr right) implements Expr {
    @Override
    public long evaluate(Map<String, Long> variables) {
      long a = left.evaluate(variables);
      long b = right.evaluate(variables);
      return switch (operator) {
        case '+' -> Math.addExact(a, b);
        case '-' -> Math.subtractExact(a, b);
        case '*' -> Math.multiplyExact(a, b);
        case '/' -> b == -1 ? Math.negateExact(a) : a / b;
        case '%' -> a % b;
        case '^' -> power(a, b);
        default -> throw new IllegalStateException("unknown operator " + operator);
      };
    }

    private static long power(long base, long exponent) {
      if (exponent < 0) {
        throw new ArithmeticException("negative exponent " + exponent);
      }
      long result = 1;
      long factor = base;
      for (long rest = exponent; rest > 0; rest >>= 1) {
        if ((rest & 1) == 1) {
          result = Math.multiplyExact(result, factor);
        }
        if (rest > 1) {
          factor = Math.multiplyExact(factor, factor);
        }
      }
      return result;
    }
  }

  /**
   * A recursive-descent parser, one method per precedence level, loosest first.
   *
   * <pre>
   * sum     = product (("+" | "-") product)*
   * product = unary (("*" | "/" | "%") unary)*
   * unary   = "-" unary | power
   * power   = primary ("^" unary)?
   * primary = number | name | "(" sum ")"
   * </pre>
   */
  private static final class Parser {
    private final String text;

    private int position;

    Parser(String text) {
      this.text = text;
    }

    Expr parse() {
      Expr expr = sum();
      if (!atEnd()) {
        throw syntaxError("unexpected '" + text.charAt(position) + "'");
      }
      return expr;
    }

    private Expr sum() {
      Expr expr = product();
      while (next("+-")) {
        char operator = text.charAt(position++);
        expr = new Binary(operator, expr, product());
      }
      return expr;
    }

    private Expr product() {
      Expr expr = unary();
      while (next("*/%")) {
        char operator = text.charAt(position++);
        expr = new Binary(operator, expr, unary());
      }
      return expr;
    }

    private Expr unary() {
      if (next("-")) {
        position++;
        return new Negation(unary());
      }
      return power();
    }

    private Expr power() {
      Expr base = primary();
      if (next("^")) {
        position++;
        return new Binary('^', base, unary());
      }
      return base;
    }

    private Expr primary() {
      if (atEnd()) {
        throw syntaxError("missing operand");
      }
      char c = text.charAt(position);
      if (c == '(') {
        position++;
        Expr inner = sum();
        if (!next(")")) {
          throw syntaxError("missing ')'");
        }
        position++;
        return inner;
      }
      if (isDigit(c)) {
        return literal();
      }
      if (isNameStart(c)) {
        return new Variable(take(Parser::isNamePart));
      }
      throw syntaxError("unexpected '" + c + "'");
    }

    private Expr literal() {
      String digits = take(Parser::isDigit);
      try {
        return new Literal(Long.parseLong(digits));
      } catch (NumberFormatException e) {
        throw syntaxError("the literal " + digits + " does not fit in a long");
      }
    }

    /** Consumes the longest run of characters that {@code part} accepts and returns it. */
    private String take(CharPredicate part) {
      int start = position;
      while (position < text.length() && part.test(text.charAt(position))) {
        position++;
      }
      return text.substring(start, position);
    }

    /** Skips white space and tells whether the next character is one of {@code chars}. */
    private boolean next(String chars) {
      return !atEnd() && chars.indexOf(text.charAt(position)) >= 0;
    }

    /** Skips white space and tells whether the text is used up. */
    private boolean atEnd() {
      while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
        position++;
      }
      return position == text.length();
    }

    private IllegalArgumentException syntaxError(String problem) {
      return new IllegalArgumentException(problem + " at position " + position + " of " + text);
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isNamePart(char c) {
      return isNameStart(c) || isDigit(c);
    }
  }

  /** A test of one character. */
  @FunctionalInterface
  private interface CharPredicate {
    boolean test(char c);
  }
}
