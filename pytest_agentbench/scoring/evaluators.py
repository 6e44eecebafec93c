"""Evaluators turn one item's solution and execution into a dimension score.

Each evaluator has a ``name`` (the dimension) and ``evaluate(ctx)``. The built-in ones come
through the same hook as a user's (``pytest_agentbench_evaluators``), so a user can add a
dimension or replace one from a ``conftest.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..languages import ExecSettings, LanguageBundle, LanguageRunner
from ..models import DimensionScore, Execution, FailureKind, Problem, Solution


@dataclass(frozen=True)
class EvalContext:
    problem: Problem
    solution: Solution | None
    execution: Execution | None
    runner: LanguageRunner
    settings: ExecSettings
    weight: float
    options: dict[str, Any]
    bundle: LanguageBundle | None = None  # the language's analysers, rules and workspace


def worthless(ctx: EvalContext) -> str:
    """Why the answer is worth nothing ('' when it is not): no code, code that does not
    compile, or code that passes no case. Such an answer gets no points in any dimension."""
    if ctx.solution is None:
        return "no code"
    ex = ctx.execution
    if ex is None:
        return "it was not run"
    if ex.failure is FailureKind.COMPILE_ERROR:
        return "it does not compile"
    if ex.counted and ex.passed_count == 0:
        return "it passes no case"
    if not ex.outcomes:
        return "no case ran"
    return ""


def pass_share(ctx: EvalContext) -> tuple[int, int]:
    """(passed, counted) of the answer's cases; (0, 0) when nothing ran."""
    ex = ctx.execution
    return (ex.passed_count, len(ex.counted)) if ex is not None else (0, 0)


class Evaluator(Protocol):
    name: str

    def evaluate(self, ctx: EvalContext) -> DimensionScore: ...


class Correctness:
    """10 x passed / executable outcomes (data cases and native tests alike; a test its own
    code skipped counts in neither)."""

    name = "correctness"

    def evaluate(self, ctx: EvalContext) -> DimensionScore:
        ex = ctx.execution
        if ex is None:
            return DimensionScore(self.name, 0.0, ctx.weight, "no solution was run",
                                  {"passed": 0, "total": 0, "worthless": True})
        total = len(ex.counted)
        if ex.only_skipped:
            return DimensionScore(self.name, None, ctx.weight,
                                  f"every test was skipped ({ex.skipped_count})",
                                  {"passed": 0, "total": 0, "skipped": ex.skipped_count})
        if total == 0:
            why = f"no case ran ({ex.failure.label})" if ex.failure else "no case ran"
            return DimensionScore(self.name, 0.0, ctx.weight, why,
                                  {"passed": 0, "total": 0, "worthless": True})
        passed = ex.passed_count
        details: dict[str, Any] = {"passed": passed, "total": total}
        if passed == 0:
            details["worthless"] = True
        if ex.skipped_count:
            details["skipped"] = ex.skipped_count
        return DimensionScore(self.name, round(10.0 * passed / total, 2), ctx.weight,
                              f"{ex.skipped_count} skipped test(s) not counted"
                              if ex.skipped_count else "", details)


class NotMeasured:
    """A dimension this version cannot measure yet: n/a with the reason, never a number."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason

    def evaluate(self, ctx: EvalContext) -> DimensionScore:
        return DimensionScore(self.name, None, ctx.weight, self.reason)
