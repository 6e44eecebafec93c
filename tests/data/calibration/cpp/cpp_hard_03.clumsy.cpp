#include <algorithm>
#include <stdexcept>
#include <vector>
using namespace std;

vector<double> sliding_median(vector<int> values, size_t k) {
    if (k == 0) throw invalid_argument("k");
    vector<double> result;
    if (k > values.size()) return result;
    vector<int> window;
    for (int i = 0; i < k; i++) window.push_back(values[i]);
    sort(window.begin(), window.end());
    for (int i = k; i <= values.size(); i++) {
        double m;
        if (k % 2 == 1) {
            m = window[k / 2];
        } else {
            m = ((double)window[k / 2 - 1] + (double)window[k / 2]) / 2;
        }
        result.push_back(m);
        if (i == values.size()) break;
        int old = values[i - k];
        for (int j = 0; j < window.size(); j++) {
            if (window[j] == old) {
                window.erase(window.begin() + j);
                break;
            }
        }
        int j = 0;
        while (j < window.size() && window[j] < values[i]) j++;
        window.insert(window.begin() + j, values[i]);
    }
    return result;
}
