package agentbench;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The pytest-agentbench harness for Java solutions: one JVM per problem.
 *
 * <p>It first takes the outcome channel from its environment ({@link Events#fromEnvironment}: the
 * token is read before anything of the solution is compiled or loaded), then reads {@code
 * job.json}, compiles the solution in this JVM with the system compiler (into memory: the work
 * directory is read-only), loads it, and calls the entry point by reflection for every case, with
 * each JSON argument turned into the declared parameter type. It writes one JSON line per event
 * (compile_error, compiled, loaded, start, case, done) to the channel as it happens, then runs the
 * problem's native tests on the JUnit Platform when there are any, whose events are named {@code
 * native_*} (see {@link NativeRunner}). Cases run on a thread with a large stack so that deep
 * recursion works.
 */
public final class Harness {
  private static final long STACK_BYTES = 256L << 20;
  private static final int TRACE_FRAMES = 6;

  private final Path work;
  private final Map<String, Object> job;
  private final Map<String, Object> java;
  private final Events events;
  final Set<String> solutionFiles = new TreeSet<>();

  private Harness(Path work, Map<String, Object> job, Events events) {
    this.work = work;
    this.job = job;
    this.java = map(job.get("java"));
    this.events = events;
  }

  /** Runs the job named by the first argument ({@code job.json} by default). */
  public static void main(String[] args) throws InterruptedException {
    Events events;
    try {
      events = Events.fromEnvironment(); // first: nothing of the solution exists yet
    } catch (IOException | RuntimeException e) {
      System.err.println("agentbench harness: " + e.getMessage());
      Runtime.getRuntime().halt(3);
      return;
    }
    Path jobFile = Path.of(args.length > 0 ? args[0] : "job.json").toAbsolutePath();
    String mode = args.length > 1 ? args[1] : "all";
    int[] status = {0};
    Thread worker =
        new Thread(
            null, () -> status[0] = runJob(jobFile, mode, events), "agentbench", STACK_BYTES);
    worker.start();
    worker.join();
    System.out.flush();
    System.err.flush();
    // halt: threads the solution left running, or its shutdown hooks, must not keep us alive
    Runtime.getRuntime().halt(status[0]);
  }

