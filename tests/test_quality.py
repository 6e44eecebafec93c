"""Idiomaticity and best practices from real analysers, with a formula one can redo by hand."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from pytest_agentbench.agents import Agent, ReferenceAgent
from pytest_agentbench.analysis import analyse, code_lines
from pytest_agentbench.analysis.rules import load_rules
from pytest_agentbench.languages import default_registry
from pytest_agentbench.languages.python.analysers import Ruff
from pytest_agentbench.models import AgentReply
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.scoring.quality import formula_text, quality_score
from pytest_agentbench.sections import scores_section
from pytest_agentbench.suite import load_suite

ROOT = Path(__file__).resolve().parents[1]
BEGINNER = Path(__file__).parent / "data" / "beginner"
REG = default_registry()


class Answer(Agent):
    spec = "answer"

    def __init__(self, code: str, language: str = "python") -> None:
        self.code, self.language = code, language

    def solve(self, request):
        return AgentReply(f"```{self.language}\n{self.code}\n```", 0.0)


def scores(result):
    return {s.name: s for s in result.scores}


@pytest.mark.parametrize(("points", "lines", "score"), [
    (0, 5, 10.0), (0.5, 10, 9.17), (1, 5, 8.41), (3, 10, 5.95), (5, 20, 4.2),
    (6, 10, 3.54), (2, 40, 8.41), (3, 60, 8.41), (1, 200, 9.83), (16, 20, 0.62),
])
def test_formula_by_hand(points, lines, score):
    """10 x 2 ** (-(P x 20 / max(L, 20)) / 4): redone here with a calculator's numbers."""
    assert quality_score(points, lines) == score
    assert formula_text(points, lines).endswith(f"= {score:.2f}")


def test_each_further_finding_costs_less_and_many_cost_nearly_everything():
    costs = [quality_score(n, 20) - quality_score(n + 1, 20) for n in range(8)]
    assert all(a > b > 0 for a, b in itertools.pairwise(costs))
    assert quality_score(0.5, 20) >= 9.1  # one nit in a short answer costs little
    assert quality_score(12, 20) < 1.5  # a dozen real problems cost nearly everything


def test_a_partly_correct_answer_keeps_only_its_share_of_the_quality_points():
    assert formula_text(1, 20, 3, 4).endswith(
        f"x 3/4 cases passed = {quality_score(1, 20, 0.75):.2f}")
    assert quality_score(1, 20, 0.75) == round(quality_score(1, 20) * 0.75, 2)


def test_rule_table_longest_prefix_wins():
    table = load_rules("python")
    assert table.classify("ruff", "E711").dimension == "idiomaticity"  # the E7 prefix
    assert table.classify("ruff", "E501").dimension == "best_practices"  # the E prefix
    assert table.classify("ruff", "PLR2004").dimension == "best_practices"
    assert table.classify("ruff", "PLR1714").dimension == "idiomaticity"
    assert table.classify("pylint", "consider-using-enumerate").dimension == "idiomaticity"
    assert table.classify("lizard", "CCN").dimension == "best_practices"
    assert table.classify("othertool", "X1").dimension == table.default


def test_code_lines_skip_blanks_and_comments():
    code = "# comment\n\ndef f():\n    # inside\n    return 1  # trailing\n"
    assert code_lines(code, "python") == 2
    assert code_lines("// x\nfunc f() {\n}\n/*\n * doc\n */\n", "go") == 2


def test_beginner_python_scores_three_points_below_the_reference():
    suite = load_suite(ROOT / "suites" / "python_mini.json", REG)
    problem = next(p for p in suite.problems if p.id == "python_easy_01")
    runner = REG.get("python")
    ref = scores(run_problem(problem, ReferenceAgent(), runner, REG, BenchSettings()))
    beginner = (BEGINNER / "python_easy_01.py").read_text()
    mine = scores(run_problem(problem, Answer(beginner), runner, REG, BenchSettings()))
    assert mine["correctness"].score == 10.0  # correct, just not well written
    for dim in ("idiomaticity", "best_practices"):
        assert ref[dim].score - mine[dim].score >= 3, (dim, mine[dim].details)
    rules = {f["rule"] for f in mine["idiomaticity"].details["findings"]}
    assert "consider-using-enumerate" in rules  # the index loops
    rules = {f["rule"] for f in mine["best_practices"].details["findings"]}
    assert {"ANN001", "ANN201"} <= rules  # no annotations


def test_every_lost_point_is_in_the_report_section(mini_suite):
    problem = mini_suite.problems[0]
    result = run_problem(problem, Answer("def add(a, b):\n    return a+b"), REG.get("python"),
                         REG, BenchSettings())
    text = scores_section(result)
    practice = scores(result)["best_practices"]
    assert f"score = {practice.details['formula']}" in text
    for f in practice.details["findings"]:
        assert f"line {f['line']}: ruff {f['rule']}: {f['message']}" in text


