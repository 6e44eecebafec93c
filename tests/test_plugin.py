"""The plugin end to end through pytester, in every xdist mode."""

from __future__ import annotations

import json
import re
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest

from pytest_agentbench.results import strip_timings

from .bad_suites import BAD_SUITES, nested, suite_text
from .helpers import MINI_SUITE, SEED_SAMPLE

MODES = {"no-xdist": ["-p", "no:xdist"], "n0": ["-n", "0"], "n2": ["-n", "2"]}
mode_param = pytest.mark.parametrize("mode", list(MODES.values()), ids=list(MODES))


@pytest.fixture
def suite_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    return "mini.json"


def run(pytester, *args):
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    return result


def results_doc(pytester, name="results/agentbench.json"):
    return json.loads((pytester.path / name).read_text())


@mode_param
def test_reference_agent_passes_and_reports(pytester, suite_file, mode):
    result = run(pytester, "--agentbench", suite_file, *mode)
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines([
        "*agentbench: agent reference*",
        "*agentbench summary*",
        "mini_easy_add*python*easy*passed*3/3*10.0*",
        "all: 3/3 passed, mean weighted score 10.00*",
        "results: *agentbench.json",
    ])
    doc = results_doc(pytester)
    assert [e["test_id"] for e in doc["results"]] == ["mini_easy_add", "mini_medium_rev",
                                                      "mini_hard_stack"]
    entry = doc["results"][0]
    for key in ("test_id", "passed", "dimensions", "weighted_score", "execution_time",
                "solution", "execution_details"):
        assert key in entry
    assert entry["dimensions"]["correctness"] == 10.0
    assert entry["dimensions"]["idiomaticity"] == 10.0
    assert entry["dimensions"]["performance"] is None
    assert entry["dimension_details"]["performance"]["reason"] == "the problem has no timing input"
    assert doc["aggregate"]["overall"]["passed"] == 3
    assert doc["aggregate"]["by_language"]["python"]["mean_weighted_score"] == 10.0
    assert set(doc["aggregate"]["by_difficulty"]) == {"easy", "medium", "hard"}
    assert doc["run"]["agent"] == "reference" and doc["run"]["complete"] is True


def test_same_results_with_and_without_xdist(pytester, suite_file):
    docs = []
    for mode in (MODES["no-xdist"], MODES["n2"]):
        run(pytester, "--agentbench", suite_file, *mode).assert_outcomes(passed=3)
        doc = results_doc(pytester)
        docs.append(strip_timings({"aggregate": doc["aggregate"], "results": doc["results"]}))
    assert docs[0] == docs[1]


@pytest.mark.parametrize(("selection", "count"), [
    (["-k", "easy"], 1),
    (["-k", "python and not hard"], 2),
    (["-m", "hard"], 1),
    (["-m", "medium or hard"], 2),
    (["-m", "data_structures"], 1),
    (["-k", "string_manipulation"], 1),
    (["-m", "python and easy"], 1),
])
def test_selection_with_strict_markers(pytester, suite_file, selection, count):
    result = run(pytester, "--agentbench", suite_file, "--strict-markers", "-p", "no:xdist",
                 *selection)
    result.assert_outcomes(passed=count)


def test_markers_are_registered(pytester, suite_file):
    result = run(pytester, "--agentbench", suite_file, "--markers")
    result.stdout.fnmatch_lines(["*@pytest.mark.easy*", "*@pytest.mark.python*"])


AGENT_BY_ID = """
import os, sys, time
tid = os.environ["AGENTBENCH_TEST_ID"]
if tid == "mini_easy_add":
    print("```python\\ndef add(a, b):\\n    return a * b\\n```")
elif tid == "mini_medium_rev":
    time.sleep(60)
elif tid == "mini_hard_stack":
    print("boom", file=sys.stderr); sys.exit(2)
elif tid == "mini_prose":
    print("I would rather not write code today.")
else:
    print("```python\\ndef noop():\\n    pass\\n```")
"""


@mode_param
def test_cmd_agent_failures_are_named_and_the_run_goes_on(pytester, mode):
    data = json.loads(json.dumps(MINI_SUITE))
    data["tests"].append({**data["tests"][0], "id": "mini_prose"})
    data["tests"].append({**data["tests"][0], "id": "mini_blank", "name": "blank"})
    pytester.makefile(".json", suite=json.dumps(data))
    agent = pytester.makepyfile(agent=AGENT_BY_ID)
    result = run(pytester, "--agentbench", "suite.json", *mode, "-rf", "-vv",
                 "--agentbench-agent", f"cmd:{sys.executable} {agent}",
                 "--agentbench-agent-timeout", "2")
    result.assert_outcomes(failed=5)
    result.stdout.fnmatch_lines_random([
        "FAILED suite.json::mini_easy_add - wrong answer: 1/3 cases passed*",
        "FAILED suite.json::mini_medium_rev - agent timeout: *",
        "FAILED suite.json::mini_hard_stack - agent error: the agent exited with status 2: boom",
        "FAILED suite.json::mini_prose - no code in answer: *",
        "FAILED suite.json::mini_blank - runtime error: the solution failed while loading:*",
    ])
    kinds = {e["test_id"]: e["failure_kind"] for e in results_doc(pytester)["results"]}
    assert kinds == {"mini_easy_add": "wrong_answer", "mini_medium_rev": "agent_timeout",
                     "mini_hard_stack": "agent_error", "mini_prose": "no_code_in_answer",
                     "mini_blank": "runtime_error"}


