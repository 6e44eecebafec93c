"""Correct solutions written as a beginner would score below the reference, on the dimension
each targets, by at least the calibration's margin (``FLOORS["mean_gap_min"]`` of
tests/calibration.py, which holds the same margin on the mean of every language's pairs); and
every suite's references average at least 8.5 on idiomaticity and best practices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_agentbench.agents import Agent, ReferenceAgent
from pytest_agentbench.analysis import analyse, analysers_for
from pytest_agentbench.languages import default_registry
from pytest_agentbench.models import AgentReply
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.scoring.quality import quality_score
from pytest_agentbench.suite import load_suite

from .calibration import FLOORS

ROOT = Path(__file__).resolve().parents[1]
BEGINNER = Path(__file__).parent / "data" / "beginner"
FIXTURES = json.loads((BEGINNER / "fixtures.json").read_text())
REG = default_registry()
NO_TIMING = BenchSettings(weights={"correctness": 0.4, "idiomaticity": 0.25,
                                   "performance": 0.0, "best_practices": 0.15})


class Answer(Agent):
    spec = "beginner"

    def __init__(self, code: str, language: str) -> None:
        self.code, self.language = code, language

    def solve(self, request):
        fence = "`" * 4
        return AgentReply(f"{fence}{self.language}\n{self.code}\n{fence}\n", 0.0)


def _usable(language: str) -> str | None:
    runner = REG.get(language)
    if not runner.toolchain().available:
        return f"{language} toolchain not installed"
    analysers = analysers_for(language)
    if not analysers:
        return f"no analysers are registered for {language} yet"
    missing = [a.name for a in analysers if a.availability()[0] is None]
    return f"analysers not installed: {', '.join(missing)}" if missing else None


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f["file"] for f in FIXTURES])
def test_beginner_solution_scores_a_margin_below_the_reference(fixture):
    why = _usable(fixture["language"])
    if why:
        pytest.skip(why)
    suite = load_suite(ROOT / "suites" / fixture["suite"], REG)
    problem = next(p for p in suite.problems if p.id == fixture["test_id"])
    runner = REG.get(fixture["language"])
    ref = {s.name: s for s in run_problem(problem, ReferenceAgent(), runner, REG,
                                          NO_TIMING).scores}
    code = (BEGINNER / fixture["file"]).read_text()
    result = run_problem(problem, Answer(code, fixture["language"]), runner, REG, NO_TIMING)
    assert result.status == "passed", f"the fixture must be correct: {result.message}"
    mine = {s.name: s for s in result.scores}
    for dim in fixture["dimensions"]:
        assert ref[dim].score - mine[dim].score >= FLOORS["mean_gap_min"], (
            dim, ref[dim].score, mine[dim].score, mine[dim].details.get("findings"))


LANGUAGES = sorted({json.loads(p.read_text())["language"] for p in (ROOT / "suites").glob(
    "*.json")})


@pytest.mark.parametrize("language", LANGUAGES)
def test_references_average_at_least_8_5(language):
    why = _usable(REG.get(language).name)
    if why:
        pytest.skip(why)
    runner = REG.get(language)
    suite_files = [p for p in (ROOT / "suites").glob("*.json")
                   if REG.canonical(json.loads(p.read_text())["language"]) == runner.name]
    scores: dict[str, list[float]] = {"idiomaticity": [], "best_practices": []}
    for path in suite_files:
        for problem in load_suite(path, REG).problems:
            result = analyse(runner.name, problem.reference_solution or "", runner.file_name)
            assert not result.errors, result.errors
            for dim, values in scores.items():
                points = sum(f.weight for f in result.for_dimension(dim))
                values.append(quality_score(points, result.lines))
    for dim, values in scores.items():
        mean = sum(values) / len(values)
        assert mean >= 8.5, f"{language} references average {mean:.2f} on {dim}"