def test_missing_analyser_makes_its_dimensions_n_a(mini_suite, monkeypatch):
    import pytest_agentbench.analysis as analysis

    monkeypatch.setattr(analysis, "_CACHE", {})  # earlier tests analysed the same code
    monkeypatch.setattr(Ruff, "availability",
                        lambda self: (None, "ruff is not installed (pip install ruff)"))
    result = run_problem(mini_suite.problems[0], ReferenceAgent(), REG.get("python"), REG,
                         BenchSettings())
    s = scores(result)
    for dim in ("idiomaticity", "best_practices"):
        assert s[dim].score is None
        assert "ruff: ruff is not installed (pip install ruff)" in s[dim].reason
    assert result.status == "passed" and result.weighted == 10.0  # renormalised


def test_analysis_is_cached_per_content():
    first = analyse("python", "x = 1\n", "solution.py")
    assert analyse("python", "x = 1\n", "solution.py") is first


def test_language_without_analysers_is_n_a(mini_suite):
    from pytest_agentbench.scoring.evaluators import EvalContext
    from pytest_agentbench.scoring.quality import QualityEvaluator

    class Unknown:
        file_name = "x.txt"

    problem = mini_suite.problems[0].__class__(**{**mini_suite.problems[0].__dict__,
                                                  "language": "cobol"})
    from pytest_agentbench.models import CaseOutcome, Execution, Solution
    ran = Execution((CaseOutcome(0, "case 1", "passed"),), None, "", 0.0)
    ctx = EvalContext(problem, Solution("x", "cobol", ""), ran, Unknown(), None, 0.25, {})
    score = QualityEvaluator("idiomaticity").evaluate(ctx)
    assert score.score is None and "no idiomaticity analyser for cobol" in score.reason


def _two_sum_suite(tmp_path, timing: bool = False):
    import json

    problem = {
        "id": "two_sum", "difficulty": "easy", "description": "Indices of two numbers.",
        "signature": "def two_sum(nums: List[int], target: int) -> List[int]:",
        "test_cases": [{"args": [[2, 7, 11, 15], 9], "expected": [0, 1]},
                       {"args": [[3, 2, 4], 6], "expected": [1, 2]},
                       {"args": [[3, 3], 6], "expected": [0, 1]},
                       {"args": [[1, 5, 7], 12], "expected": [1, 2]}],
        "reference_solution": IDIOMATIC_TWO_SUM,
    }
    if timing:
        problem["timing"] = {"sizes": [{"label": "n=4", "n": 4, "args": [[1, 5, 7, 9], 16]}]}
    path = tmp_path / "two_sum.json"
    path.write_text(json.dumps({"language": "python", "tests": [problem]}))
    return load_suite(path, REG).problems[0]


IDIOMATIC_TWO_SUM = '''from typing import List


def two_sum(nums: List[int], target: int) -> List[int]:
    """Return the indices of the two numbers that add up to ``target``."""
    seen: dict[int, int] = {}
    for index, number in enumerate(nums):
        if target - number in seen:
            return [seen[target - number], index]
        seen[number] = index
    return []
'''


def test_the_signature_the_task_imposes_costs_nothing(tmp_path):
    """``List[int]`` and its import come with the task: an answer that keeps them loses no
    point, and the findings are listed as imposed."""
    problem = _two_sum_suite(tmp_path)
    result = scores(run_problem(problem, Answer(IDIOMATIC_TWO_SUM), REG.get("python"), REG,
                                BenchSettings()))
    idiom = result["idiomaticity"]
    assert idiom.score == 10.0, idiom.details
    imposed = [f for f in idiom.details["findings"] if f.get("imposed")]
    assert {f["rule"] for f in imposed} >= {"UP006"} and all(f["weight"] == 0 for f in imposed)
    assert "imposed by the task" in idiom.reason
    # the same type written by the answer itself, elsewhere, is its own choice and costs
    own = IDIOMATIC_TWO_SUM.replace("seen: dict[int, int] = {}", "seen: Dict[int, int] = {}")
    own = own.replace("from typing import List", "from typing import Dict, List")
    mine = scores(run_problem(problem, Answer(own), REG.get("python"), REG, BenchSettings()))
    assert mine["idiomaticity"].score < 10.0


@pytest.mark.parametrize("code", [
    "def two_sum(nums, target)\n    return []\n",  # does not compile
    "def two_sum(nums, target):\n    raise NotImplementedError\n",  # a stub
    "def two_sum(nums, target):\n    return [9, 9]\n",  # passes no case
])
def test_a_worthless_answer_gets_nothing_in_any_dimension(tmp_path, code):
    problem = _two_sum_suite(tmp_path, timing=True)
    result = run_problem(problem, Answer(code), REG.get("python"), REG, BenchSettings())
    dims = scores(result)
    assert result.weighted == 0.0
    assert dims["correctness"].score == 0.0
    for name in ("idiomaticity", "best_practices", "performance"):
        assert dims[name].score is None and "worthless answer" in dims[name].reason, name


