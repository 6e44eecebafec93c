package agentbench;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/** Compiles sources in this JVM with the system Java compiler (no second JVM, no javac start). */
final class Compiler {
  private static final int MAX_DIAGNOSTICS = 8;
  private static final List<String> OPTIONS =
      List.of(
          "-proc:none",
          "-parameters",
          "-g",
          "-implicit:none",
          "-Xlint:none",
          "-nowarn",
          "-Xmaxerrs",
          "20");

  private Compiler() {}

  /** A source file whose name need not match its public class (the agent chose the name). */
  private static final class SourceFile extends SimpleJavaFileObject {
    private final Path path;

    SourceFile(Path path) {
      super(path.toUri(), Kind.SOURCE);
      this.path = path;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) throws IOException {
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    }

    @Override
    public boolean isNameCompatible(String simpleName, Kind kind) {
      return kind == Kind.SOURCE;
    }

    @Override
    public NestingKind getNestingKind() {
      return null;
    }

    @Override
    public Modifier getAccessLevel() {
      return null;
    }
  }

  /**
   * Compiles {@code sources} into {@code out}; null on success, else the first error messages in
   * javac's own format (file:line: error: message, the source line, a caret).
   */
  static String compile(List<Path> sources, Path out, List<Path> classPath) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("this Java runtime has no compiler (a JRE, not a JDK?)");
    }
    Files.createDirectories(out);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
      List<JavaFileObject> units = new ArrayList<>();
      for (Path source : sources) {
        units.add(new SourceFile(source));
      }
      StringWriter other = new StringWriter();
      Boolean ok = compiler.getTask(other, files, diagnostics, OPTIONS, null, units).call();
      if (Boolean.TRUE.equals(ok)) {
        return null;
      }
      String text = format(diagnostics.getDiagnostics());
      return text.isEmpty() ? ("compilation failed\n" + other).strip() : text;
    }
  }

  private static String format(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    int errors = 0;
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      errors++;
      if (shown++ >= MAX_DIAGNOSTICS) {
        continue;
      }
      String[] message = d.getMessage(Locale.ROOT).split("\n", 2);
      String file =
          d.getSource() == null
              ? ""
              : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
      out.append(file).append("error: ").append(message[0]).append('\n');
      String line = sourceLine(d);
      if (line != null) {
        out.append(line).append('\n');
        long column = Math.max(1, d.getColumnNumber());
        out.append(" ".repeat((int) Math.min(column - 1, 200))).append("^\n");
      }
      if (message.length > 1) {
        out.append(message[1].stripTrailing()).append('\n');
      }
    }
    if (errors > 0) {
      out.append(errors).append(errors == 1 ? " error" : " errors").append('\n');
    }
    return out.toString().strip();
  }

  private static String sourceLine(Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null || d.getLineNumber() < 1) {
      return null;
    }
    try {
      String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
      long index = d.getLineNumber() - 1;
      return index < lines.length ? lines[(int) index].replace("\t", " ").stripTrailing() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
