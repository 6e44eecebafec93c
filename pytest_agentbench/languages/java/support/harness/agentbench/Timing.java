package agentbench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;

/**
 * The timing job: the solution and the reference, each compiled and loaded in a class loader of
 * its own in this one JVM, called in turn on each timing input.
 *
 * <p>Per size: untimed warm-up calls of each (up to {@code warmup_calls}, until they took {@code
 * warmup_seconds} of CPU time at the first size, a fifth of that at later ones, where the code is
 * compiled already), so that the JIT compilers have done their work, then {@code repeat} rounds
 * that call both, the reference first in even rounds and the solution first in odd ones. Every
 * timed call gets arguments converted afresh from the JSON (an in-place sort does not
 * time a sorted input; the warm-up calls share one conversion), a new instance for an instance
 * method, and a freshly collected heap. A class problem's size holds {@code init} and {@code calls}
 * instead of {@code args}: its timed unit constructs a fresh object and makes every call in order
 * (the arguments converted beforehand, the results discarded). A lazy result is read to its end
 * inside the timed unit (see {@link #force}). Only the call is timed, in CPU seconds: the calling
 * thread's CPU time plus the time of the collections during the call (the serial collector runs
 * them in another thread while the caller waits), and, when the call clearly worked in other
 * threads too (a parallel stream, an executor), the CPU time of every other Java thread during the
 * call. The JIT compilers' threads are not Java threads and are never counted (nor is the
 * process's CPU clock used: it counts them, and ticks in hundredths of a second).
 *
 * <p>A solution call whose thread has used more than {@code cutoff_ratio} times the reference's
 * fastest call (and at least a second) of CPU time is cut short: the event {@code timing_cut} is
 * written and the JVM stops. With {@code "debug": true} in the job, every call is also written as
 * a {@code timing_call} event (thread, collection and other threads' seconds, wall time).
 */
final class Timing {
  private static final double MIN_CUT_SECONDS = 1.0;
  private static final long WATCH_MILLIS = 50;

  private final Harness harness;
  private final Path work;
  private final Map<String, Object> timing;
  private final Events events;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final boolean cpuClock =
      threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
  private final List<GarbageCollectorMXBean> collectors =
      ManagementFactory.getGarbageCollectorMXBeans();
  private final Timer watchdog = new Timer("agentbench-timing-cut", true);

  /** The result of the last call, kept so that the call cannot be optimised away. */
  @SuppressWarnings("unused")
  private volatile Object sink;

  /** One of the two: the solution or the reference. */
  private record Contender(String who, Harness.Entry entry, ClassLoader loader) {}

  /** The timed part of one measurement, its arguments converted beforehand. */
  private interface Unit {
    Object run() throws Throwable;
  }

  /** One measurement, prepared: {@link #ready} does its untimed part and returns the timed one. */
  private interface Prepared {
    Unit ready() throws Throwable;
  }

  /** A call threw: the contender, and what it threw. */
  private static final class CallFailed extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Contender contender;

