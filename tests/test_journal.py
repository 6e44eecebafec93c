"""Nothing is lost: Ctrl-C and killed workers keep finished results; --agentbench-resume
finishes the run without asking the agent again for what was done."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytest_agentbench.journal import Journal, read_entries, resumable

from .helpers import MINI_SUITE


def test_journal_lines_survive_a_torn_write(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    journal.open({"agent": "a"})
    entry = {"test_id": "t1", "suite": "s", "suite_version": "1", "sample": 0, "agent": "a",
             "status": "passed", "failure_kind": None}
    journal.record("s.json::t1", entry)
    with (tmp_path / "j.jsonl").open("a") as fh:
        fh.write('{"event": "result", "nodeid": "s.json::t2", "ent')  # killed mid-line
    [read] = read_entries(tmp_path / "j.jsonl")
    assert read.items() >= entry.items()  # and the defaults of the keys it lacks
    assert list(resumable([read])) == [("s", "1", "t1", 0, "a")]


OLDER_ENTRY = {  # the required keys only: no failure_origin, suite, sample, execution_details...
    "test_id": "t", "name": "t", "suite_path": "s.json", "suite_version": "1", "order": 0,
    "agent": "a", "status": "failed", "passed": False, "execution_time": 0.1, "agent_time": 0.1,
    "attempts": [], "first_attempt_passed": False, "tokens_in": None, "tokens_out": None,
    "solution": None, "solution_source": None, "agent_details": {}}


@pytest.mark.parametrize("kind", ["journal", "results file"])
def test_an_older_versions_entries_are_read_with_the_defaults_compare_gives(tmp_path, kind):
    """Entries written before failure_origin (or suite, sample...) existed: read_entries fills
    in what compare.load_document does, so a reader never meets a missing key."""
    from pytest_agentbench.compare import load_document
    from pytest_agentbench.entries import Entry
    from pytest_agentbench.models import is_infrastructure

    ok = dict(OLDER_ENTRY, test_id="ok")
    infra = dict(OLDER_ENTRY, test_id="infra", failure_kind="backend_error")
    results = tmp_path / "old.json"
    results.write_text(json.dumps({"run": {"agent": "a"}, "results": [ok, infra]}))
    if kind == "journal":
        path = tmp_path / "old.journal.jsonl"
        path.write_text("".join(json.dumps({"event": "result", "nodeid": e["test_id"],
                                            "entry": e}) + "\n" for e in (ok, infra)))
    else:
        path = results
    read = read_entries(path)
    assert read == load_document(results)["results"]
    assert set(read[0]) == Entry.__required_keys__ | Entry.__optional_keys__ - {"failure_origin"}
    assert (read[0]["suite"], read[0]["sample"]) == ("", 0)
    assert read[0]["execution_details"]["cases"] == []
    assert read[1]["failure_kind"] == "backend_error" and is_infrastructure(read[1])
    assert list(resumable(read)) == [("", "1", "ok", 0, "a")]  # the infrastructure one is asked


def test_every_line_is_readable_at_once_and_syncs_are_rationed(tmp_path, monkeypatch):
    """Each line is flushed (a killed process keeps it); the disk sync is at most once a
    second while a run goes on, and once at the end."""
    synced = []
    monkeypatch.setattr(os, "fsync", synced.append)
    journal = Journal(tmp_path / "j.jsonl")
    journal.open({"agent": "reference"})
    for n in range(50):
        journal.record(f"item{n}", {"test_id": f"item{n}"})
        assert len(read_entries(tmp_path / "j.jsonl")) == n + 1
    assert 1 <= len(synced) <= 3
    journal.close({"agent": "reference"})
    assert len(synced) >= 2 and synced[-1] == synced[0]


def test_crashed_items_are_not_resumed():
    entry = {"test_id": "t", "suite": "s", "agent": "a", "failure_kind": "harness_error"}
    assert resumable([entry]) == {}


@pytest.mark.parametrize(("kind", "asked_again"), [
    ("backend_error", True), ("rate_limited", True), ("agent_unavailable", True),
    ("harness_error", True), ("agent_timeout", False), ("agent_error", False),
    ("wrong_answer", False), (None, False)])
def test_infrastructure_failures_are_asked_again_on_resume(kind, asked_again):
    entry = {"test_id": "t", "suite": "s", "suite_version": "1", "agent": "a",
             "status": "failed" if kind else "passed", "failure_kind": kind}
    assert (resumable([entry]) == {}) is asked_again


SLOW_COUNTING_AGENT = """
import os, sys, time
tid = os.environ["AGENTBENCH_TEST_ID"]
with open(os.environ["CALLS_FILE"], "a") as fh:
    fh.write(tid + "\\n")
