"""The circuit breaker: after a few infrastructure failures of the same kind in a row (the
agent's backend is down), the run stops, keeps what finished, marks the rest not run and prints
the command that resumes it; with and without xdist."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_agentbench.breaker import Breaker

from .agentbench_docs import entry
from .agentbench_docs import infrastructure_failure as infra
from .helpers import MINI_SUITE
from .openai_server import FakeOpenAI, answer, error

MODES = {"no-xdist": ["-p", "no:xdist"], "n2": ["-n", "2"]}
mode_param = pytest.mark.parametrize("mode", list(MODES.values()), ids=list(MODES))
ONLY_CORRECTNESS = ["--agentbench-weights",
                    "correctness=1,idiomaticity=0,performance=0,best_practices=0"]
ADD = "```python\ndef add(a: int, b: int) -> int:\n    return a + b\n```"


# -- the circuit breaker's rule
def test_the_breaker_trips_on_the_third_of_a_kind_in_a_row():
    b = Breaker(3)
    assert [b.observe(e) for e in (infra("a"), infra("b"))] == ["", ""]
    reason = b.observe(infra("c"))
    assert reason == ("agentbench: stopped after 3 infrastructure failures in a row "
                      "(backend_error: openai:m: HTTP 503: overloaded (after 5 requests))")


@pytest.mark.parametrize("between", [entry("ok"), entry("wrong", passed=False),
                                     infra("other", kind="rate_limited")],
                         ids=["a pass", "an agent failure", "another kind"])
def test_the_breaker_counts_only_the_same_kind_in_a_row(between):
    b = Breaker(3)
    seen = [b.observe(e) for e in (infra("a"), infra("b"), between, infra("c"), infra("d"))]
    assert seen == [""] * 5


def test_skipped_items_neither_count_nor_reset_and_zero_never_stops():
    b = Breaker(2)
    assert b.observe(infra("a")) == "" and b.observe(entry("s", status="skipped")) == ""
    assert b.observe(infra("b")).startswith("agentbench: stopped after 2 ")
    off = Breaker(0)
    assert [off.observe(infra(str(i))) for i in range(10)] == [""] * 10


# -- end to end: the circuit breaker and the resume it prints
def adds(n: int = 12) -> dict:
    t = MINI_SUITE["tests"][0]
    return {"language": "python", "version": "1",
            "tests": [{**t, "id": f"add_{i:02d}"} for i in range(n)]}


def bench(cwd: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--agentbench", "adds.json",
         *ONLY_CORRECTNESS, "--agentbench-agent", "openai:m", "--agentbench-base-url", url,
         "--agentbench-retries", "0", *args],
        cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


@mode_param
def test_an_outage_stops_the_run_and_the_printed_command_resumes_it(tmp_path, mode):
    (tmp_path / "adds.json").write_text(json.dumps(adds()))
    with FakeOpenAI([error(503, "overloaded")]) as down:
        first = bench(tmp_path, down.url, *mode)
    out = first.stdout
    assert "INTERNALERROR" not in out
    assert first.returncode == pytest.ExitCode.INTERRUPTED, out[-3000:]
    assert len(re.findall(r"^agentbench: stopped after 3 infrastructure failures in a row "
                          r"\(backend_error: openai:m: HTTP 503: overloaded", out, re.M)) == 1
    doc = json.loads((tmp_path / "results" / "agentbench.json").read_text())
    run = doc["run"]
    done = [e["test_id"] for e in doc["results"]]
    assert run["complete"] is False and run["stopped"].startswith("agentbench: stopped after 3")
    # alone, the third failure stops the run; under xdist each worker counts its own, and
    # the others stop after what they hold
    assert len(done) == 3 if mode == MODES["no-xdist"] else 3 <= len(done) <= 6
    assert len(done) + len(run["not_run"]) == 12
    assert all(e["failure_kind"] == "backend_error" for e in doc["results"])
    assert len(down.requests) == len(done)  # nothing asked past the stop
    assert re.search(rf"agentbench: the run stopped: {len(done)} finished item\(s\) kept in "
                     rf"results/agentbench.journal.jsonl; {len(run['not_run'])} not run", out)
    command = re.search(r"^agentbench: resume with: (.*)$", out, re.M).group(1)
    argv = shlex.split(command)
    assert argv[-2:] == ["--agentbench-resume", "results/agentbench.journal.jsonl"]
    assert argv[argv.index("--agentbench-base-url") + 1] == down.url
    with FakeOpenAI([answer(ADD)]) as up:  # the backend is back, at a new address
        argv[argv.index("--agentbench-base-url") + 1] = up.url
        argv[:3] = [sys.executable, "-m", "pytest"]
        second = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True,
                                timeout=600, check=False)
    assert second.returncode == 0, second.stdout[-3000:]
    not_run = len(run["not_run"])
    asked = [f"{len(done)} infrastructure failures (asked again)"] + (
        [f"{not_run} not finished"] if not_run else [])
    assert (f"agentbench: resumed 0 of 12 from results/agentbench.journal.jsonl; asking 12: "
            f"{', '.join(asked)}") in second.stdout
    final = json.loads((tmp_path / "results" / "agentbench.json").read_text())
    assert final["run"]["complete"] is True and all(e["passed"] for e in final["results"])
    assert len(up.requests) == 12


def test_zero_in_the_ini_file_turns_the_breaker_off(tmp_path):
    (tmp_path / "adds.json").write_text(json.dumps(adds(6)))
    (tmp_path / "pytest.ini").write_text("[pytest]\nagentbench_max_infra_failures = 0\n")
    with FakeOpenAI([error(503, "overloaded")]) as down:
        proc = bench(tmp_path, down.url, "-p", "no:xdist")
    assert proc.returncode == pytest.ExitCode.TESTS_FAILED, proc.stdout[-3000:]
    assert "6 failed" in proc.stdout and "stopped after" not in proc.stdout
    assert len(down.requests) == 6


def test_the_limit_option_sets_how_many_in_a_row_stop_the_run(tmp_path):
    (tmp_path / "adds.json").write_text(json.dumps(adds(6)))
    with FakeOpenAI([error(429, "slow down")]) as down:
        proc = bench(tmp_path, down.url, "-p", "no:xdist", "--agentbench-max-infra-failures",
                     "2")
    assert proc.returncode == pytest.ExitCode.INTERRUPTED, proc.stdout[-3000:]
    assert "agentbench: stopped after 2 infrastructure failures in a row (rate_limited: " \
        "openai:m: HTTP 429: slow down" in proc.stdout
    assert len(down.requests) == 2
