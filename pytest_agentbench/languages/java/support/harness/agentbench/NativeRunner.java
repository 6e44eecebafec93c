package agentbench;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Disabled;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;

/**
 * Runs a problem's native tests on the real JUnit Platform (the Jupiter engine, {@link
 * JupiterLauncher}) in the harness's JVM, and reports them through the channel: every {@code @Test}
 * method is one outcome (passed, failed on an {@link AssertionError}, error on any other
 * throwable); a parameterized test or a test factory is one outcome too, its first failing
 * invocation's. Tests run, and are reported, in the order they are written ({@link SourceOrder}).
 *
 * <p>A test its own code skips is {@code skipped}, as JUnit reports it (never passed): one that is
 * {@code @Disabled} (or whose class is; it is not run), and one aborted by a failed assumption in
 * the test, its {@code @BeforeEach} or its class's {@code @BeforeAll}.
 *
 * <p>Its events share the channel with the cases', named apart: {@code native_tests} (every test,
 * in order), {@code native_start}, {@code native_test}, {@code native_compile_error}, {@code
 * native_error} (no test found) and {@code native_done}. This class is compiled into the harness
 * only where JUnit's jars are installed; {@link Harness} finds it by name
 * ({@link NativeTests}).
 */
final class NativeRunner implements NativeTests, TestExecutionListener {
  private final Events events;
  private final Set<String> files;
  private final Map<String, String> names = new LinkedHashMap<>(); // unique id -> name
  private final Map<String, Long> started = new HashMap<>();
  private final Map<String, Map<String, Object>> folded = new HashMap<>(); // template -> outcome
  private final Set<String> reported = new HashSet<>();
  private String source = "";
  private TestPlan plan;

  NativeRunner(Events events, Set<String> files) {
    this.events = events;
    this.files = files;
  }

  private void emit(String name, Object... pairs) {
    events.emit(Events.event("native_" + name, pairs));
  }

  @Override
  public void compileError(String message) {
    emit("compile_error", "message", message);
  }

  @Override
  public void run(ClassLoader loader, List<String> classNames, String source) {
    this.source = source;
    List<DiscoverySelector> selectors = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    List<Method> methods = new ArrayList<>();
    for (String name : classNames) {
      String simple = name.substring(name.lastIndexOf('$') + 1);
      if (!simple.isEmpty() && Character.isDigit(simple.charAt(0))) {
        continue; // anonymous and local classes
      }
      try {
        Class<?> c = Class.forName(name, false, loader);
        methods.addAll(List.of(c.getDeclaredMethods()));
        selectors.add(DiscoverySelectors.selectClass(c));
      } catch (ClassNotFoundException | LinkageError e) {
        broken.add(name + ": " + e);
      }
    }
    String order =
        methods.stream()
            .sorted(Comparator.comparingInt(m -> position(m.getName())))
            .map(Method::getName)
            .distinct()
            .collect(Collectors.joining(","));
    Launcher launcher = JupiterLauncher.create();
    launcher.execute(
        JupiterLauncher.request(selectors)
            .configurationParameter(SourceOrder.KEY, order)
            .configurationParameter("junit.jupiter.testmethod.order.default",
                SourceOrder.class.getName())
            .configurationParameter("junit.jupiter.testclass.order.default",
                SourceOrder.class.getName())
            .build(),
        this);
    if (names.isEmpty()) {
      emit(
          "error",
          "message",
          "no @Test method found"
              + (broken.isEmpty() ? "" : " (" + String.join("; ", broken) + ")"));
    }
    emit("done");
  }

  private int position(String method) {
    Matcher m = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(").matcher(source);
    return m.find() ? m.start() : Integer.MAX_VALUE;
  }

  // ------------------------------------------------------------------ the plan

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    List<TestIdentifier> tests = new ArrayList<>();
    testPlan.getRoots().forEach(root -> tests.addAll(staticTests(root)));
    Map<String, Integer> counts = new HashMap<>();
    tests.forEach(t -> counts.merge(method(t).getMethodName(), 1, Integer::sum));
    tests.sort(
        Comparator.comparingInt((TestIdentifier t) -> position(method(t).getMethodName()))
            .thenComparing(t -> method(t).getClassName())
            .thenComparing(t -> method(t).getMethodName()));
    for (TestIdentifier t : tests) {
      MethodSource m = method(t);
      String owner = m.getClassName().substring(m.getClassName().lastIndexOf('$') + 1);
      owner = owner.substring(owner.lastIndexOf('.') + 1);
      names.put(
          t.getUniqueId(),
          counts.get(m.getMethodName()) > 1 ? owner + "." + m.getMethodName() : m.getMethodName());
    }
    if (!names.isEmpty()) {
      emit("tests", "names", new ArrayList<>(names.values())); // so that tests never run are named
    }
  }

  private static MethodSource method(TestIdentifier id) {
    return (MethodSource) id.getSource().orElseThrow();
  }

