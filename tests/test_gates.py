"""Gates: unit tests of the rules, and the done-means end to end through pytester: a run against
a baseline of the same agent is "no significant difference"; a third answered wrongly is "worse"
with the right counts, and --agentbench-fail-on-regression then exits non-zero with its line,
with and without xdist."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from pytest_agentbench import gates

from .agentbench_docs import document, entry, suite_run

scipy = pytest.importorskip("scipy")

from pytest_agentbench.compare import compare  # noqa: E402

MODES = {"no-xdist": ["-p", "no:xdist"], "n2": ["-n", "2"]}
mode_param = pytest.mark.parametrize("mode", list(MODES.values()), ids=list(MODES))
N = 24
WRONG = tuple(f"add_{i:02d}" for i in range(0, N, 3))  # a third: 8 of 24


# -- the rules
def test_fail_under():
    overall = document([entry("a", score=6.0), entry("b", score=7.0)])["aggregate"]["overall"]
    tripped = gates.fail_under(overall, 7.0)
    assert tripped.tripped
    assert tripped.line == ("agentbench gate --agentbench-fail-under FAILED: mean weighted score "
                            "6.50 over 2 scored item(s) (threshold: mean weighted score >= 7.00)")
    assert not gates.fail_under(overall, 6.5).tripped  # at the threshold is not below it
    assert gates.fail_under(overall, 6.5).line.startswith(
        "agentbench gate --agentbench-fail-under passed: mean weighted score 6.50")


def test_fail_under_with_nothing_scored_trips():
    overall = document([entry("a", status="skipped")])["aggregate"]["overall"]
    result = gates.fail_under(overall, 1.0)
    assert result.tripped and "no item was scored" in result.line


def test_fail_on_regression():
    worse = compare(suite_run(N), suite_run(N, set(range(0, N, 3))), baseline_name="base.json")
    result = gates.fail_on_regression(worse)
    assert result.tripped
    assert result.line.startswith('agentbench gate --agentbench-fail-on-regression FAILED: '
                                  'verdict "worse" against base.json: 8 newly failing, 0 newly '
                                  'passing of 24 pairs (exact McNemar p = 0.00781')
    assert result.line.endswith('(threshold: verdict not "worse" at alpha 0.05)')
    same = compare(suite_run(N), suite_run(N))
    assert not gates.fail_on_regression(same).tripped
    better = compare(suite_run(N, set(range(0, N, 3))), suite_run(N))
    assert not gates.fail_on_regression(better).tripped


def test_fail_on_regression_with_no_pairs_trips():
    c = compare(suite_run(6, suite="a_mini"), suite_run(6, suite="b_mini"),
                baseline_name="base.json")
    assert c.overall.problems == 0 and c.verdict != "worse"
    result = gates.fail_on_regression(c)
    assert result.tripped
    assert result.measured.startswith("0 pair(s) compared against base.json: 6 item(s) only in "
                                      "the baseline and 6 only in this run; no suite in common")
    assert result.threshold == "at least 1 pair(s) compared"
    enough = compare(suite_run(6), suite_run(6))
    assert gates.fail_on_regression(enough, min_pairs=6).tripped is False
    assert gates.fail_on_regression(enough, min_pairs=7).tripped is True


def test_evaluate_only_the_gates_asked_for():
    c = compare(suite_run(6), suite_run(6))
    overall = suite_run(6)["aggregate"]["overall"]
    assert gates.evaluate(overall, c, fail_under_score=None, on_regression=False) == []
    names = [g.gate for g in gates.evaluate(overall, c, fail_under_score=5,
                                            on_regression=True)]
    assert names == ["--agentbench-fail-under", "--agentbench-fail-on-regression"]


# -- end to end
SUITE = {
    "language": "python", "version": "1.0",
    "tests": [{
        "id": f"add_{i:02d}", "name": f"Add {i}", "difficulty": ("easy", "medium", "hard")[i % 3],
        "category": "algorithms", "description": "Return a + b.",
        "signature": "def add(a: int, b: int) -> int:",
        "test_cases": [{"args": [1, 2], "expected": 3}, {"args": [-1, 1], "expected": 0}],
        "reference_solution": "def add(a: int, b: int) -> int:\n    return a + b\n",
    } for i in range(N)],
}

CONFTEST = f'''
from pytest_agentbench.agents import Agent
from pytest_agentbench.models import AgentReply
from pytest_agentbench.scoring import NotMeasured

WRONG = {WRONG!r}


class Canned(Agent):
    """Right answers, except a third of the problems (a - b instead of a + b)."""
    spec = "canned"

    def solve(self, request):
        op = "-" if request.problem.id in WRONG else "+"
        code = f"def add(a, b):\\n    return a {{op}} b\\n"
        return AgentReply(text=f"```python\\n{{code}}```", seconds=0.0)


def pytest_agentbench_make_agent(spec, config):
    return Canned() if spec == "canned" else None


def pytest_agentbench_evaluators(config):
    # the analysers are tested elsewhere; here they would only make the runs slow
    return [NotMeasured(name, "not measured in this test")
            for name in ("idiomaticity", "performance", "best_practices")]
'''


@pytest.fixture
def bench(pytester):
    pytester.makefile(".json", adds=json.dumps(SUITE))
    pytester.makeconftest(CONFTEST)
    return pytester


def run(pytester, *args):
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--agentbench", "adds.json",
                                           *args)
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    return result


@pytest.fixture(scope="module")
def baseline_file(tmp_path_factory):
    """The reference agent's results, made once for the module by a real run."""
    where = tmp_path_factory.mktemp("baseline")
    (where / "adds.json").write_text(json.dumps(SUITE))
    (where / "conftest.py").write_text(CONFTEST)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--agentbench", "adds.json", "--agentbench-results", "base.json", "-q"],
        cwd=where, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return where / "base.json"


