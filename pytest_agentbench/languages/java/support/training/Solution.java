import java.util.*;
import java.util.concurrent.*;
import java.util.function.*;
import java.util.stream.*;

record Pair(int first, String second) {}

class Solution {
  public Map<String, List<Integer>> train(
      int[] nums,
      List<String> words,
      TreeNode root,
      Map<String, Integer> counts,
      Optional<Pair> pair,
      long big,
      double x,
      char c) {
    Map<String, List<Integer>> out = new TreeMap<>();
    out.put(
        "nums",
        IntStream.of(nums).boxed().sorted(Comparator.reverseOrder()).collect(Collectors.toList()));
    out.put("words", words.stream().map(String::length).collect(Collectors.toList()));
    Deque<TreeNode> stack = new ArrayDeque<>();
    List<Integer> seen = new ArrayList<>();
    if (root != null) {
      stack.push(root);
    }
    while (!stack.isEmpty()) {
      TreeNode n = stack.pop();
      seen.add(n.val);
      Stream.of(n.left, n.right).filter(Objects::nonNull).forEach(stack::push);
    }
    out.put("tree", seen);
    Map<Character, Long> freq =
        words.stream()
            .flatMap(w -> w.chars().mapToObj(ch -> (char) ch))
            .collect(
                Collectors.groupingBy(
                    Function.identity(), LinkedHashMap::new, Collectors.counting()));
    out.put(
        "freq",
        List.of(
            freq.size(),
            counts.values().stream().mapToInt(Integer::intValue).sum(),
            pair.map(Pair::first).orElse(-1)));
    String s =
        switch (c) {
          case 'a' -> "a";
          default -> String.format("%s-%d-%.2f", c, big, x);
        };
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> 1).thenApply(v -> v + 1);
    ConcurrentHashMap<String, Integer> chm = new ConcurrentHashMap<>();
    chm.merge("k", f.join(), Integer::sum);
    Set<Integer> set = new HashSet<>(seen);
    PriorityQueue<Integer> pq = new PriorityQueue<>(set);
    out.put("pq", new ArrayList<>(pq));
    return out;
  }

  public int fail(int n) {
    if (n < 0) {
      throw new IllegalStateException("negative");
    }
    return Objects.requireNonNull(Integer.valueOf(n));
  }
}

class Counter {
  private final Map<String, Integer> counts = new HashMap<>();

  Counter(int start) {
    counts.put("start", start);
  }

  int add(String key) {
    return counts.merge(key, 1, Integer::sum);
  }
}
