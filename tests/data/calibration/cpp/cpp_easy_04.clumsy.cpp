#include <string_view>
#include <vector>
using namespace std;

bool balanced(string_view text) {
    vector<char> stack;
    for (int i = 0; i < text.size(); i++) {
        char c = text[i];
        if (c == '(' || c == '[' || c == '{') {
            stack.push_back(c);
        } else if (c == ')' || c == ']' || c == '}') {
            if (stack.size() == 0) return false;
            char top = stack[stack.size() - 1];
            if (c == ')' && top != '(') return false;
            if (c == ']' && top != '[') return false;
            if (c == '}' && top != '{') return false;
            stack.pop_back();
        }
    }
    if (stack.size() == 0) {
        return true;
    } else {
        return false;
    }
}
