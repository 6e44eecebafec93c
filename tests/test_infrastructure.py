"""Two kinds of failure: the agent's (its answer, its code, its own time) and the
infrastructure's (the agent could not start, its backend failed, the harness failed). The
second kind is shown as such everywhere (terminal, JUnit, results, HTML, markdown), and left
out of pass rates, means and comparisons. (Resume: test_journal.py; the circuit breaker:
test_breaker.py.)"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from pytest_agentbench.agents import Agent, CommandAgent
from pytest_agentbench.models import AgentRequest, FailureKind
from pytest_agentbench.pipeline import ask_agent
from pytest_agentbench.results import summarise

from .agentbench_docs import document, entry
from .agentbench_docs import infrastructure_failure as infra
from .helpers import MINI_SUITE
from .openai_server import FakeOpenAI, answer, error

MODES = {"no-xdist": ["-p", "no:xdist"], "n2": ["-n", "2"]}
mode_param = pytest.mark.parametrize("mode", list(MODES.values()), ids=list(MODES))
ONLY_CORRECTNESS = ["--agentbench-weights",
                    "correctness=1,idiomaticity=0,performance=0,best_practices=0"]
ADD = "```python\ndef add(a: int, b: int) -> int:\n    return a + b\n```"
BAD_STACK = "```python\nclass MinStack:\n    def push(self, x):\n        pass\n```"


# -- the data
def test_every_kind_has_an_origin_and_the_old_names_stay():
    assert {k.value: k.origin for k in FailureKind} == {
        "agent_timeout": "agent", "agent_error": "agent", "agent_empty_output": "agent",
        "no_code_in_answer": "agent", "compile_error": "agent", "runtime_error": "agent",
        "wrong_answer": "agent", "timeout": "agent", "resource_limit": "agent",
        "harness_error": "infrastructure", "agent_unavailable": "infrastructure",
        "backend_error": "infrastructure", "rate_limited": "infrastructure"}


def test_infrastructure_failures_are_counted_not_scored():
    s = summarise(document([entry("a", score=8.0), entry("b", passed=False, score=2.0),
                            infra("c"), infra("d", kind="rate_limited")])["results"])
    assert (s["items"], s["passed"], s["failed"], s["skipped"]) == (4, 1, 1, 0)
    assert s["infrastructure_failed"] == 2
    assert s["infrastructure_kinds"] == {"backend_error": 1, "rate_limited": 1}
    assert s["failure_kinds"] == {"wrong_answer": 1}
    assert s["pass_rate"] == 0.5 and s["mean_weighted_score"] == 5.0
    assert s["weighted_scored"] == 2 and s["cases"]["executable"] == 6


def test_an_older_file_without_origins_is_read_by_kind():
    old = infra("c")
    del old["failure_origin"]
    assert summarise([old, entry("a")])["infrastructure_failed"] == 1


def test_comparison_leaves_out_and_lists_infrastructure_pairs():
    pytest.importorskip("scipy")
    from pytest_agentbench.compare import compare

    base = document([entry(f"p{i}") for i in range(6)])
    cur = document([entry("p0"), entry("p1"), infra("p2"), entry("p3"), infra("p4"),
                    entry("p5", passed=False)])
    c = compare(base, cur)
    assert c.overall.problems == 4 and c.overall.newly_failing == 1
    assert [n["test_id"] for n in c.not_compared] == ["p2", "p4"]
    assert all(n["infrastructure"] for n in c.not_compared)
    assert c.not_compared[0]["reason"] == ("infrastructure failure in this run (backend_error: "
                                           "openai:m: HTTP 503: overloaded (after 5 requests))")
    assert ("2 pair(s) not compared: an infrastructure failure on either side (backend_error "
            "2): p2, p4") in c.notes
    assert [p["test_id"] for p in c.as_dict()["infrastructure_pairs"]] == ["p2", "p4"]


# -- where infrastructure failures come from
@pytest.fixture
def request_(tmp_path, mini_suite):
    return AgentRequest(mini_suite.problems[0], "# Task\nAdd.", tmp_path)


def test_a_cmd_agent_exiting_with_ex_tempfail_reports_its_backend(tmp_path, request_):
    script = tmp_path / "agent.py"
    script.write_text("import sys\nprint('upstream 529 overloaded', file=sys.stderr)\n"
                      "sys.exit(75)\n")
    reply = CommandAgent(f"{sys.executable} {script}", base_dir=tmp_path).solve(request_)
    assert reply.failure is FailureKind.BACKEND_ERROR
    assert reply.message == ("the agent exited with status 75 (EX_TEMPFAIL: its backend "
                             "failed): upstream 529 overloaded")
    script.write_text("import sys\nsys.exit(3)\n")
    assert CommandAgent(f"{sys.executable} {script}").solve(request_).failure \
        is FailureKind.AGENT_ERROR


def test_a_plugin_agent_raising_a_connection_error_is_a_backend_error(request_):
    class Flaky(Agent):
        spec = "flaky"

        def __init__(self, exc: Exception) -> None:
            self.exc = exc

        def solve(self, request):
            raise self.exc

    assert ask_agent(Flaky(ConnectionResetError("peer reset")), request_).failure \
        is FailureKind.BACKEND_ERROR
    assert ask_agent(Flaky(KeyError("oops")), request_).failure is FailureKind.AGENT_ERROR


def test_openai_rate_limit_and_bad_requests(request_):
    from pytest_agentbench.agents import OpenAIAgent, OpenAISettings

    def agent(url):
        return OpenAIAgent("m", OpenAISettings(base_url=url, retries=1, backoff=0.01))

    with FakeOpenAI([error(429, "slow down")]) as srv:
        assert agent(srv.url).solve(request_).failure is FailureKind.RATE_LIMITED
    with FakeOpenAI([error(400, "context length exceeded")]) as srv:
        assert agent(srv.url).solve(request_).failure is FailureKind.AGENT_ERROR
    with FakeOpenAI([error(404, "model m does not exist")]) as srv:
        assert agent(srv.url).solve(request_).failure is FailureKind.AGENT_UNAVAILABLE


def test_a_process_that_ends_without_a_word_is_the_solutions_failure(mini_suite):
    """A solution runs inside the harness: one that ends the process early (``os._exit(0)``
    at import, after forging events) must not pass for a harness failure, which would leave
    it unscored."""
    from pytest_agentbench.judge import judge
    from pytest_agentbench.models import ProcessResult, RunOutput

    problem = mini_suite.problems[0]
    ended = judge(problem, RunOutput((), ProcessResult(returncode=0, seconds=0.1)))
    assert ended.failure is FailureKind.RUNTIME_ERROR
    assert ended.message == ("the solution's process ended (exit status 0) without reporting "
                             "any outcome: did the code end it?")
    never_started = judge(problem, RunOutput((), None))
    assert never_started.failure is FailureKind.HARNESS_ERROR


# -- end to end: shown everywhere
def answer_by_problem(body: dict) -> dict:
    prompt = body["messages"][-1]["content"]
    if "Reverse the order" in prompt:
        return error(503, "overloaded")
    return answer(ADD if "Return a + b" in prompt else BAD_STACK)


@pytest.mark.skipif(importlib.util.find_spec("scipy") is None, reason="needs scipy")
@mode_param
def test_infrastructure_failures_are_shown_everywhere(pytester, mode):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    base = document([entry(t["id"], suite="mini") for t in MINI_SUITE["tests"]])
    (pytester.path / "base.json").write_text(json.dumps(base))
    with FakeOpenAI(answer_by_problem) as srv:
        result = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", "--agentbench", "mini.json", *mode, *ONLY_CORRECTNESS,
            "--agentbench-agent", "openai:m", "--agentbench-base-url", srv.url,
            "--agentbench-retries", "0", "--junitxml", "out.xml", "-o", "junit_family=xunit1",
            "--agentbench-baseline", "base.json", "--agentbench-markdown", "report.md",
            "--agentbench-html", "report.html", "-rf")
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines_random([
        "FAILED mini.json::mini_medium_rev - backend error (infrastructure, not scored*",
        "mini_medium_rev * backend_error [[]infra[]] * - * n/a * n/a*",
        "all: 1/2 passed, mean weighted score 5.00 over 2 items, 1 infrastructure failure(s) "
        "not scored*",
        "infrastructure failures: 1 (backend_error 1): not the agent's, left out of pass rates "
        "and means; --agentbench-resume asks them again",
        "note: 1 pair(s) not compared: an infrastructure failure on either side (backend_error "
        "1): mini_medium_rev",
    ])
    doc = json.loads((pytester.path / "results" / "agentbench.json").read_text())
    by_id = {e["test_id"]: e for e in doc["results"]}
    assert by_id["mini_medium_rev"]["failure_origin"] == "infrastructure"
    assert by_id["mini_medium_rev"]["weighted_score"] is None
    assert by_id["mini_hard_stack"]["failure_origin"] == "agent"
    assert by_id["mini_easy_add"]["failure_origin"] is None
    overall = doc["aggregate"]["overall"]
    assert (overall["passed"], overall["failed"], overall["infrastructure_failed"],
            overall["pass_rate"]) == (1, 1, 1, 0.5)
    origins = {c.get("name"): {p.get("name"): p.get("value") for p in c.iter("property")}
               ["agentbench_failure_origin"]
               for c in ET.parse(pytester.path / "out.xml").getroot().iter("testcase")}
    assert origins == {"mini_easy_add": "", "mini_medium_rev": "infrastructure",
                       "mini_hard_stack": "agent"}
    md = (pytester.path / "report.md").read_text()
    assert "### Infrastructure failures (1)" in md
    assert re.search(r"\| `mini_medium_rev` \| python \| backend_error \| openai:m: HTTP 503", md)
    html = (pytester.path / "report.html").read_text()
    data = json.loads(re.search(r'<script id="agentbench-data" type="application/json">(.*?)'
                                r"</script>", html, re.S).group(1))
    assert {i["test_id"]: i["origin"] for i in data["items"]} == {
        "mini_easy_add": None, "mini_medium_rev": "infrastructure", "mini_hard_stack": "agent"}