  /** The tests and test templates (parameterized tests, factories) under a container. */
  private List<TestIdentifier> staticTests(TestIdentifier container) {
    List<TestIdentifier> out = new ArrayList<>();
    for (TestIdentifier child : plan.getChildren(container)) {
      if (child.getSource().orElse(null) instanceof MethodSource) {
        out.add(child);
      } else {
        out.addAll(staticTests(child));
      }
    }
    return out;
  }

  /** The planned test (itself, or the template it is an invocation of) of an identifier. */
  private Optional<String> planned(TestIdentifier id) {
    for (Optional<TestIdentifier> at = Optional.of(id); at.isPresent(); at = plan.getParent(at.get())) {
      if (names.containsKey(at.get().getUniqueId())) {
        return Optional.of(at.get().getUniqueId());
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ outcomes

  @Override
  public void executionStarted(TestIdentifier id) {
    if (names.containsKey(id.getUniqueId())) {
      started.put(id.getUniqueId(), System.nanoTime());
      emit("start", "name", names.get(id.getUniqueId()));
    }
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    String why = disabledReason(id.getSource().orElse(null), reason);
    if (names.containsKey(id.getUniqueId())) {
      report(id.getUniqueId(), "skipped", why);
    } else if (planned(id).isPresent()) {
      fold(planned(id).get(), "skipped", why);
    } else {
      staticTests(id).forEach(t -> report(t.getUniqueId(), "skipped", why));
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    Throwable e = result.getThrowable().orElse(null);
    String status =
        switch (result.getStatus()) {
          case SUCCESSFUL -> "passed";
          case ABORTED -> "skipped";
          case FAILED -> e instanceof AssertionError ? "failed" : "error";
        };
    String message = e == null ? "" : describe(e);
    String uid = id.getUniqueId();
    if (names.containsKey(uid)) {
      Map<String, Object> invocations = folded.remove(uid);
      if (invocations != null && "passed".equals(status)) {
        report(uid, (String) invocations.get("status"), (String) invocations.get("message"));
      } else {
        report(uid, status, message);
      }
    } else if (planned(id).isPresent()) { // an invocation of a template
      fold(planned(id).get(), status, id.getDisplayName().strip() + ": " + message);
    } else if (!"passed".equals(status)) {
      // a class whose @BeforeAll or @AfterAll failed: its tests without an outcome take it; if
      // all have one, it is an outcome of its own
      boolean any = false;
      for (TestIdentifier test : staticTests(id)) {
        any |= report(test.getUniqueId(), status, message);
      }
      if (!any && !names.isEmpty()) {
        String name =
            "("
                + (id.getSource().orElse(null) instanceof ClassSource c
                    ? c.getJavaClass().getSimpleName()
                    : id.getDisplayName().strip())
                + ")";
        emit("test", "name", name, "status", status, "message", message, "seconds", 0.0);
      }
    }
  }

  /** A template's outcome so far: its first failure, else skipped if every invocation was. */
  private void fold(String template, String status, String message) {
    Map<String, Object> now = folded.get(template);
    boolean failed = "failed".equals(status) || "error".equals(status);
    if (now == null
        || (failed && !"failed".equals(now.get("status")) && !"error".equals(now.get("status")))
        || ("passed".equals(status) && "skipped".equals(now.get("status")))) {
      folded.put(template, Map.of("status", status, "message", failed ? message : ""));
    }
  }

  private boolean report(String uid, String status, String message) {
    if (!reported.add(uid)) {
      return false;
    }
    Long start = started.get(uid);
    emit(
        "test",
        "name",
        names.get(uid),
        "status",
        status,
        "message",
        message,
        "seconds",
        start == null ? 0.0 : (System.nanoTime() - start) / 1e9);
    return true;
  }

  /**
   * Why a test or class is skipped: {@code @Disabled}'s own reason, "m() is @Disabled" or
   * "class C is @Disabled" when it gives none; JUnit's reason for any other condition.
   */
  private static String disabledReason(TestSource source, String reason) {
    AnnotatedElement element = null;
    String what = null;
    if (source instanceof MethodSource m) {
      element = m.getJavaMethod();
      what = m.getMethodName() + "()";
    } else if (source instanceof ClassSource c) {
      element = c.getJavaClass();
      what = "class " + c.getJavaClass().getSimpleName();
    }
    Disabled disabled = element == null ? null : element.getAnnotation(Disabled.class);
    if (disabled == null) {
      return reason == null || reason.isBlank() ? "disabled" : reason;
    }
    return disabled.value().isBlank() ? what + " is @Disabled" : disabled.value();
  }

  private String describe(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String text;
    if (e instanceof TestAbortedException) {
      text = message.isEmpty() ? "aborted" : message;
    } else if (e instanceof AssertionError) {
      text = message.isEmpty() ? "assertion failed" : message;
    } else {
      text = Values.typeName(e.getClass()) + (message.isEmpty() ? "" : ": " + message);
    }
    String where = Harness.trace(e, files);
    return where.isEmpty() ? text : text + "\n" + where;
  }
}
