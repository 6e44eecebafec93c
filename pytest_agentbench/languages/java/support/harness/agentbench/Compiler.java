package agentbench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles sources in this JVM with the system Java compiler (no second JVM, no javac start), into
 * memory: the work directory is read-only to the run, and class files on disk could be rewritten
 * by the solution before the tests' classes are loaded. {@link Loader} defines them.
 */
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

  /** Compiled classes by binary name: a compile's output, and the class path of another. */
  static final class Classes {
    private final Map<String, byte[]> bytes = new TreeMap<>();

    /** The binary names, sorted. */
    List<String> names() {
      return new ArrayList<>(bytes.keySet());
    }
  }

  /** A class compiled into memory, as javac writes it and reads it back from a class path. */
  private static final class MemoryClass extends SimpleJavaFileObject {
    private final String name;
    private final Classes into;

    MemoryClass(String name, Classes into) {
      super(URI.create("mem:///" + name.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
      this.name = name;
      this.into = into;
    }

    @Override
    public OutputStream openOutputStream() {
      return new ByteArrayOutputStream() {
        @Override
        public void close() {
          into.bytes.put(name, toByteArray());
        }
      };
    }

    @Override
    public InputStream openInputStream() {
      return new ByteArrayInputStream(into.bytes.get(name));
    }
  }

  /** The standard file manager, with class output to memory and memory classes on the path. */
  private static final class MemoryFiles
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Classes out;
    private final Classes path;

    MemoryFiles(StandardJavaFileManager files, Classes out, Classes path) {
      super(files);
      this.out = out;
      this.path = path;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling)
        throws IOException {
      if (location == StandardLocation.CLASS_OUTPUT && kind == JavaFileObject.Kind.CLASS) {
        return new MemoryClass(className, out);
      }
      return super.getJavaFileForOutput(location, className, kind, sibling);
    }

    @Override
    public Iterable<JavaFileObject> list(
        Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
        throws IOException {
      Iterable<JavaFileObject> listed = super.list(location, packageName, kinds, recurse);
      if (location != StandardLocation.CLASS_PATH
          || path == null
          || !kinds.contains(JavaFileObject.Kind.CLASS)) {
        return listed;
      }
      List<JavaFileObject> all = new ArrayList<>();
      listed.forEach(all::add);
      for (String name : path.bytes.keySet()) {
        int dot = name.lastIndexOf('.');
        String pkg = dot < 0 ? "" : name.substring(0, dot);
        if (pkg.equals(packageName)
            || (recurse && (packageName.isEmpty() || pkg.startsWith(packageName + ".")))) {
          all.add(new MemoryClass(name, path));
        }
      }
      return all;
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
      return file instanceof MemoryClass c ? c.name : super.inferBinaryName(location, file);
    }
  }

  /**
   * Defines classes compiled into memory (a child of the harness's loader, so that tests see
   * JUnit's API on the class path). {@link #defineAll} defines every one before any code of the
   * solution runs; its bytes are then dropped, so nothing the solution does later changes what
   * the tests run.
   */
  static final class Loader extends ClassLoader {
    private final Map<String, byte[]> pending = new HashMap<>();

    Loader(ClassLoader parent, Classes... classes) {
      super(parent); // unnamed: stack frames read "at Solution.f(Solution.java:3)"
      for (Classes c : classes) {
        pending.putAll(c.bytes);
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] code;
      synchronized (getClassLoadingLock(name)) {
        code = pending.get(name);
      }
      if (code == null) {
        throw new ClassNotFoundException(name);
      }
      Class<?> defined = defineClass(name, code, 0, code.length);
      synchronized (getClassLoadingLock(name)) {
        pending.remove(name);
      }
      return defined;
    }

    /** Defines (neither links nor initialises) every class; one that cannot be stays pending. */
    void defineAll() {
      List<String> names;
      synchronized (this) {
        names = new ArrayList<>(pending.keySet());
      }
      for (String name : names) {
        try {
          loadClass(name, false);
        } catch (ClassNotFoundException | LinkageError e) {
          // reported where the class is used, as the JVM would
        }
      }
    }
  }

  /**
   * Compiles {@code sources} into {@code out}, against {@code path} (classes compiled before, or
   * null) and the jars of {@code classPath}; null on success, else the first error messages in
   * javac's own format (file:line: error: message, the source line, a caret).
   */
  static String compile(List<Path> sources, Classes out, Classes path, List<Path> classPath)
      throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("this Java runtime has no compiler (a JRE, not a JDK?)");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager standard =
            compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        MemoryFiles files = new MemoryFiles(standard, out, path)) {
      standard.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
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
