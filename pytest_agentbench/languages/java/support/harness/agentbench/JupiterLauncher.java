package agentbench;

import java.util.List;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The JUnit Platform as both Java harnesses run it: only the Jupiter engine, and no engine,
 * listener or filter found on the class path (a solution cannot add one).
 */
final class JupiterLauncher {
  private static final String TIMEOUT_THREAD = "junit.jupiter.execution.timeout.thread.mode.default";

  private JupiterLauncher() {}

  /** A launcher of the Jupiter engine alone. */
  static Launcher create() {
    return LauncherFactory.create(
        LauncherConfig.builder()
            .enableTestEngineAutoRegistration(false)
            .enableLauncherSessionListenerAutoRegistration(false)
            .enableLauncherDiscoveryListenerAutoRegistration(false)
            .enablePostDiscoveryFilterAutoRegistration(false)
            .enableTestExecutionListenerAutoRegistration(false)
            .addTestEngines(new JupiterTestEngine())
            .build());
  }

  /**
   * A request for {@code selectors}: a test past its {@code @Timeout} fails, and the others still
   * run, even if it never checks for interruption (a loop): it is left running on a thread of its
   * own.
   */
  static LauncherDiscoveryRequestBuilder request(List<? extends DiscoverySelector> selectors) {
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        .configurationParameter(TIMEOUT_THREAD, "SEPARATE_THREAD");
  }
}
