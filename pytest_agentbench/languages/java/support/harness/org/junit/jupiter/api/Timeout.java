package org.junit.jupiter.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Fails a test (every test of a class, when on the class) that runs longer than the limit. Here the
 * test always runs in a separate thread and is abandoned at the limit, as JUnit's {@code threadMode
 * = SEPARATE_THREAD}, so that a test blocked for good fails alone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Timeout {
  /** The limit, in {@link #unit()}. */
  long value();

  /** The unit of {@link #value()}. */
  TimeUnit unit() default TimeUnit.SECONDS;
}
