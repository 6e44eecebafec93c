"""Idiomaticity and best practices, from the findings of real analysers.

The formula, which a reader can redo by hand from the findings in the report section:

    P     = the points of the dimension's findings (nit 0.5, idiom 1, risk 2, times the rule
            table's weight; one finding per rule and line; none for a finding the task imposes)
    D     = P x 20 / max(L, 20)            (L: code lines, not blank, not comment-only)
    raw   = 10 x 2 ** (-D / 4)             (every 4 points per 20 lines halve the score)
    score = raw x passed / counted         (the share of the answer's cases it passes)

so one nit in a short solution costs 0.8, one missed idiom 1.6, and each further finding less
than the one before, while many real problems take the score towards 0; a long solution is not
punished for its length alone. An answer that passes no case (or does not compile, or holds no
code) is worthless: these dimensions are n/a for it and its weighted score is 0. Findings the
task imposes (the given signature's names and types, see :mod:`..analysis.imposed`) are listed
but cost nothing.
"""

from __future__ import annotations

from ..analysis import AnalysisResult, Finding, analyse
from ..analysis.imposed import mark_imposed
from ..analysis.rules import RuleTable, load_rules
from ..models import DimensionScore
from .evaluators import EvalContext, pass_share, worthless

HALF_LIFE = 4.0
UNIT = 20


def raw_score(points: float, lines: int) -> float:
    density = points * UNIT / max(lines, UNIT)
    halvings: float = 2.0 ** (-density / HALF_LIFE)  # typeshed: a float power may be complex
    return round(10.0 * halvings, 2)


def quality_score(points: float, lines: int, share: float = 1.0) -> float:
    return round(raw_score(points, lines) * share, 2)


def formula_text(points: float, lines: int, passed: int = 0, counted: int = 0) -> str:
    text = (f"10 x 2 ** (-({points:g} x {UNIT} / max({lines}, {UNIT})) / {HALF_LIFE:g}) = "
            f"{raw_score(points, lines):.2f}")
    if counted and passed < counted:
        share = passed / counted
        text += f"; x {passed}/{counted} cases passed = {quality_score(points, lines, share):.2f}"
    return text


def starter_code(ctx: EvalContext) -> str:
    """The starter file the agent was given for this problem ('' if there is none)."""
    from ..agents.workspace import layout_for

    problem = ctx.problem
    maker = ctx.bundle.layout if ctx.bundle is not None else None
    try:
        return layout_for(problem.language, problem.signature_text, problem.entry_point,
                          maker=maker).starter_text
    except (KeyError, ValueError):
        return ""


def _rules(ctx: EvalContext) -> RuleTable:
    path = ctx.bundle.rules if ctx.bundle is not None else None
    return load_rules(ctx.problem.language, path)


class QualityEvaluator:
    """Scores one dimension (``idiomaticity`` or ``best_practices``) from analyser findings."""

    def __init__(self, name: str) -> None:
        self.name = name

    def analysis(self, ctx: EvalContext, code: str | None = None) -> AnalysisResult:
        """The analysers of the problem's language (its bundle's, when known) on the answer's
        code, or on ``code``."""
        assert ctx.solution is not None
        bundle = ctx.bundle
        return analyse(ctx.problem.language, ctx.solution.code if code is None else code,
                       ctx.runner.file_name, bundle.analysers if bundle is not None else None,
                       _rules(ctx), bundle.comments if bundle is not None else None)

    def findings(self, ctx: EvalContext, result: AnalysisResult) -> tuple[Finding, ...]:
        """The dimension's findings, those the task imposes marked."""
        assert ctx.solution is not None
        mine = result.for_dimension(self.name)
        starter = starter_code(ctx)
        if not mine or not starter.strip():
            return tuple(mine)
        base = self.analysis(ctx, starter).for_dimension(self.name)
        return mark_imposed(mine, ctx.solution.code, base, starter, _rules(ctx))

    def evaluate(self, ctx: EvalContext) -> DimensionScore:
        if ctx.solution is None:
            return DimensionScore(self.name, None, ctx.weight, "no code to analyse",
                                  {"worthless": True})
        why = worthless(ctx)
        if why:
            return DimensionScore(self.name, None, ctx.weight, f"worthless answer: {why}",
                                  {"worthless": True})
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
        findings = self.findings(ctx, result)
        points = round(sum(f.cost for f in findings), 4)
        passed, counted = pass_share(ctx)
        share = passed / counted if counted else 1.0
        score = quality_score(points, result.lines, share)
        return DimensionScore(self.name, score, ctx.weight, _reason(findings, result.lines,
                                                                     passed, counted), {
            "findings": [f.as_dict() for f in findings],
            "lines": result.lines,
            "points": points,
            "formula": formula_text(points, result.lines, passed, counted),
            "tools": {t: v for t, v in result.tools.items()
                      if self.name in result.dimensions_of.get(t, ())},
        })


def _reason(findings: tuple[Finding, ...], lines: int, passed: int, counted: int) -> str:
    parts = []
    if findings:
        imposed = sum(1 for f in findings if f.imposed)
        parts.append(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
                     + (f" ({imposed} imposed by the task, free)" if imposed else "")
                     + f" in {lines} code lines")
    if counted and passed < counted:
        parts.append(f"scaled by {passed}/{counted} cases passed")
    return "; ".join(parts)
