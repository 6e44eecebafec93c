import java.util.HashMap;
import java.util.function.Function;

final class Memoizer<K, V> {
    class Box {
        V value;
        Throwable error;
        boolean done;
    }

    Function<? super K, ? extends V> f;
    HashMap<K, Box> map = new HashMap<K, Box>();

    public Memoizer(Function<? super K, ? extends V> compute) {
        f = compute;
    }

    public V get(K key) {
        if (key == null) {
            throw new NullPointerException();
        }
        Box box;
        boolean mine = false;
        synchronized (this) {
            box = map.get(key);
            if (box == null) {
                box = new Box();
                map.put(key, box);
                mine = true;
            }
        }
        if (mine) {
            V result = null;
            Throwable err = null;
            try {
                result = f.apply(key);
                if (result == null) {
                    err = new NullPointerException("null value");
                }
            } catch (Throwable t) {
                err = t;
            }
            synchronized (this) {
                if (err != null) {
                    if (map.get(key) == box) {
                        map.remove(key);
                    }
                    box.error = err;
                } else {
                    box.value = result;
                }
                box.done = true;
                notifyAll();
            }
        } else {
            synchronized (this) {
                while (!box.done) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        e.printStackTrace();
                    }
                }
            }
        }
        if (box.error != null) {
            if (box.error instanceof RuntimeException) {
                throw (RuntimeException) box.error;
            } else if (box.error instanceof Error) {
                throw (Error) box.error;
            } else {
                throw new RuntimeException(box.error);
            }
        }
        return box.value;
    }

    public synchronized void invalidate(K key) {
        map.remove(key);
    }

    public synchronized int size() {
        int count = 0;
        for (K k : map.keySet()) {
            Box b = map.get(k);
            if (b.done == true && b.error == null) {
                count++;
            }
        }
        return count;
    }
}
