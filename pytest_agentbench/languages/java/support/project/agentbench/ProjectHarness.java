package agentbench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * The harness of Java's project mode (pytest-agentbench): runs an Exercism exercise's JUnit 5
 * tests with the real JUnit Platform launcher and Jupiter engine, and reports every test through
 * the outcome channel ({@link Events}), as {@code NativeRunner} reports native tests.
 *
 * <p>The channel's token is read first, before any class of the exercise is loaded. The tests run
 * in this JVM (as under Gradle's test worker), so a solution that reads this process's memory can
 * still find the token: the channel's documented limit for native tests. What the solution prints
 * is never read; a line it writes to a descriptor lacks the token and voids the run; a test it
 * keeps from finishing ({@code System.exit}) is not run, never passed.
 *
 * <p>Events: {@code planned} (every test and every test template, by name, before the first
 * runs), {@code start} and {@code case} per test, each parameterized invocation or dynamic test
 * being a test of its own ({@code parent}: its template's name), then {@code done}. A test's name
 * ends with its method's name (nested classes before it: {@code Nested.method}), after its display
 * name when it has one of its own ({@code "year 2000 is a leap year: testYear2000"}, {@code "[1]
 * 2015, false: isLeapYear"}), so the name's last word is in the test source. {@code @Disabled}
 * tests and aborted ones are {@code skipped}; with {@code include_ignored}, JUnit's own
 * {@code DisabledCondition} is deactivated, so disabled tests run as Aider runs them.
 *
 * <p>Usage: {@code ProjectHarness INCLUDE_IGNORED(true|false) SOURCE_FILES(a,b) CLASS...}
 */
public final class ProjectHarness {
  private static final long STACK_BYTES = 256L << 20;
  private static final int TRACE_FRAMES = 6;
  private static final int MAX_MESSAGE = 4000;
  private static final String DEACTIVATE = "junit.jupiter.conditions.deactivate";

  private ProjectHarness() {}

  /** Takes the channel, then runs the test classes named on the command line. */
  public static void main(String[] args) throws InterruptedException {
    Events events;
    try {
      events = Events.fromEnvironment(); // first: nothing of the exercise is loaded yet
    } catch (IOException | RuntimeException e) {
      System.err.println("agentbench project harness: " + e.getMessage());
      Runtime.getRuntime().halt(3);
      return;
    }
    int[] status = {0};
    Thread worker =
        new Thread(null, () -> status[0] = runAll(args, events), "agentbench", STACK_BYTES);
    worker.start();
    worker.join();
    System.out.flush();
    System.err.flush();
    // halt: threads the solution left running, or its shutdown hooks, must not keep us alive
    Runtime.getRuntime().halt(status[0]);
  }

  private static int runAll(String[] args, Events events) {
    try (events) {
      try {
        boolean includeIgnored = args.length > 0 && "true".equals(args[0]);
        Set<String> files = new HashSet<>();
        if (args.length > 1 && !args[1].isEmpty()) {
          files.addAll(Arrays.asList(args[1].split(",")));
        }
        List<String> classes = Arrays.asList(args).subList(Math.min(2, args.length), args.length);
        LauncherDiscoveryRequestBuilder request =
            JupiterLauncher.request(
                classes.stream().map(DiscoverySelectors::selectClass).collect(Collectors.toList()));
        if (includeIgnored) {
          request.configurationParameter(DEACTIVATE, "org.junit.*DisabledCondition");
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = JupiterLauncher.create();
        Listener listener = new Listener(events, files, classes.size() > 1);
        launcher.execute(launcher.discover(built), listener);
        events.emit(Events.event("done"));
        return 0;
      } catch (Throwable e) {
        System.err.println("agentbench project harness: " + e);
        events.emit(
            Events.event(
                "tests_error",
                "error_type",
                e.getClass().getSimpleName(),
                "message",
                String.valueOf(e.getMessage())));
        return 3;
      }
    } catch (IOException e) {
      System.err.println("agentbench project harness: " + e);
      return 3;
    }
  }

  /** Reports each test as it starts and ends. */
  private static final class Listener implements TestExecutionListener {
    private final Events events;
    private final Set<String> files;
    private final boolean severalClasses;
    private final Map<String, String> names = new HashMap<>(); // unique id -> name
    private final Set<String> used = new HashSet<>();
    private final Set<String> reported = new HashSet<>(); // unique ids
    private final Map<String, Long> started = new HashMap<>();
    private TestPlan plan;
    private int planned;
    private int outcomes;

    Listener(Events events, Set<String> files, boolean severalClasses) {
      this.events = events;
      this.files = files;
      this.severalClasses = severalClasses;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      plan = testPlan;
      List<String> tests = new ArrayList<>();
      List<String> templates = new ArrayList<>();
      for (TestIdentifier root : testPlan.getRoots()) {
        for (TestIdentifier id : staticTests(root)) {
          tests.add(name(id));
          if (id.isContainer()) {
            templates.add(name(id));
          }
        }
      }
      planned = tests.size();
      events.emit(Events.event("planned", "tests", tests, "templates", templates));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
      if (planned == 0 && outcomes == 0) {
        events.emit(
            Events.event(
                "tests_error",
                "error_type",
                "NoTests",
                "message",
                "no test found in the test classes (JUnit 5 tests: org.junit.jupiter.api.Test)"));
      }
    }

    /** The tests, test templates and test factories under a container, in order. */
    private List<TestIdentifier> staticTests(TestIdentifier container) {
      List<TestIdentifier> out = new ArrayList<>();
      for (TestIdentifier child : plan.getChildren(container)) {
        if (child.isTest() || isTemplate(child)) {
          out.add(child);
        } else {
          out.addAll(staticTests(child));
        }
      }
      return out;
    }

    /** A container whose children are made at run time: a parameterized test, a factory. */
    private boolean isTemplate(TestIdentifier id) {
      return id.isContainer() && id.getSource().orElse(null) instanceof MethodSource;
    }

    private Optional<TestIdentifier> template(TestIdentifier id) {
      for (Optional<TestIdentifier> up = plan.getParent(id);
          up.isPresent();
          up = plan.getParent(up.get())) {
        if (isTemplate(up.get())) {
          return up;
        }
      }
      return Optional.empty();
    }

    /** A test's name, made once: see the class's comment. */
    private String name(TestIdentifier id) {
      String known = names.get(id.getUniqueId());
      if (known != null) {
        return known;
      }
      Optional<TestIdentifier> template = template(id);
      String display = id.getDisplayName().strip();
      String name;
      if (template.isPresent()) {
        name = display + ": " + name(template.get());
      } else if (id.getSource().orElse(null) instanceof MethodSource method) {
        String path = path(method);
        name = display.startsWith(method.getMethodName() + "(") ? path : display + ": " + path;
      } else {
        name = "(" + display + ")";
      }
      String unique = name;
      for (int i = 2; !used.add(unique); i++) {
        unique = "(" + i + ") " + name;
      }
      names.put(id.getUniqueId(), unique);
      return unique;
    }

    /** {@code method}, after its nested classes ({@code Inner.method}) and, when several test
     * classes run, its top-level class. */
    private String path(MethodSource method) {
      String[] classes = method.getClassName().split("\\$");
      StringBuilder out = new StringBuilder();
      for (int i = severalClasses ? 0 : 1; i < classes.length; i++) {
        String simple = classes[i].substring(classes[i].lastIndexOf('.') + 1);
        out.append(simple).append('.');
      }
      return out.append(method.getMethodName()).toString();
    }

    private Map<String, Object> event(String kind, TestIdentifier id, Object... pairs) {
      Map<String, Object> event = Events.event(kind, pairs);
      event.put("name", name(id));
      template(id).ifPresent(t -> event.put("parent", name(t)));
      return event;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      if (id.isTest()) {
        started.put(id.getUniqueId(), System.nanoTime());
        events.emit(event("start", id));
      }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      String why = reason == null || reason.isBlank() ? "disabled" : reason;
      if (id.isTest() || isTemplate(id)) {
        report(id, Events.event("case", "status", "skipped", "message", why));
      } else {
        for (TestIdentifier test : staticTests(id)) {
          report(test, Events.event("case", "status", "skipped", "message", why));
        }
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      Map<String, Object> outcome = outcome(result);
      if (id.isTest()) {
        Long start = started.get(id.getUniqueId());
        outcome.put("seconds", start == null ? 0.0 : (System.nanoTime() - start) / 1e9);
        report(id, outcome);
        return;
      }
      if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
        return;
      }
      // a container that failed (@BeforeAll, a template's arguments, @AfterAll): its tests
      // that have no outcome yet take its failure; if all have one, it is an outcome itself
      boolean any = false;
      if (!isTemplate(id) || noInvocations(id)) {
        for (TestIdentifier test : isTemplate(id) ? List.of(id) : staticTests(id)) {
          if (!reported.contains(test.getUniqueId())) {
            report(test, new HashMap<>(outcome));
            any = true;
          }
        }
      }
      if (!any) {
        Map<String, Object> own = Events.event("case");
        own.putAll(outcome);
        own.put("name", "(" + id.getDisplayName().strip() + ")");
        outcomes++;
        events.emit(own);
      }
    }

    private boolean noInvocations(TestIdentifier template) {
      return plan.getChildren(template).stream()
          .noneMatch(child -> reported.contains(child.getUniqueId()));
    }

    private void report(TestIdentifier id, Map<String, Object> outcome) {
      if (!reported.add(id.getUniqueId())) {
        return; // a test JUnit reported already, or that took its container's outcome
      }
      Map<String, Object> event = event("case", id);
      outcome.remove("event");
      event.putAll(outcome);
      outcomes++;
      events.emit(event);
    }

    private Map<String, Object> outcome(TestExecutionResult result) {
      Throwable e = result.getThrowable().orElse(null);
      switch (result.getStatus()) {
        case SUCCESSFUL:
          return Events.event("case", "status", "test_passed", "message", "");
        case ABORTED:
          return Events.event("case", "status", "skipped", "message", message(e, "aborted"));
        default:
          if (e instanceof AssertionError) {
            return Events.event(
                "case", "status", "test_failed", "message", withTrace(message(e, ""), e));
          }
          return Events.event(
              "case",
              "status",
              "exception",
              "error_type",
              e == null ? "Error" : e.getClass().getSimpleName(),
              "message",
              message(e, ""),
              "traceback",
              trace(e));
      }
    }

    private static String message(Throwable e, String otherwise) {
      String text = e == null || e.getMessage() == null ? otherwise : e.getMessage().strip();
      if (text.isEmpty() && e instanceof AssertionError) {
        text = "assertion failed";
      }
      return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }

    private String withTrace(String message, Throwable e) {
      String where = trace(e);
      return where.isEmpty() ? message : message + "\n" + where;
    }

    /** The frames of the exercise's own files (the solution's and the tests'). */
    private String trace(Throwable e) {
      Set<String> lines = new LinkedHashSet<>();
      for (Throwable t = e; t != null && lines.size() < TRACE_FRAMES; t = t.getCause()) {
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getFileName() != null && files.contains(frame.getFileName())) {
            lines.add( // as StackTraceElement writes it, without the class loader's name
                "at "
                    + frame.getClassName()
                    + "."
                    + frame.getMethodName()
                    + "("
                    + frame.getFileName()
                    + ":"
                    + frame.getLineNumber()
                    + ")");
            if (lines.size() >= TRACE_FRAMES) {
              break;
            }
          }
        }
      }
      return String.join("\n", lines);
    }
  }
}
