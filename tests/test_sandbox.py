"""The sandbox: process groups die, output is bounded, the environment is clean."""

from __future__ import annotations

import os
import random
import sys
import time

from pytest_agentbench import sandbox
from pytest_agentbench.sandbox import Limits, clean_env, solution_limits


def _run(tmp_path, code: str, limits: Limits | None = None, env=None):
    return sandbox.run([sys.executable, "-c", code], cwd=tmp_path,
                       env=env or clean_env(tmp_path), limits=limits or Limits(wall_seconds=10))


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs, allowing a moment for a SIGKILL already sent to land."""
    for _ in range(50):
        if not _running(pid):
            return False
        time.sleep(0.05)
    return True


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


def test_normal_exit_keeps_output(tmp_path):
    res = _run(tmp_path, "import sys; print('out'); print('err', file=sys.stderr)")
    assert res.returncode == 0 and res.stdout == "out\n" and res.stderr == "err\n"
    assert not res.timed_out and res.signal is None


def _marker() -> str:
    """A sleep duration no other process uses: it finds our children from outside any PID
    namespace, where the pids they saw mean nothing."""
    return f"{1000 + random.random():.9f}"


def _with_marker(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    if marker.encode() in fh.read():
                        found.append(int(entry))
            except OSError:
                continue
    return found


def _left(marker: str) -> list[int]:
    return [pid for pid in _with_marker(marker) if _alive(pid)]


def test_timeout_kills_the_whole_group(tmp_path):
    marker = _marker()
    code = (
        "import subprocess, sys, time\n"
        f"p = subprocess.Popen(['sleep', '{marker}'])\n"
        "time.sleep(100)\n"
    )
    res = _run(tmp_path, code, Limits(wall_seconds=1.5))
    assert res.timed_out
    assert _left(marker) == []


def test_children_left_behind_after_exit_are_killed(tmp_path):
    marker = _marker()
    code = (
        "import subprocess, os\n"
        f"p = subprocess.Popen(['sleep', '{marker}'], start_new_session=True)\n"
    )
    res = _run(tmp_path, code)
    assert res.returncode == 0
    assert _left(marker) == []


def test_output_flood_keeps_only_the_tail(tmp_path):
    res = _run(tmp_path, "import sys\nfor i in range(200000): print(i)\n",
               Limits(wall_seconds=10, output_bytes=1000))
    assert res.output_truncated and len(res.stdout) <= 1000
    assert res.stdout.rstrip().endswith("199999")


def test_file_size_limit_stops_a_flood(tmp_path):
    limits = Limits(wall_seconds=10, file_size_bytes=100_000)
    res = _run(tmp_path, "import sys\nwhile True: sys.stdout.write('x' * 4096)\n", limits)
    assert res.signal is not None or res.returncode != 0
    assert not res.timed_out


def test_a_flood_that_ignores_the_file_size_signal_is_named_an_output_limit(tmp_path):
    """The JVM ignores SIGXFSZ and keeps writing until the wall clock stops it."""
    from pytest_agentbench.languages.base import process_failure
    from pytest_agentbench.models import FailureKind

    code = ("import signal, sys\nsignal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "while True:\n    try: sys.stdout.write('x' * 4096); sys.stdout.flush()\n"
            "    except OSError: pass\n")
    res = _run(tmp_path, code, Limits(wall_seconds=2, file_size_bytes=100_000))
    assert res.timed_out and res.limit == "output"
    kind, message = process_failure(res)
    assert kind is FailureKind.RESOURCE_LIMIT and "output limit" in message


def test_cpu_limit(tmp_path):
    res = _run(tmp_path, "while True: pass", Limits(wall_seconds=20, cpu_seconds=1))
    assert res.signal in sandbox.RESOURCE_SIGNALS or res.returncode != 0
    assert res.seconds < 15


def test_memory_limit(tmp_path):
    res = _run(tmp_path, "x = bytearray(3 * 1024**3)", solution_limits(10))
    assert res.returncode != 0 and "MemoryError" in res.stderr


def test_environment_is_built_from_an_allow_list(tmp_path, monkeypatch):
    monkeypatch.setenv("AGENTBENCH_TEST_SECRET", "hunter2")
    res = _run(tmp_path, "import os; print(sorted(os.environ))")
    assert "AGENTBENCH_TEST_SECRET" not in res.stdout
    env = clean_env(tmp_path)
    assert env["HOME"] == str(tmp_path) and "AGENTBENCH_TEST_SECRET" not in env


def test_missing_program(tmp_path):
    res = sandbox.run(["/nonexistent/program"], cwd=tmp_path, env=clean_env(tmp_path),
                      limits=Limits())
    assert res.returncode is None and "could not start" in res.stderr


def test_stdin_data(tmp_path):
    res = sandbox.run([sys.executable, "-c", "import sys; print(sys.stdin.read().upper())"],
                      cwd=tmp_path, env=clean_env(tmp_path), limits=Limits(),
                      stdin_data=b"hello")
    assert res.stdout.strip() == "HELLO"


def test_a_sandbox_that_cannot_get_processes_is_started_again(tmp_path, monkeypatch):
    """Without a cgroup, RLIMIT_NPROC counts every process of the user: while another job's
    fork bomb is torn down, bubblewrap cannot make its namespaces (EAGAIN), and the job is
    started again after a short wait instead of failing. A command's own failure is not."""
    from pytest_agentbench import isolation
    from pytest_agentbench.models import ProcessResult

    busy = ProcessResult(1, 0.01, stderr="bwrap: Creating new namespace failed: Resource "
                                         "temporarily unavailable\n")
    results = [busy, busy, ProcessResult(0, 0.1, stdout="ok")]
    calls, waits = [], []
    monkeypatch.setattr(sandbox, "mode", lambda: "auto")
    monkeypatch.setattr(isolation, "wrap", lambda *a, **k: isolation.Wrapped(["true"]))
    monkeypatch.setattr(sandbox, "_run", lambda *a, **k: calls.append(a) or results.pop(0))
    monkeypatch.setattr(sandbox, "_wait", waits.append)
    got = sandbox.run(["true"], cwd=tmp_path, env=clean_env(tmp_path), limits=Limits(5))
    assert got.stdout == "ok" and len(calls) == 3 and waits == [0.05, 0.1]
    assert not sandbox.namespace_busy(ProcessResult(1, 0.01, stderr="Traceback ...\n"))
    calls.clear()
    monkeypatch.setattr(sandbox, "_run", lambda *a, **k: calls.append(a) or busy)
    got = sandbox.run(["true"], cwd=tmp_path, env=clean_env(tmp_path), limits=Limits(5))
    assert sandbox.namespace_busy(got) and len(calls) == len(sandbox.NAMESPACE_RETRY_DELAYS) + 1


def test_without_a_cgroup_each_job_gets_its_own_process_headroom(monkeypatch):
    """RLIMIT_NPROC counts the user's tasks, not the job's: the cap is set above the tasks the
    machine already runs, so another job's fork bomb cannot leave a new job no room."""
    import resource

    assert sandbox.tasks_on_machine() > 1
    monkeypatch.setattr(sandbox, "tasks_on_machine", lambda: 1000)
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    set_to = {}
    monkeypatch.setattr(resource, "setrlimit", lambda which, v: set_to.__setitem__(which, v))
    sandbox.limit_setter(Limits(processes=256), [])()
    hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    assert set_to[resource.RLIMIT_NPROC][0] == (
        1256 if hard == resource.RLIM_INFINITY else min(1256, hard))
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 0)  # root: the kernel exempts it
    set_to.clear()
    sandbox.limit_setter(Limits(processes=256), [])()
    assert resource.RLIMIT_NPROC not in set_to
