#include <queue>
#include <stdexcept>
#include <tuple>
#include <vector>
using namespace std;

vector<long long> shortest_paths(int n, vector<tuple<int, int, int>> edges, int source) {
    if (source < 0 || source >= n) throw out_of_range("bad source");
    vector<vector<int>> to(n);
    vector<vector<int>> w(n);
    for (int i = 0; i < edges.size(); i++) {
        int a = get<0>(edges[i]);
        int b = get<1>(edges[i]);
        int c = get<2>(edges[i]);
        if (a < 0 || a >= n || b < 0 || b >= n || c < 0) throw out_of_range("bad edge");
        to[a].push_back(b);
        w[a].push_back(c);
    }
    vector<long long> dist(n, -1);
    priority_queue<pair<long long, int>> pq;
    dist[source] = 0;
    pq.push(make_pair(0, source));
    while (!pq.empty()) {
        long long d = -pq.top().first;
        int u = pq.top().second;
        pq.pop();
        if (d != dist[u]) continue;
        for (int i = 0; i < to[u].size(); i++) {
            int v = to[u][i];
            long long nd = d + w[u][i];
            if (dist[v] == -1 || nd < dist[v]) {
                dist[v] = nd;
                pq.push(make_pair(-nd, v));
            }
        }
    }
    return dist;
}