with open(os.environ["CALLS_FILE"]) as fh:
    call = len(fh.read().split())
if os.environ.get("HOLD_AT") == str(call):  # held until the test releases it (or 60 s)
    for _ in range(1200):
        if os.path.exists(os.environ["RELEASE_FILE"]):
            break
        time.sleep(0.05)
time.sleep(float(os.environ.get("AGENT_SLEEP", "0")))
code = {
    "mini_easy_add": "def add(a, b):\\n    return a + b",
    "mini_medium_rev": "def reverse_words(s):\\n    return ' '.join(reversed(s.split()))",
}.get(tid.split("__")[0])
if code is None:
    print("```python\\ndef add(a, b):\\n    return a + b\\n```")
else:
    print("```python\\n" + code + "\\n```")
"""


def _suite(copies: int) -> dict:
    tests = []
    for i in range(copies):
        t = dict(MINI_SUITE["tests"][0])
        t["id"] = f"mini_easy_add__{i}"
        tests.append(t)
    return {"language": "python", "version": "1", "tests": tests}


def _env(tmp: Path, **extra: str) -> dict:
    return {**os.environ, "CALLS_FILE": str(tmp / "calls.txt"), **extra}


def _pytest(tmp: Path, *args: str) -> list[str]:
    agent = tmp / "agent.py"
    return [sys.executable, "-m", "pytest", "--agentbench", "suite.json", "-p", "no:cacheprovider",
            "--agentbench-agent", f"cmd:{sys.executable} {agent}", *args]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_interrupted_run_keeps_results_and_resume_completes_it(tmp_path):
    (tmp_path / "suite.json").write_text(json.dumps(_suite(6)))
    (tmp_path / "agent.py").write_text(SLOW_COUNTING_AGENT)
    release = tmp_path / "release"
    # SIGINT at its default in the run: a job started in the background by a shell without job
    # control (a CI script's `cmd &`) inherits it ignored, and Python then never turns it into
    # KeyboardInterrupt (this test's two failures in CI runs launched that way)
    proc = subprocess.Popen(_pytest(tmp_path, "-p", "no:xdist"), cwd=tmp_path,
                            env=_env(tmp_path, HOLD_AT="4", RELEASE_FILE=str(release)),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=_default_sigint)
    calls = tmp_path / "calls.txt"
    deadline = time.monotonic() + 60
    # interrupt while the fourth agent call is held: it waits for the release file, so the
    # signal lands with that item in flight however late this process is scheduled (waiting
    # on the journal and a sleeping agent missed the run on a busy CI machine: all 6 done)
    while time.monotonic() < deadline:
        if calls.exists() and len(calls.read_text().split()) >= 4:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    release.touch()
    assert "INTERNALERROR" not in out
    doc = json.loads((tmp_path / "results" / "agentbench.json").read_text())
    done = [e["test_id"] for e in doc["results"]]
    assert 3 <= len(done) < 6, out[-4000:]
    assert doc["run"]["complete"] is False
    # what was in flight is named, in the file and on the terminal, with the way back
    lost = doc["run"]["lost"]
    assert [item["reason"] for item in lost] == ["in flight when the run was interrupted"]
    assert lost[0]["nodeid"].split("::")[1] not in done
    not_run = len(doc["run"]["not_run"])
    assert len(done) + 1 + not_run == 6
    assert (f"agentbench: interrupted: {len(done)} finished item(s) kept in "
            f"results/agentbench.journal.jsonl; in flight and lost: {lost[0]['nodeid']}") in out
    assert re.search(r"agentbench: resume with: .* -m pytest --agentbench suite\.json .*"
                     r"--agentbench-resume results/agentbench\.journal\.jsonl$", out, re.M)
    asked_before = (tmp_path / "calls.txt").read_text().split()
    (tmp_path / "calls.txt").unlink()
    resumed = subprocess.run(
        _pytest(tmp_path, "-p", "no:xdist", "--agentbench-resume",
                "results/agentbench.journal.jsonl"),
        cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stdout[-2000:]
    assert (f"agentbench: resumed {len(done)} of 6 from results/agentbench.journal.jsonl; "
            f"asking {6 - len(done)}: {6 - len(done)} not finished") in resumed.stdout
    asked_again = (tmp_path / "calls.txt").read_text().split()
    assert not set(asked_again) & set(done), "a finished problem was asked again"
    assert len(asked_before) <= 6
    final = json.loads((tmp_path / "results" / "agentbench.json").read_text())
    assert len(final["results"]) == 6 and final["run"]["complete"] is True
    assert all(e["passed"] for e in final["results"])


KILLER_AGENT = """
import os, signal, sys
tid = os.environ["AGENTBENCH_TEST_ID"]
flag = os.path.join(os.environ["FLAG_DIR"], tid)
with open(os.environ["CALLS_FILE"], "a") as fh:
    fh.write(tid + "\\n")
