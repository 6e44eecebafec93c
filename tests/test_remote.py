"""Remote xdist workers without rsync: two execnet socket servers on loopback, each in a
directory of its own holding the same checkout (here: the suite and a pytest.ini)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from pytest_agentbench.options import REMOTE_BASE, base_dir
from pytest_agentbench.remote import (
    NODEIDS,
    guard_restarts,
    host_of,
    is_remote,
    suite_nodeids,
    value_flags,
    worker_args,
    worker_nodeids,
)

from .helpers import MINI_SUITE, run_plugin

FAST = ("--agentbench-weights", "correctness=1,idiomaticity=0,performance=0,best_practices=0")


def test_worker_args_join_values_and_name_positional_suites():
    args = ["suites/a.json", "--agentbench", "suites/b", "-k", "easy", "--agentbench-resume",
            "results/j.jsonl", "--agentbench-fail-on-regression", "-d", "--tx", "socket=h:1",
            "--agentbench-shard=1/2", "tests"]
    assert worker_args(args, value_flags(), ["suites/a.json"]) == [
        "--agentbench=suites/a.json", "--agentbench=suites/b", "-k", "easy",
        "--agentbench-resume=results/j.jsonl", "--agentbench-fail-on-regression", "-d",
        "--tx", "socket=h:1", "--agentbench-shard=1/2", "tests"]


def test_node_ids_into_suites_cross_in_the_workers_input():
    suites = ["s/a.json::x", "s/a.json::y[s1]", "s/b.json", "s/c.json::z"]
    args = ["s/a.json::x", "-k", "easy", "s/a.json::y[s1]", "s/b.json", "s/c.json::z"]
    assert worker_args(args, value_flags(), suites) == [
        "--agentbench=s/a.json", "-k", "easy", "--agentbench=s/b.json",
        "--agentbench=s/c.json"]
    assert suite_nodeids(suites) == ["s/a.json::x", "s/a.json::y[s1]", "s/c.json::z"]


def test_a_worker_finds_the_node_ids_in_its_own_checkout(tmp_path):
    class Config:
        rootpath = tmp_path / "checkout"
        invocation_params = type("P", (), {"dir": tmp_path / "pyexecnetcache"})()
        workerinput = {REMOTE_BASE: "sub", NODEIDS: ["../s/a.json::x", "b.json::y[s1]"]}

    checkout = (tmp_path / "checkout").resolve()
    assert worker_nodeids(Config()) == [  # type: ignore[arg-type]
        f"{checkout / 's' / 'a.json'}::x", f"{checkout / 'sub' / 'b.json'}::y[s1]"]
    assert worker_nodeids(type("Controller", (), {})()) == []  # type: ignore[arg-type]


def test_a_worker_that_cannot_be_replaced_is_handed_over():
    class DSession:
        def _clone_node(self, node):
            raise ConnectionRefusedError(111, "Connection refused")

    dsession = DSession()
    failed: list[tuple[object, Exception]] = []
    assert guard_restarts(dsession, lambda node, exc: failed.append((node, exc)))
    assert guard_restarts(dsession, lambda node, exc: failed.append((node, exc)))  # once
    assert dsession._clone_node("gw1") is None
    assert [(node, type(exc)) for node, exc in failed] == [("gw1", ConnectionRefusedError)]
    assert not guard_restarts(object(), lambda node, exc: None)  # an xdist without it


def test_which_workers_are_remote():
    execnet = pytest.importorskip("execnet")
    remote = {s: is_remote(execnet.XSpec(s)) for s in
              ("popen", "popen//chdir=/x", "socket=127.0.0.1:1", "ssh=host")}
    assert remote == {"popen": False, "popen//chdir=/x": True, "socket=127.0.0.1:1": True,
                      "ssh=host": True}
    hosts = [host_of(execnet.XSpec(s)) for s in
             ("execmodel=main_thread_only//socket=10.0.0.2:8888//id=gw1",
              "ssh=bench@host//python=/srv/py", "popen")]
    assert hosts == ["socket=10.0.0.2:8888", "ssh=bench@host", "popen"]


def test_remote_workers_alone_make_a_distributed_run():
    """``-d --tx SPEC`` without ``-n``: the items run in workers, so the controller has no
    circuit breaker of its own (it would count every worker's failures as one row)."""
    from pytest_agentbench.remote import distributed

    def config(**option):
        return type("C", (), {"option": type("O", (), option)()})()

    assert distributed(config(dist="load", tx=["socket=h:1"], numprocesses=None))
    assert distributed(config(dist="load", tx=["popen"] * 2, numprocesses=2))
    assert not distributed(config(dist="no", tx=["socket=h:1"], numprocesses=None))
    assert not distributed(config(dist="no"))
    assert not distributed(config())


def test_a_remote_worker_takes_paths_from_its_root(tmp_path):
    class Config:
        rootpath = tmp_path / "checkout"
        invocation_params = type("P", (), {"dir": tmp_path / "elsewhere"})()

    local = Config()
    assert base_dir(local) == tmp_path / "elsewhere"
    worker = Config()
    worker.workerinput = {REMOTE_BASE: "sub/dir"}  # type: ignore[attr-defined]
    assert base_dir(worker) == tmp_path / "checkout" / "sub" / "dir"


class Host(NamedTuple):
    checkout: Path
    port: int
    server: subprocess.Popen


def _start_server(directory: Path, name: str) -> tuple[subprocess.Popen, int]:
    """``python -m execnet.script.socketserver`` on a free loopback port (port 0: the server
    prints the one it got); its workers (and their agents) see ``AGENTBENCH_TEST_HOST``."""
    proc = subprocess.Popen([sys.executable, "-u", "-m", "execnet.script.socketserver",
                             "127.0.0.1:0"], cwd=directory, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "AGENTBENCH_TEST_HOST": name})
    assert proc.stdout is not None
    line = proc.stdout.readline()
    found = re.search(r"Entering Accept loop \('127\.0\.0\.1', (\d+)\)", line)
    if not found:
        proc.kill()
        raise AssertionError(f"the socket server did not start: {line!r}")
    return proc, int(found.group(1))


