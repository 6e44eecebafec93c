"""Remote xdist workers without rsync: two execnet socket servers on loopback, each in a
directory of its own holding the same checkout (here: the suite and a pytest.ini)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytest_agentbench.options import REMOTE_BASE, base_dir
from pytest_agentbench.remote import is_remote, value_flags, worker_args

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


def test_which_workers_are_remote():
    execnet = pytest.importorskip("execnet")
    remote = {s: is_remote(execnet.XSpec(s)) for s in
              ("popen", "popen//chdir=/x", "socket=127.0.0.1:1", "ssh=host")}
    assert remote == {"popen": False, "popen//chdir=/x": True, "socket=127.0.0.1:1": True,
                      "ssh=host": True}


def test_a_remote_worker_takes_paths_from_its_root(tmp_path):
    class Config:
        rootpath = tmp_path / "checkout"
        invocation_params = type("P", (), {"dir": tmp_path / "elsewhere"})()

    local = Config()
    assert base_dir(local) == tmp_path / "elsewhere"
    worker = Config()
    worker.workerinput = {REMOTE_BASE: "sub/dir"}  # type: ignore[attr-defined]
    assert base_dir(worker) == tmp_path / "checkout" / "sub" / "dir"


def _start_server(directory: Path) -> tuple[subprocess.Popen, int]:
    """``python -m execnet.script.socketserver`` on a free loopback port (port 0: the server
    prints the one it got)."""
    proc = subprocess.Popen([sys.executable, "-u", "-m", "execnet.script.socketserver",
                             "127.0.0.1:0"], cwd=directory, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
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
    procs, ports, dirs = [], [], []
    try:
        for name in ("host1", "host2"):
            checkout = tmp_path_factory.mktemp(name)
            (checkout / "pytest.ini").write_text("[pytest]\n")
            (checkout / "mini.json").write_text(json.dumps(MINI_SUITE))
            proc, port = _start_server(checkout)
            procs.append(proc)
            ports.append(port)
            dirs.append(checkout)
        yield list(zip(dirs, ports, strict=True))
    finally:
        for proc in procs:
            proc.kill()
            proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


def test_a_suite_runs_through_two_remote_workers(pytester, hosts):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    tx = [a for _, port in hosts for a in ("--tx", f"socket=127.0.0.1:{port}")]
    started = time.monotonic()
    result = run_plugin(pytester, "--agentbench", "mini.json", "--agentbench-samples", "2",
                        *FAST, "-d", *tx)
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=6)
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert doc["run"]["complete"] is True and doc["run"]["workers"] == 2
    assert len(doc["results"]) == 6
    ran_on = {Path(e["suite_path"]).parent for e in doc["results"]}
    assert ran_on == {checkout for checkout, _ in hosts}  # each host ran its share
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
