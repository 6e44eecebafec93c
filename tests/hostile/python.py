"""Hostile Python solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}``, ``{secret_name}`` and ``{unix_socket}`` are
filled in by the test. Every attack is paired with the failure kinds it may end in; ``passed``
where the attack is harmless by construction (a private /tmp, a child that is killed with the
sandbox). Attacks whose success the solution can see follow one pattern: attack, and return a
wrong answer if the attack worked, so ``passed`` means it was contained. The ``forge_*``
attacks return wrong answers and try to report passes; they must not pass.
"""

LANGUAGE = "python"
SIGNATURE = "def add(a: int, b: int) -> int:"
HONEST = "def add(a, b):\n    return a + b\n"

ATTACKS = {
    "infinite_loop": ("""
def add(a, b):
    while True:
        pass
""", {"timeout"}),
    "fork_bomb": ("""
import os
def add(a, b):
    while True:
        os.fork()
""", {"runtime_error", "resource_limit", "timeout"}),
    "memory_bomb": ("""
def add(a, b):
    hog = [bytearray(64 * 1024 * 1024) for _ in range(4)]
    hog.append(bytearray(16 * 1024 ** 3))
""", {"resource_limit"}),
    "output_flood": ("""
import sys
def add(a, b):
    while True:
        sys.stdout.write("flood " * 1000)
""", {"resource_limit"}),
    "network": ("""
import socket
def add(a, b):
    with socket.create_connection(("127.0.0.1", {port}), timeout=2) as conn:
        conn.sendall(b"{marker}")
    return a + b
""", {"runtime_error"}),
    "write_home": ("""
def add(a, b):
    with open("{home}/agentbench-pwned-{marker}", "w") as fh:
        fh.write("pwned")
    return a + b
""", {"runtime_error"}),
    "write_repo": ("""
def add(a, b):
    with open("{repo}/agentbench-pwned-{marker}", "w") as fh:
        fh.write("pwned")
    return a + b
""", {"runtime_error"}),
    "write_tmp": ("""
def add(a, b):
    with open("/tmp/agentbench-pwned-{marker}", "w") as fh:
        fh.write("pwned")
    return a + b
""", {"passed"}),
    "read_secret": ("""
import os
def add(a, b):
    print(os.environ["{secret_name}"])
    return a + b
""", {"runtime_error"}),
    "child_left_running": ("""
import subprocess
def add(a, b):
    subprocess.Popen(["sleep", "{marker}"], start_new_session=True)
    return a + b
""", {"passed"}),
    "kill_parent": ("""
import os, signal
def add(a, b):
    os.kill(os.getppid(), signal.SIGKILL)
    os.kill(-1, signal.SIGKILL)
    return a + b
""", {"passed", "runtime_error"}),
    "remount_and_unmount": ("""
import subprocess
def add(a, b):
    worked = 0
    for argv in (["mount", "-o", "remount,bind,rw", "/"], ["umount", "-l", "/tmp"],
                 ["umount", "-l", "/proc"], ["mount", "-t", "tmpfs", "none", "/usr"]):
        try:
            worked += subprocess.run(argv, capture_output=True).returncode == 0
        except OSError:
            pass
    try:
        with open("{repo}/agentbench-pwned-{marker}", "w") as fh:
            fh.write("pwned")
        worked += 1
    except OSError:
        pass
    return a + b + worked
""", {"passed"}),
    "read_environ_of_every_process": ("""
import os
def add(a, b):
    found = 0
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        if b"{secret_name}" in data:
            print(data.decode(errors="replace"))
            found += 1
    return a + b + found
""", {"passed"}),
    "setns_into_host_network": ("""
import ctypes, os, socket
def add(a, b):
    libc = ctypes.CDLL(None, use_errno=True)
    for pid in os.listdir("/proc"):
        try:
            fd = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
        except OSError:
            continue
        libc.setns(fd, 0x40000000)
        os.close(fd)
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
    except OSError:
        return a + b
    return a + b + 1
""", {"passed"}),
    "unix_socket_outside_tmp": ("""
import socket
def add(a, b):
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.connect("{unix_socket}")
    except OSError:
        return a + b
    return a + b + 1
""", {"passed"}),
    "ptrace_the_parent": ("""
import ctypes, os
def add(a, b):
    libc = ctypes.CDLL(None, use_errno=True)
    attached = 0
    for pid in {os.getppid(), 1}:
        attached += libc.ptrace(16, pid, None, None) == 0  # PTRACE_ATTACH
    return a + b + attached
""", {"passed"}),
    "overwrite_the_harness_then_kill_the_parent": ("""
import os, signal, sys
def add(a, b):
    written = 0
    harness = (getattr(sys.modules.get("python_harness"), "__file__", None)
               or getattr(sys.modules.get("__main__"), "__file__", None) or "harness.py")
    for path in (harness, "../python_harness.py"):  # the server's copy, or this job's
        if not os.path.exists(path):
            continue  # a new file in a private /tmp is no harm
        try:
            with open(path, "w") as fh:
                fh.write("raise SystemExit('hijacked')\\n")
            written += 1
        except OSError:
            pass
    for pid in (os.getppid(), 1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return a + b + written
""", {"passed"}),
    "desync_the_server": ("""
import json, os
def add(a, b):
    fake = json.dumps({"id": "job-999999", "returncode": 0, "timed_out": False,
                       "signal": None, "seconds": 0.0}) + "\\n"
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                with open(f"/proc/{pid}/fd/1", "w") as fh:
                    fh.write(fake * 3)
            except OSError:
                pass
    return a + b
""", {"passed"}),
    "leave_files_and_memory": ("""
import os
def add(a, b):
    for path in ("/tmp/agentbench-left-{marker}", "/dev/shm/agentbench-left-{marker}",
                 os.path.expanduser("~/agentbench-left-{marker}"), "agentbench-left-{marker}"):
        try:
            with open(path, "wb") as fh:
                fh.write(b"x" * (8 << 20))
        except OSError:
            pass
    return a + b
""", {"passed"}),
    "look_for_what_was_left": ("""
import glob, os
def add(a, b):
    found = []
    for pattern in ("/tmp/agentbench-left-*", "/dev/shm/agentbench-left-*",
                    "/tmp/*/agentbench-left-*", os.path.expanduser("~/agentbench-left-*"),
                    "agentbench-left-*",
                    "../*/agentbench-left-*"):
        found += glob.glob(pattern)
    return a + b + len(found)
""", {"passed"}),
    "forge_outcomes_on_every_descriptor": ("""
import json, os
def add(a, b):
    lines = [{"event": "loaded"}, {"event": "start", "index": 0},
             {"event": "case", "index": 0, "status": "value", "value": 3, "seconds": 0.0},
             {"event": "start", "index": 1},
             {"event": "case", "index": 1, "status": "value", "value": 4, "seconds": 0.0},
             {"event": "done"}]
    text = "".join(json.dumps(line) + "\\n" for line in lines).encode()
    for fd in range(3, 256):
        try:
            os.write(fd, text)
        except OSError:
            pass
    for name in ("outcomes.jsonl", "events.jsonl", "native.jsonl"):
        try:
            with open(name, "ab") as fh:
                fh.write(text)
        except OSError:
            pass
    os._exit(0)
""", {"runtime_error", "wrong_answer", "harness_error"}),
}
