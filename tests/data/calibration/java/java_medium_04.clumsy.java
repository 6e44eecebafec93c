import java.util.ArrayList;
import java.util.function.Consumer;

final class EventBus {
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    // each entry is {type, handler, id}
    private ArrayList<Object[]> handlers = new ArrayList<Object[]>();
    private int nextId = 0;

    public <E> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
        if (type == null || handler == null) {
            throw new NullPointerException();
        }
        final int id;
        synchronized (this) {
            nextId++;
            id = nextId;
            handlers.add(new Object[] {type, handler, id});
        }
        return new Subscription() {
            public void close() {
                synchronized (EventBus.this) {
                    for (int i = 0; i < handlers.size(); i++) {
                        if ((Integer) handlers.get(i)[2] == id) {
                            handlers.remove(i);
                            break;
                        }
                    }
                }
            }
        };
    }

    public int publish(Object event) {
        if (event == null) {
            throw new NullPointerException();
        }
        ArrayList<Object[]> copy;
        synchronized (this) {
            copy = new ArrayList<Object[]>(handlers);
        }
        int count = 0;
        RuntimeException first = null;
        for (int i = 0; i < copy.size(); i++) {
            Class type = (Class) copy.get(i)[0];
            Consumer handler = (Consumer) copy.get(i)[1];
            if (type.isInstance(event)) {
                count++;
                try {
                    handler.accept(event);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return count;
    }
}
