"""Hostile Python solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}`` and ``{secret_name}`` are filled in by the test.
Every attack is paired with the failure kinds it may end in; ``passed`` where the attack is
harmless by construction (a private /tmp, a child that is killed with the sandbox).
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
""", {"passed", "runtime_error"}),
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
""", {"runtime_error"}),
}
