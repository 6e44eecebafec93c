#include <cstddef>
#include <iterator>
#include <set>
#include <stdexcept>
#include <vector>

// The median of every window of k consecutive values: a sorted multiset of the window and an
// iterator kept on its upper middle element, moved one step as values enter and leave.
std::vector<double> sliding_median(const std::vector<int>& values, std::size_t k) {
    if (k == 0) {
        throw std::invalid_argument("the window must hold at least one value");
    }
    if (k > values.size()) {
        return {};
    }
    const auto window_end = values.begin() + static_cast<std::ptrdiff_t>(k);
    std::multiset<int> window(values.begin(), window_end);
    auto upper = std::next(window.begin(), static_cast<std::ptrdiff_t>(k / 2));
    const auto median = [&] {
        const auto lower = k % 2 == 0 ? std::prev(upper) : upper;
        return static_cast<double>(*lower) / 2.0 + static_cast<double>(*upper) / 2.0;
    };
    std::vector<double> medians{median()};
    medians.reserve(values.size() - k + 1);
    for (auto entering = window_end; entering != values.end(); ++entering) {
        const int leaving = *(entering - static_cast<std::ptrdiff_t>(k));
        window.insert(*entering);
        if (*entering < *upper) {
            --upper;
        }
        if (leaving <= *upper) {
            ++upper;
        }
        window.erase(window.lower_bound(leaving));
        medians.push_back(median());
    }
    return medians;
}
