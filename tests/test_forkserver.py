"""The Python fork server: one warm interpreter in the sandbox, a fork per problem, nothing
carried from one problem to the next."""

from __future__ import annotations

import random

import pytest

from pytest_agentbench import isolation
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry, forkserver
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
def test_nothing_written_to_tmp_reaches_the_next_problem(add):
    """The sandbox's /tmp is read-only: a solution writes only its own directory ($TMPDIR)."""
    writer = ("import os, tempfile\ndef add(a, b):\n"
              "    tempfile.NamedTemporaryFile(delete=False).write(b'x')\n"
              "    open('/tmp/agentbench-left-behind', 'w').write('x')\n"
              "    return a + b\n")
    reader = ("import os\ndef add(a, b):\n"
              "    return a + b + os.path.exists('/tmp/agentbench-left-behind')\n")
    ex = run(add, writer)
    assert ex.failure is not None and ex.failure.value == "runtime_error"
    assert "Read-only file system" in ex.message or "OSError" in ex.message, ex.message
    assert run(add, reader).failure is None


def test_a_solution_that_kills_the_server_fails_and_the_next_one_runs(add):
    killer = "import os, signal\ndef add(a, b):\n    os.kill(os.getppid(), signal.SIGKILL)\n" \
             "    return a + b\n"
    ex = run(add, killer)
    assert ex.failure is not None and ex.failure.value == "runtime_error"
    assert "killed the sandbox" in ex.message
    assert run(add, "def add(a, b):\n    return a + b\n").failure is None


def test_same_outcomes_with_and_without_the_server(add, monkeypatch):
    code = "def add(a, b):\n    if a < 0:\n        raise ValueError(a)\n    return a + b\n"
    forked = [(o.status, o.actual) for o in run(add, code).outcomes]
    monkeypatch.setenv("AGENTBENCH_FORKSERVER", "0")
    spawned = [(o.status, o.actual) for o in run(add, code).outcomes]
    assert forked == spawned == [("passed", "3"), ("error", "raised ValueError"), ("passed", "0")]
