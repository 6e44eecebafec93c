package agentbench;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.Main;
import com.puppycrawl.tools.checkstyle.PackageObjectFactory;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.ThreadModeSettings;
import com.puppycrawl.tools.checkstyle.XMLLogger;
import com.puppycrawl.tools.checkstyle.api.AutomaticBean;
import com.puppycrawl.tools.checkstyle.api.CheckstyleException;
import com.puppycrawl.tools.checkstyle.api.Configuration;
import com.puppycrawl.tools.checkstyle.api.LocalizedMessage;
import com.puppycrawl.tools.checkstyle.api.RootModule;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;

/**
 * The {@code checkstyle -c CONFIG -p PROPERTIES -f xml FILE...} command in this JVM: what
 * Checkstyle's {@code Main} does for it, with a new checker for each run.
 */
final class CheckstyleCommand {
  private static final String MESSAGES = "com.puppycrawl.tools.checkstyle.messages";

  private CheckstyleCommand() {}

  /**
   * Runs the command in {@code dir}, the XML report on {@code out}; returns the exit status
   * ({@code Main}'s: the number of errors, -2 after an exception, whose stack trace goes to
   * {@code System.err} with the count of errors, as {@code Main} prints them).
   */
  static int run(List<String> args, Path dir, PrintStream out) throws IOException {
    String config = null;
    Path properties = null;
    List<File> files = new ArrayList<>();
    for (Iterator<String> it = args.iterator(); it.hasNext(); ) {
      String arg = it.next();
      switch (arg) {
        case "-c" -> config = dir.resolve(it.next()).toString();
        case "-p" -> properties = dir.resolve(it.next());
        case "-f" -> {
          if (!it.next().equals("xml")) {
            throw new IllegalArgumentException("only the xml format is served");
          }
        }
        default -> {
          if (arg.startsWith("-")) {
            throw new IllegalArgumentException("an option not served: " + arg);
          }
          files.add(dir.resolve(arg).toFile());
        }
      }
    }
    if (config == null || properties == null) {
      throw new IllegalArgumentException("-c and -p are required");
    }
    int errors;
    int status;
    try {
      errors = check(config, properties, files, out);
      status = errors;
    } catch (CheckstyleException e) {
      errors = 1;
      status = -2;
      e.printStackTrace();
    }
    if (errors > 0) {
      String count = String.valueOf(errors);
      System.err.println(new LocalizedMessage(1, MESSAGES, "Main.errorCounter",
          new String[] {count}, null, Main.class, null).getMessage());
    }
    return status;
  }

  private static int check(String config, Path properties, List<File> files, PrintStream out)
      throws CheckstyleException, IOException {
    Properties values = new Properties();
    try (InputStream in = Files.newInputStream(properties)) {
      values.load(in);
    }
    Configuration configuration = ConfigurationLoader.loadConfiguration(config,
        new PropertiesExpander(values), ConfigurationLoader.IgnoredModulesOptions.OMIT,
        new ThreadModeSettings(1, 1));
    ClassLoader loader = Checker.class.getClassLoader();
    RootModule root = (RootModule) new PackageObjectFactory(
        Checker.class.getPackage().getName(), loader).createModule(configuration.getName());
    try {
      root.setModuleClassLoader(loader);
      root.configure(configuration);
      root.addListener(new XMLLogger(out, AutomaticBean.OutputStreamOptions.NONE));
      return root.process(files);
    } finally {
      root.destroy();
    }
  }
}
