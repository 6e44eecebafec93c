#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
using namespace std;

int pos;
string s;

long long expr();

long long number() {
    while (pos < s.size() && s[pos] == ' ') pos++;
    if (pos < s.size() && s[pos] == '-') {
        pos++;
        return -number();
    }
    if (pos < s.size() && s[pos] == '(') {
        pos++;
        long long v = expr();
        while (pos < s.size() && s[pos] == ' ') pos++;
        if (pos >= s.size() || s[pos] != ')') throw invalid_argument("no )");
        pos++;
        return v;
    }
    if (pos >= s.size() || s[pos] < '0' || s[pos] > '9') throw invalid_argument("no number");
    long long v = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        v = v * 10 + (s[pos] - '0');
        pos++;
    }
    return v;
}

long long term() {
    long long v = number();
    while (true) {
        while (pos < s.size() && s[pos] == ' ') pos++;
        if (pos < s.size() && s[pos] == '*') {
            pos++;
            v = v * number();
        } else if (pos < s.size() && s[pos] == '/') {
            pos++;
            long long d = number();
            if (d == 0) throw domain_error("zero");
            v = v / d;
        } else {
            break;
        }
    }
    return v;
}

long long expr() {
    long long v = term();
    while (true) {
        while (pos < s.size() && s[pos] == ' ') pos++;
        if (pos < s.size() && s[pos] == '+') {
            pos++;
            v = v + term();
        } else if (pos < s.size() && s[pos] == '-') {
            pos++;
            v = v - term();
        } else {
            break;
        }
    }
    return v;
}

long long evaluate(string_view expression) {
    s = string(expression);
    pos = 0;
    long long v = expr();
    while (pos < s.size() && s[pos] == ' ') pos++;
    if (pos != s.size()) throw invalid_argument("extra");
    return v;
}
