#include <stdexcept>
#include <string>
#include <vector>
using namespace std;

class InsufficientFunds : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Ledger {
public:
    vector<string> names;
    vector<long long> money;

    int index(string name) const {
        for (int i = 0; i < names.size(); i++) {
            if (names[i] == name) return i;
        }
        return -1;
    }

    void open(string name) {
        if (index(name) != -1) throw invalid_argument("exists");
        int pos = 0;
        while (pos < names.size() && names[pos] < name) pos++;
        names.insert(names.begin() + pos, name);
        money.insert(money.begin() + pos, 0);
    }

    long long deposit(string name, long long cents) {
        if (cents <= 0) throw invalid_argument("amount");
        int i = index(name);
        if (i == -1) throw out_of_range("unknown");
        money[i] = money[i] + cents;
        return money[i];
    }

    long long withdraw(string name, long long cents) {
        if (cents <= 0) throw invalid_argument("amount");
        int i = index(name);
        if (i == -1) throw out_of_range("unknown");
        if (money[i] < cents) throw InsufficientFunds("not enough money in " + name);
        money[i] = money[i] - cents;
        return money[i];
    }

    void transfer(string from, string to, long long cents) {
        if (cents <= 0) throw invalid_argument("amount");
        if (from == to) throw invalid_argument("same");
        int a = index(from);
        int b = index(to);
        if (a == -1 || b == -1) throw out_of_range("unknown");
        if (money[a] < cents) throw InsufficientFunds("not enough money in " + from);
        money[a] = money[a] - cents;
        money[b] = money[b] + cents;
    }

    long long balance(string name) const {
        int i = index(name);
        if (i == -1) throw out_of_range("unknown");
        return money[i];
    }

    long long total() const {
        long long sum = 0;
        for (int i = 0; i < money.size(); i++) sum = sum + money[i];
        return sum;
    }

    vector<string> accounts() const { return names; }
};