  private static int runJob(Path jobFile, String mode, Events events) {
    try (events) {
      try {
        String text = Files.readString(jobFile, StandardCharsets.UTF_8);
        Map<String, Object> job = map(Json.parse(text));
        new Harness(jobFile.getParent(), job, events).run(mode);
        return 0;
      } catch (Throwable e) {
        System.err.println("agentbench harness: " + e); // also for a run without cases
        events.emit(
            Events.event(
                "harness_error",
                "error_type",
                Values.typeName(e.getClass()),
                "message",
                String.valueOf(e.getMessage()),
                "traceback",
                trace(e, null)));
        return 3;
      }
    } catch (IOException e) {
      System.err.println("agentbench harness: " + e);
      return 3;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> ? (List<Object>) value : List.of();
  }

  // ------------------------------------------------------------------ compile and load

  private void run(String mode) throws IOException {
    if ("timing".equals(job.get("mode"))) {
      new Timing(this, work, map(job.get("timing")), events).run();
      return;
    }
    List<Path> sources = new ArrayList<>();
    sources.add(work.resolve((String) java.get("source")));
    for (Object support : list(java.get("support"))) {
      sources.add(work.resolve((String) support));
    }
    sources.forEach(p -> solutionFiles.add(p.getFileName().toString()));
    Object tests = java.get("tests");
    long start = System.nanoTime();
    Compiler.Classes classes = new Compiler.Classes();
    String error = Compiler.compile(sources, classes, null, List.of());
    if (error != null) {
      events.emit(Events.event("compile_error", "message", error, "seconds", seconds(start)));
      return;
    }
    Compiler.Classes testClasses = new Compiler.Classes();
    String testError = null;
    String testSource = null;
    if (tests instanceof String testFile) {
      // against this JVM's class path: the harness, Gson, JUnit 5 and AssertJ
      List<Path> classPath =
          Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
              .map(Path::of)
              .collect(Collectors.toList());
      testError =
          Compiler.compile(List.of(work.resolve(testFile)), testClasses, classes, classPath);
      testSource = Files.readString(work.resolve(testFile), StandardCharsets.UTF_8);
    }
    events.emit(Events.event("compiled", "seconds", seconds(start)));
    // one loader for the solution and its tests: package-private members stay accessible; every
    // class is defined now, before the solution's code runs (see Compiler.Loader)
    Compiler.Loader loader =
        new Compiler.Loader(Harness.class.getClassLoader(), classes, testClasses);
    loader.defineAll();
    Thread.currentThread().setContextClassLoader(loader);
    if (!"native".equals(mode)) {
      runCases(loader, classes.names());
    }
    if (tests instanceof String testFile) {
      NativeTests runner = nativeRunner();
      if (testError != null) {
        runner.compileError(testError);
      } else {
        solutionFiles.add(Path.of(testFile).getFileName().toString());
        runner.run(loader, testClasses.names(), testSource);
      }
    }
  }

  /** The JUnit Platform runner, which the harness holds where JUnit's jars are installed. */
  private NativeTests nativeRunner() throws IOException {
    try {
      return Class.forName("agentbench.NativeRunner")
          .asSubclass(NativeTests.class)
          .getDeclaredConstructor(Events.class, Set.class)
          .newInstance(events, solutionFiles);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IOException("native tests need JUnit 5 (apt-get install junit5): " + e, e);
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The solution could not be loaded: no entry point, or its static initialiser threw. */
  static final class LoadFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final String type;

    LoadFailure(String type, String message, Throwable cause) {
      super(message, cause);
      this.type = type;
    }
  }

  private Class<?> initialise(ClassLoader loader, String name) throws LoadFailure {
    try {
      return Class.forName(name, true, loader);
    } catch (ExceptionInInitializerError e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new LoadFailure(
          Values.typeName(cause.getClass()),
          "in the static initialiser of " + name + ": " + cause.getMessage(),
          cause);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new LoadFailure(Values.typeName(e.getClass()), String.valueOf(e.getMessage()), e);
    }
  }

  private static String simpleName(String binaryName) {
    return binaryName.substring(
        Math.max(binaryName.lastIndexOf('.'), binaryName.lastIndexOf('$')) + 1);
  }

  /** Top-level classes first (the owner named by the signature before all), then nested. */
  private List<String> candidates(List<String> names, String preferred) {
    List<String> out = new ArrayList<>();
    if (preferred != null && names.contains(preferred)) {
      out.add(preferred);
    }
    names.stream().filter(n -> !n.contains("$") && !out.contains(n)).forEach(out::add);
    names.stream()
        .filter(
            n -> n.contains("$") && !out.contains(n) && !Character.isDigit(simpleName(n).charAt(0)))
        .forEach(out::add);
    return out;
  }

  private static List<Method> methodsNamed(Class<?> c, String name) {
    List<Method> out = new ArrayList<>();
    for (Method m : c.getMethods()) {
      if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic()) {
        out.add(m);
      }
    }
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Method m : k.getDeclaredMethods()) {
        if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic() && !out.contains(m)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static String describeMethods(Class<?> c) {
    return Stream.of(c.getDeclaredMethods())
        .filter(m -> !m.isSynthetic())
        .map(
            m ->
                m.getName()
                    + Stream.of(m.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")")))
        .sorted()
        .collect(Collectors.joining(", "));
  }

  // ------------------------------------------------------------------ cases

  /** What the cases call: a method (and its class, for instances) or a class to construct. */
  record Entry(Class<?> owner, List<Method> methods, Constructor<?> constructor) {}

  Entry findEntry(ClassLoader loader, List<String> names) throws LoadFailure {
    String entryPoint = (String) job.get("entry_point");
    int arity = list(job.get("params")).size();
    if ("class".equals(job.get("kind"))) {
      for (String name : candidates(names, null)) {
        if (simpleName(name).equals(entryPoint)) {
          return new Entry(initialise(loader, name), List.of(), null);
        }
      }
      throw new LoadFailure(
          "ClassNotFoundException",
          "the solution does not define the class "
              + entryPoint
              + " (it defines: "
              + topLevel(names)
              + ")",
          null);
    }
    String owner = (String) java.get("owner");
    for (String name : candidates(names, owner)) {
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      List<Method> methods = methodsNamed(c, entryPoint);
      List<Method> fitting =
          methods.stream()
              .filter(m -> m.getParameterCount() == arity || m.isVarArgs())
              .collect(Collectors.toList());
      if (fitting.isEmpty()) {
        continue;
      }
      c = initialise(loader, name);
      Constructor<?> ctor = null;
      if (fitting.stream().anyMatch(m -> !Modifier.isStatic(m.getModifiers()))) {
        try {
          ctor = c.getDeclaredConstructor();
          ctor.setAccessible(true);
        } catch (NoSuchMethodException e) {
          throw new LoadFailure(
              "NoSuchMethodException",
              c.getSimpleName()
                  + "."
                  + entryPoint
                  + " is an instance method but "
                  + c.getSimpleName()
                  + " has no constructor without arguments",
              e);
        }
      }
      fitting.forEach(m -> m.setAccessible(true));
      return new Entry(c, fitting, ctor);
    }
    StringBuilder found = new StringBuilder();
    for (String name : candidates(names, owner)) {
      try {
        Class<?> c = Class.forName(name, false, loader);
        found
            .append(found.length() > 0 ? "; " : "")
            .append(c.getSimpleName())
            .append(": ")
            .append(describeMethods(c));
      } catch (ClassNotFoundException | LinkageError e) {
        // skip
      }
    }
    throw new LoadFailure(
        "NoSuchMethodException",
        "the solution defines no method "
            + entryPoint
            + " with "
            + arity
            + " parameter(s)"
            + (found.length() > 0 ? " (found " + found + ")" : ""),
        null);
  }

  private static String topLevel(List<String> names) {
    List<String> top = names.stream().filter(n -> !n.contains("$")).collect(Collectors.toList());
    return top.isEmpty() ? "nothing" : String.join(", ", top);
  }

  private void runCases(ClassLoader loader, List<String> names) {
    Entry entry;
    try {
      entry = findEntry(loader, names);
    } catch (LoadFailure e) {
      events.emit(
          Events.event(
              "load_error",
              "error_type",
              e.type,
              "message",
              e.getMessage(),
              "traceback",
              e.getCause() == null ? "" : trace(e.getCause(), solutionFiles)));
      return;
    }
    events.emit(Events.event("loaded"));
    for (Object item : list(job.get("cases"))) {
      Map<String, Object> c = map(item);
      events.emit(Events.event("start", "index", c.get("index")));
      Map<String, Object> out = Events.event("case", "index", c.get("index"));
      long start = System.nanoTime();
      if (c.containsKey("init")) {
        runClassCase(entry.owner(), c, out);
      } else {
        runFunctionCase(entry, c, out);
      }
      out.put("seconds", seconds(start));
      events.emit(out);
    }
    events.emit(Events.event("done"));
  }

  private void runFunctionCase(Entry entry, Map<String, Object> c, Map<String, Object> out) {
    try {
      Object target = null;
      Call call = bind(entry.methods(), list(c.get("args")), map(c.get("kwargs")));
      if (!Modifier.isStatic(call.method.getModifiers())) {
        target = construct(entry.constructor(), new Object[0]);
      }
      Object result = invoke((Method) call.method, target, call.args);
      out.put("status", "value");
      out.put("value", Values.toPlain(result, ((Method) call.method).getGenericReturnType()));
    } catch (Throwable e) {
      out.put("status", "exception");
      out.putAll(errorFields(e, (String) c.get("raises")));
    }
  }

  private void runClassCase(Class<?> owner, Map<String, Object> c, Map<String, Object> out) {
    Object obj;
    try {
      Call call = bind(constructors(owner), list(c.get("init")), map(c.get("init_kwargs")));
      obj = construct((Constructor<?>) call.method, call.args);
    } catch (Throwable e) {
      out.put("status", "exception");
      out.putAll(errorFields(e, (String) c.get("init_raises")));
      return;
    }
    if (c.containsKey("attributes")) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (Object name : list(c.get("attributes"))) {
        values.put((String) name, attribute(obj, (String) name));
      }
      out.put("status", "value");
      out.put("value", values);
      return;
    }
    List<Object> results = new ArrayList<>();
    for (Object item : list(c.get("calls"))) {
      Map<String, Object> callJob = map(item);
      String name = (String) callJob.get("method");
      Map<String, Object> result = new LinkedHashMap<>();
      try {
        Call call =
            bind(methods(owner, name), list(callJob.get("args")), map(callJob.get("kwargs")));
        Method method = (Method) call.method;
        result.put(
            "value", Values.toPlain(invoke(method, obj, call.args), method.getGenericReturnType()));
      } catch (Throwable e) {
        result.putAll(errorFields(e, (String) callJob.get("raises")));
      }
      results.add(result);
    }
    out.put("status", "calls");
    out.put("calls", results);
  }