@pytest.fixture
def hosts(tmp_path_factory):
    pytest.importorskip("xdist")
    started: list[Host] = []
    try:
        for name in ("host1", "host2"):
            checkout = tmp_path_factory.mktemp(name)
            (checkout / "pytest.ini").write_text("[pytest]\n")
            (checkout / "mini.json").write_text(json.dumps(MINI_SUITE))
            proc, port = _start_server(checkout, name)
            started.append(Host(checkout, port, proc))
        yield started
    finally:
        for host in started:
            host.server.kill()
            host.server.wait(timeout=10)
            if host.server.stdout is not None:
                host.server.stdout.close()


def _tx(*hosts: Host) -> list[str]:
    return [a for host in hosts for a in ("--tx", f"socket=127.0.0.1:{host.port}")]


def test_a_suite_runs_through_two_remote_workers(pytester, hosts):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    tx = _tx(*hosts)
    started = time.monotonic()
    result = run_plugin(pytester, "--agentbench", "mini.json", "--agentbench-samples", "2",
                        *FAST, "-d", *tx)
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=6)
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert doc["run"]["complete"] is True and doc["run"]["workers"] == 2
    assert len(doc["results"]) == 6
    ran_on = {Path(e["suite_path"]).parent for e in doc["results"]}
    assert ran_on == {host.checkout for host in hosts}  # each host ran its share
    journal = (pytester.path / "results/agentbench.journal.jsonl").read_text().splitlines()
    assert sum(json.loads(line)["event"] == "result" for line in journal) == 6
    assert [s["items"] for s in doc["run"]["suites"]] == [6]

    # the journal's path crosses to the workers too: a resume asks nothing again
    result = run_plugin(pytester, "--agentbench", "mini.json", "--agentbench-samples", "2",
                        *FAST, "-d", *tx, "--agentbench-resume",
                        "results/agentbench.journal.jsonl", "--agentbench-results", "r.json")
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*resumed 6 of 6*"])
    print(f"two remote runs: {time.monotonic() - started:.1f} s")


