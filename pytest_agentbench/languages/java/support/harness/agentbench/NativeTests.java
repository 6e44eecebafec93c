package agentbench;

import java.util.List;

/**
 * What {@link Harness} asks of the native tests' runner ({@code NativeRunner}, on the JUnit
 * Platform), which it loads by name: that class is compiled into the harness only where JUnit's
 * jars are installed, and a problem with native tests is skipped where they are not.
 */
interface NativeTests {
  /** The tests did not compile against the solution. */
  void compileError(String message);

  /** Runs the test classes (binary names, from {@code loader}) compiled from {@code source}. */
  void run(ClassLoader loader, List<String> classNames, String source);
}