def test_failure_detail_and_sections(pytester, suite_file):
    agent = pytester.makepyfile(agent=AGENT_BY_ID)
    result = run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "-k", "easy",
                 "--agentbench-agent", f"cmd:{sys.executable} {agent}")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*wrong answer: 1/3 cases passed; first failure: case 1: expected 3, got 2*",
        "*failing cases (2 of 3):*",
        "*[[]wrong_answer[]] case 2: expected 0, got -1*",
        "*Captured agentbench scores call*",
        "*correctness      3.33  x0.40  1/3 outcomes passed*",
        "*Captured agentbench solution call*",
        "*return a [*] b*",
    ])


CANNED = '''
from pytest_agentbench.agents import Agent
from pytest_agentbench.models import AgentReply

ANSWERS = {
    "python_easy_01": "def count_below(nums, limit):\\n    return sum(n < limit for n in nums)",
    "python_easy_02": "def is_palindrome(s):\\n    return s == s[::-1]",
    "python_easy_03": "def longest_word(words):\\n    return max(words, key=len, default='')",
    "python_medium_01": "def max_depth(root):\\n    return 0 if root is None else "
                        "1 + max(max_depth(root.left), max_depth(root.right))",
    "python_medium_02": "class EventCounter:\\n    def __init__(self, max_events, window_seconds):"
                        "\\n        self.max_events = max_events"
                        "\\n        self.window_seconds = window_seconds",
    "python_hard_01": "async def run_limited(jobs, limit):\\n    return [j() for j in jobs]",
}

class Canned(Agent):
    spec = "canned"
    def solve(self, request):
        code = ANSWERS[request.problem.id]
        return AgentReply(text=f"```python\\n{code}\\n```", seconds=0.0)

def pytest_agentbench_make_agent(spec, config):
    return Canned() if spec == "canned" else None
'''


@mode_param
def test_seed_suite_with_prose_cases_through_a_conftest_agent(pytester, mode):
    pytester.makefile(".json", seed=SEED_SAMPLE.read_text())
    pytester.makeconftest(CANNED)
    result = run(pytester, "--agentbench", "seed.json", "--agentbench-agent", "canned", *mode)
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(["*cases not executable (seed prose, not scored): 3*"])
    doc = results_doc(pytester)
    by_id = {e["test_id"]: e for e in doc["results"]}
    hard = by_id["python_hard_01"]["execution_details"]
    assert hard["cases_executable"] == 1 and hard["cases_not_executable"] == 2
    assert "lambda" in hard["not_executable"][0]["reason"]
    assert doc["aggregate"]["overall"]["cases"]["not_executable"] == 3


def test_seed_suite_without_references_is_skipped_with_reason(pytester):
    pytester.makefile(".json", seed=SEED_SAMPLE.read_text())
    result = run(pytester, "--agentbench", "seed.json", "-p", "no:xdist", "-rs")
    result.assert_outcomes(skipped=6)
    result.stdout.fnmatch_lines(["*no reference solution in the suite*"])