    CallFailed(Contender contender, Throwable cause) {
      super(cause);
      this.contender = contender;
    }
  }

  Timing(Harness harness, Path work, Map<String, Object> timing, Events events) {
    this.harness = harness;
    this.work = work;
    this.timing = timing;
    this.events = events;
  }

  void run() throws java.io.IOException {
    Map<String, Contender> byWho = new HashMap<>();
    Map<String, Compiler.Classes> compiled = new HashMap<>();
    for (Object item : Harness.list(timing.get("contenders"))) {
      Map<String, Object> spec = Harness.map(item);
      String who = (String) spec.get("who");
      String dirName = (String) spec.get("dir");
      Path dir = work.resolve(dirName);
      if (!compiled.containsKey(dirName)) {
        Compiler.Classes classes = new Compiler.Classes();
        List<Path> sources = new ArrayList<>();
        for (Object file : Harness.list(spec.get("sources"))) {
          sources.add(dir.resolve((String) file));
          harness.solutionFiles.add(Path.of((String) file).getFileName().toString());
        }
        String error = Compiler.compile(sources, classes, null, List.of());
        if (error != null) {
          events.emit(
              Events.event(
                  "load_error", "who", who, "error_type", "CompileError", "message", error));
          return;
        }
        compiled.put(dirName, classes);
      }
      // a loader of its own even for the same classes: each copy has its own JIT profile
      Compiler.Classes classes = compiled.get(dirName);
      Compiler.Loader loader = new Compiler.Loader(Harness.class.getClassLoader(), classes);
      loader.defineAll();
      try {
        byWho.put(who, new Contender(who, harness.findEntry(loader, classes.names()), loader));
      } catch (Harness.LoadFailure e) {
        events.emit(
            Events.event(
                "load_error", "who", who, "error_type", e.type, "message", e.getMessage()));
        return;
      }
    }
    Contender solution = byWho.get("solution");
    Contender reference = byWho.get("reference");
    if (solution == null || reference == null) {
      throw new IllegalStateException("the timing job needs a solution and a reference");
    }
    events.emit(Events.event("loaded"));
    int repeat = ((Number) timing.getOrDefault("repeat", 5)).intValue();
    double cutoff = ((Number) timing.getOrDefault("cutoff_ratio", 25)).doubleValue();
    int warmupCalls = ((Number) timing.getOrDefault("warmup_calls", 10)).intValue();
    double warmupSeconds = ((Number) timing.getOrDefault("warmup_seconds", 0.3)).doubleValue();
    boolean firstSize = true;
    for (Object item : Harness.list(timing.get("sizes"))) {
      Map<String, Object> size = Harness.map(item);
      double warmupBudget = firstSize ? warmupSeconds : warmupSeconds / 5;
      firstSize = false;
      Map<String, List<Double>> times = new LinkedHashMap<>();
      times.put("solution", new ArrayList<>());
      times.put("reference", new ArrayList<>());
      double[] fastestReference = {Double.POSITIVE_INFINITY};
      try {
        for (Contender c : List.of(reference, solution)) {
          double spent = 0;
          Prepared warmup = prepare(c, size); // converted once: warm-up calls share it
          for (int i = 0; i == 0 || (i < warmupCalls && spent < warmupBudget); i++) {
            double seconds = call(c, warmup, size, cutoff, fastestReference[0], false);
            spent += seconds;
            if (c == reference) {
              fastestReference[0] = Math.min(fastestReference[0], seconds);
            }
          }
        }
        for (int round = 0; round < repeat; round++) {
          List<Contender> order =
              round % 2 == 0 ? List.of(reference, solution) : List.of(solution, reference);
          for (Contender c : order) {
            double seconds = call(c, prepare(c, size), size, cutoff, fastestReference[0], true);
            times.get(c.who()).add(seconds);
            if (c == reference) {
              fastestReference[0] = Math.min(fastestReference[0], seconds);
            }
          }
        }
      } catch (CallFailed e) {
        Map<String, Object> event = Events.event("timing_error", "who", e.contender.who());
        event.put("label", size.get("label"));
        event.putAll(harness.errorFields(e.getCause(), null));
        events.emit(event);
        return;
      }
      Map<String, Object> event = Events.event("timing", "label", size.get("label"));
      event.put("n", size.get("n"));
      event.putAll(times);
      events.emit(event);
    }
    events.emit(Events.event("done"));
  }

  /**
   * A measurement of {@code c} on {@code size}, its arguments converted afresh from the JSON: a
   * call of the entry point (on a new instance for an instance method, made untimed), or for a
   * class problem the construction and the calls.
   */
  private static Prepared prepare(Contender c, Map<String, Object> size) throws CallFailed {
    try {
      if (size.containsKey("calls")) {
        return prepareSequence(c.entry().owner(), size);
      }
      Harness.Call bound =
          Harness.bind(c.entry().methods(), Harness.list(size.get("args")), Map.of());
      Method method = (Method) bound.method();
      Object[] values = bound.args();
      Constructor<?> ctor = c.entry().constructor();
      boolean isStatic = Modifier.isStatic(method.getModifiers());
      return () -> {
        Object target = isStatic ? null : Harness.construct(ctor, new Object[0]);
        return () -> force(Harness.invoke(method, target, values));
      };
    } catch (Throwable e) {
      throw new CallFailed(c, e);
    }
  }

  /** A class problem's measurement: the object built from {@code init}, then every call. */
  private static Prepared prepareSequence(Class<?> owner, Map<String, Object> size)
      throws Throwable {
    Harness.Call init =
        Harness.bind(Harness.constructors(owner), Harness.list(size.get("init")), Map.of());
    Constructor<?> ctor = (Constructor<?>) init.method();
    Object[] initArgs = init.args();
    List<Object> jobs = Harness.list(size.get("calls"));
    Method[] methods = new Method[jobs.size()];
    Object[][] args = new Object[jobs.size()][];
    Map<String, List<Executable>> byName = new HashMap<>();
    for (int i = 0; i < methods.length; i++) {
      Map<String, Object> job = Harness.map(jobs.get(i));
      String name = (String) job.get("method");
      List<Executable> candidates = byName.get(name);
      if (candidates == null) {
        candidates = Harness.methods(owner, name);
        byName.put(name, candidates);
      }
      Harness.Call call = Harness.bind(candidates, Harness.list(job.get("args")), Map.of());
      methods[i] = (Method) call.method();
      args[i] = call.args();
    }
    return () ->
        () -> {
          Object obj = Harness.construct(ctor, initArgs);
          Object last = obj;
          for (int i = 0; i < methods.length; i++) {
            last = force(Harness.invoke(methods[i], obj, args[i]));
          }
          return last;
        };
  }

  /**
   * A lazy result read inside the timed unit, so that an answer that defers its work is not timed
   * as free: a stream or an iterator is read to its end, an iterable that is not a collection
   * (computed as it is read) too, and a future is waited for (how it completes does not matter).
   * Anything else is returned as it is.
   */
  static Object force(Object result) throws InterruptedException {
    Iterator<?> items = null;
    if (result instanceof BaseStream<?, ?> stream) {
      items = stream.iterator();
    } else if (result instanceof Iterator<?> iterator) {
      items = iterator;
    } else if (result instanceof Iterable<?> iterable && !(result instanceof Collection<?>)) {
      items = iterable.iterator();
    } else if (result instanceof Future<?> future) {
      try {
        future.get();
      } catch (ExecutionException | CancellationException e) {
        // completed all the same
      }
      return result;
    }
    if (items == null) {
      return result;
    }
    Object last = null;
    while (items.hasNext()) {
      last = items.next();
    }
    return last;
  }

  /**
   * One call of {@code c}: its CPU seconds (see the class comment); a solution call may be cut
   * short. A timed call (not a warm-up call) starts on a freshly collected heap.
   */
  private double call(
      Contender c,
      Prepared prepared,
      Map<String, Object> size,
      double cutoff,
      double reference,
      boolean timed)
      throws CallFailed {
    long prepare0 = System.nanoTime();
    Unit unit;
    try {
      unit = prepared.ready();
    } catch (Throwable e) {
      throw new CallFailed(c, e);
    }
    Thread.currentThread().setContextClassLoader(c.loader());
    long collect0 = System.nanoTime();
    if (timed) {
      System.gc();
    }
    long gc0 = gcMillis();
    Map<Long, Long> others0 = otherThreadsNanos();
    long thread0 = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
    long wall0 = System.nanoTime();
    TimerTask cut = null;
    if ("solution".equals(c.who()) && reference < Double.POSITIVE_INFINITY) {
      cut = cutter(Math.max(MIN_CUT_SECONDS, cutoff * reference), size, thread0, wall0);
      watchdog.schedule(cut, WATCH_MILLIS, WATCH_MILLIS);
    }
    try {
      sink = unit.run();
    } catch (Throwable e) {
      throw new CallFailed(c, e);
    } finally {
      if (cut != null) {
        cut.cancel();
      }
    }
    long wall = System.nanoTime() - wall0;
    long thread = cpuClock ? threads.getCurrentThreadCpuTime() - thread0 : -1;
    Map<Long, Long> others1 = otherThreadsNanos();
    double gc = (gcMillis() - gc0) / 1e3;
    sink = null;
    long others = 0;
    for (Map.Entry<Long, Long> e : others1.entrySet()) {
      others += Math.max(0, e.getValue() - others0.getOrDefault(e.getKey(), 0L));
    }
    if (Boolean.TRUE.equals(timing.get("debug"))) {
      Map<String, Object> event = Events.event("timing_call", "who", c.who());
      event.put("thread", thread / 1e9);
      event.put("gc", gc);
      event.put("others", others / 1e9);
      event.put("wall", wall / 1e9);
      event.put("prepare", (collect0 - prepare0) / 1e9);
      event.put("collect", (wall0 - collect0) / 1e9);
      events.emit(event);
    }
    if (thread < 0) { // no thread CPU clock here: wall time it is
      return wall / 1e9;
    }
    double own = thread / 1e9 + gc;
    double all = own + others / 1e9;
    return all > own * 1.1 + 0.002 ? all : own;
  }

  /**
   * A task that stops the JVM once the calling thread has spent {@code limit} CPU seconds in
   * the call (wall-clock seconds without a CPU clock): the score is 0 from there on. CPU time,
   * so that neither the machine's load nor a compilation the call waits for (-Xbatch) counts.
   */
  private TimerTask cutter(double limit, Map<String, Object> size, long cpu0, long wall0) {
    long caller = Thread.currentThread().getId();
    return new TimerTask() {
      @Override
      public void run() {
        double used =
            cpuClock
                ? (threads.getThreadCpuTime(caller) - cpu0) / 1e9
                : (System.nanoTime() - wall0) / 1e9;
        if (used > limit) {
          Map<String, Object> event = Events.event("timing_cut", "label", size.get("label"));
          event.put("n", size.get("n"));
          event.put("limit", limit);
          events.emit(event);
          Runtime.getRuntime().halt(0);
        }
      }
    };
  }

  /** CPU nanoseconds of every live Java thread but this one (by id); empty without a clock. */
  private Map<Long, Long> otherThreadsNanos() {
    Map<Long, Long> out = new HashMap<>();
    if (!cpuClock) {
      return out;
    }
    long self = Thread.currentThread().getId();
    for (long id : threads.getAllThreadIds()) {
      if (id != self) {
        long nanos = threads.getThreadCpuTime(id);
        if (nanos >= 0) {
          out.put(id, nanos);
        }
      }
    }
    return out;
  }

  private long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

}
