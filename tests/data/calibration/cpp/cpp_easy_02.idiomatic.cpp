#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

// The mean of every window of `window` consecutive values, with a sliding 64-bit sum.
std::vector<double> moving_average(const std::vector<int>& values, std::size_t window) {
    if (window == 0) {
        throw std::invalid_argument("the window must hold at least one value");
    }
    if (window > values.size()) {
        return {};
    }
    std::vector<double> means;
    means.reserve(values.size() - window + 1);
    std::int64_t sum = 0;
    const auto size = static_cast<double>(window);
    for (std::size_t end = 0; end < values.size(); ++end) {
        sum += values[end];
        if (end >= window) {
            sum -= values[end - window];
        }
        if (end + 1 >= window) {
            means.push_back(static_cast<double>(sum) / size);
        }
    }
    return means;
}
