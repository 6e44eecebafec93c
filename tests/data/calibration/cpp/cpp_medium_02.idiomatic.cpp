#include <cstddef>
#include <list>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

// A fixed-capacity cache that evicts the least recently used entry.
class LruCache {
public:
    explicit LruCache(std::size_t capacity) : capacity_{capacity} {
        if (capacity_ == 0) {
            throw std::invalid_argument("an LRU cache needs a capacity of at least 1");
        }
    }

    std::optional<int> get(int key) {
        const auto found = positions_.find(key);
        if (found == positions_.end()) {
            return std::nullopt;
        }
        touch(found->second);
        return found->second->second;
    }

    void put(int key, int value) {
        if (const auto found = positions_.find(key); found != positions_.end()) {
            found->second->second = value;
            touch(found->second);
            return;
        }
        if (recency_.size() == capacity_) {
            positions_.erase(recency_.back().first);
            recency_.pop_back();
        }
        recency_.emplace_front(key, value);
        positions_.emplace(key, recency_.begin());
    }

    [[nodiscard]] std::size_t size() const { return recency_.size(); }

private:
    using Entries = std::list<std::pair<int, int>>;

    void touch(Entries::iterator entry) { recency_.splice(recency_.begin(), recency_, entry); }

    std::size_t capacity_;
    Entries recency_;  // most recently used first
    std::unordered_map<int, Entries::iterator> positions_;
};
