package agentbench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Outcome events, one JSON object a line, each written straight to the file as it happens. */
final class Events implements AutoCloseable {
  private final FileOutputStream out;

  Events(Path path) throws IOException {
    this.out = new FileOutputStream(path.toFile(), true);
  }

  /** An event: the name, then key/value pairs. */
  static Map<String, Object> event(String name, Object... pairs) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", name);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      event.put((String) pairs[i], pairs[i + 1]);
    }
    return event;
  }

  synchronized void emit(Map<String, Object> event) {
    String line;
    try {
      line = Json.write(event);
    } catch (RuntimeException | StackOverflowError e) {
      line = Json.write(event("harness_error", "message", "cannot write an event: " + e));
    }
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
