import java.util.ArrayList;
import java.util.Map;
import java.util.NoSuchElementException;

class Solution {
    ArrayList<String> tokens;
    int pos;
    boolean do_eval;
    Map<String, Long> vars;

    public long evaluate(String expression, Map<String, Long> variables) {
        tokens = new ArrayList<String>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c >= '0' && c <= '9') {
                String num = "";
                while (i < expression.length() && expression.charAt(i) >= '0' && expression.charAt(i) <= '9') {
                    num = num + expression.charAt(i);
                    i++;
                }
                tokens.add(num);
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                String name = "";
                while (i < expression.length()) {
                    char d = expression.charAt(i);
                    if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') || d == '_') {
                        name = name + d;
                        i++;
                    } else {
                        break;
                    }
                }
                tokens.add(name);
            } else if (c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == '^' || c == '(' || c == ')') {
                tokens.add("" + c);
                i++;
            } else {
                throw new IllegalArgumentException("bad character " + c);
            }
        }
        vars = variables;
        // first check the syntax, then evaluate
        do_eval = false;
        pos = 0;
        parseExpr();
        if (pos != tokens.size()) {
            throw new IllegalArgumentException("unexpected token " + tokens.get(pos));
        }
        do_eval = true;
        pos = 0;
        return parseExpr();
    }

    long parseExpr() {
        long result = parseTerm();
        while (pos < tokens.size() && (tokens.get(pos).equals("+") || tokens.get(pos).equals("-"))) {
            String op = tokens.get(pos);
            pos++;
            long right = parseTerm();
            if (do_eval) {
                if (op.equals("+")) {
                    result = Math.addExact(result, right);
                } else {
                    result = Math.subtractExact(result, right);
                }
            }
        }
        return result;
    }

    long parseTerm() {
        long result = parseUnary();
        while (pos < tokens.size() && (tokens.get(pos).equals("*") || tokens.get(pos).equals("/") || tokens.get(pos).equals("%"))) {
            String op = tokens.get(pos);
            pos++;
            long right = parseUnary();
            if (do_eval) {
                if (op.equals("*")) {
                    result = Math.multiplyExact(result, right);
                } else if (op.equals("/")) {
                    if (right == 0) {
                        throw new ArithmeticException("division by zero");
                    }
                    if (result == Long.MIN_VALUE && right == -1) {
                        throw new ArithmeticException("overflow");
                    }
                    result = result / right;
                } else {
                    if (right == 0) {
                        throw new ArithmeticException("division by zero");
                    }
                    result = result % right;
                }
            }
        }
        return result;
    }

    long parseUnary() {
        if (pos < tokens.size() && tokens.get(pos).equals("-")) {
            pos++;
            long v = parseUnary();
            if (do_eval) {
                return Math.negateExact(v);
            }
            return 0;
        }
        return parsePower();
    }

    long parsePower() {
        long base = parsePrimary();
        if (pos < tokens.size() && tokens.get(pos).equals("^")) {
            pos++;
            long exp = parseUnary();
            if (do_eval) {
                if (exp < 0) {
                    throw new ArithmeticException("negative exponent");
                }
                long result = 1;
                for (long k = 0; k < exp; k++) {
                    result = Math.multiplyExact(result, base);
                }
                return result;
            }
        }
        return base;
    }

    long parsePrimary() {
        if (pos >= tokens.size()) {
            throw new IllegalArgumentException("missing operand");
        }
        String t = tokens.get(pos);
        pos++;
        if (t.equals("(")) {
            long v = parseExpr();
            if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
                throw new IllegalArgumentException("missing )");
            }
            pos++;
            return v;
        }
        char c = t.charAt(0);
        if (c >= '0' && c <= '9') {
            long value = 0;
            try {
                value = Long.parseLong(t);
            } catch (Exception e) {
                throw new IllegalArgumentException("number too big");
            }
            return value;
        }
        if (Character.isLetter(c) || c == '_') {
            if (do_eval) {
                if (!vars.containsKey(t)) {
                    throw new NoSuchElementException("unknown variable " + t);
                }
                return vars.get(t);
            }
            return 0;
        }
        throw new IllegalArgumentException("unexpected " + t);
    }
}
