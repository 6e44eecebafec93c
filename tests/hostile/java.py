"""Hostile Java solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}`` and ``{secret_name}`` are filled in by the test.
Every attack is paired with the failure kinds it may end in; ``passed`` where the attack is
harmless by construction (a private /tmp, a child that is killed with the sandbox). Only the
standard library is used: Java cannot fork, so the fork bomb starts processes with
``ProcessBuilder`` (a shell fork bomb, and more of them for as long as it can), as a real
attacker would; likewise ``kill -9 -1`` is run as a command. An error the attack meets is
thrown, so that it fails the case visibly. The memory bomb ends in the JVM's own heap cap
(``-Xmx``): an ``OutOfMemoryError``, which the judge counts as a resource limit.
``kill_parent`` may pass: in the sandbox's PID namespace the parent is its init, which a signal
from inside cannot kill, and ``kill(-1)`` spares the caller's init.
"""

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
""", {"runtime_error"}),
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
""", {"runtime_error"}),
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
}
