import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A synchronous publish/subscribe bus that delivers each event to the handlers of its types.
 *
 * <p>The bus is thread-safe. A publication delivers to the registrations that existed when it
 * started: handlers may subscribe and unsubscribe while an event is being published.
 */
final class EventBus {
  private final List<Registration<?>> registrations = new CopyOnWriteArrayList<>();

  /** A registration of a handler; closing it unsubscribes the handler. */
  public interface Subscription extends AutoCloseable {
    /** Removes this registration; closing it again does nothing. */
    @Override
    void close();
  }

  /**
   * Registers {@code handler} for the events that are instances of {@code type}.
   *
   * @param <E> the type of the events
   * @param type the class of the events to receive, subtypes included
   * @param handler the handler to call with each such event
   * @return the registration, which unsubscribes the handler when closed
   * @throws NullPointerException if {@code type} or {@code handler} is null
   */
  public <E> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
    Registration<E> registration = new Registration<>(type, handler);
    registrations.add(registration);
    return registration;
  }

  /**
   * Calls, in the order of their registration, every handler registered for a type of
   * {@code event}.
   *
   * <p>A handler that throws does not keep the others from being called: the first exception is
   * rethrown after all of them have run, the later ones added to it as suppressed.
   *
   * @param event the event to deliver
   * @return the number of handlers called
   * @throws NullPointerException if {@code event} is null
   */
  public int publish(Object event) {
    Objects.requireNonNull(event, "event");
    int called = 0;
    RuntimeException failure = null;
    for (Registration<?> registration : registrations) {
      if (!registration.accepts(event)) {
        continue;
      }
      called++;
      try {
        registration.deliver(event);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return called;
  }

  /** One handler for one type; equal only to itself, so that closing removes only it. */
  private final class Registration<E> implements Subscription {
    private final Class<E> type;

    private final Consumer<? super E> handler;

    Registration(Class<E> type, Consumer<? super E> handler) {
      this.type = Objects.requireNonNull(type, "type");
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    boolean accepts(Object event) {
      return type.isInstance(event);
    }

    void deliver(Object event) {
      handler.accept(type.cast(event));
    }

    @Override
    public void close() {
      registrations.remove(this);
    }
  }
}
