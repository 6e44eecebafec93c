import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Pattern;

/** Evaluation of expressions in reverse Polish notation. */
class Solution {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static final Set<String> OPERATORS = Set.of("+", "-", "*", "/", "%");

  /**
   * Evaluates an expression in reverse Polish notation with {@code long} arithmetic.
   *
   * <p>Division truncates toward zero and the remainder has the sign of the dividend, as in
   * Java.
   *
   * @param expression integers and the operators {@code + - * / %}, separated by whitespace
   * @return the value of the expression
   * @throws ArithmeticException on a division or remainder by zero, or on overflow
   * @throws IllegalArgumentException if the expression is malformed
   */
  public long evaluate(String expression) {
    String trimmed = expression.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("the expression is empty");
    }
    Deque<Long> operands = new ArrayDeque<>();
    for (String token : WHITESPACE.split(trimmed)) {
      if (OPERATORS.contains(token)) {
        long right = pop(operands, token);
        long left = pop(operands, token);
        operands.push(apply(token, left, right));
      } else {
        operands.push(Long.parseLong(token));
      }
    }
    if (operands.size() != 1) {
      throw new IllegalArgumentException(
          "expected one value at the end, found " + operands.size());
    }
    return operands.pop();
  }

  private static long pop(Deque<Long> operands, String operator) {
    Long operand = operands.poll();
    if (operand == null) {
      throw new IllegalArgumentException("missing operand for " + operator);
    }
    return operand;
  }

  private static long apply(String operator, long left, long right) {
    return switch (operator) {
      case "+" -> Math.addExact(left, right);
      case "-" -> Math.subtractExact(left, right);
      case "*" -> Math.multiplyExact(left, right);
      case "/" -> right == -1 ? Math.negateExact(left) : left / right;
      case "%" -> left % right;
      default -> throw new IllegalArgumentException("unknown operator: " + operator);
    };
  }
}
