#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>
using namespace std;

class LruCache {
public:
    LruCache(size_t capacity) {
        if (capacity == 0) throw invalid_argument("zero");
        cap = capacity;
    }

    optional<int> get(int key) {
        if (values.count(key) == 0) return nullopt;
        for (int i = 0; i < order.size(); i++) {
            if (order[i] == key) {
                order.erase(order.begin() + i);
                break;
            }
        }
        order.push_back(key);
        return values[key];
    }

    void put(int key, int value) {
        if (values.count(key) > 0) {
            for (int i = 0; i < order.size(); i++) {
                if (order[i] == key) {
                    order.erase(order.begin() + i);
                    break;
                }
            }
        } else if (order.size() == cap) {
            int oldest = order[0];
            order.erase(order.begin());
            values.erase(oldest);
        }
        order.push_back(key);
        values[key] = value;
    }

    size_t size() const { return order.size(); }

private:
    size_t cap;
    vector<int> order;
    map<int, int> values;
};