def test_node_ids_into_a_suite_run_remotely(pytester, hosts):
    """``SUITE::ITEM`` is a path xdist refuses to send: the workers get it in their input and
    find the suite in their own checkout (here below a subdirectory of the root)."""
    pytester.makeini("[pytest]\n")
    for checkout in [pytester.path, *(host.checkout for host in hosts)]:
        (checkout / "sub").mkdir()
        (checkout / "sub" / "mini.json").write_text(json.dumps(MINI_SUITE))
    result = run_plugin(pytester, "sub/mini.json::mini_medium_rev", *FAST, "-d", *_tx(*hosts))
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=1)
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert [e["test_id"] for e in doc["results"]] == ["mini_medium_rev"]
    assert Path(doc["results"][0]["suite_path"]).parent.parent in {h.checkout for h in hosts}

    # with the suite named too, and two samples of another item (node ids with brackets)
    result = run_plugin(pytester, "--agentbench", "sub/mini.json", "sub/mini.json::mini_easy_add",
                        "sub/mini.json::mini_hard_stack[s1]", "--agentbench-samples", "2",
                        *FAST, "-d", *_tx(*hosts))
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=3)
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert sorted((e["test_id"], e["sample"]) for e in doc["results"]) == [
        ("mini_easy_add", 0), ("mini_easy_add", 1), ("mini_hard_stack", 1)]


# An agent that says which host asked it (in FLAGS/started_ID) and, for the items named by
# its second argument ("all" or one id), waits for FLAGS/release before answering.
GATED_AGENT = """
import os, pathlib, sys, time
flags = pathlib.Path(sys.argv[1])
tid = os.environ["AGENTBENCH_TEST_ID"]
(flags / ("started_" + tid)).write_text(os.environ.get("AGENTBENCH_TEST_HOST", "?"))
if sys.argv[2] in ("all", tid):
    end = time.monotonic() + 300
    while not (flags / "release").exists() and time.monotonic() < end:
        time.sleep(0.1)
print("```python\\ndef add(a, b):\\n    return a + b\\n```")
"""


def _gated_run(pytester, hosts: list[Host], copies: int, gate: str, *tx: Host
               ) -> tuple[Path, list[str]]:
    """The suite gate.json (``copies`` of one problem) in the controller's directory and every
    host's checkout, the gated agent, and the flags directory; returns it and the command."""
    suite = {"language": "python", "version": "1", "tests": [
        dict(MINI_SUITE["tests"][0], id=f"gate_{i}") for i in range(copies)]}
    pytester.makeini("[pytest]\n")
    for checkout in [pytester.path, *(host.checkout for host in hosts)]:
        (checkout / "gate.json").write_text(json.dumps(suite))
    flags = pytester.mkdir("flags")
    agent = pytester.path / "agent.py"
    agent.write_text(GATED_AGENT)
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--agentbench",
               "gate.json", "--agentbench-agent", f"cmd:{sys.executable} {agent} {flags} {gate}",
               *FAST, "-d", *_tx(*tx)]
    return flags, command


def _wait_for(what: str, ready: Callable[[], bool], run: subprocess.Popen, out: Path) -> None:
    """Until ``ready()`` (files, not time, tell); the run must not have ended first."""
    deadline = time.monotonic() + 300
    while not ready():
        if run.poll() is not None or time.monotonic() > deadline:
            run.kill()
            run.wait(timeout=30)
            raise AssertionError(f"never {what}:\n{out.read_text()[-3000:]}")
        time.sleep(0.1)