if tid.endswith("__2") and not os.path.exists(flag):
    open(flag, "w").close()
    # the xdist worker running this item dies (the agent's parent is its supervisor)
    with open(f"/proc/{os.getppid()}/stat") as fh:
        worker = int(fh.read().rsplit(")", 1)[1].split()[1])
    os.kill(worker, signal.SIGKILL)
print("```python\\ndef add(a, b):\\n    return a + b\\n```")
"""


@pytest.mark.skipif("xdist" not in sys.modules and not __import__("importlib").util.find_spec(
    "xdist"), reason="needs pytest-xdist")
def test_killed_xdist_worker_keeps_the_rest_and_resume_finishes(tmp_path):
    (tmp_path / "suite.json").write_text(json.dumps(_suite(5)))
    (tmp_path / "agent.py").write_text(KILLER_AGENT)
    env = _env(tmp_path, FLAG_DIR=str(tmp_path))
    first = subprocess.run(_pytest(tmp_path, "-n", "2"), cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=180)
    assert "INTERNALERROR" not in first.stdout
    doc = json.loads((tmp_path / "results" / "agentbench.json").read_text())
    assert doc["run"]["complete"] is False
    assert [lost["nodeid"] for lost in doc["run"]["lost"]] == ["suite.json::mini_easy_add__2"]
    assert len(doc["results"]) == 4
    (tmp_path / "calls.txt").unlink()
    second = subprocess.run(_pytest(tmp_path, "-n", "2", "--agentbench-resume",
                                    "results/agentbench.journal.jsonl"),
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert second.returncode == 0, second.stdout[-2000:]
    assert (tmp_path / "calls.txt").read_text().split() == ["mini_easy_add__2"]
    final = json.loads((tmp_path / "results" / "agentbench.json").read_text())
    assert len(final["results"]) == 5 and final["run"]["complete"] is True


ADDING_AGENT = "print('```python\\ndef add(a, b):\\n    return a + b\\n```')"
ONLY_CORRECTNESS = ["--agentbench-weights",
                    "correctness=1,idiomaticity=0,performance=0,best_practices=0"]


@pytest.mark.parametrize("mode", [["-p", "no:xdist"], ["-n", "2"]], ids=["no-xdist", "n2"])
def test_resume_says_what_it_reuses_and_why_it_asks_the_rest(pytester, mode):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))

    def bench(*args):
        result = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", "--agentbench", "mini.json", *mode, *ONLY_CORRECTNESS,
            *args)
        result.stdout.no_fnmatch_line("*INTERNALERROR*")
        return result

    resume = ["--agentbench-resume", "results/agentbench.journal.jsonl"]
    bench("-k", "easy or medium").assert_outcomes(passed=2)
    second = bench(*resume)
    second.assert_outcomes(passed=3)
    line = ("agentbench: resumed 2 of 3 from results/agentbench.journal.jsonl; asking 1: "
            "1 not finished")
    assert second.stdout.lines.count(line) == 1  # once, by the controller

    data = dict(MINI_SUITE, version="0.2")
    pytester.makefile(".json", mini=json.dumps(data))
    third = bench(*resume)
    third.assert_outcomes(passed=3)
    third.stdout.fnmatch_lines([
        "agentbench: suite mini is version 0.2 here and 0.1 in "
        "results/agentbench.journal.jsonl: its items are asked again",
        "agentbench: resumed 0 of 3 from results/agentbench.journal.jsonl; asking 3: 3 of "
        "another suite version"])

    agent = pytester.makepyfile(agent=ADDING_AGENT)
    fourth = bench(*resume, "-k", "easy",
                   "--agentbench-agent", f"cmd:{sys.executable} {agent}")
    fourth.assert_outcomes(passed=1)
    fourth.stdout.fnmatch_lines([
        "agentbench: results/agentbench.journal.jsonl holds results of agent reference, not "
        "of this run's agent cmd:*agent.py: none of them is reused, every item is asked",
        "agentbench: resumed 0 of 1 from results/agentbench.journal.jsonl; asking 1: 1 of "
        "another agent"])
