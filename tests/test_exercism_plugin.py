"""Exercism-layout directories through the plugin (with and without xdist): a checkout is
collected without naming a file, items are ``<language>/<slug>``, a bad exercise is a
collection error of its own, a tree that cannot run is skipped with the reason, and Aider's
pass rates (``pass_rate_1``, ``pass_rate_2``) are reported for any suite."""

from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .helpers import MINI_SUITE

DATA = Path(__file__).parent / "data" / "exercism"
MODES = pytest.mark.parametrize("mode", [["-p", "no:xdist"], ["-n", "2"]],
                                ids=["no-xdist", "n2"])


@pytest.fixture
def checkout(pytester):
    """A copy of the test exercises: ``polyglot/python/exercises/practice/...``."""
    shutil.copytree(DATA, pytester.path / "polyglot")
    return "polyglot"


def _doc(pytester, name: str = "agentbench.json"):
    return json.loads((pytester.path / "results" / name).read_text())


@MODES
def test_a_checkout_runs_with_the_reference_and_a_bad_exercise_errs_alone(pytester, checkout,
                                                                          mode):
    result = pytester.runpytest_subprocess("--agentbench", checkout, "-p", "no:cacheprovider",
                                           "--junitxml", "out.xml", "-o", "junit_family=xunit1",
                                           *mode)
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines([
        "*ERROR collecting polyglot/python/exercises/practice/broken-config*",
        "*broken-config/.meta/config.json: field 'files.test': names 'broken_test.py', "
        "which does not exist*"])
    result.stdout.fnmatch_lines(["python/meter-reading *python *unrated passed *4/5*"])
    doc = _doc(pytester)
    assert [(e["suite"], e["test_id"], e["status"]) for e in doc["results"]] == [
        ("exercism-python", "python/meter-reading", "passed"),
        ("exercism-python", "python/word-stack", "passed")]
    meter = doc["results"][0]
    assert meter["execution_details"]["cases_passed"] == 4
    assert meter["solution_source"] == "1 solution file named in the answer: meter.py"
    names = {c.get("name") for c in ET.parse(pytester.path / "out.xml").getroot().iter(
        "testcase")}
    assert {"python/meter-reading", "python/word-stack"} <= names


def test_items_are_language_slash_slug_and_k_selects_them(pytester, checkout):
    result = pytester.runpytest_subprocess("--agentbench", checkout, "--collect-only", "-q",
                                           "-p", "no:cacheprovider", "-k", "python/word-stack")
    result.stdout.fnmatch_lines([
        "polyglot/python/exercises/practice/word-stack::python/word-stack", "*1/2 tests*"])
    one = pytester.runpytest_subprocess(
        "--agentbench", f"{checkout}/python/exercises/practice/meter-reading", "--collect-only",
        "-q", "-p", "no:cacheprovider")
    one.stdout.fnmatch_lines(["*meter-reading::python/meter-reading", "*1 test collected*"])


EDITOR = r'''
import os, pathlib, sys
slug = os.environ["AGENTBENCH_TEST_ID"].split("/")[1]
example = pathlib.Path(sys.argv[1]) / slug / ".meta" / "example.py"
pathlib.Path(os.environ["AGENTBENCH_STARTER_FILE"]).write_text(example.read_text())
print("edited", os.environ["AGENTBENCH_STARTER_FILE"])
'''


def test_a_cmd_agent_that_edits_its_workspace_passes_under_xdist(pytester, checkout):
    agent = pytester.path / "editor.py"
    agent.write_text(EDITOR, encoding="utf-8")
    practice = pytester.path / checkout / "python" / "exercises" / "practice"
    result = pytester.runpytest_subprocess(
        "--agentbench", checkout, "-n", "2", "-p", "no:cacheprovider", "-k", "not broken",
        "--agentbench-agent", f"cmd:{sys.executable} {agent} {practice}")
    result.assert_outcomes(passed=2, errors=1)
    details = {e["test_id"]: e["agent_details"] for e in _doc(pytester)["results"]}
    assert details["python/word-stack"]["answer_source"] == "workspace"
    assert details["python/word-stack"]["answer_source_detail"].startswith(
        "word_stack.py (1 solution file")
    assert "+        self._words = []" in details["python/word-stack"]["workspace_diff"]


SKIPPING = '''
from pytest_agentbench.suite import SuiteSkipped

def pytest_agentbench_suite_directory(path, config):
    if path.name == "cobol":
        raise SuiteSkipped(path, "no cobol runner here")
    return None
'''


def test_a_tree_that_cannot_run_here_is_skipped_with_the_reason(pytester, checkout):
    (pytester.path / checkout / "cobol" / "exercises" / "practice" / "x").mkdir(parents=True)
    pytester.makeconftest(SKIPPING)
    result = pytester.runpytest_subprocess("--agentbench", checkout, "-p", "no:xdist",
                                           "-p", "no:cacheprovider", "-rs", "-k", "word")
    result.stdout.fnmatch_lines(["SKIPPED [[]1[]] polyglot/cobol:1: no cobol runner here"])
    result.assert_outcomes(passed=1, skipped=1, errors=1)


LEARNER = '''
from pytest_agentbench.agents import Agent
from pytest_agentbench.models import AgentReply

GOOD = {"mini_easy_add": "def add(a, b):\\n    return a + b",
        "mini_medium_rev": "def reverse_words(s):\\n    return ' '.join(reversed(s.split()))"}

class Learner(Agent):
    """Right at once on add, right at the second attempt on rev, never on the stack."""
    spec = "learner"
    def solve(self, request):
        pid = request.problem.id
        late = pid == "mini_medium_rev" and request.attempt == 1
        code = "def nothing():\\n    pass" if late else GOOD.get(pid, "class MinStack:\\n    pass")
        return AgentReply(text=f"```python\\n{code}\\n```", seconds=0.0)

def pytest_agentbench_make_agent(spec, config):
    return Learner() if spec == "learner" else None
'''


@MODES
def test_aiders_pass_rates_for_any_suite(pytester, mode):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    pytester.makeconftest(LEARNER)
    result = pytester.runpytest_subprocess(
        "--agentbench", "mini.json", "--agentbench-agent", "learner", "--agentbench-attempts",
        "2", "--junitxml", "out.xml", "-p", "no:cacheprovider", *mode)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "pass rates: pass_rate_1 33.3%, pass_rate_2 66.7% of 3 scored items (as Aider's "
        "leaderboard: passed within 1, 2 attempts)"])
    aggregate = _doc(pytester)["aggregate"]
    assert aggregate["overall"]["pass_rates"] == {"pass_rate_1": 0.3333, "pass_rate_2": 0.6667}
    assert aggregate["by_language"]["python"]["pass_rates"]["pass_rate_2"] == 0.6667
    props = {p.get("name"): p.get("value")
             for p in ET.parse(pytester.path / "out.xml").getroot().iter("property")}
    assert (props["agentbench_pass_rate_1"], props["agentbench_pass_rate_2"]) == (
        "0.3333", "0.6667")


def test_one_attempt_reports_pass_rate_1_alone(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    pytester.makeconftest(LEARNER)
    result = pytester.runpytest_subprocess("--agentbench", "mini.json", "--agentbench-agent",
                                           "learner", "-p", "no:xdist", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.no_fnmatch_line("pass rates:*")
    assert _doc(pytester)["aggregate"]["overall"]["pass_rates"] == {"pass_rate_1": 0.3333}
