import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Word frequencies of a text. */
class Solution {
  /** A word: a maximal run of Unicode letters and decimal digits. */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+");

  /** The most frequent word first; equally frequent words in ascending order. */
  private static final Comparator<Map.Entry<String, Long>> BY_COUNT_THEN_WORD =
      Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
          .thenComparing(Map.Entry.comparingByKey());

  /**
   * Returns the {@code k} most frequent words of {@code text}, compared case-insensitively.
   *
   * <p>The most frequent word comes first; words of the same frequency come in ascending order.
   *
   * @param text the text whose words are counted
   * @param k the largest number of words to return
   * @return at most {@code k} distinct words, lower-cased with {@link Locale#ROOT}
   * @throws IllegalArgumentException if {@code k} is negative
   */
  public List<String> topFrequentWords(String text, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, was " + k);
    }
    Map<String, Long> counts = WORD.matcher(text.toLowerCase(Locale.ROOT))
        .results()
        .map(MatchResult::group)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    return counts.entrySet().stream()
        .sorted(BY_COUNT_THEN_WORD)
        .limit(k)
        .map(Map.Entry::getKey)
        .toList();
  }
}
