import java.util.Stack;

class Solution {

    public long evaluate(String expression) {
        Stack st = new Stack();
        String[] parts = expression.trim().split("\\s+");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() == 0) continue;
            if (p.equals("+") || p.equals("-") || p.equals("*") || p.equals("/") || p.equals("%")) {
                if (st.size() < 2) throw new IllegalArgumentException("not enough numbers");
                long b = (Long) st.pop();
                long a = (Long) st.pop();
                long r = 0;
                switch (p) {
                    case "+": r = Math.addExact(a, b); break;
                    case "-": r = Math.subtractExact(a, b); break;
                    case "*": r = Math.multiplyExact(a, b); break;
                    case "/":
                        if (a == Long.MIN_VALUE && b == -1) throw new ArithmeticException("overflow");
                        r = a / b;
                        break;
                    case "%": r = a % b; break;
                }
                st.push(r);
            } else {
                st.push(Long.parseLong(p));
            }
        }
        if (st.size() != 1) throw new IllegalArgumentException("bad expression");
        return (Long) st.pop();
    }
}
