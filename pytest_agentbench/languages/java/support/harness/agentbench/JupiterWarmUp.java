package agentbench;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A test that checks nothing, which {@link NativeRunner#warmUp} runs while the solution compiles:
 * the JUnit Platform's first discovery and execution, cold code the JVM interprets, then cost
 * the native tests nothing.
 */
public final class JupiterWarmUp {
  private int ready;

  @BeforeEach
  void setUp() {
    ready = 1;
  }

  @Test
  void nothing() {
    org.junit.jupiter.api.Assertions.assertEquals(1, ready);
  }
}
