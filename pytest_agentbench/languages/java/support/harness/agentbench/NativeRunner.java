package agentbench;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * Runs a problem's native tests, JUnit 5 style, in the harness's JVM: every method annotated
 * {@code @Test} is one outcome (passed, failed on an {@link AssertionError}, error on any other
 * throwable), with {@code @BeforeEach}/{@code @AfterEach} around it and {@code @BeforeAll}/
 * {@code @AfterAll} around its class. Tests run in the order they are written.
 *
 * <p>A test its own code skips is {@code skipped}, as JUnit reports it (never passed): one that is
 * {@code @Disabled} (or whose class is; it is not run), and one aborted by a failed assumption
 * ({@code Assumptions.assumeTrue}..., {@code abort}: a {@link TestAbortedException}) in the test,
 * its {@code @BeforeEach} or its class's {@code @BeforeAll}.
 *
 * <p>Its events share the channel with the cases', named apart: {@code native_tests} (every test,
 * in order), {@code native_start}, {@code native_test}, {@code native_compile_error}, {@code
 * native_error} (no test found) and {@code native_done}.
 */
final class NativeRunner {
  private static final String API = "org.junit.jupiter.api.";
  private static final long STACK_BYTES = 256L << 20;

  private final ClassLoader loader;
  private final Events events;
  private final Set<String> files;

  NativeRunner(ClassLoader loader, Events events, Set<String> files) {
    this.loader = loader;
    this.events = events;
    this.files = files;
  }

  /** A test, and why it is not run (null: it is run). */
  private record TestMethod(Class<?> owner, Method method, int position, String disabled) {}

  private void emit(String name, Object... pairs) {
    events.emit(Events.event("native_" + name, pairs));
  }

  /** The tests did not compile against the solution. */
  void compileError(String message) {
    emit("compile_error", "message", message);
  }

  private static String disabledReason(Disabled disabled, String what) {
    if (disabled == null) {
      return null;
    }
    return disabled.value().isBlank() ? what + " is @Disabled" : disabled.value();
  }

  private static boolean annotated(Method m, String simpleName) {
    for (Annotation a : m.getDeclaredAnnotations()) {
      if (a.annotationType().getName().equals(API + simpleName)) {
        return true;
      }
    }
    return false;
  }

