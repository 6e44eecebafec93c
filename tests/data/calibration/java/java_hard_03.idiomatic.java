import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/** Cheapest routes in weighted directed graphs. */
class Solution {
  /** The cost of a path: its total weight, then its number of edges. */
  private record Cost(long weight, int edges) implements Comparable<Cost> {
    static final Cost NONE = new Cost(0, 0);

    private static final Comparator<Cost> ORDER =
        Comparator.comparingLong(Cost::weight).thenComparingInt(Cost::edges);

    Cost plus(int edgeWeight) {
      return new Cost(weight + edgeWeight, edges + 1);
    }

    @Override
    public int compareTo(Cost other) {
      return ORDER.compare(this, other);
    }
  }

  /** A node waiting in Dijkstra's queue with the cost it was reached at. */
  private record Reached(String node, Cost cost) {}

  /**
   * Returns the best path from {@code from} to {@code to}.
   *
   * <p>Better means the smaller total weight, then the fewer edges, then the lexicographically
   * smaller sequence of node names.
   *
   * @param graph the weight of each edge: {@code graph.get(u).get(v)} for the edge u to v
   * @param from the first node of the path
   * @param to the last node of the path
   * @return the nodes of the best path, both ends included, or an empty list if {@code to}
   *     cannot be reached
   * @throws IllegalArgumentException if a weight is negative, or {@code from} or {@code to} is
   *     not a node of the graph
   */
  public List<String> shortestPath(
      Map<String, Map<String, Integer>> graph, String from, String to) {
    Map<String, Map<String, Integer>> reversed = reverse(graph);
    Set<String> nodes = new HashSet<>(graph.keySet());
    nodes.addAll(reversed.keySet());
    if (!nodes.contains(from) || !nodes.contains(to)) {
      throw new IllegalArgumentException("unknown node: " + (nodes.contains(from) ? to : from));
    }
    Map<String, Cost> costToTarget = costsTo(to, reversed);
    if (!costToTarget.containsKey(from)) {
      return List.of();
    }
    List<String> path = new ArrayList<>(List.of(from));
    String current = from;
    while (!current.equals(to)) {
      Cost remaining = costToTarget.get(current);
      current = graph.get(current).entrySet().stream()
          .filter(edge -> remaining.equals(
              costToTarget.getOrDefault(edge.getKey(), remaining).plus(edge.getValue())))
          .map(Map.Entry::getKey)
          .min(Comparator.naturalOrder())
          .orElseThrow();
      path.add(current);
    }
    return path;
  }

  /** The graph with its edges reversed, after checking that no weight is negative. */
  private static Map<String, Map<String, Integer>> reverse(
      Map<String, Map<String, Integer>> graph) {
    Map<String, Map<String, Integer>> reversed = new HashMap<>();
    graph.forEach((source, edges) -> edges.forEach((target, weight) -> {
      if (weight < 0) {
        throw new IllegalArgumentException(
            "negative weight " + weight + " from " + source + " to " + target);
      }
      reversed.computeIfAbsent(target, node -> new HashMap<>()).put(source, weight);
    }));
    return reversed;
  }

  /** Dijkstra's algorithm on the reversed graph: the best cost from each node to target. */
  private static Map<String, Cost> costsTo(
      String target, Map<String, Map<String, Integer>> reversed) {
    Map<String, Cost> best = new HashMap<>(Map.of(target, Cost.NONE));
    PriorityQueue<Reached> queue = new PriorityQueue<>(Comparator.comparing(Reached::cost));
    queue.add(new Reached(target, Cost.NONE));
    while (!queue.isEmpty()) {
      Reached reached = queue.poll();
      if (reached.cost().compareTo(best.get(reached.node())) > 0) {
        continue;
      }
      reversed.getOrDefault(reached.node(), Map.of()).forEach((previous, weight) -> {
        Cost candidate = reached.cost().plus(weight);
        Cost known = best.get(previous);
        if (known == null || candidate.compareTo(known) < 0) {
          best.put(previous, candidate);
          queue.add(new Reached(previous, candidate));
        }
      });
    }
    return best;
  }
}
