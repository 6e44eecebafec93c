import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

class LruCache<K, V> {
    private int cap;
    public HashMap<K, V> map = new HashMap<K, V>();
    public ArrayList<K> order = new ArrayList<K>();

    public LruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("bad capacity");
        }
        cap = capacity;
    }

    public Optional<V> get(K key) {
        if (key == null) {
            throw new NullPointerException();
        }
        if (map.containsKey(key)) {
            order.remove(key);
            order.add(key);
            return Optional.of(map.get(key));
        } else {
            return Optional.empty();
        }
    }

    public Optional<V> put(K key, V value) {
        if (key == null || value == null) {
            throw new NullPointerException();
        }
        if (map.containsKey(key)) {
            V old = map.get(key);
            map.put(key, value);
            order.remove(key);
            order.add(key);
            return Optional.of(old);
        } else {
            if (map.size() == cap) {
                K oldest = order.get(0);
                order.remove(0);
                map.remove(oldest);
            }
            map.put(key, value);
            order.add(key);
            return Optional.empty();
        }
    }

    public int size() {
        return map.size();
    }

    public List<K> keys() {
        List<K> result = new ArrayList<K>();
        for (int i = 0; i < order.size(); i++) {
            result.add(order.get(i));
        }
        return result;
    }
}
