#include <functional>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

// Thrown when an account holds less than a withdrawal or transfer asks for.
class InsufficientFunds : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Accounts of whole cents; every operation succeeds completely or changes nothing.
class Ledger {
public:
    void open(const std::string& name) {
        if (const auto [where, added] = cents_.emplace(name, 0); !added) {
            throw std::invalid_argument("the account " + where->first + " is already open");
        }
    }

    long long deposit(const std::string& name, long long cents) {
        check_amount(cents);
        return find(name) += cents;
    }

    long long withdraw(const std::string& name, long long cents) {
        check_amount(cents);
        auto& balance = find(name);
        check_covered(name, balance, cents);
        return balance -= cents;
    }

    void transfer(const std::string& from, const std::string& to, long long cents) {
        check_amount(cents);
        if (from == to) {
            throw std::invalid_argument("a transfer needs two different accounts");
        }
        auto& source = find(from);
        auto& target = find(to);
        check_covered(from, source, cents);
        source -= cents;
        target += cents;
    }

    [[nodiscard]] long long balance(const std::string& name) const {
        if (const auto found = cents_.find(name); found != cents_.end()) {
            return found->second;
        }
        throw std::out_of_range("no account named " + name);
    }

    [[nodiscard]] long long total() const {
        return std::transform_reduce(cents_.begin(), cents_.end(), 0LL, std::plus<>{},
                                     [](const auto& account) { return account.second; });
    }

    [[nodiscard]] std::vector<std::string> accounts() const {
        std::vector<std::string> names;
        names.reserve(cents_.size());
        for (const auto& account : cents_) {
            names.push_back(account.first);
        }
        return names;
    }

private:
    static void check_amount(long long cents) {
        if (cents <= 0) {
            throw std::invalid_argument("an amount must be a positive number of cents");
        }
    }

    static void check_covered(const std::string& name, long long balance, long long cents) {
        if (balance < cents) {
            throw InsufficientFunds("the account " + name + " holds less than the amount");
        }
    }

    long long& find(const std::string& name) {
        if (const auto found = cents_.find(name); found != cents_.end()) {
            return found->second;
        }
        throw std::out_of_range("no account named " + name);
    }

    std::map<std::string, long long> cents_;
};
