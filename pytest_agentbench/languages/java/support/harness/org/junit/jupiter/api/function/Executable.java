package org.junit.jupiter.api.function;

/** Code that may throw anything, as JUnit 5's {@code Executable}. */
@FunctionalInterface
public interface Executable {
  /** Runs the code. */
  void execute() throws Throwable;
}
