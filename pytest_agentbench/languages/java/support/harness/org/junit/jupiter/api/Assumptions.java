package org.junit.jupiter.api;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.TestAbortedException;

/**
 * The assumptions of JUnit 5 ({@code org.junit.jupiter.api.Assumptions}), with JUnit's overloads
 * and messages: a failed one aborts the test with a {@link TestAbortedException}, and
 * pytest-agentbench reports the test as skipped (never passed), as JUnit does.
 */
public final class Assumptions {
  private Assumptions() {}

  private static void check(boolean holds, Object message) {
    if (!holds) {
      Object m = message instanceof Supplier<?> s ? s.get() : message;
      throw new TestAbortedException("Assumption failed: " + m);
    }
  }

  /** Aborts the test unless the assumption is true. */
  public static void assumeTrue(boolean assumption) {
    check(assumption, "assumption is not true");
  }

  /** Aborts the test unless the assumption is true. */
  public static void assumeTrue(BooleanSupplier assumptionSupplier) {
    check(assumptionSupplier.getAsBoolean(), "assumption is not true");
  }

  /** Aborts the test unless the assumption is true. */
  public static void assumeTrue(BooleanSupplier assumptionSupplier, String message) {
    check(assumptionSupplier.getAsBoolean(), message);
  }

  /** Aborts the test unless the assumption is true. */
  public static void assumeTrue(boolean assumption, Supplier<String> messageSupplier) {
    check(assumption, messageSupplier);
  }

  /** Aborts the test unless the assumption is true. */
  public static void assumeTrue(boolean assumption, String message) {
    check(assumption, message);
  }

  /** Aborts the test unless the assumption is true. */
  public static void assumeTrue(
      BooleanSupplier assumptionSupplier, Supplier<String> messageSupplier) {
    check(assumptionSupplier.getAsBoolean(), messageSupplier);
  }

  /** Aborts the test unless the assumption is false. */
  public static void assumeFalse(boolean assumption) {
    check(!assumption, "assumption is not false");
  }

  /** Aborts the test unless the assumption is false. */
  public static void assumeFalse(BooleanSupplier assumptionSupplier) {
    check(!assumptionSupplier.getAsBoolean(), "assumption is not false");
  }

  /** Aborts the test unless the assumption is false. */
  public static void assumeFalse(BooleanSupplier assumptionSupplier, String message) {
    check(!assumptionSupplier.getAsBoolean(), message);
  }

  /** Aborts the test unless the assumption is false. */
  public static void assumeFalse(boolean assumption, Supplier<String> messageSupplier) {
    check(!assumption, messageSupplier);
  }

  /** Aborts the test unless the assumption is false. */
  public static void assumeFalse(boolean assumption, String message) {
    check(!assumption, message);
  }

  /** Aborts the test unless the assumption is false. */
  public static void assumeFalse(
      BooleanSupplier assumptionSupplier, Supplier<String> messageSupplier) {
    check(!assumptionSupplier.getAsBoolean(), messageSupplier);
  }

  /** Runs the code only if the assumption is true (the test goes on either way). */
  public static void assumingThat(BooleanSupplier assumptionSupplier, Executable executable) {
    assumingThat(assumptionSupplier.getAsBoolean(), executable);
  }

  /** Runs the code only if the assumption is true (the test goes on either way). */
  public static void assumingThat(boolean assumption, Executable executable) {
    if (assumption) {
      try {
        executable.execute();
      } catch (Throwable t) {
        Assumptions.<RuntimeException>rethrow(t);
      }
    }
  }

  /** Aborts the test. */
  public static <V> V abort() {
    throw new TestAbortedException();
  }

  /** Aborts the test, saying why. */
  public static <V> V abort(String message) {
    throw new TestAbortedException(message);
  }

  /** Aborts the test, saying why. */
  public static <V> V abort(Supplier<String> messageSupplier) {
    throw new TestAbortedException(messageSupplier.get());
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void rethrow(Throwable t) throws T {
    throw (T) t;
  }
}
