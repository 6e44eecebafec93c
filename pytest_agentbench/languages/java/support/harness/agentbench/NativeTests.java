package agentbench;

import java.util.List;

/**
 * What {@link Harness} asks of the native tests' runner ({@code NativeRunner}, on the JUnit
 * Platform), which it loads by name: that class is compiled into the harness only where JUnit's
 * jars are installed, and a problem with native tests is skipped where they are not.
 */
interface NativeTests {
  /**
   * Runs the test framework once on a test of its own (on another thread, while the solution
   * compiles), so that its cold start does not fall within the native tests.
   */
  void warmUp();

  /** The tests did not compile against the solution. */
  void compileError(String message);

  /** Runs the test classes (binary names, from {@code loader}) compiled from {@code source}. */
  void run(ClassLoader loader, List<String> classNames, String source);
}
