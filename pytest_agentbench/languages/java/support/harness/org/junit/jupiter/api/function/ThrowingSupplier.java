package org.junit.jupiter.api.function;

/** A supplier that may throw anything, as JUnit 5's {@code ThrowingSupplier}. */
@FunctionalInterface
public interface ThrowingSupplier<T> {
  /** Gets the value. */
  T get() throws Throwable;
}
