import java.util.*;

class Solution {
    List<String> best_path = null;
    long best_weight = 0;

    public List<String> shortestPath(Map<String, Map<String, Integer>> graph, String from, String to) {
        // check the weights and collect the nodes
        ArrayList<String> nodes = new ArrayList<String>();
        for (String u : graph.keySet()) {
            if (!nodes.contains(u)) nodes.add(u);
            for (String v : graph.get(u).keySet()) {
                if (graph.get(u).get(v) < 0) {
                    throw new IllegalArgumentException("negative weight");
                }
                if (!nodes.contains(v)) {
                    nodes.add(v);
                }
            }
        }
        if (!nodes.contains(from) || !nodes.contains(to)) {
            throw new IllegalArgumentException("unknown node");
        }
        best_path = null;
        best_weight = 0;
        ArrayList<String> path = new ArrayList<String>();
        path.add(from);
        dfs(graph, from, to, path, 0);
        if (best_path == null) {
            return new ArrayList<String>();
        }
        return best_path;
    }

    void dfs(Map<String, Map<String, Integer>> graph, String node, String to, ArrayList<String> path, long weight) {
        if (node.equals(to)) {
            if (best_path == null || isBetter(path, weight)) {
                best_path = new ArrayList<String>(path);
                best_weight = weight;
            }
            return;
        }
        if (graph.containsKey(node)) {
            for (String next : graph.get(node).keySet()) {
                if (!path.contains(next)) {
                    ArrayList<String> newPath = new ArrayList<String>(path);
                    newPath.add(next);
                    dfs(graph, next, to, newPath, weight + graph.get(node).get(next));
                }
            }
        }
    }

    boolean isBetter(ArrayList<String> path, long weight) {
        if (weight < best_weight) return true;
        if (weight > best_weight) return false;
        if (path.size() < best_path.size()) return true;
        if (path.size() > best_path.size()) return false;
        for (int i = 0; i < path.size(); i++) {
            int c = path.get(i).compareTo(best_path.get(i));
            if (c < 0) return true;
            if (c > 0) return false;
        }
        return false;
    }
}