def test_problem_without_executable_case_is_skipped_before_the_agent(pytester):
    data = {"language": "python", "tests": [{
        "id": "prose_only", "difficulty": "easy", "description": "d", "signature": "def f(x):",
        "test_cases": [{"input": "some words", "expected": "more words"}],
        "reference_solution": "def f(x):\n    return x\n"}]}
    pytester.makefile(".json", prose=json.dumps(data))
    result = run(pytester, "--agentbench", "prose.json", "-p", "no:xdist", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*no executable case (1 not executable*"])


@mode_param
def test_bad_suite_is_a_collection_error_and_others_still_run(pytester, suite_file, mode):
    bad = json.loads(json.dumps(MINI_SUITE))
    bad["tests"][1]["difficulty"] = "extreme"
    del bad["tests"][2]["description"]
    pytester.makefile(".json", bad=json.dumps(bad))
    pytester.makefile(".json", broken='{"language": "python", "tests": [')
    result = run(pytester, "--agentbench", suite_file, "--agentbench", "bad.json",
                 "--agentbench", "broken.json", *mode)
    result.assert_outcomes(passed=3, errors=2)
    result.stdout.fnmatch_lines_random([
        "*bad.json: test 'mini_medium_rev': field 'difficulty': \"extreme\" is not one of*",
        "*bad.json: test 'mini_hard_stack': field 'description': is required but missing*",
        "*broken.json: malformed JSON at line 1*",
    ])
    assert result.ret == 1
    assert len(results_doc(pytester)["results"]) == 3


@pytest.mark.parametrize("mode", [MODES["no-xdist"], MODES["n2"]], ids=["no-xdist", "n2"])
def test_suites_beyond_the_value_limits_are_collection_errors_and_others_run(pytester,
                                                                             suite_file, mode):
    args = []
    for name, (text, _) in BAD_SUITES.items():
        pytester.makefile(".json", **{name: text})
        args += ["--agentbench", f"{name}.json"]
    result = run(pytester, "--agentbench", suite_file, *args, *mode)
    result.assert_outcomes(passed=3, errors=len(BAD_SUITES))
    result.stdout.re_match_lines_random(
        [rf"  \S*{name}\.json: {re.escape(message)}" for name, (_, message) in BAD_SUITES.items()])
    result.stdout.no_re_match_line(".*(RecursionError|Exceeds the limit|Traceback).*")
    assert result.ret == 1
    assert len(results_doc(pytester)["results"]) == 3


LIMITS_SUITE = {"language": "python", "tests": [
    {"id": "deepest", "difficulty": "easy", "description": "The deepest value a case may hold.",
     "signature": "def deepest() -> list:", "test_cases": [{"args": [], "expected": None}],
     "reference_solution": "def deepest() -> list:\n    value = [1]\n    for _ in range(94):\n"
                           "        value = [value]\n    return value\n"},
    {"id": "biggest", "difficulty": "easy", "description": "The largest integer allowed.",
     "signature": "def biggest() -> int:", "test_cases": [{"args": [], "expected": None}],
     "reference_solution": "def biggest() -> int:\n    return 10 ** 4300 - 1\n"},
]}


def test_values_at_the_limits_run_end_to_end(pytester):
    expected = {("tests", 0, "test_cases", 0, "expected"): nested(95),
                ("tests", 1, "test_cases", 0, "expected"): "9" * 4300}
    pytester.makefile(".json", limits=suite_text(expected, LIMITS_SUITE))
    result = run(pytester, "--agentbench", "limits.json", "-p", "no:xdist")
    result.assert_outcomes(passed=2)
    assert [e["status"] for e in results_doc(pytester)["results"]] == ["passed", "passed"]


def test_junit_properties(pytester, suite_file):
    result = run(pytester, "--agentbench", suite_file, "-p", "no:xdist",
                 "--junitxml", "out.xml", "-o", "junit_family=xunit1")
    result.assert_outcomes(passed=3)
    root = ET.parse(pytester.path / "out.xml").getroot()
    case = next(c for c in root.iter("testcase") if c.get("name") == "mini_easy_add")
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert props["agentbench_correctness"] == "10.00"
    assert props["agentbench_idiomaticity"] == "10.00"
    assert props["agentbench_performance"] == "n/a"
    assert props["agentbench_weighted_score"] == "10.00"
    assert props["agentbench_failure_kind"] == ""
    assert props["agentbench_agent"] == "reference"
    assert float(props["agentbench_seconds"]) >= 0


@pytest.mark.parametrize("mode", [MODES["no-xdist"], MODES["n2"]], ids=["no-xdist", "n2"])
def test_json_report_metadata_and_summary(pytester, suite_file, mode):
    result = run(pytester, "--agentbench", suite_file, *mode, "--json-report",
                 "--json-report-file", "report.json")
    result.assert_outcomes(passed=3)
    report = json.loads((pytester.path / "report.json").read_text())
    meta = {t["nodeid"]: t["metadata"]["agentbench"] for t in report["tests"]}
    assert meta["mini.json::mini_hard_stack"]["weighted_score"] == 10.0
    assert report["agentbench"]["overall"]["passed"] == 3


def test_results_option_and_ini_twins(pytester, suite_file):
    pytester.makeini(textwrap.dedent(f"""
        [pytest]
        agentbench_suites = {suite_file}
        agentbench_exec_timeout = 5
        agentbench_results = out/res.json
    """))
    result = run(pytester, "-p", "no:xdist")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*exec timeout 5 s*"])
    assert results_doc(pytester, "out/res.json")["run"]["exec_timeout"] == 5.0
    run(pytester, "-p", "no:xdist", "--agentbench-results", "cli.json").assert_outcomes(passed=3)
    assert (pytester.path / "cli.json").exists()


def test_directory_of_suites(pytester, suite_file):
    sub = pytester.mkdir("suites")
    (sub / "a.json").write_text(json.dumps(MINI_SUITE))
    other = json.loads(json.dumps(MINI_SUITE))
    for t in other["tests"]:
        t["id"] = "other_" + t["id"]
    (sub / "b.json").write_text(json.dumps(other))
    (sub / "notes.txt").write_text("not a suite")
    result = run(pytester, "--agentbench", "suites", "-p", "no:xdist", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["suites/a.json::mini_easy_add", "*6 tests collected*"])


def test_suite_files_after_the_first_need_no_option_of_their_own(pytester, suite_file):
    """``pytest --agentbench a.json b.json``, and ``b.json::one_id`` narrows b to one item."""
    other = json.loads(json.dumps(MINI_SUITE))
    for t in other["tests"]:
        t["id"] = "other_" + t["id"]
    pytester.makefile(".json", other=json.dumps(other))
    result = run(pytester, "--agentbench", suite_file, "other.json", "-p", "no:xdist",
                 "--collect-only", "-q")
    result.stdout.fnmatch_lines(["other.json::other_mini_easy_add", "*6 tests collected*"])
    result = run(pytester, "--agentbench", suite_file, "other.json::other_mini_easy_add",
                 "-p", "no:xdist", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["*4 tests collected*"])


def test_suites_run_beside_named_test_paths(pytester, suite_file):
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = run(pytester, "test_plain.py", "--agentbench", suite_file, "-p", "no:xdist")
    result.assert_outcomes(passed=4)


def test_without_agentbench_json_files_are_not_collected(pytester, suite_file):
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = run(pytester, "-p", "no:xdist")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*agentbench summary*")
    assert not (pytester.path / "results").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--agentbench-agent", "gpt-9"], "*unknown agent 'gpt-9'*"),
    (["--agentbench-agent-timeout", "-1"], "*--agentbench-agent-timeout*must be above zero*"),
    (["--agentbench-weights", "speed=1"], "*unknown dimension 'speed'*"),
    (["--agentbench", "missing.json"], "*no such suite file or directory*missing.json*"),
])
def test_usage_errors(pytester, suite_file, args, message):
    result = pytester.runpytest_subprocess("--agentbench", suite_file, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_weights_option_changes_the_weighted_score(pytester, suite_file):
    agent = pytester.makepyfile(agent=AGENT_BY_ID)
    run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "-k", "easy",
        "--agentbench-agent", f"cmd:{sys.executable} {agent}",
        "--agentbench-weights", "correctness=1,idiomaticity=0,best_practices=0")
    entry = results_doc(pytester)["results"][0]
    assert entry["dimension_details"]["correctness"]["weight"] == 1.0
    assert entry["dimension_details"]["idiomaticity"]["weight"] == 0.0
    assert entry["weighted_score"] == 3.33


