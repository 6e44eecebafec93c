#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>
using namespace std;

bool compare(pair<int, int> a, pair<int, int> b) {
    if (a.first < b.first) return true;
    if (a.first == b.first && a.second < b.second) return true;
    return false;
}

vector<pair<int, int>> merge_intervals(vector<pair<int, int>> intervals) {
    for (int i = 0; i < intervals.size(); i++) {
        if (intervals[i].first > intervals[i].second) throw invalid_argument("bad");
    }
    sort(intervals.begin(), intervals.end(), compare);
    vector<pair<int, int>> result;
    for (int i = 0; i < intervals.size(); i++) {
        if (result.size() == 0) {
            result.push_back(intervals[i]);
        } else if (intervals[i].first <= result[result.size() - 1].second) {
            if (intervals[i].second > result[result.size() - 1].second) {
                result[result.size() - 1].second = intervals[i].second;
            }
        } else {
            result.push_back(intervals[i]);
        }
    }
    return result;
}
