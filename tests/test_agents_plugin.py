"""Samples and pass@k, repair turns, record and replay, prefetching, the openai: agent and a
conftest agent, all through the plugin."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pytest_agentbench.results import strip_timings

from .helpers import MINI_SUITE
from .openai_server import FakeOpenAI, answer

ROOT = Path(__file__).resolve().parents[1]

SAMPLING_AGENT = '''
import threading, time
from pytest_agentbench.agents import Agent
from pytest_agentbench.models import AgentReply

GOOD = {"mini_easy_add": "def add(a, b):\\n    return a + b",
        "mini_medium_rev": "def reverse_words(s):\\n    return ' '.join(reversed(s.split()))"}
BAD = "def add(a, b):\\n    return 0\\ndef reverse_words(s):\\n    return s"
LIVE = {"now": 0, "max": 0}
LOCK = threading.Lock()

class Sampler(Agent):
    spec = "sampler"
    def solve(self, request):
        with LOCK:
            LIVE["now"] += 1
            LIVE["max"] = max(LIVE["max"], LIVE["now"])
        time.sleep(0.2)
        with LOCK:
            LIVE["now"] -= 1
        pid = request.problem.id
        if request.attempt > 1:  # repair: the feedback named the failing case
            fixed = "case 1" in request.history[-1].feedback
            code = GOOD.get(pid, BAD) if fixed else BAD
        else:
            code = GOOD.get(pid, BAD) if request.sample != 2 else BAD
        return AgentReply(text=f"```python\\n{code}\\n```", seconds=0.2)

def pytest_agentbench_make_agent(spec, config):
    return Sampler() if spec == "sampler" else None

def pytest_sessionfinish(session):
    print(f"MAX_CONCURRENT {LIVE['max']}")
'''


@pytest.fixture
def suite_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    pytester.makeconftest(SAMPLING_AGENT)
    return "mini.json"


def _doc(pytester):
    return json.loads((pytester.path / "results" / "agentbench.json").read_text())


@pytest.mark.parametrize("mode", [["-p", "no:xdist"], ["-n", "2"]], ids=["no-xdist", "n2"])
def test_samples_report_pass_at_k(pytester, suite_file, mode):
    result = pytester.runpytest_subprocess(
        "--agentbench", suite_file, "--agentbench-agent", "sampler", "--agentbench-samples", "3",
        "-k", "add or rev", "--junitxml", "out.xml", *mode)
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    result.assert_outcomes(passed=4, failed=2)
    result.stdout.fnmatch_lines(["all: pass@1 0.667, pass@3 1.000 (2 problems x 3 samples)"])
    doc = _doc(pytester)
    assert sorted((e["test_id"], e["sample"]) for e in doc["results"]) == [
        ("mini_easy_add", 0), ("mini_easy_add", 1), ("mini_easy_add", 2),
        ("mini_medium_rev", 0), ("mini_medium_rev", 1), ("mini_medium_rev", 2)]
    passk = doc["aggregate"]["pass_at_k"]
    assert passk["problems"]["mini::mini_easy_add"] == {
        "suite": "mini", "test_id": "mini_easy_add", "language": "python", "n": 3, "c": 2,
        "pass@1": 0.6667, "pass@3": 1.0}
    props = {p.get("name"): p.get("value")
             for p in ET.parse(pytester.path / "out.xml").getroot().iter("property")}
    assert props["agentbench_pass_at_1"] == "0.6667" and props["agentbench_pass_at_3"] == "1.0000"


def test_sample_items_are_selectable(pytester, suite_file):
    result = pytester.runpytest_subprocess("--agentbench", suite_file, "--agentbench-samples",
                                           "2", "--collect-only", "-q", "-k", "easy")
    result.stdout.fnmatch_lines(["mini.json::mini_easy_add[[]s0]", "mini.json::mini_easy_add[[]s1]",
                                 "*2/6 tests collected*"])


def test_repair_turns_report_first_and_final_outcomes(pytester, suite_file):
    result = pytester.runpytest_subprocess(
        "--agentbench", suite_file, "--agentbench-agent", "sampler", "--agentbench-samples", "3",
        "--agentbench-attempts", "2", "-k", "add", "-p", "no:xdist")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["repair: 2/3 passed at the first attempt, 3/3 in the end"])
    third = next(e for e in _doc(pytester)["results"] if e["sample"] == 2)
    assert [a["status"] for a in third["attempts"]] == ["failed", "passed"]
    assert third["attempts"][0]["failure_kind"] == "wrong_answer"
    assert third["first_attempt_passed"] is False and third["passed"] is True


def test_cmd_agent_gets_the_feedback_in_a_new_task_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    agent = pytester.makepyfile(agent='''
import os, sys
task = open(sys.argv[1]).read()
if os.environ["AGENTBENCH_ATTEMPT"] == "1":
    print("```python\\ndef add(a, b):\\n    return a - b\\n```")
else:
    assert "## Attempt 1: what happened" in task and "expected 3, got -1" in task, task
    print("```python\\ndef add(a, b):\\n    return a + b\\n```")
''')
    result = pytester.runpytest_subprocess(
        "--agentbench", "mini.json", "-k", "add", "-p", "no:xdist", "--agentbench-attempts", "3",
        "--agentbench-agent", f"cmd:{sys.executable} {agent} {{task_file}}")
    result.assert_outcomes(passed=1)
    assert len(_doc(pytester)["results"][0]["attempts"]) == 2


def test_prefetching_overlaps_agent_calls(pytester, suite_file):
    result = pytester.runpytest_subprocess(
        "--agentbench", suite_file, "--agentbench-agent", "sampler", "--agentbench-samples", "4",
        "--agentbench-concurrency", "4", "-p", "no:xdist", "-s")
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    result.assert_outcomes(passed=6, failed=6)
    concurrent = int(re.search(r"MAX_CONCURRENT (\d+)", result.stdout.str()).group(1))
    assert 2 <= concurrent <= 4


def test_record_then_replay_gives_the_same_results(pytester):
    (pytester.path / "python_mini.json").write_text(
        (ROOT / "suites" / "python_mini.json").read_text())
    common = ["--agentbench", "python_mini.json", "-p", "no:xdist", "-k", "easy or hard_01",
              "--agentbench-weights", "performance=0"]
    first = pytester.runpytest_subprocess(*common, "--agentbench-record", "rec")
    first.assert_outcomes(passed=5)
    recorded = json.loads((pytester.path / "results" / "agentbench.json").read_text())
    files = sorted((pytester.path / "rec").glob("*.json"))
    assert len(files) == 5
    stored = json.loads(files[0].read_text())
    assert stored["agent"] == "reference" and stored["answer"].startswith("```python")
    assert stored["prompt"].startswith("# ") and stored["sample"] == 0
    second = pytester.runpytest_subprocess(*common, "--agentbench-agent", "replay:rec")
    second.assert_outcomes(passed=5)
    replayed = json.loads((pytester.path / "results" / "agentbench.json").read_text())

    def comparable(doc):
        out = []
        for e in strip_timings(doc["results"]):
            e = {k: v for k, v in e.items() if k != "agent"}
            e["dimensions"] = {k: v for k, v in e["dimensions"].items() if k != "performance"}
            e.pop("dimension_details")
            out.append(e)
        return out

    assert comparable(recorded) == comparable(replayed)


def test_replay_miss_is_named_before_the_run(pytester, suite_file):
    (pytester.path / "empty").mkdir()
    result = pytester.runpytest_subprocess("--agentbench", suite_file, "-k", "add", "-vv",
                                           "--agentbench-agent", "replay:empty", "-p", "no:xdist")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--agentbench-agent replay:*empty: *empty holds no recording "
                                 "for 1 of the 1 selected item(s): mini.json::mini_easy_add.*"])


def test_a_replay_miss_during_the_run_is_named(tmp_path, mini_suite):
    """A later request (a repair turn that went another way) with no recording."""
    from pytest_agentbench.agents import ReplayAgent
    from pytest_agentbench.models import AgentRequest, FailureKind

    request = AgentRequest(mini_suite.problems[0], "# Task", tmp_path, attempt=2)
    reply = ReplayAgent(tmp_path).solve(request)
    assert reply.failure is FailureKind.AGENT_UNAVAILABLE
    assert reply.message.startswith(f"replay miss: no answer recorded in {tmp_path} for "
                                    "mini_easy_add sample 0 attempt 2")


def test_openai_agent_through_the_plugin(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    with FakeOpenAI([answer("```python\ndef add(a, b):\n    return a + b\n```", 30, 9)]) as srv:
        result = pytester.runpytest_subprocess(
            "--agentbench", "mini.json", "-k", "add", "-p", "no:xdist",
            "--agentbench-agent", "openai:local-model", "--agentbench-base-url", srv.url,
            "--agentbench-temperature", "0", "--agentbench-price", "in=3,out=15")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["tokens: 30 in, 9 out, cost $0.0002; agent time *"])
    usage = _doc(pytester)["run"]["usage"]
    assert usage["tokens_in"] == 30 and usage["cost"] == pytest.approx((30 * 3 + 9 * 15) / 1e6)
    assert srv.requests[0]["body"]["model"] == "local-model"


def test_readme_conftest_agent_example_runs(pytester):
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```python\n(# conftest.py\n.*?)```", readme, re.S).group(1)
    pytester.makeconftest(block)
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    result = pytester.runpytest_subprocess("--agentbench", "mini.json", "-k", "add",
                                           "--agentbench-agent", "echo", "-p", "no:xdist")
    result.assert_outcomes(passed=1)


def test_readme_evaluator_example_runs(pytester):
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```python\n(# conftest.py: a \"security\" dimension\n.*?)```", readme,
                      re.S).group(1)
    pytester.makeconftest(block)
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    result = pytester.runpytest_subprocess("--agentbench", "mini.json", "-k", "add",
                                           "-p", "no:xdist", "--agentbench-weights",
                                           "security=0.1")
    result.assert_outcomes(passed=1)
    entry = _doc(pytester)["results"][0]
    assert entry["dimensions"]["security"] == 10.0