@pytest.fixture
def baseline(bench, baseline_file):
    shutil.copy(baseline_file, bench.path / "base.json")
    return bench


@mode_param
def test_same_agent_is_no_significant_difference_and_passes_the_gate(baseline, mode):
    result = run(baseline, *mode, "--agentbench-baseline", "base.json",
                 "--agentbench-fail-on-regression")
    result.assert_outcomes(passed=N)
    assert result.ret == 0
    result.stdout.fnmatch_lines([
        "*agentbench comparison with base.json*",
        "overall: no significant difference: 0 newly failing, 0 newly passing of 24 pairs "
        "(exact McNemar p = 1 (threshold 0.0*), not significant)*",
        'agentbench gate --agentbench-fail-on-regression passed: verdict "no significant '
        'difference" against base.json*',
    ])


@mode_param
def test_a_third_wrong_is_worse_and_the_regression_gate_fails_the_session(baseline, mode):
    result = run(baseline, *mode, "--agentbench-agent", "canned", "--agentbench-baseline",
                 "base.json", "--agentbench-fail-on-regression")
    result.assert_outcomes(passed=N - len(WRONG), failed=len(WRONG))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([
        "overall: worse: 8 newly failing, 0 newly passing of 24 pairs (exact McNemar p = "
        "0.00781 (threshold 0.0*), significant)*",
        "newly failing (8): add_00, add_03, add_06, add_09, add_12, add_15, add_18, add_21",
        'agentbench gate --agentbench-fail-on-regression FAILED: verdict "worse" against '
        "base.json: 8 newly failing, 0 newly passing of 24 pairs*(threshold: verdict not "
        '"worse" at alpha 0.05)',
    ])


HARSH = """

from pytest_agentbench.models import DimensionScore


class Harsh:
    name = "idiomaticity"

    def evaluate(self, ctx):
        return DimensionScore("idiomaticity", 2.0, ctx.weight, "harsh on purpose")


_measured_elsewhere = pytest_agentbench_evaluators


def pytest_agentbench_evaluators(config):
    return [Harsh(), *(e for e in _measured_elsewhere(config) if e.name != "idiomaticity")]
"""