def _run_and_kill(pytester, command: list[str], flags: Path,
                  kill: Callable[[subprocess.Popen, Path], None]) -> tuple[int, str]:
    """Runs ``command`` (its output to a file, unbuffered) while ``kill`` takes a host down;
    returns its exit status and output, which must hold no INTERNALERROR."""
    out = pytester.path / "out.txt"
    with out.open("w") as fh:
        run = subprocess.Popen(command, cwd=pytester.path, stdout=fh, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        kill(run, out)
        run.wait(timeout=300)
    finally:
        (flags / "release").touch()  # the gated agents end, wherever they are
        if run.poll() is None:
            run.kill()
            run.wait(timeout=30)
    text = out.read_text()
    assert "INTERNALERROR" not in text and "Traceback" not in text, text
    return run.returncode, text


def _started(flags: Path) -> dict[str, str]:
    """Item id -> the host whose agent started it."""
    return {f.name.removeprefix("started_"): f.read_text() for f in flags.glob("started_*")
            if f.read_text()}


def test_a_host_lost_mid_run_is_reported_and_the_run_goes_on(pytester, hosts):
    """Both hosts are in the middle of an item when host2's socket server (the process its
    worker runs in) is killed: xdist cannot connect to it again, which no longer ends in an
    INTERNALERROR; the item it ran is lost and named with the host, the items it held run on
    host1, and a resume on host1 asks only the lost item."""
    host1, host2 = hosts
    flags, command = _gated_run(pytester, hosts, 6, "all", host1, host2)
    lost = ""

    def kill_host2(run: subprocess.Popen, out: Path) -> None:
        nonlocal lost
        _wait_for("both hosts started an item",
                  lambda: set(_started(flags).values()) == {"host1", "host2"}, run, out)
        lost = next(tid for tid, host in _started(flags).items() if host == "host2")
        host2.server.kill()
        host2.server.wait(timeout=30)
        # released only once the controller has given up on host2, so host1 is still up
        _wait_for("reported host2", lambda: "cannot be restarted" in out.read_text(), run, out)
        (flags / "release").touch()

    status, text = _run_and_kill(pytester, command, flags, kill_host2)
    assert status == 1, text  # the lost item is a failure
    went_down = (f"worker 'gw1' on socket=127.0.0.1:{host2.port} went down while running "
                 f"'gate.json::{lost}'")
    assert re.search(rf"agentbench: worker gw1 on socket=127\.0\.0\.1:{host2.port} cannot be "
                     r"restarted \(\w+Error: .*\); the run goes on with the other workers", text)
    assert (f"agentbench: incomplete: 5 finished item(s) kept in "
            f"results/agentbench.journal.jsonl; lost: {went_down}") in text, text
    assert re.search(r"^agentbench: resume with: .* -m pytest -p no:cacheprovider --agentbench "
                     r"gate\.json .* --agentbench-resume results/agentbench\.journal\.jsonl$",
                     text, re.M), text  # the user's command line, not the one sent to workers
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert doc["run"]["complete"] is False and doc["run"]["stopped"] is None
    assert doc["run"]["lost"] == [{"nodeid": f"gate.json::{lost}", "reason": went_down}]
    assert doc["run"]["not_run"] == []
    assert sorted(e["test_id"] for e in doc["results"]) == sorted(
        f"gate_{i}" for i in range(6) if f"gate_{i}" != lost)
    journal = (pytester.path / "results/agentbench.journal.jsonl").read_text().splitlines()
    assert sum(json.loads(line)["event"] == "result" for line in journal) == 5

    for f in flags.glob("started_*"):
        f.unlink()
    result = run_plugin(pytester, *command[command.index("--agentbench"):command.index("-d")],
                        "-d", *_tx(host1), "--agentbench-resume",
                        "results/agentbench.journal.jsonl")
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["agentbench: resumed 5 of 6 from *; asking 1: 1 not finished"])
    assert list(_started(flags)) == [lost]
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert doc["run"]["complete"] is True and len(doc["results"]) == 6


def test_the_last_host_lost_stops_the_run_cleanly(pytester, hosts):
    """One host, killed while its third item runs: the run stops (no worker is left) with the
    two finished items kept, the third lost and the rest not run."""
    host1 = hosts[0]
    flags, command = _gated_run(pytester, hosts, 5, "gate_2", host1)

    def kill_host1(run: subprocess.Popen, out: Path) -> None:
        _wait_for("gate_2 started", lambda: "gate_2" in _started(flags), run, out)
        host1.server.kill()
        host1.server.wait(timeout=30)

    status, text = _run_and_kill(pytester, command, flags, kill_host1)
    assert status == pytest.ExitCode.INTERRUPTED, text
    stopped = (f"agentbench: worker gw0 on socket=127.0.0.1:{host1.port} cannot be restarted "
               "(")
    assert stopped in text and "and no worker is left: the run stopped" in text, text
    assert ("agentbench: the run stopped: 2 finished item(s) kept in "
            "results/agentbench.journal.jsonl; lost: worker 'gw0' on "
            f"socket=127.0.0.1:{host1.port} went down while running 'gate.json::gate_2'; "
            "2 not run") in text, text
    assert "agentbench: resume with: " in text
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert doc["run"]["complete"] is False and doc["run"]["stopped"].startswith(stopped)
    assert [e["test_id"] for e in doc["results"]] == ["gate_0", "gate_1"]
    assert [x["nodeid"] for x in doc["run"]["lost"]] == ["gate.json::gate_2"]
    assert doc["run"]["not_run"] == ["gate.json::gate_3", "gate.json::gate_4"]
