"""The Python fork server: one warm interpreter in the sandbox, a fork per problem, nothing
carried from one problem to the next."""

from __future__ import annotations

import random

import pytest

from pytest_agentbench import isolation, sandbox
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.python import forkserver
from pytest_agentbench.sandbox import solution_limits

from .test_hostile import _processes_with

REG = default_registry()
PY = REG.get("python")
SETTINGS = ExecSettings(solution_limits(5))

pytestmark = pytest.mark.skipif(not forkserver.enabled(), reason="AGENTBENCH_FORKSERVER=0")


def run(problem, code):
    return judge(problem, PY.run(problem, code, SETTINGS))


@pytest.fixture
def add(mini_suite):
    return mini_suite.problems[0]


@pytest.mark.skipif(isolation.detect().level != "full", reason="needs a PID namespace")
def test_children_do_not_outlive_their_problem(add):
    marker = f"{1000 + random.random():.9f}"
    code = ("import subprocess\ndef add(a, b):\n"
            f"    subprocess.Popen(['sleep', '{marker}'], start_new_session=True)\n"
            "    return a + b\n")
    assert run(add, code).failure is None
    assert _processes_with(marker) == []


@pytest.mark.skipif(isolation.detect().method != "bwrap", reason="needs a private /tmp")
def test_nothing_written_to_tmp_or_shm_reaches_the_next_problem(add):
    """Each job has its own /tmp and /dev/shm (fresh tmpfs); they go with the job."""
    writer = ("import os, tempfile\ndef add(a, b):\n"
              "    tempfile.NamedTemporaryFile(delete=False).write(b'x')\n"
              "    open('/tmp/agentbench-left-behind', 'w').write('x')\n"
              "    open('/dev/shm/agentbench-left-behind', 'w').write('x')\n"
              "    return a + b\n")
    reader = ("import os\ndef add(a, b):\n"
              "    return a + b + os.path.exists('/tmp/agentbench-left-behind')"
              " + os.path.exists('/dev/shm/agentbench-left-behind')\n")
    assert run(add, writer).failure is None
    assert run(add, reader).failure is None


@pytest.mark.skipif(isolation.detect().method != "bwrap", reason="needs namespaces")
def test_a_solution_cannot_reach_the_server(add):
    """Its parent is the job's own init: signals to it, to the server's pid, or to every
    process it may signal reach nothing outside the job, and the same server runs on."""
    server = forkserver.server_for(PY.executable, SETTINGS.limits)
    assert run(add, "def add(a, b):\n    return a + b\n").failure is None
    before = server.proc.pid
    killer = ("import os, signal\ndef add(a, b):\n"
              f"    for pid in (os.getppid(), {before}, -1):\n"
              "        try:\n            os.kill(pid, signal.SIGKILL)\n"
              "        except OSError:\n            pass\n"
              "    return a + b\n")
    assert run(add, killer).failure is None
    assert server.proc.pid == before and server.proc.poll() is None


def test_a_server_that_dies_during_a_job_fails_that_job_and_is_restarted(add):
    import threading
    import time

    server = forkserver.server_for(PY.executable, SETTINGS.limits)
    assert run(add, "def add(a, b):\n    return a + b\n").failure is None
    victim = server.proc.pid

    def kill_soon() -> None:
        time.sleep(0.5)
        sandbox.kill_group(victim)

    threading.Thread(target=kill_soon).start()
    ex = run(add, "import time\ndef add(a, b):\n    time.sleep(3)\n    return a + b\n")
    assert ex.failure is not None and ex.failure.value == "runtime_error"
    assert "killed the sandbox" in ex.message
    assert run(add, "def add(a, b):\n    return a + b\n").failure is None
    assert server.proc.pid != victim


def test_same_outcomes_with_and_without_the_server(add, monkeypatch):
    code = "def add(a, b):\n    if a < 0:\n        raise ValueError(a)\n    return a + b\n"
    forked = [(o.status, o.actual) for o in run(add, code).outcomes]
    monkeypatch.setenv("AGENTBENCH_FORKSERVER", "0")
    spawned = [(o.status, o.actual) for o in run(add, code).outcomes]
    assert forked == spawned == [("passed", "3"), ("error", "raised ValueError"), ("passed", "0")]


def test_servers_started_ahead_go_to_the_threads_that_run_problems(add):
    """``prestart`` starts servers in the background; each thread's first server is one of
    them (no start of its own), and it runs problems like any other."""
    import threading

    limits = solution_limits(7)  # a kind of server no other test made
    forkserver.prestart(PY.executable, limits, 2)
    kind = forkserver._kind(PY.executable, limits)
    spares = list(forkserver._SPARES[kind])
    assert len(spares) == 2
    forkserver.prestart(PY.executable, limits, 2)  # asked again: still two
    assert forkserver._SPARES[kind] == spares
    got: list = []

    def work() -> None:
        got.append((forkserver.server_for(PY.executable, limits),
                    judge(add, PY.run(add, "def add(a, b):\n    return a + b\n",
                                      ExecSettings(limits))).failure))
        PY.release_thread()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(id, (s for s, _ in got))) == sorted(map(id, spares))
    assert [failure for _, failure in got] == [None, None]
    assert forkserver._SPARES[kind] == []