@mode_param
def test_fail_under_fails_the_session_even_when_every_item_passed(bench, mode):
    bench.makeconftest(CONFTEST + HARSH)
    bench.makeini("[pytest]\nagentbench_fail_under = 8\n")  # the ini twin
    result = run(bench, *mode, "--agentbench-weights", "correctness=0.5,idiomaticity=0.5")
    result.assert_outcomes(passed=N)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([
        "agentbench gate --agentbench-fail-under FAILED: mean weighted score 6.00 over 24 "
        "scored item(s) (threshold: mean weighted score >= 8.00)"])
    run_info = json.loads((bench.path / "results" / "agentbench.json").read_text())["run"]
    assert run_info["exit_status"] == pytest.ExitCode.TESTS_FAILED
    assert [(g["gate"], g["tripped"]) for g in run_info["gates"]] == [
        ("--agentbench-fail-under", True)]
    if mode != MODES["no-xdist"]:
        return
    # the command line wins over the ini file
    result = run(bench, *mode, "--agentbench-weights", "correctness=0.5,idiomaticity=0.5",
                 "--agentbench-fail-under", "6")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["agentbench gate --agentbench-fail-under passed: *6.00*"])


def test_fail_under_must_be_a_score(bench):
    result = run(bench, "-p", "no:xdist", "--agentbench-fail-under", "10.5")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--agentbench-fail-under 10.5: a score is between 0 and 10*"])


def test_regression_gate_needs_a_baseline_and_a_readable_one(bench):
    result = run(bench, "-p", "no:xdist", "--agentbench-fail-on-regression")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--agentbench-fail-on-regression needs a baseline*"])
    result = run(bench, "-p", "no:xdist", "--agentbench-baseline", "missing.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--agentbench-baseline: *missing.json: cannot read it*"])
    bench.makeini("[pytest]\nagentbench_fail_on_regression = maybe\n")
    result = run(bench, "-p", "no:xdist", "--agentbench-baseline", "adds.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_reports_are_written_from_the_session(baseline, monkeypatch):
    summary = baseline.path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    bench = baseline
    bench.makeini("[pytest]\nagentbench_baseline = base.json\nagentbench_html = out/r.html\n"
                  "agentbench_markdown = out/r.md\nagentbench_fail_on_regression = true\n")
    # the baseline may be the results file itself: it is read before the run replaces it
    result = run(bench, "-p", "no:xdist", "--agentbench-agent", "canned",
                 "--agentbench-results", "base.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["overall: worse: 8 newly failing*",
                                 "html report: *out/r.html", "markdown report: *out/r.md",
                                 "markdown report: *step-summary.md"])
    assert json.loads((bench.path / "base.json").read_text())["run"]["agent"] == "canned"
    page = (bench.path / "out" / "r.html").read_text()
    assert "agentbench-data" in page and "add_03" in page
    md = (bench.path / "out" / "r.md").read_text()
    assert "## agentbench: worse than the baseline" in md
    assert "| `add_00` | python | easy | passed | wrong_answer |" in md
    assert summary.read_text().startswith("## agentbench: worse than the baseline")


@pytest.mark.parametrize("mode", [MODES["no-xdist"], MODES["n2"]], ids=["no-xdist", "n2"])
def test_a_baseline_of_other_suites_fails_the_regression_gate(bench, baseline_file, mode):
    other = json.loads(baseline_file.read_text())
    for e in other["results"]:
        e["suite"] = "renamed"
    (bench.path / "base.json").write_text(json.dumps(other))
    result = run(bench, *mode, "-k", "add_00 or add_01", "--agentbench-baseline", "base.json",
                 "--agentbench-fail-on-regression")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([
        "agentbench gate --agentbench-fail-on-regression FAILED: 0 pair(s) compared against "
        "base.json: 24 item(s) only in the baseline and 2 only in this run; no suite in common "
        "(baseline: renamed; this run: adds): is it the right baseline, or was a suite renamed?"
        " (threshold: at least 1 pair(s) compared)"])
    if mode != MODES["no-xdist"]:
        return
    bench.makeini("[pytest]\nagentbench_min_pairs = 3\n")
    shutil.copy(baseline_file, bench.path / "base.json")
    result = run(bench, *mode, "-k", "add_00 or add_01", "--agentbench-baseline", "base.json",
                 "--agentbench-fail-on-regression")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["agentbench gate --agentbench-fail-on-regression FAILED: 2 "
                                 "pair(s) compared against base.json: 22 item(s) only in the "
                                 "baseline and 0 only in this run (threshold: at least 3 "
                                 "pair(s) compared)"])
