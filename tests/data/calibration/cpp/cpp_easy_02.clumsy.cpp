#include <vector>
#include <stdexcept>
using namespace std;

vector<double> moving_average(vector<int> values, size_t window) {
    if (window == 0) throw invalid_argument("bad window");
    vector<double> result;
    long long sum = 0;
    for (int i = 0; i < values.size(); i++) {
        sum = sum + values[i];
        if (i >= window) sum = sum - values[i - window];
        if (i + 1 >= window) result.push_back((double)sum / window);
    }
    return result;
}
