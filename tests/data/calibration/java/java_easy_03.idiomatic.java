import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/** Merging of closed integer intervals. */
class Solution {
  /**
   * A closed interval of integers, both bounds included.
   *
   * @param start the first point of the interval
   * @param end the last point of the interval, not before {@code start}
   */
  public record Interval(int start, int end) {
    /**
     * Checks that the interval holds at least one point.
     *
     * @throws IllegalArgumentException if {@code start > end}
     */
    public Interval {
      if (start > end) {
        throw new IllegalArgumentException(
            "start must not be after end: [" + start + ", " + end + "]");
      }
    }
  }

  /**
   * Returns the union of {@code intervals} as the fewest disjoint intervals.
   *
   * <p>Two intervals that share at least one point are merged into one.
   *
   * @param intervals the intervals, in any order; the list is not modified
   * @return the merged intervals, sorted by start
   */
  public List<Interval> merge(List<Interval> intervals) {
    Deque<Interval> merged = new ArrayDeque<>();
    intervals.stream()
        .sorted(Comparator.comparingInt(Interval::start))
        .forEachOrdered(next -> {
          Interval last = merged.peekLast();
          if (last != null && next.start() <= last.end()) {
            merged.removeLast();
            merged.addLast(new Interval(last.start(), Math.max(last.end(), next.end())));
          } else {
            merged.addLast(next);
          }
        });
    return List.copyOf(merged);
  }
}