  void run(List<String> classNames, String source) {
    List<TestMethod> tests = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    for (String name : classNames) {
      String simple = name.substring(name.lastIndexOf('$') + 1);
      if (!simple.isEmpty() && Character.isDigit(simple.charAt(0))) {
        continue; // anonymous and local classes
      }
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        broken.add(name + ": " + e);
        continue;
      }
      String classDisabled = disabledReason(c.getAnnotation(Disabled.class), "class " + simple);
      for (Method m : c.getDeclaredMethods()) {
        if (annotated(m, "Test")) {
          String disabled =
              classDisabled != null
                  ? classDisabled
                  : disabledReason(m.getAnnotation(Disabled.class), m.getName() + "()");
          tests.add(new TestMethod(c, m, position(source, m.getName()), disabled));
        }
      }
    }
    tests.sort(
        Comparator.comparingInt(TestMethod::position)
            .thenComparing(t -> t.owner().getName())
            .thenComparing(t -> t.method().getName()));
    Map<String, Integer> counts = new HashMap<>();
    tests.forEach(t -> counts.merge(t.method().getName(), 1, Integer::sum));
    Map<Class<?>, Throwable> setUp = new HashMap<>();
    Map<Class<?>, Integer> left = new HashMap<>();
    tests.stream()
        .filter(t -> t.disabled() == null)
        .forEach(t -> left.merge(t.owner(), 1, Integer::sum));
    List<String> names = new ArrayList<>();
    for (TestMethod t : tests) {
      names.add(
          counts.get(t.method().getName()) > 1
              ? t.owner().getSimpleName() + "." + t.method().getName()
              : t.method().getName());
    }
    if (!tests.isEmpty()) {
      emit("tests", "names", names); // so that tests never run are named
    }
    for (int i = 0; i < tests.size(); i++) {
      TestMethod t = tests.get(i);
      String name = names.get(i);
      if (t.disabled() != null) {
        emit("test", "name", name, "status", "skipped", "message", t.disabled(), "seconds", 0.0);
        continue;
      }
      emit("start", "name", name);
      long start = System.nanoTime();
      Throwable failure;
      if (!setUp.containsKey(t.owner())) {
        setUp.put(t.owner(), runAll(t.owner(), null, "BeforeAll"));
      }
      failure = setUp.get(t.owner());
      if (failure == null) {
        failure = runOne(t);
      }
      if (left.merge(t.owner(), -1, Integer::sum) == 0 && setUp.get(t.owner()) == null) {
        failure = then(failure, runAll(t.owner(), null, "AfterAll"));
      }
      String status =
          failure == null
              ? "passed"
              : failure instanceof TestAbortedException
                  ? "skipped"
                  : failure instanceof AssertionError ? "failed" : "error";
      emit(
          "test",
          "name",
          name,
          "status",
          status,
          "message",
          failure == null ? "" : describe(failure),
          "seconds",
          (System.nanoTime() - start) / 1e9);
    }
    if (tests.isEmpty()) {
      emit(
          "error",
          "message",
          "no @Test method found"
              + (broken.isEmpty() ? "" : " (" + String.join("; ", broken) + ")"));
    }
    emit("done");
  }

  /**
   * What a test comes to when {@code after} (its {@code @AfterEach} or {@code @AfterAll}) ran
   * after {@code failure}: the first failure, except that a test aborted (skipped) whose
   * clean-up then fails has failed, as in JUnit.
   */
  private static Throwable then(Throwable failure, Throwable after) {
    if (failure == null || (failure instanceof TestAbortedException && after != null)) {
      return after;
    }
    return failure;
  }

  private static int position(String source, String method) {
    Matcher m = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(").matcher(source);
    return m.find() ? m.start() : Integer.MAX_VALUE;
  }

  /** The limit of a test's {@code @Timeout} (method first, then class) in ms, or 0 for none. */
  private static long timeoutMillis(TestMethod t) {
    Timeout timeout = t.method().getAnnotation(Timeout.class);
    if (timeout == null) {
      timeout = t.owner().getAnnotation(Timeout.class);
    }
    return timeout == null ? 0 : Math.max(1, timeout.unit().toMillis(timeout.value()));
  }

  /** Runs a test, on a separate thread that is abandoned at its {@code @Timeout} if it has one. */
  private Throwable runOne(TestMethod t) {
    long limit = timeoutMillis(t);
    if (limit == 0) {
      return runHere(t);
    }
    Throwable[] failure = new Throwable[1];
    Thread runner =
        new Thread(
            null,
            () -> failure[0] = runHere(t),
            "agentbench-test-" + t.method().getName(),
            STACK_BYTES);
    runner.setDaemon(true);
    runner.start();
    try {
      runner.join(limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (runner.isAlive()) {
      runner.interrupt();
      return new TimeoutException(t.method().getName() + "() timed out after " + limit + " ms");
    }
    return failure[0];
  }

  private Throwable runHere(TestMethod t) {
    Object instance = null;
    try {
      if (!Modifier.isStatic(t.method().getModifiers())) {
        Constructor<?> ctor = t.owner().getDeclaredConstructor();
        ctor.setAccessible(true);
        instance = ctor.newInstance();
      }
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
    }
    Throwable failure = runAll(t.owner(), instance, "BeforeEach");
    if (failure == null) {
      failure = call(t.method(), instance);
    }
    return then(failure, runAll(t.owner(), instance, "AfterEach"));
  }

  /** Runs every method of the class (and its superclasses) with the annotation. */
  private Throwable runAll(Class<?> owner, Object instance, String annotation) {
    List<Method> methods = new ArrayList<>();
    for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (annotated(m, annotation)) {
          methods.add(0, m);
        }
      }
    }
    for (Method m : methods) {
      Throwable failure = call(m, Modifier.isStatic(m.getModifiers()) ? null : instance);
      if (failure != null) {
        return failure;
      }
    }
    return null;
  }

  private static Throwable call(Method m, Object instance) {
    try {
      m.setAccessible(true);
      m.invoke(instance);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
    }
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
