"""Idiomaticity and best practices from real analysers, with a formula one can redo by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_agentbench.agents import Agent, ReferenceAgent
from pytest_agentbench.analysis import analyse, code_lines
from pytest_agentbench.analysis.python_tools import Ruff
from pytest_agentbench.analysis.rules import load_rules
from pytest_agentbench.languages import default_registry
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
    (0, 5, 10.0), (1, 5, 8.0), (3, 10, 4.0), (5, 20, 0.0), (6, 10, 0.0),
    (2, 40, 8.0), (3, 60, 8.0), (1, 200, 9.8),
])
def test_formula_by_hand(points, lines, score):
    assert quality_score(points, lines) == score
    assert formula_text(points, lines).endswith(f"= {score:.2f}")


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
    from pytest_agentbench.models import Solution
    ctx = EvalContext(problem, Solution("x", "cobol", ""), None, Unknown(), None, 0.25, {})
    score = QualityEvaluator("idiomaticity").evaluate(ctx)
    assert score.score is None and "no idiomaticity analyser for cobol" in score.reason
