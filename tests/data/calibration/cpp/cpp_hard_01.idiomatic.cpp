#include <cctype>
#include <cstddef>
#include <stdexcept>
#include <string_view>

namespace {

// Recursive descent: expression = term {(+|-) term}, term = factor {(*|/) factor},
// factor = -factor | (expression) | number.
class ExpressionParser {
public:
    explicit ExpressionParser(std::string_view source) : source_{source} {}

    long long parse_all() {
        const long long value = parse_expression();
        if (peek() != '\0') {
            throw std::invalid_argument("unexpected input after the expression");
        }
        return value;
    }

private:
    char peek() {
        while (position_ < source_.size() && source_[position_] == ' ') {
            ++position_;
        }
        return position_ < source_.size() ? source_[position_] : '\0';
    }

    bool accept(char token) {
        if (peek() != token) {
            return false;
        }
        ++position_;
        return true;
    }

    long long parse_expression() {
        long long value = parse_term();
        while (true) {
            if (accept('+')) {
                value += parse_term();
            } else if (accept('-')) {
                value -= parse_term();
            } else {
                return value;
            }
        }
    }

    long long parse_term() {
        long long value = parse_factor();
        while (true) {
            if (accept('*')) {
                value *= parse_factor();
            } else if (accept('/')) {
                const long long divisor = parse_factor();
                if (divisor == 0) {
                    throw std::domain_error("division by zero");
                }
                value /= divisor;
            } else {
                return value;
            }
        }
    }

    long long parse_factor() {
        if (accept('-')) {
            return -parse_factor();
        }
        if (accept('(')) {
            const long long inner = parse_expression();
            if (!accept(')')) {
                throw std::invalid_argument("a parenthesis is never closed");
            }
            return inner;
        }
        return parse_number();
    }

    long long parse_number() {
        if (std::isdigit(static_cast<unsigned char>(peek())) == 0) {
            throw std::invalid_argument("a number was expected");
        }
        long long value = 0;
        for (; position_ < source_.size() &&
               std::isdigit(static_cast<unsigned char>(source_[position_])) != 0;
             ++position_) {
            value = value * 10 + (source_[position_] - '0');
        }
        return value;
    }

    std::string_view source_;
    std::size_t position_ = 0;
};

}  // namespace

// The value of an integer expression with + - * /, parentheses and unary minus.
long long evaluate(std::string_view expression) {
    return ExpressionParser{expression}.parse_all();
}
