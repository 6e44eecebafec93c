package org.junit.jupiter.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.opentest4j.AssertionFailedError;

/**
 * The assertions of JUnit 5 ({@code org.junit.jupiter.api.Assertions}) that native tests use, with
 * JUnit's overloads and failure messages, so that a test written for JUnit 5 compiles and reads the
 * same here. pytest-agentbench runs the tests in its own harness (no JUnit jar).
 */
public final class Assertions {
  private Assertions() {}

  // ------------------------------------------------------------------ support

  private static String text(Object messageOrSupplier) {
    Object m = messageOrSupplier instanceof Supplier<?> s ? s.get() : messageOrSupplier;
    return m == null ? null : m.toString();
  }

  private static String prefix(Object messageOrSupplier) {
    String m = text(messageOrSupplier);
    return m == null || m.isBlank() ? "" : m + " ==> ";
  }

  private static String show(Object value) {
    if (value == null) {
      return "<null>";
    }
    if (value.getClass().isArray()) {
      return "<" + Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "") + ">";
    }
    return "<" + value + ">";
  }

  private static AssertionFailedError failure(Object message, String body) {
    return new AssertionFailedError(prefix(message) + body);
  }

  private static AssertionFailedError notEqual(Object message, Object expected, Object actual) {
    String e = show(expected);
    String a = show(actual);
    if (e.equals(a) && expected != null && actual != null) {
      e = expected.getClass().getName() + e;
      a = actual.getClass().getName() + a;
    }
    return failure(message, "expected: " + e + " but was: " + a);
  }

  private static boolean doublesEqual(double expected, double actual) {
    return Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual);
  }

  private static boolean doublesEqual(double expected, double actual, double delta) {
    if (delta < 0 || Double.isNaN(delta)) {
      throw new IllegalArgumentException("positive delta expected but was: <" + delta + ">");
    }
    return doublesEqual(expected, actual) || Math.abs(expected - actual) <= delta;
  }

  private static boolean objectsEqual(Object expected, Object actual) {
    if (expected instanceof Double e && actual instanceof Double a) {
      return doublesEqual(e, a);
    }
    if (expected instanceof Float e && actual instanceof Float a) {
      return doublesEqual(e, a);
    }
    return Objects.equals(expected, actual);
  }

  private static void equal(Object expected, Object actual, Object message) {
    if (!objectsEqual(expected, actual)) {
      throw notEqual(message, expected, actual);
    }
  }

  private static void differ(Object unexpected, Object actual, Object message) {
    if (objectsEqual(unexpected, actual)) {
      throw failure(message, "expected: not equal but was: " + show(actual));
    }
  }

  private static void near(double expected, double actual, double delta, Object message) {
    if (!doublesEqual(expected, actual, delta)) {
      throw notEqual(message, expected, actual);
    }
  }

  private static void isTrue(boolean condition, Object message) {
    if (!condition) {
      throw failure(message, "expected: <true> but was: <false>");
    }
  }

  private static void isFalse(boolean condition, Object message) {
    if (condition) {
      throw failure(message, "expected: <false> but was: <true>");
    }
  }

  private static void isNull(Object actual, Object message) {
    if (actual != null) {
      throw failure(message, "expected: <null> but was: " + show(actual));
    }
  }

  private static void notNull(Object actual, Object message) {
    if (actual == null) {
      throw failure(message, "expected: not <null>");
    }
  }

  private static void same(Object expected, Object actual, Object message) {
    if (expected != actual) {
      throw notEqual(message, expected, actual);
    }
  }

  private static void notSame(Object unexpected, Object actual, Object message) {
    if (unexpected == actual) {
      throw failure(message, "expected: not same but was: " + show(actual));
    }
  }

  private static void arrays(Object expected, Object actual, Double delta, Object message) {
    if (expected == actual) {
      return;
    }
    if (expected == null || actual == null) {
      throw failure(
          message, (expected == null ? "expected array was <null>" : "actual array was <null>"));
    }
    int n = java.lang.reflect.Array.getLength(expected);
    int m = java.lang.reflect.Array.getLength(actual);
    if (n != m) {
      throw failure(message, "array lengths differ, expected: <" + n + "> but was: <" + m + ">");
    }
    for (int i = 0; i < n; i++) {
      Object e = java.lang.reflect.Array.get(expected, i);
      Object a = java.lang.reflect.Array.get(actual, i);
      boolean ok;
      if (e != null && a != null && e.getClass().isArray() && a.getClass().isArray()) {
        try {
          arrays(e, a, delta, null);
          ok = true;
        } catch (AssertionFailedError x) {
          ok = false;
        }
      } else if (delta != null && e instanceof Number en && a instanceof Number an) {
        ok = doublesEqual(en.doubleValue(), an.doubleValue(), delta);
      } else {
        ok = objectsEqual(e, a);
      }
      if (!ok) {
        throw failure(
            message,
            "array contents differ at index ["
                + i
                + "], expected: "
                + show(e)
                + " but was: "
                + show(a));
      }
    }
  }

  private static void iterables(Iterable<?> expected, Iterable<?> actual, Object message) {
    if (expected == actual) {
      return;
    }
    if (expected == null || actual == null) {
      throw notEqual(message, expected, actual);
    }
    Iterator<?> e = expected.iterator();
    Iterator<?> a = actual.iterator();
    int i = 0;
    while (e.hasNext() && a.hasNext()) {
      Object x = e.next();
      Object y = a.next();
      if (!objectsEqual(x, y)) {
        throw failure(
            message,
            "iterable contents differ at index ["
                + i
                + "], expected: "
                + show(x)
                + " but was: "
                + show(y));
      }
      i++;
    }
    if (e.hasNext() || a.hasNext()) {
      throw failure(
          message,
          "iterable lengths differ, expected: <"
              + (i + count(e))
              + "> but was: <"
              + (i + count(a))
              + ">");
    }
  }

  private static int count(Iterator<?> it) {
    int n = 0;
    for (; it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  private static <T extends Throwable> T throwsType(
      Class<T> type, Executable executable, Object message, boolean exactly) {
    try {
      executable.execute();
    } catch (Throwable actual) {
      if (exactly ? actual.getClass() == type : type.isInstance(actual)) {
        return type.cast(actual);
      }
      AssertionFailedError error =
          new AssertionFailedError(
              prefix(message)
                  + "Unexpected exception type thrown, expected: <"
                  + type.getName()
                  + "> but was: <"
                  + actual.getClass().getName()
                  + ">",
              actual);
      throw error;
    }
    throw failure(
        message, "Expected " + type.getName() + " to be thrown, but nothing was " + "thrown.");
  }

  private static <T> T noThrow(ThrowingSupplier<T> supplier, Object message) {
    try {
      return supplier.get();
    } catch (Throwable t) {
      throw new AssertionFailedError(
          prefix(message)
              + "Unexpected exception thrown: "
              + t.getClass().getName()
              + (t.getMessage() == null ? "" : ": " + t.getMessage()),
          t);
    }
  }

  private static <T> T timeout(Duration limit, ThrowingSupplier<T> supplier, Object message) {
    long start = System.nanoTime();
    T result;
    try {
      result = supplier.get();
    } catch (Throwable t) {
      throw sneaky(t);
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (ms > limit.toMillis()) {
      throw failure(
          message,
          "execution exceeded timeout of "
              + limit.toMillis()
              + " ms by "
              + (ms - limit.toMillis())
              + " ms");
    }
    return result;
  }

  private static <T> T preemptive(Duration limit, ThrowingSupplier<T> supplier, Object message) {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "junit-timeout-thread");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<T> future =
          executor.submit(
              () -> {
                try {
                  return supplier.get();
                } catch (Exception | Error e) {
                  throw e;
                } catch (Throwable t) {
                  throw new ExecutionException(t);
                }
              });
      return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw failure(message, "execution timed out after " + limit.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw sneaky(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw sneaky(e);
    } finally {
      executor.shutdownNow();
    }
  }

  private static RuntimeException sneaky(Throwable t) {
    Assertions.<RuntimeException>rethrow(t);
    return new IllegalStateException(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void rethrow(Throwable t) throws E {
    throw (E) t;
  }

  private static void all(String heading, Stream<Executable> executables) {
    List<Throwable> failures = new ArrayList<>();
    executables.forEach(
        e -> {
          try {
            e.execute();
          } catch (Throwable t) {
            failures.add(t);
          }
        });
    if (failures.isEmpty()) {
      return;
    }
    StringBuilder text =
        new StringBuilder(heading == null ? "Multiple Failures" : heading)
            .append(" (")
            .append(failures.size())
            .append(failures.size() == 1 ? " failure)" : " failures)");
    for (Throwable t : failures) {
      text.append("\n\t").append(t.getClass().getName()).append(": ").append(t.getMessage());
    }
    AssertionFailedError error = new AssertionFailedError(text.toString(), failures.get(0));
    failures.stream().skip(1).forEach(error::addSuppressed);
    throw error;
  }

  // ------------------------------------------------------------------ fail
  /** Fails the test. */
  public static <V> V fail() {
    throw new AssertionFailedError();
  }

  /** Fails the test with a message. */
  public static <V> V fail(String message) {
    throw new AssertionFailedError(message);
  }

  /** Fails the test with a message and a cause. */
  public static <V> V fail(String message, Throwable cause) {
    throw new AssertionFailedError(message, cause);
  }

  /** Fails the test with a cause. */
  public static <V> V fail(Throwable cause) {
    throw new AssertionFailedError(cause == null ? null : cause.toString(), cause);
  }

  /** Fails the test with a message from a supplier. */
  public static <V> V fail(Supplier<String> messageSupplier) {
    throw new AssertionFailedError(text(messageSupplier));
  }

  // ------------------------------------------------------------------ true, false, null, same
  /** Asserts that the condition is true. */
  public static void assertTrue(boolean condition) {
    isTrue(condition, (String) null);
  }

  /** Asserts that the condition is true. */
  public static void assertTrue(BooleanSupplier condition) {
    isTrue(condition.getAsBoolean(), (String) null);
  }

  /** Asserts that the condition is true. */
  public static void assertTrue(boolean condition, String message) {
    isTrue(condition, message);
  }

  /** Asserts that the condition is true. */
  public static void assertTrue(BooleanSupplier condition, String message) {
    isTrue(condition.getAsBoolean(), message);
  }

  /** Asserts that the condition is true. */
  public static void assertTrue(boolean condition, Supplier<String> messageSupplier) {
    isTrue(condition, messageSupplier);
  }

  /** Asserts that the condition is true. */
  public static void assertTrue(BooleanSupplier condition, Supplier<String> messageSupplier) {
    isTrue(condition.getAsBoolean(), messageSupplier);
  }

  /** Asserts that the condition is false. */
  public static void assertFalse(boolean condition) {
    isFalse(condition, (String) null);
  }

  /** Asserts that the condition is false. */
  public static void assertFalse(BooleanSupplier condition) {
    isFalse(condition.getAsBoolean(), (String) null);
  }

  /** Asserts that the condition is false. */
  public static void assertFalse(boolean condition, String message) {
    isFalse(condition, message);
  }

  /** Asserts that the condition is false. */
  public static void assertFalse(BooleanSupplier condition, String message) {
    isFalse(condition.getAsBoolean(), message);
  }

  /** Asserts that the condition is false. */
  public static void assertFalse(boolean condition, Supplier<String> messageSupplier) {
    isFalse(condition, messageSupplier);
  }

  /** Asserts that the condition is false. */
  public static void assertFalse(BooleanSupplier condition, Supplier<String> messageSupplier) {
    isFalse(condition.getAsBoolean(), messageSupplier);
  }

  /** Asserts that the value is null. */
  public static void assertNull(Object actual) {
    isNull(actual, (String) null);
  }

  /** Asserts that the value is null. */
  public static void assertNull(Object actual, String message) {
    isNull(actual, message);
  }

  /** Asserts that the value is null. */
  public static void assertNull(Object actual, Supplier<String> messageSupplier) {
    isNull(actual, messageSupplier);
  }

  /** Asserts that the value is not null. */
  public static void assertNotNull(Object actual) {
    notNull(actual, (String) null);
  }

  /** Asserts that the value is not null. */
  public static void assertNotNull(Object actual, String message) {
    notNull(actual, message);
  }

  /** Asserts that the value is not null. */
  public static void assertNotNull(Object actual, Supplier<String> messageSupplier) {
    notNull(actual, messageSupplier);
  }

  /** Asserts that both refer to the same object. */
  public static void assertSame(Object expected, Object actual) {
    same(expected, actual, (String) null);
  }

  /** Asserts that both refer to the same object. */
  public static void assertSame(Object expected, Object actual, String message) {
    same(expected, actual, message);
  }

  /** Asserts that both refer to the same object. */
  public static void assertSame(Object expected, Object actual, Supplier<String> messageSupplier) {
    same(expected, actual, messageSupplier);
  }

  /** Asserts that they are different objects. */
  public static void assertNotSame(Object expected, Object actual) {
    notSame(expected, actual, (String) null);
  }

  /** Asserts that they are different objects. */
  public static void assertNotSame(Object expected, Object actual, String message) {
    notSame(expected, actual, message);
  }

  /** Asserts that they are different objects. */
  public static void assertNotSame(
      Object expected, Object actual, Supplier<String> messageSupplier) {
    notSame(expected, actual, messageSupplier);
  }

  // ------------------------------------------------------------------ equals
  /** Asserts that the values are equal. */
  public static void assertEquals(byte expected, byte actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(byte expected, byte actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(byte expected, byte actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(byte expected, Byte actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(byte expected, Byte actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(byte expected, Byte actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Byte expected, byte actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Byte expected, byte actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Byte expected, byte actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Byte expected, Byte actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Byte expected, Byte actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Byte expected, Byte actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(short expected, short actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(short expected, short actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(short expected, short actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(short expected, Short actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(short expected, Short actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(short expected, Short actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Short expected, short actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Short expected, short actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Short expected, short actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Short expected, Short actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Short expected, Short actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Short expected, Short actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(int expected, int actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(int expected, int actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(int expected, int actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(int expected, Integer actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(int expected, Integer actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(int expected, Integer actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Integer expected, int actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Integer expected, int actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Integer expected, int actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Integer expected, Integer actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Integer expected, Integer actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(
      Integer expected, Integer actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(long expected, long actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(long expected, long actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(long expected, long actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(long expected, Long actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(long expected, Long actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(long expected, Long actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Long expected, long actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Long expected, long actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Long expected, long actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Long expected, Long actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Long expected, Long actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Long expected, Long actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(char expected, char actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(char expected, char actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(char expected, char actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(char expected, Character actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(char expected, Character actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(
      char expected, Character actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Character expected, char actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Character expected, char actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(
      Character expected, char actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Character expected, Character actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Character expected, Character actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(
      Character expected, Character actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(float expected, float actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(float expected, float actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(float expected, float actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(float expected, Float actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(float expected, Float actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(float expected, Float actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Float expected, float actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Float expected, float actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Float expected, float actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Float expected, Float actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Float expected, Float actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Float expected, Float actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal within {@code delta}. */
  public static void assertEquals(float expected, float actual, float delta) {
    near(expected, actual, delta, (String) null);
  }

  /** Asserts that the values are equal within {@code delta}. */
  public static void assertEquals(float expected, float actual, float delta, String message) {
    near(expected, actual, delta, message);
  }

  /** Asserts that the values are equal within {@code delta}. */
  public static void assertEquals(
      float expected, float actual, float delta, Supplier<String> messageSupplier) {
    near(expected, actual, delta, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(double expected, double actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(double expected, double actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(
      double expected, double actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(double expected, Double actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(double expected, Double actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(
      double expected, Double actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Double expected, double actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Double expected, double actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(
      Double expected, double actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Double expected, Double actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(Double expected, Double actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal. */
  public static void assertEquals(
      Double expected, Double actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  /** Asserts that the values are equal within {@code delta}. */
  public static void assertEquals(double expected, double actual, double delta) {
    near(expected, actual, delta, (String) null);
  }

  /** Asserts that the values are equal within {@code delta}. */
  public static void assertEquals(double expected, double actual, double delta, String message) {
    near(expected, actual, delta, message);
  }

  /** Asserts that the values are equal within {@code delta}. */
  public static void assertEquals(
      double expected, double actual, double delta, Supplier<String> messageSupplier) {
    near(expected, actual, delta, messageSupplier);
  }

  /** Asserts that the values are equal ({@link Object#equals}). */
  public static void assertEquals(Object expected, Object actual) {
    equal(expected, actual, (String) null);
  }

  /** Asserts that the values are equal ({@link Object#equals}). */
  public static void assertEquals(Object expected, Object actual, String message) {
    equal(expected, actual, message);
  }

  /** Asserts that the values are equal ({@link Object#equals}). */
  public static void assertEquals(
      Object expected, Object actual, Supplier<String> messageSupplier) {
    equal(expected, actual, messageSupplier);
  }

  // ------------------------------------------------------------------ not equals
  /** Asserts that the values differ. */
  public static void assertNotEquals(byte unexpected, byte actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(byte unexpected, byte actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      byte unexpected, byte actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(byte unexpected, Byte actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(byte unexpected, Byte actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      byte unexpected, Byte actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Byte unexpected, byte actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Byte unexpected, byte actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Byte unexpected, byte actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Byte unexpected, Byte actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Byte unexpected, Byte actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Byte unexpected, Byte actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(short unexpected, short actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(short unexpected, short actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      short unexpected, short actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(short unexpected, Short actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(short unexpected, Short actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      short unexpected, Short actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Short unexpected, short actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Short unexpected, short actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Short unexpected, short actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Short unexpected, Short actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Short unexpected, Short actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Short unexpected, Short actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(int unexpected, int actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(int unexpected, int actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(int unexpected, int actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(int unexpected, Integer actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(int unexpected, Integer actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      int unexpected, Integer actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Integer unexpected, int actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Integer unexpected, int actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Integer unexpected, int actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Integer unexpected, Integer actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Integer unexpected, Integer actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Integer unexpected, Integer actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(long unexpected, long actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(long unexpected, long actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      long unexpected, long actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(long unexpected, Long actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(long unexpected, Long actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      long unexpected, Long actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Long unexpected, long actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Long unexpected, long actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Long unexpected, long actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Long unexpected, Long actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Long unexpected, Long actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Long unexpected, Long actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(char unexpected, char actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(char unexpected, char actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      char unexpected, char actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(char unexpected, Character actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(char unexpected, Character actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      char unexpected, Character actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Character unexpected, char actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Character unexpected, char actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Character unexpected, char actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Character unexpected, Character actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Character unexpected, Character actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Character unexpected, Character actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(float unexpected, float actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(float unexpected, float actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      float unexpected, float actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(float unexpected, Float actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(float unexpected, Float actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      float unexpected, Float actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Float unexpected, float actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Float unexpected, float actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Float unexpected, float actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Float unexpected, Float actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Float unexpected, Float actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Float unexpected, Float actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(double unexpected, double actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(double unexpected, double actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      double unexpected, double actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(double unexpected, Double actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(double unexpected, Double actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      double unexpected, Double actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Double unexpected, double actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Double unexpected, double actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Double unexpected, double actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Double unexpected, Double actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(Double unexpected, Double actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ. */
  public static void assertNotEquals(
      Double unexpected, Double actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  /** Asserts that the values differ ({@link Object#equals}). */
  public static void assertNotEquals(Object unexpected, Object actual) {
    differ(unexpected, actual, (String) null);
  }

  /** Asserts that the values differ ({@link Object#equals}). */
  public static void assertNotEquals(Object unexpected, Object actual, String message) {
    differ(unexpected, actual, message);
  }

  /** Asserts that the values differ ({@link Object#equals}). */
  public static void assertNotEquals(
      Object unexpected, Object actual, Supplier<String> messageSupplier) {
    differ(unexpected, actual, messageSupplier);
  }

  // ------------------------------------------------------------------ arrays and iterables
  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(boolean[] expected, boolean[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(boolean[] expected, boolean[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      boolean[] expected, boolean[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(char[] expected, char[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(char[] expected, char[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      char[] expected, char[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(byte[] expected, byte[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(byte[] expected, byte[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      byte[] expected, byte[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(short[] expected, short[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(short[] expected, short[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      short[] expected, short[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(int[] expected, int[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(int[] expected, int[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      int[] expected, int[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(long[] expected, long[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(long[] expected, long[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      long[] expected, long[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(float[] expected, float[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(float[] expected, float[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      float[] expected, float[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the arrays are equal within {@code delta}, element by element. */
  public static void assertArrayEquals(float[] expected, float[] actual, float delta) {
    arrays(expected, actual, (double) delta, (String) null);
  }

  /** Asserts that the arrays are equal within {@code delta}, element by element. */
  public static void assertArrayEquals(
      float[] expected, float[] actual, float delta, String message) {
    arrays(expected, actual, (double) delta, message);
  }

  /** Asserts that the arrays are equal within {@code delta}, element by element. */
  public static void assertArrayEquals(
      float[] expected, float[] actual, float delta, Supplier<String> messageSupplier) {
    arrays(expected, actual, (double) delta, messageSupplier);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(double[] expected, double[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(double[] expected, double[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      double[] expected, double[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the arrays are equal within {@code delta}, element by element. */
  public static void assertArrayEquals(double[] expected, double[] actual, double delta) {
    arrays(expected, actual, delta, (String) null);
  }

  /** Asserts that the arrays are equal within {@code delta}, element by element. */
  public static void assertArrayEquals(
      double[] expected, double[] actual, double delta, String message) {
    arrays(expected, actual, delta, message);
  }

  /** Asserts that the arrays are equal within {@code delta}, element by element. */
  public static void assertArrayEquals(
      double[] expected, double[] actual, double delta, Supplier<String> messageSupplier) {
    arrays(expected, actual, delta, messageSupplier);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(Object[] expected, Object[] actual) {
    arrays(expected, actual, null, (String) null);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(Object[] expected, Object[] actual, String message) {
    arrays(expected, actual, null, message);
  }

  /** Asserts that the arrays are equal, element by element (deeply for Object[]). */
  public static void assertArrayEquals(
      Object[] expected, Object[] actual, Supplier<String> messageSupplier) {
    arrays(expected, actual, null, messageSupplier);
  }

  /** Asserts that the iterables give equal elements in the same order. */
  public static void assertIterableEquals(Iterable<?> expected, Iterable<?> actual) {
    iterables(expected, actual, (String) null);
  }

  /** Asserts that the iterables give equal elements in the same order. */
  public static void assertIterableEquals(
      Iterable<?> expected, Iterable<?> actual, String message) {
    iterables(expected, actual, message);
  }

  /** Asserts that the iterables give equal elements in the same order. */
  public static void assertIterableEquals(
      Iterable<?> expected, Iterable<?> actual, Supplier<String> messageSupplier) {
    iterables(expected, actual, messageSupplier);
  }

  // ------------------------------------------------------------------ exceptions
  /** Asserts that the code throws an instance of {@code expectedType}, and returns it. */
  public static <T extends Throwable> T assertThrows(Class<T> expectedType, Executable executable) {
    return throwsType(expectedType, executable, (String) null, false);
  }

  /** Asserts that the code throws an instance of {@code expectedType}, and returns it. */
  public static <T extends Throwable> T assertThrows(
      Class<T> expectedType, Executable executable, String message) {
    return throwsType(expectedType, executable, message, false);
  }

  /** Asserts that the code throws an instance of {@code expectedType}, and returns it. */
  public static <T extends Throwable> T assertThrows(
      Class<T> expectedType, Executable executable, Supplier<String> messageSupplier) {
    return throwsType(expectedType, executable, messageSupplier, false);
  }

  /** Asserts that the code throws exactly {@code expectedType}, and returns it. */
  public static <T extends Throwable> T assertThrowsExactly(
      Class<T> expectedType, Executable executable) {
    return throwsType(expectedType, executable, (String) null, true);
  }

  /** Asserts that the code throws exactly {@code expectedType}, and returns it. */
  public static <T extends Throwable> T assertThrowsExactly(
      Class<T> expectedType, Executable executable, String message) {
    return throwsType(expectedType, executable, message, true);
  }

  /** Asserts that the code throws exactly {@code expectedType}, and returns it. */
  public static <T extends Throwable> T assertThrowsExactly(
      Class<T> expectedType, Executable executable, Supplier<String> messageSupplier) {
    return throwsType(expectedType, executable, messageSupplier, true);
  }

  /** Asserts that the code throws nothing. */
  public static void assertDoesNotThrow(Executable executable) {
    noThrow(
        () -> {
          executable.execute();
          return null;
        },
        (String) null);
  }

  /** Asserts that the supplier throws nothing, and returns its value. */
  public static <T> T assertDoesNotThrow(ThrowingSupplier<T> supplier) {
    return noThrow(supplier, (String) null);
  }

  /** Asserts that the code throws nothing. */
  public static void assertDoesNotThrow(Executable executable, String message) {
    noThrow(
        () -> {
          executable.execute();
          return null;
        },
        message);
  }

  /** Asserts that the supplier throws nothing, and returns its value. */
  public static <T> T assertDoesNotThrow(ThrowingSupplier<T> supplier, String message) {
    return noThrow(supplier, message);
  }

  /** Asserts that the code throws nothing. */
  public static void assertDoesNotThrow(Executable executable, Supplier<String> messageSupplier) {
    noThrow(
        () -> {
          executable.execute();
          return null;
        },
        messageSupplier);
  }

  /** Asserts that the supplier throws nothing, and returns its value. */
  public static <T> T assertDoesNotThrow(
      ThrowingSupplier<T> supplier, Supplier<String> messageSupplier) {
    return noThrow(supplier, messageSupplier);
  }

  /** Asserts that the value is an instance of {@code expectedType}, and returns it cast. */
  public static <T> T assertInstanceOf(Class<T> expectedType, Object actual) {
    if (!expectedType.isInstance(actual)) {
      throw failure(
          (String) null,
          "Unexpected type, expected: <"
              + expectedType.getName()
              + "> but was: <"
              + (actual == null ? "null" : actual.getClass().getName())
              + ">");
    }
    return expectedType.cast(actual);
  }

  /** Asserts that the value is an instance of {@code expectedType}, and returns it cast. */
  public static <T> T assertInstanceOf(Class<T> expectedType, Object actual, String message) {
    if (!expectedType.isInstance(actual)) {
      throw failure(
          message,
          "Unexpected type, expected: <"
              + expectedType.getName()
              + "> but was: <"
              + (actual == null ? "null" : actual.getClass().getName())
              + ">");
    }
    return expectedType.cast(actual);
  }

  /** Asserts that the value is an instance of {@code expectedType}, and returns it cast. */
  public static <T> T assertInstanceOf(
      Class<T> expectedType, Object actual, Supplier<String> messageSupplier) {
    if (!expectedType.isInstance(actual)) {
      throw failure(
          messageSupplier,
          "Unexpected type, expected: <"
              + expectedType.getName()
              + "> but was: <"
              + (actual == null ? "null" : actual.getClass().getName())
              + ">");
    }
    return expectedType.cast(actual);
  }

  // ------------------------------------------------------------------ timeouts
  /** Asserts that the code finishes within the limit (it runs to the end). */
  public static void assertTimeout(Duration timeout, Executable executable) {
    timeout(
        timeout,
        () -> {
          executable.execute();
          return null;
        },
        (String) null);
  }

  /** Asserts that the code finishes within the limit (it runs to the end). */
  public static <T> T assertTimeout(Duration timeout, ThrowingSupplier<T> supplier) {
    return timeout(timeout, supplier, (String) null);
  }

  /** Asserts that the code finishes within the limit (it runs to the end). */
  public static void assertTimeout(Duration timeout, Executable executable, String message) {
    timeout(
        timeout,
        () -> {
          executable.execute();
          return null;
        },
        message);
  }

  /** Asserts that the code finishes within the limit (it runs to the end). */
  public static <T> T assertTimeout(
      Duration timeout, ThrowingSupplier<T> supplier, String message) {
    return timeout(timeout, supplier, message);
  }

  /** Asserts that the code finishes within the limit (it runs to the end). */
  public static void assertTimeout(
      Duration timeout, Executable executable, Supplier<String> messageSupplier) {
    timeout(
        timeout,
        () -> {
          executable.execute();
          return null;
        },
        messageSupplier);
  }

  /** Asserts that the code finishes within the limit (it runs to the end). */
  public static <T> T assertTimeout(
      Duration timeout, ThrowingSupplier<T> supplier, Supplier<String> messageSupplier) {
    return timeout(timeout, supplier, messageSupplier);
  }

  /** Asserts that the code finishes within the limit; it is abandoned when it does not. */
  public static void assertTimeoutPreemptively(Duration timeout, Executable executable) {
    preemptive(
        timeout,
        () -> {
          executable.execute();
          return null;
        },
        (String) null);
  }

  /** Asserts that the code finishes within the limit; it is abandoned when it does not. */
  public static <T> T assertTimeoutPreemptively(Duration timeout, ThrowingSupplier<T> supplier) {
    return preemptive(timeout, supplier, (String) null);
  }

  /** Asserts that the code finishes within the limit; it is abandoned when it does not. */
  public static void assertTimeoutPreemptively(
      Duration timeout, Executable executable, String message) {
    preemptive(
        timeout,
        () -> {
          executable.execute();
          return null;
        },
        message);
  }

  /** Asserts that the code finishes within the limit; it is abandoned when it does not. */
  public static <T> T assertTimeoutPreemptively(
      Duration timeout, ThrowingSupplier<T> supplier, String message) {
    return preemptive(timeout, supplier, message);
  }

  /** Asserts that the code finishes within the limit; it is abandoned when it does not. */
  public static void assertTimeoutPreemptively(
      Duration timeout, Executable executable, Supplier<String> messageSupplier) {
    preemptive(
        timeout,
        () -> {
          executable.execute();
          return null;
        },
        messageSupplier);
  }

  /** Asserts that the code finishes within the limit; it is abandoned when it does not. */
  public static <T> T assertTimeoutPreemptively(
      Duration timeout, ThrowingSupplier<T> supplier, Supplier<String> messageSupplier) {
    return preemptive(timeout, supplier, messageSupplier);
  }

  // ------------------------------------------------------------------ grouped
  /** Runs every executable and fails with all their failures, if any. */
  public static void assertAll(Executable... executables) {
    all(null, Arrays.stream(executables));
  }

  /** Runs every executable and fails with all their failures under a heading, if any. */
  public static void assertAll(String heading, Executable... executables) {
    all(heading, Arrays.stream(executables));
  }

  /** Runs every executable and fails with all their failures, if any. */
  public static void assertAll(Collection<Executable> executables) {
    all(null, executables.stream());
  }

  /** Runs every executable and fails with all their failures, if any. */
  public static void assertAll(Stream<Executable> executables) {
    all(null, executables);
  }
}
