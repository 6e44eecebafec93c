package agentbench;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome channel ({@code pytest_agentbench/channel.py}): one JSON object a line, each written
 * as it happens, with the channel's token as {@code "t"}, to the events descriptor the plugin
 * passed ({@code AGENTBENCH_EVENTS_FD}). The token is read from {@code AGENTBENCH_TOKEN_FD} (a pipe
 * whose writing end is closed) by {@link #fromEnvironment}, first thing in {@code main}, before
 * the solution is compiled, loaded or initialised, and that descriptor is closed.
 *
 * <p>What a solution in this JVM could use to forge a line is kept out of its reach as far as
 * Java allows: nothing here is reachable from a static field (reflection needs a root); the token
 * is kept masked (a heap dump, which {@code HotSpotDiagnosticMXBean} makes from inside, holds no
 * {@code "t":"<token>"} text), and each line is assembled in a buffer that is wiped once written.
 * The JVM runs with {@code -XX:+DisableAttachMechanism} (no {@code jcmd} heap dump from a child).
 * A solution that reads this process's memory ({@code sun.misc.Unsafe}, {@code /proc/self/mem})
 * can still find it: the channel's documented limit. Java cannot remove the two variables from
 * its own environment; they name descriptors only, and child processes do not inherit those.
 */
final class Events implements AutoCloseable {
  static final String EVENTS_FD = "AGENTBENCH_EVENTS_FD";
  static final String TOKEN_FD = "AGENTBENCH_TOKEN_FD";
  private static final byte[] TOKEN_KEY = ",\"t\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_TOKEN_BYTES = 256;

  private final FileOutputStream out;
  private final byte[] mask;
  private final byte[] masked;

  private Events(FileOutputStream out, byte[] token) {
    this.out = out;
    this.mask = new byte[token.length];
    new SecureRandom().nextBytes(mask);
    this.masked = new byte[token.length];
    for (int i = 0; i < token.length; i++) {
      masked[i] = (byte) (token[i] ^ mask[i]);
    }
    Arrays.fill(token, (byte) 0);
  }

  /** The channel the plugin passed: reads the token to the end of its pipe and closes it. */
  static Events fromEnvironment() throws IOException {
    int tokenFd = descriptorNumber(TOKEN_FD);
    int eventsFd = descriptorNumber(EVENTS_FD);
    byte[] token = new byte[MAX_TOKEN_BYTES];
    int length = 0;
    FileDescriptor tokenDescriptor = descriptor(tokenFd);
    try (FileInputStream in =
        tokenDescriptor != null
            ? new FileInputStream(tokenDescriptor)
            : new FileInputStream(procName(tokenFd))) {
      while (length < token.length) {
        int n = in.read(token, length, token.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
    }
    byte[] exact = Arrays.copyOf(token, length);
    Arrays.fill(token, (byte) 0);
    if (length == 0) {
      throw new IOException("the outcome channel's token is empty");
    }
    FileDescriptor eventsDescriptor = descriptor(eventsFd);
    FileOutputStream out =
        eventsDescriptor != null
            ? new FileOutputStream(eventsDescriptor)
            : new FileOutputStream(procName(eventsFd), true);
    return new Events(out, exact);
  }

  private static int descriptorNumber(String variable) throws IOException {
    String value = System.getenv(variable);
    try {
      return Integer.parseInt(value == null ? "" : value.trim());
    } catch (NumberFormatException e) {
      throw new IOException(
          "no outcome channel: " + variable + " does not name a descriptor (" + value + ")", e);
    }
  }

  private static String procName(int number) {
    return "/proc/self/fd/" + number;
  }

  /**
   * An inherited descriptor by number, or null if this JVM cannot wrap one. Java has no public
   * way to, so its {@link FileDescriptor} is made with {@code sun.misc.Unsafe} (in {@code
   * jdk.unsupported}, open to every module). Where that is gone, the caller opens {@code
   * /proc/self/fd/N} again, which the kernel refuses when the sandbox runs as another user than
   * the one who made the descriptor (the plugin as root), and which leaves the token's descriptor
   * open (drained: its pipe holds nothing more).
   */
  private static FileDescriptor descriptor(int number) {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      Object unsafe = theUnsafe.get(null);
      long offset =
          (long)
              unsafeClass
                  .getMethod("objectFieldOffset", Field.class)
                  .invoke(unsafe, FileDescriptor.class.getDeclaredField("fd"));
      FileDescriptor fd = new FileDescriptor();
      unsafeClass
          .getMethod("putInt", Object.class, long.class, int.class)
          .invoke(unsafe, fd, offset, number);
      return fd.valid() ? fd : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
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
    String json;
    try {
      json = Json.write(event);
    } catch (RuntimeException | StackOverflowError e) {
      json = Json.write(event("harness_error", "message", "cannot write an event: " + e));
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8); // {...}: the token goes before the }
    int head = body.length - 1;
    byte[] line = new byte[head + TOKEN_KEY.length + masked.length + 3];
    System.arraycopy(body, 0, line, 0, head);
    System.arraycopy(TOKEN_KEY, 0, line, head, TOKEN_KEY.length);
    int at = head + TOKEN_KEY.length;
    for (int i = 0; i < masked.length; i++) {
      line[at + i] = (byte) (masked[i] ^ mask[i]);
    }
    at += masked.length;
    line[at] = '"';
    line[at + 1] = '}';
    line[at + 2] = '\n';
    try {
      out.write(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Arrays.fill(line, (byte) 0);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
