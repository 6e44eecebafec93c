package agentbench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * {@code javac} and Checkstyle in one long-lived JVM for many files: the server that {@code
 * pytest_agentbench/analysis/server.py} starts, sandboxed, in its home directory.
 *
 * <p>It runs both tools once on a file of its own (what a first run loads), then says {@code
 * {"ready": true}}. Each request line {@code {"id": 1, "args": ["javac", ...], "files": {...}}}
 * (the command line, starting with the tool's name) is answered with {@code {"id": 1, "status":
 * 0, "stdout": "...", "stderr": "..."}}: what the command prints, with the paths relative to its
 * directory, and its exit status, run in a fresh directory {@code jobs/<id>} holding the files
 * (removed after). Each run gets a compiler context or a Checkstyle checker of its own. Anything
 * else is answered with {@code {"id": 1, "error": "..."}}, and the analyser runs the command as a
 * process instead.
 */
public final class AnalysisServer {
  private static final String WARM_UP =
      "import java.util.List;\n\n/** Sums. */\npublic final class WarmUp {\n"
          + "  private WarmUp() {}\n\n  /** The sum of {@code values}. */\n"
          + "  public static int sum(List<Integer> values) {\n"
          + "    return values.stream().mapToInt(Integer::intValue).sum();\n  }\n}\n";
  private static final String WARM_UP_CONFIG =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE module PUBLIC \"-//Checkstyle//DTD Checkstyle"
          + " Configuration 1.3//EN\" \"https://checkstyle.org/dtds/configuration_1_3.dtd\">\n"
          + "<module name=\"Checker\"><module name=\"TreeWalker\">"
          + "<module name=\"MemberName\"/><module name=\"JavadocMethod\"/>"
          + "</module></module>\n";

  private final Path jobs;
  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

  private AnalysisServer(Path jobs) {
    this.jobs = jobs;
  }

  /** Serves requests from standard input until it closes. */
  public static void main(String[] args) throws IOException {
    PrintStream replies =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    BufferedReader requests =
        new BufferedReader(
            new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
    System.setOut(System.err); // what the tools print past their streams stays off the replies
    System.setIn(InputStream.nullInputStream());
    AnalysisServer server;
    try {
      server = new AnalysisServer(Files.createDirectories(Path.of("jobs").toAbsolutePath()));
      server.warmUp();
    } catch (IOException | RuntimeException | LinkageError e) {
      replies.println(Json.write(Map.of("ready", false, "error", "cannot run in-process: " + e)));
      return;
    }
    replies.println(Json.write(Map.of("ready", true)));
    for (String line = requests.readLine(); line != null; line = requests.readLine()) {
      replies.println(Json.write(server.answer(line)));
    }
  }

  private void warmUp() throws IOException {
    Path dir = Files.createDirectory(jobs.resolve("warm-up"));
    try {
      Files.writeString(dir.resolve("WarmUp.java"), WARM_UP);
      Files.writeString(dir.resolve("warm-up.xml"), WARM_UP_CONFIG);
      Files.writeString(dir.resolve("warm-up.properties"), "");
      run(List.of("javac", "-Xlint:all", "-proc:none", "-d", "classes", "WarmUp.java"), dir);
      run(List.of("checkstyle", "-c", "warm-up.xml", "-p", "warm-up.properties", "-f", "xml",
          "WarmUp.java"), dir);
    } finally {
      delete(dir);
    }
  }

  private Map<String, Object> answer(String line) {
    Map<String, Object> reply = new LinkedHashMap<>();
    Path dir = null;
    try {
      Map<?, ?> request = (Map<?, ?>) Json.parse(line);
      long id = ((Number) request.get("id")).longValue();
      reply.put("id", id);
      dir = Files.createDirectory(jobs.resolve(Long.toString(id)));
      for (Map.Entry<?, ?> file : ((Map<?, ?>) request.get("files")).entrySet()) {
        Files.writeString(dir.resolve(plainName((String) file.getKey())),
            (String) file.getValue());
      }
      List<String> args = new ArrayList<>();
      for (Object arg : (List<?>) request.get("args")) {
        args.add((String) arg);
      }
      reply.putAll(run(args, dir));
    } catch (IOException | RuntimeException | StackOverflowError e) {
      reply.put("error", e.toString());
    } finally {
      if (dir != null) {
        delete(dir);
      }
    }
    return reply;
  }

  private static String plainName(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("not a plain file name: " + name);
    }
    return name;
  }

  /** The command {@code args} run in {@code dir}: its status, stdout and stderr. */
  private Map<String, Object> run(List<String> args, Path dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int status;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(outStream);
      System.setErr(errStream);
      List<String> rest = args.subList(1, args.size());
      status =
          switch (args.get(0)) {
            case "javac" -> javac.run(null, outStream, errStream, javacArgs(rest, dir));
            case "checkstyle" -> CheckstyleCommand.run(rest, dir, outStream);
            default -> throw new IllegalArgumentException("no such tool: " + args.get(0));
          };
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    String prefix = dir + File.separator;
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("status", (long) (status & 0xff)); // as a process's exit status
    reply.put("stdout", out.toString(StandardCharsets.UTF_8).replace(prefix, ""));
    reply.put("stderr", err.toString(StandardCharsets.UTF_8).replace(prefix, ""));
    return reply;
  }

  /** javac's arguments with the source files and {@code -d} resolved in {@code dir}. */
  private static String[] javacArgs(List<String> args, Path dir) {
    String[] out = new String[args.size()];
    for (int i = 0; i < out.length; i++) {
      String arg = args.get(i);
      boolean path = arg.endsWith(".java") || (i > 0 && args.get(i - 1).equals("-d"));
      out[i] = path ? dir.resolve(arg).toString() : arg;
    }
    return out;
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("cannot remove " + dir + ": " + e);
    }
  }
}
