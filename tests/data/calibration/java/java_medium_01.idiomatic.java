import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cache of at most {@code capacity} entries that evicts the least recently used entry.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
class LruCache<K, V> {
  private final AccessOrderedMap<K, V> entries;

  /**
   * Creates an empty cache.
   *
   * @param capacity the largest number of entries the cache keeps, at least 1
   * @throws IllegalArgumentException if {@code capacity} is less than 1
   */
  public LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    entries = new AccessOrderedMap<>(capacity);
  }

  /**
   * Returns the value of {@code key} and marks the key as the most recently used.
   *
   * @param key the key to look up
   * @return the cached value, or an empty {@code Optional} if the key is not cached
   * @throws NullPointerException if {@code key} is null
   */
  public Optional<V> get(K key) {
    return Optional.ofNullable(entries.get(Objects.requireNonNull(key, "key")));
  }

  /**
   * Caches {@code value} under {@code key} and marks the key as the most recently used.
   *
   * <p>A new key added to a full cache evicts the least recently used entry first.
   *
   * @param key the key
   * @param value the value to cache
   * @return the value the key had before, if it had one
   * @throws NullPointerException if {@code key} or {@code value} is null
   */
  public Optional<V> put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return Optional.ofNullable(entries.put(key, value));
  }

  /**
   * Returns the number of cached entries.
   *
   * @return the number of entries, at most the capacity
   */
  public int size() {
    return entries.size();
  }

  /**
   * Returns the cached keys from the least to the most recently used.
   *
   * @return a new list that the caller may change
   */
  public List<K> keys() {
    return new ArrayList<>(entries.keySet());
  }

  /** A map in access order that drops its eldest entry when it grows past its capacity. */
  private static final class AccessOrderedMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;

    private static final float LOAD_FACTOR = 0.75f;

    private final int capacity;

    AccessOrderedMap(int capacity) {
      super(capacity, LOAD_FACTOR, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > capacity;
    }
  }
}
