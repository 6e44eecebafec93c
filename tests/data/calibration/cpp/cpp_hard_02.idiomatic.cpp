#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

// Applies `fn` to every item on at most `workers` threads, keeping the order of `items`; the
// exception of the lowest-index failing call is rethrown once every thread has ended.
std::vector<int> parallel_map(const std::vector<int>& items, std::size_t workers,
                              const std::function<int(int)>& fn) {
    std::vector<int> results(items.size());
    if (items.empty()) {
        return results;
    }
    std::vector<std::exception_ptr> failures(items.size());
    std::atomic<std::size_t> next_index{0};
    const auto drain = [&] {
        for (auto index = next_index.fetch_add(1); index < items.size();
             index = next_index.fetch_add(1)) {
            try {
                results[index] = fn(items[index]);
            } catch (...) {
                failures[index] = std::current_exception();
            }
        }
    };
    {
        std::vector<std::jthread> pool;
        const auto threads = std::clamp<std::size_t>(workers, 1, items.size());
        pool.reserve(threads);
        std::generate_n(std::back_inserter(pool), threads, [&] { return std::jthread{drain}; });
    }
    const auto first_failure =
        std::find_if(failures.begin(), failures.end(), [](const auto& e) { return e != nullptr; });
    if (first_failure != failures.end()) {
        std::rethrow_exception(*first_failure);
    }
    return results;
}