def test_a_worse_answer_of_the_same_style_never_scores_higher(tmp_path):
    """Quality is scaled by the share of cases passed, and an answer that fails a case gets
    no performance points: fewer passes, same style, lower weighted score."""
    problem = _two_sum_suite(tmp_path, timing=True)
    worse = IDIOMATIC_TWO_SUM.replace("    return []\n", "    return []\n").replace(
        "        seen[number] = index\n", "        seen.setdefault(number, index)\n")
    worse = worse.replace("if target - number in seen:", "if target - number in seen and "
                          "number != 3:")  # fails the [3, 3] case only
    runner = REG.get("python")
    good = run_problem(problem, Answer(IDIOMATIC_TWO_SUM), runner, REG, BenchSettings())
    bad = run_problem(problem, Answer(worse), runner, REG, BenchSettings())
    assert good.passed and not bad.passed
    dims = scores(bad)
    assert dims["correctness"].score == 7.5
    assert dims["performance"].score == 0.0
    assert "passes 3 of 4 cases" in dims["performance"].reason
    assert bad.weighted < good.weighted
    assert "scaled by 3/4 cases passed" in dims["idiomaticity"].reason


def test_what_a_stub_breaks_by_being_a_stub_excuses_nothing(tmp_path):
    """The starter has no docstring either, yet the answer's missing docstring still costs."""
    problem = _two_sum_suite(tmp_path)
    bare = IDIOMATIC_TWO_SUM.replace(
        '    """Return the indices of the two numbers that add up to ``target``."""\n', "")
    dims = scores(run_problem(problem, Answer(bare), REG.get("python"), REG, BenchSettings()))
    missing = [f for f in dims["best_practices"].details["findings"] if f["rule"] == "D103"]
    assert missing and not missing[0].get("imposed") and missing[0]["weight"] == 0.5
    assert dims["best_practices"].score < 10.0


def test_one_finding_per_rule_and_line():
    code = ("from typing import Dict, List\n\n\n"
            "def f(a: List[int], b: List[int]) -> Dict[int, int]:\n"
            '    """Doc."""\n    return dict(zip(a, b))\n')
    result = analyse("python", code, "solution.py")
    on_def = [f for f in result.findings if f.rule == "UP006" and f.line == 4]
    assert len(on_def) == 1


class _Counting:
    """An analyser that counts its runs and finds one thing per line holding 'TODO'."""

    name = "counting"

    def __init__(self) -> None:
        self.runs = 0

    def availability(self):
        return "counting 1", ""

    def run(self, work, file_name, options):
        from pytest_agentbench.analysis import RawFinding

        self.runs += 1
        lines = (work / file_name).read_text().splitlines()
        return [RawFinding("todo", n, "TODO") for n, line in enumerate(lines, 1) if "TODO" in line]


def test_a_tools_findings_are_kept_on_disk_and_reused(tmp_path, monkeypatch):
    """Another process (or an xdist worker) analysing the same code does not run the tool
    again; AGENTBENCH_ANALYSIS_CACHE=0 turns that off."""
    from pytest_agentbench import analysis

    monkeypatch.setenv("AGENTBENCH_CACHE_DIR", str(tmp_path))
    tool = _Counting()
    code = "x = 1  # TODO\n"
    first = analyse("python", code, "solution.py", [tool])
    analysis._CACHE.clear()  # as in a new process
    second = analyse("python", code, "solution.py", [tool])
    assert tool.runs == 1 and first.findings == second.findings
    assert list((tmp_path / "analysis").rglob("*.json"))
    analysis._CACHE.clear()
    monkeypatch.setenv("AGENTBENCH_ANALYSIS_CACHE", "0")
    analyse("python", code, "solution.py", [tool])
    assert tool.runs == 2


def test_findings_that_cannot_be_kept_are_no_error(tmp_path, monkeypatch):
    """A cache root that cannot be written (here a file): the findings are still given, the
    tool just runs again, and the store leaves no temporary file behind."""
    from pytest_agentbench import analysis

    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setenv("AGENTBENCH_CACHE_DIR", str(blocked))
    tool = _Counting()
    code = "y = 2  # TODO\n"
    first = analyse("python", code, "solution.py", [tool])
    analysis._CACHE.clear()
    second = analyse("python", code, "solution.py", [tool])
    assert tool.runs == 2 and first.findings == second.findings
    assert [f.rule for f in first.findings if f.tool == "counting"] == ["todo"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-directory"]


def test_kept_findings_are_written_whole_and_read_back(tmp_path, monkeypatch):
    from pytest_agentbench.analysis import RawFinding, findings_cache

    monkeypatch.setenv("AGENTBENCH_CACHE_DIR", str(tmp_path))
    digest = "ab" + "0" * 62
    kept = [RawFinding("todo", 3, "a message, 'quoted'"), RawFinding("E501", 1, "long")]
    findings_cache.store(digest, kept)
    assert findings_cache.load(digest) == kept
    assert [p.name for p in (tmp_path / "analysis" / "ab").iterdir()] == [f"{digest}.json"]
