"""Failure reports follow --tb: every fact once by default, the first failing case with
--tb=short, one line per item with --tb=line, nothing with --tb=no."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from pytest_agentbench.failures import problem_line

from .helpers import MINI_SUITE, XDIST_MODES
from .helpers import run_plugin as run

TWO = {"no-xdist": XDIST_MODES["no-xdist"], "n2": XDIST_MODES["n2"]}
two_modes = pytest.mark.parametrize("mode", list(TWO.values()), ids=list(TWO))

# mini_easy_add: a * b passes 1 of 3 cases; mini_medium_rev: does not compile
WRONG = '''
import os
tid = os.environ["AGENTBENCH_TEST_ID"]
if tid == "mini_easy_add":
    print("```python\\ndef add(a, b):\\n    x = 1\\n    y = 2\\n    return a * b\\n```")
elif tid == "mini_medium_rev":
    print("```python\\ndef reverse_words(s):\\n    return (\\n```")
'''
FIRST_CASE = "case 1: expected 3, got 2"
SECOND_CASE = "case 2: expected 0, got -1"


SUITE_TEXT = json.dumps(MINI_SUITE, indent=1)


def line_of(problem_id: str) -> int:
    return next(n for n, line in enumerate(SUITE_TEXT.splitlines(), 1)
                if f'"id": "{problem_id}"' in line)


@pytest.fixture
def failing(pytester):
    pytester.makefile(".json", mini=SUITE_TEXT)
    agent = pytester.makepyfile(agent=WRONG)
    return ["--agentbench", "mini.json", "-k", "easy or medium", "--agentbench-progress",
            "off", "--agentbench-agent", f"cmd:{sys.executable} {agent}"]


@two_modes
def test_default_shows_each_fact_once(pytester, failing, mode):
    result = run(pytester, *failing, *mode)
    result.assert_outcomes(failed=2)
    out = result.stdout.str()
    assert out.count(SECOND_CASE) == 1  # in the failure, not again in the scores section
    assert "failing cases (2 of 3):" in out
    assert "outcomes: 1 passed of 3 (the failing ones are listed above)" in out
    assert out.count("    return a * b") == 1  # the solution section, not the agent's output
    assert out.count("wrong answer: 1/3 cases passed") == 2  # the failure and the summary
    result.stdout.fnmatch_lines(["*Captured agentbench scores call*",
                                 "*mini_easy_add (Add) - failed: wrong answer (above)"])


@two_modes
def test_tb_short_is_the_verdict_and_the_first_failing_case(pytester, failing, mode):
    result = run(pytester, *failing, *mode, "--tb=short")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        f"wrong answer: 1/3 cases passed; first failure: {FIRST_CASE}",
        f"  [[]wrong_answer[]] {FIRST_CASE}",
        "  ... and 1 more failing case(s) (--tb=long shows them)",
    ])
    assert SECOND_CASE not in result.stdout.str()
    result.stdout.no_fnmatch_line("*Captured agentbench*")


@two_modes
def test_tb_line_is_one_line_per_item_with_its_id(pytester, failing, mode):
    result = run(pytester, *failing, *mode, "--tb=line", "--junitxml", "out.xml")
    result.assert_outcomes(failed=2)
    out = result.stdout.str()
    assert sorted(re.findall(r"^mini\.json:\d+: .*$", out, re.MULTILINE)) == sorted([
        f"mini.json:{line_of('mini_easy_add')}: mini_easy_add: wrong answer: 1/3 cases "
        f"passed; first failure: {FIRST_CASE}",
        f"mini.json:{line_of('mini_medium_rev')}: mini_medium_rev: compile error: "
        "SyntaxError: '(' was never closed (solution.py, line 2)",
    ])
    assert "failing cases" not in out and "Captured agentbench" not in out
    failure = next(c for c in ET.parse(pytester.path / "out.xml").getroot().iter("testcase")
                   if c.get("name") == "mini_easy_add").find("failure")
    assert failure.get("message").startswith("mini_easy_add: wrong answer: 1/3 cases passed")


@pytest.mark.parametrize("ci", ["true", ""], ids=["on-ci", "off-ci"])
def test_the_short_summary_is_the_headline_on_ci_too(pytester, failing, monkeypatch, ci):
    """pytest prints a failure's whole message in the short summary when CI is set."""
    monkeypatch.setenv("CI", ci)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)
    result = run(pytester, *failing, "-p", "no:xdist", "-rf")
    out = result.stdout.str()
    assert out.count(SECOND_CASE) == 1 and "failing cases (2 of 3):" in out
    summary = out[out.index("short test summary info"):]
    assert "failing cases" not in summary and "Captured" not in summary
    result.stdout.fnmatch_lines([
        "FAILED mini.json::mini_easy_add - wrong answer: 1/3*"])


def test_tb_no_prints_no_failure(pytester, failing):
    result = run(pytester, *failing, "-p", "no:xdist", "--tb=no")
    result.assert_outcomes(failed=2)
    result.stdout.no_fnmatch_line("*failing cases*")
    result.stdout.no_fnmatch_line("*Captured agentbench*")


def test_a_python_compile_errors_headline_is_the_error(pytester, failing):
    result = run(pytester, *failing, "-p", "no:xdist", "-k", "medium")
    result.stdout.fnmatch_lines([
        "compile error: SyntaxError: '(' was never closed (solution.py, line 2)",
        "  File \"solution.py\", line 2",
    ])
    result.stdout.fnmatch_lines(["FAILED mini.json::mini_medium_rev - compile error: Synt*"])


def test_problem_line_finds_ids_in_json_and_jsonl(tmp_path):
    suite = tmp_path / "s.json"
    suite.write_text('{"tests": [\n {"id": "a/1"},\n {\n  "id" : "b\\"2"}]}')
    assert problem_line(suite, "a/1") == 2 and problem_line(suite, 'b"2') == 4
    rows = tmp_path / "h.jsonl"
    rows.write_text('{"task_id": "H/0"}\n{"task_id": "H/1"}\n')
    assert problem_line(rows, "H/1") == 2
    assert problem_line(rows, "missing") is None
    assert problem_line(tmp_path / "gone.json", "a/1") is None
