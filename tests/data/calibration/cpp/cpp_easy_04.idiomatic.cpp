#include <string_view>
#include <vector>

// Whether every (), [] and {} of `text` is closed by its own kind, in order.
bool balanced(std::string_view text) {
    std::vector<char> open;
    for (const char c : text) {
        switch (c) {
            case '(':
            case '[':
            case '{':
                open.push_back(c);
                break;
            case ')':
            case ']':
            case '}': {
                const char opener = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (open.empty() || open.back() != opener) {
                    return false;
                }
                open.pop_back();
                break;
            }
            default:
                break;
        }
    }
    return open.empty();
}
