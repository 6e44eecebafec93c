#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

using Interval = std::pair<int, int>;

// Merges the intervals that overlap or share an end; the result is sorted by start.
std::vector<Interval> merge_intervals(std::vector<Interval> intervals) {
    const bool reversed = std::any_of(intervals.begin(), intervals.end(),
                                      [](const Interval& interval) {
                                          return interval.first > interval.second;
                                      });
    if (reversed) {
        throw std::invalid_argument("every interval must start before it ends");
    }
    std::sort(intervals.begin(), intervals.end());
    std::vector<Interval> merged;
    for (const auto& [start, end] : intervals) {
        if (merged.empty() || start > merged.back().second) {
            merged.emplace_back(start, end);
        } else {
            merged.back().second = std::max(merged.back().second, end);
        }
    }
    return merged;
}