  /** The constructors of a class problem's class, made accessible (the cases' and timing's). */
  static List<Executable> constructors(Class<?> owner) {
    List<Executable> ctors = new ArrayList<>();
    for (Constructor<?> k : owner.getDeclaredConstructors()) {
      if (!k.isSynthetic()) {
        k.setAccessible(true);
        ctors.add(k);
      }
    }
    return ctors;
  }

  /** The methods of a class problem's class called {@code name}, made accessible. */
  static List<Executable> methods(Class<?> owner, String name) throws Values.ArgumentError {
    List<Executable> methods = new ArrayList<>(methodsNamed(owner, name));
    if (methods.isEmpty()) {
      throw new Values.ArgumentError(
          owner.getSimpleName()
              + " has no method "
              + name
              + " (it has: "
              + describeMethods(owner)
              + ")");
    }
    methods.forEach(m -> trySetAccessible(m));
    return methods;
  }

  private static void trySetAccessible(Executable m) {
    try {
      m.setAccessible(true);
    } catch (RuntimeException e) {
      // a public member of a JDK class: callable as it is
    }
  }

  private static String camel(String snake) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return out.toString();
  }

  /** A field, a no-argument method (record accessor) or a getter, by name or its camelCase. */
  private static Object attribute(Object obj, String name) {
    Class<?> c = obj.getClass();
    for (String n : List.of(name, camel(name))) {
      Field f = Values.field(c, n);
      if (f != null) {
        try {
          return Values.toPlain(f.get(obj));
        } catch (IllegalAccessException e) {
          break;
        }
      }
      String cap = n.isEmpty() ? n : Character.toUpperCase(n.charAt(0)) + n.substring(1);
      for (String getter : List.of(n, "get" + cap, "is" + cap)) {
        for (Method m : methodsNamed(c, getter)) {
          if (m.getParameterCount() == 0) {
            try {
              m.setAccessible(true);
              return Values.toPlain(m.invoke(obj));
            } catch (ReflectiveOperationException | RuntimeException e) {
              return Map.of("$repr", "<" + e + ">", "$type", "error");
            }
          }
        }
      }
    }
    return Map.of("$repr", "<missing>", "$type", "missing");
  }

  /** A method or constructor with its arguments converted to the parameter types. */
  record Call(Executable method, Object[] args) {}

  static Call bind(
      List<? extends Executable> candidates, List<Object> args, Map<String, Object> kwargs)
      throws Values.ArgumentError, Values.SolutionThrew {
    Values.ArgumentError first = null;
    int given = args.size() + kwargs.size();
    for (Executable m : candidates) {
      if (m.getParameterCount() != given && !m.isVarArgs()) {
        continue;
      }
      try {
        return new Call(m, convert(m, args, kwargs));
      } catch (Values.ArgumentError e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
    String name = candidates.isEmpty() ? "the entry point" : candidates.get(0).getName();
    String takes =
        candidates.stream()
            .map(m -> String.valueOf(m.getParameterCount()))
            .distinct()
            .collect(Collectors.joining(" or "));
    throw new Values.ArgumentError(
        given + " argument(s) given, but " + name + " takes " + (takes.isEmpty() ? "none" : takes));
  }

  private static Object[] convert(Executable m, List<Object> args, Map<String, Object> kwargs)
      throws Values.ArgumentError, Values.SolutionThrew {
    Parameter[] params = m.getParameters();
    Type[] types = m.getGenericParameterTypes();
    List<Object> values = new ArrayList<>(args);
    for (int i = values.size(); i < params.length && !kwargs.isEmpty(); i++) {
      if (!kwargs.containsKey(params[i].getName())) {
        throw new Values.ArgumentError("no value for the parameter " + params[i].getName());
      }
      values.add(kwargs.get(params[i].getName()));
    }
    if (m.isVarArgs()
        && (values.size() != params.length
            || !(values.get(values.size() - 1) instanceof List<?>))) {
      int fixed = params.length - 1;
      if (values.size() < fixed) {
        throw new Values.ArgumentError(
            values.size() + " argument(s) given, but " + m.getName() + " takes at least " + fixed);
      }
      List<Object> rest = new ArrayList<>(values.subList(fixed, values.size()));
      values = new ArrayList<>(values.subList(0, fixed));
      values.add(rest);
    }
    if (values.size() != params.length) {
      throw new Values.ArgumentError(
          values.size() + " argument(s) given, but " + m.getName() + " takes " + params.length);
    }
    Object[] out = new Object[params.length];
    for (int i = 0; i < params.length; i++) {
      out[i] = Values.toJava(values.get(i), types[i]);
    }
    return out;
  }

  static Object construct(Constructor<?> ctor, Object[] args) throws Throwable {
    try {
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * The error_type, message and traceback of a throwable. As with JUnit's assertThrows, an
   * exception that is an instance of the type the case expects is reported as that type (a
   * NumberFormatException where an IllegalArgumentException is expected), its own type named in the
   * message.
   */
  Map<String, Object> errorFields(Throwable e, String expected) {
    Throwable shown = e instanceof Values.SolutionThrew && e.getCause() != null ? e.getCause() : e;
    String type =
        shown instanceof Values.ArgumentError ? "ArgumentError" : Values.typeName(shown.getClass());
    String message = shown.getMessage() == null ? "" : shown.getMessage();
    if (expected != null && !expected.equals(type) && !(shown instanceof Values.ArgumentError)) {
      for (Class<?> k = shown.getClass().getSuperclass(); k != null; k = k.getSuperclass()) {
        if (k.getSimpleName().equals(expected) || k.getName().equals(expected)) {
          message = type + (message.isEmpty() ? "" : ": " + message);
          type = expected;
          break;
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error_type", type);
    out.put("message", message);
    String trace = trace(shown, solutionFiles);
    if (!trace.isEmpty()) {
      out.put("traceback", trace);
    }
    return out;
  }

  /** The frames of a throwable that are in the given source files (all frames when null). */
  static String trace(Throwable e, Set<String> files) {
    List<String> lines = new ArrayList<>();
    for (StackTraceElement frame : e.getStackTrace()) {
      if (files == null || (frame.getFileName() != null && files.contains(frame.getFileName()))) {
        lines.add("at " + frame);
        if (lines.size() >= TRACE_FRAMES) {
          break;
        }
      }
    }
    if (e instanceof StackOverflowError && !lines.isEmpty()) {
      return lines.get(0) + " (and so on)";
    }
    return String.join("\n", lines);
  }
}
