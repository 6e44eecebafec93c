#include <cstddef>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

// Dijkstra's shortest distances from `source`; -1 for the nodes it cannot reach.
std::vector<long long> shortest_paths(int n, const std::vector<std::tuple<int, int, int>>& edges,
                                      int source) {
    const auto in_graph = [n](int node) { return node >= 0 && node < n; };
    if (!in_graph(source)) {
        throw std::out_of_range("the source is not a node of the graph");
    }
    const auto nodes = static_cast<std::size_t>(n);
    std::vector<std::vector<std::pair<std::size_t, long long>>> outgoing(nodes);
    for (const auto& [from, to, weight] : edges) {
        if (!in_graph(from) || !in_graph(to) || weight < 0) {
            throw std::out_of_range("an edge leaves the graph or has a negative weight");
        }
        outgoing[static_cast<std::size_t>(from)].emplace_back(static_cast<std::size_t>(to),
                                                              weight);
    }
    constexpr long long unreached = std::numeric_limits<long long>::max();
    std::vector<long long> distance(nodes, unreached);
    using Candidate = std::pair<long long, std::size_t>;
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> frontier;
    distance[static_cast<std::size_t>(source)] = 0;
    frontier.emplace(0, static_cast<std::size_t>(source));
    while (!frontier.empty()) {
        const auto [reached, node] = frontier.top();
        frontier.pop();
        if (reached > distance[node]) {
            continue;  // a shorter path to this node was settled already
        }
        for (const auto& [next, weight] : outgoing[node]) {
            if (reached + weight < distance[next]) {
                distance[next] = reached + weight;
                frontier.emplace(distance[next], next);
            }
        }
    }
    for (auto& d : distance) {
        if (d == unreached) {
            d = -1;
        }
    }
    return distance;
}
