"""Idiomaticity and best practices, from the findings of real analysers.

The formula, which a reader can redo by hand from the findings in the report section:

    score = max(0, 10 - POINTS * P * UNIT / max(L, UNIT))

where P is the sum of the weights of the dimension's findings (1 each unless the rule table
says otherwise), L the solution's code lines (not blank, not comment-only) and POINTS = 2,
UNIT = 20: each finding costs 2 points in a solution of up to 20 lines, and proportionally
less in a longer one, so a long solution is not punished for its length alone.
"""

from __future__ import annotations

from ..analysis import AnalysisResult, analyse
from ..models import DimensionScore
from .evaluators import EvalContext

POINTS = 2.0
UNIT = 20


def quality_score(points: float, lines: int) -> float:
    return round(max(0.0, 10.0 - POINTS * points * UNIT / max(lines, UNIT)), 2)


def formula_text(points: float, lines: int) -> str:
    return (f"10 - {POINTS:g} x {points:g} x {UNIT} / max({lines}, {UNIT}) = "
            f"{quality_score(points, lines):.2f}")


class QualityEvaluator:
    """Scores one dimension (``idiomaticity`` or ``best_practices``) from analyser findings."""

    def __init__(self, name: str) -> None:
        self.name = name

    def analysis(self, ctx: EvalContext) -> AnalysisResult:
        assert ctx.solution is not None
        return analyse(ctx.problem.language, ctx.solution.code, ctx.runner.file_name)

    def evaluate(self, ctx: EvalContext) -> DimensionScore:
        if ctx.solution is None:
            return DimensionScore(self.name, None, ctx.weight, "no code to analyse")
        result = self.analysis(ctx)
        if not result.dimensions_of or not any(
                self.name in dims for dims in result.dimensions_of.values()):
            return DimensionScore(self.name, None, ctx.weight,
                                  f"no {self.name.replace('_', ' ')} analyser for "
                                  f"{ctx.problem.language}")
        blockers = result.blockers(self.name)
        if blockers:
            reason = "; ".join(f"{tool}: {why}" for tool, why in sorted(blockers.items()))
            return DimensionScore(self.name, None, ctx.weight, reason,
                                  {"tools": result.tools})
        findings = result.for_dimension(self.name)
        points = sum(f.weight for f in findings)
        score = quality_score(points, result.lines)
        reason = (f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in "
                  f"{result.lines} code lines" if findings else "")
        return DimensionScore(self.name, score, ctx.weight, reason, {
            "findings": [f.as_dict() for f in findings],
            "lines": result.lines,
            "points": points,
            "formula": formula_text(points, result.lines),
            "tools": {t: v for t, v in result.tools.items()
                      if self.name in result.dimensions_of.get(t, ())},
        })
