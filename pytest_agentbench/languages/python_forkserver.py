"""A pre-started Python interpreter inside the sandbox that forks one child per problem.

Started once per pytest process by :mod:`pytest_agentbench.languages.forkserver`, inside the
same namespaces as any solution (no network, read-only filesystem but its base directory, own
PID namespace) and in a cgroup capping processes and memory. For each job it forks: the child
starts a new session, moves into the job's private directory, applies the resource limits, points
its output at files and runs the harness, already imported, on the job. The server waits with a
wall-clock limit, kills the child's process group, then every other process left in its PID
namespace, and reports. Starting an interpreter per problem costs tens of milliseconds; a fork
costs about one.

Protocol: one JSON object per line on stdin ({"id", "dir", "timeout", "limits"}), one per line
on stdout ({"id", "returncode", "signal", "timed_out", "seconds"}). Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import sys
import time

import python_harness

LIMITS = {
    "cpu_seconds": resource.RLIMIT_CPU,
    "memory_bytes": resource.RLIMIT_AS,
    "file_size_bytes": resource.RLIMIT_FSIZE,
    "open_files": resource.RLIMIT_NOFILE,
}


def _child(job: dict) -> None:
    try:
        os.setsid()
        os.chdir(job["dir"])
        for name, which in LIMITS.items():
            value = job["limits"].get(name)
            if value is not None:
                resource.setrlimit(which, (value, value))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        for fd, name in ((1, "stdout"), (2, "stderr")):
            out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, fd)
            os.close(out)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.environ["HOME"] = os.environ["TMPDIR"] = job["dir"]
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        python_harness.main("job.json")  # ends with os._exit
    except BaseException:  # the child must never return into the server's loop
        import traceback

        traceback.print_exc()
    os._exit(3)


def _wait(pid: int, timeout: float) -> tuple[int | None, bool]:
    """The child's wait status, and whether it was killed for running out of time."""
    deadline = time.monotonic() + timeout
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    timed_out = False
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            _kill_group(pid)
            _, status = os.waitpid(pid, 0)
            break
        if fd is not None:
            select.select([fd], [], [], remaining)
        else:
            time.sleep(min(0.005, remaining))
    if fd is not None:
        os.close(fd)
    return status, timed_out


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _kill_strays() -> None:
    """Kill every process in this PID namespace but this one and its ancestors."""
    keep = set()
    pid = os.getpid()
    while pid > 1:
        keep.add(pid)
        try:
            with open(f"/proc/{pid}/stat") as fh:
                pid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    keep.add(1)
    for _ in range(20):
        others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in keep]
        if not others:
            return
        for other in others:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(other, signal.SIGKILL)
        _reap()
        time.sleep(0.002)


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _clear_private_tmp() -> None:
    """A private /tmp (bubblewrap) outlives one job: empty it so nothing reaches the next."""
    import shutil

    base = os.getcwd()
    for entry in os.listdir("/tmp"):
        path = os.path.join("/tmp", entry)
        if base == path or base.startswith(path + os.sep):
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)


def serve() -> None:
    own_namespace = os.path.exists("/proc/1") and os.getpid() <= 3
    private_tmp = os.environ.get("AGENTBENCH_PRIVATE_TMP") == "1"
    for line in sys.stdin:
        job = json.loads(line)
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(job)
        status, timed_out = _wait(pid, float(job["timeout"]))
        _kill_group(pid)
        if own_namespace:
            _kill_strays()
        _reap()
        if private_tmp:
            _clear_private_tmp()
        code = os.waitstatus_to_exitcode(status) if status is not None else None
        reply = {"id": job["id"], "returncode": code, "timed_out": timed_out,
                 "signal": -code if code is not None and code < 0 else None,
                 "seconds": time.monotonic() - start}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