def test_timeout_marker_is_the_backstop(pytester, suite_file):
    pytester.makeconftest("""
        def pytest_collection_finish(session):
            for item in session.items:
                print("TIMEOUT", item.name, item.get_closest_marker("timeout").args)
    """)
    result = run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "--collect-only", "-s",
                 "--agentbench-agent-timeout", "10", "--agentbench-exec-timeout", "5")
    result.stdout.fnmatch_lines(["TIMEOUT mini_easy_add (85.0,)"])


EVALUATOR = '''
from pytest_agentbench.models import DimensionScore

class Security:
    name = "security"
    def evaluate(self, ctx):
        risky = "eval(" in (ctx.solution.code if ctx.solution else "")
        return DimensionScore(self.name, 0.0 if risky else 10.0, ctx.weight,
                              "eval() found" if risky else "")

def pytest_agentbench_evaluators(config):
    return [Security()]
'''


def test_a_conftest_evaluator_adds_a_weighted_dimension(pytester, suite_file):
    pytester.makeconftest(EVALUATOR)
    result = run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "-k", "easy",
                 "--agentbench-weights", "security=0.5")
    result.assert_outcomes(passed=1)
    entry = results_doc(pytester)["results"][0]
    assert entry["dimensions"]["security"] == 10.0
    assert entry["dimension_details"]["security"]["weight"] == 0.5
    bad = pytester.runpytest_subprocess("--agentbench", suite_file, "--agentbench-weights",
                                        "speed=1")
    bad.stderr.fnmatch_lines(["*unknown dimension 'speed' (known: *security*"])


def test_the_isolation_mode_does_not_outlive_its_run(pytester, suite_file):
    """The sandbox's mode is process-wide: an in-process run with isolation off must not leave
    it off for the next run in the same process (pytester, an IDE, a long-lived test runner)."""
    from pytest_agentbench import sandbox

    result = pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:xdist", "--agentbench", suite_file, "-k", "easy",
        "--agentbench-isolation", "off", "--agentbench-progress", "off")
    result.assert_outcomes(passed=1)
    assert sandbox.mode() == "auto"
