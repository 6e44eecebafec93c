import java.util.Stack;

class Solution {
    public long evaluate(String expression) {
        String[] parts = expression.trim().split("\\s+");
        Stack<Long> stack = new Stack<Long>();
        for (int i = 0; i < parts.length; i++) {
            String t = parts[i];
            if (t.equals("")) {
                continue;
            }
            if (t.equals("+") || t.equals("-") || t.equals("*") || t.equals("/") || t.equals("%")) {
                if (stack.size() < 2) {
                    throw new IllegalArgumentException("not enough operands");
                }
                long b = stack.pop();
                long a = stack.pop();
                long r = 0;
                switch (t) {
                    case "+":
                        r = Math.addExact(a, b);
                        break;
                    case "-":
                        r = Math.subtractExact(a, b);
                        break;
                    case "*":
                        r = Math.multiplyExact(a, b);
                        break;
                    case "/":
                        if (b == 0) {
                            throw new ArithmeticException("division by zero");
                        }
                        if (a == Long.MIN_VALUE && b == -1) {
                            throw new ArithmeticException("overflow");
                        }
                        r = a / b;
                        break;
                    case "%":
                        if (b == 0) {
                            throw new ArithmeticException("division by zero");
                        }
                        r = a % b;
                        break;
                }
                stack.push(r);
            } else {
                long num = 0;
                try {
                    num = Long.parseLong(t);
                } catch (Exception e) {
                    throw new IllegalArgumentException("bad token " + t);
                }
                stack.push(num);
            }
        }
        if (stack.size() != 1) {
            throw new IllegalArgumentException("bad expression");
        }
        return stack.pop();
    }
}
