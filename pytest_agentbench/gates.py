"""Gates: conditions on a finished run that fail the build, each said in one line.

``--agentbench-fail-under SCORE`` trips when the mean weighted score (over the items that were
scored, as the summary shows it, to two decimals) is below SCORE, or when no item was scored.
``--agentbench-fail-on-regression`` trips when the overall verdict against the baseline is
"worse" (see :mod:`pytest_agentbench.stats` for the rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import stats
from .compare import Comparison

FAIL_UNDER = "--agentbench-fail-under"
FAIL_ON_REGRESSION = "--agentbench-fail-on-regression"


@dataclass(frozen=True)
class GateResult:
    gate: str  # the option that set it
    tripped: bool
    measured: str
    threshold: str

    @property
    def line(self) -> str:
        state = "FAILED" if self.tripped else "passed"
        return f"agentbench gate {self.gate} {state}: {self.measured} (threshold: {self.threshold})"

    def as_dict(self) -> dict[str, Any]:
        return {"gate": self.gate, "tripped": self.tripped, "measured": self.measured,
                "threshold": self.threshold, "line": self.line}


def fail_under(overall: Mapping[str, Any], threshold: float, gate: str = FAIL_UNDER,
               subject: str = "") -> GateResult:
    """``overall`` is the results file's ``aggregate["overall"]``; ``subject`` names the run
    when there are several."""
    score = overall.get("mean_weighted_score")
    scored = overall.get("items", 0) - overall.get("skipped", 0)
    who = f"{subject}: " if subject else ""
    if score is None:
        return GateResult(gate, True, f"{who}no item was scored, so there is no mean weighted "
                          "score", f"mean weighted score >= {threshold:.2f}")
    return GateResult(gate, score < threshold,
                      f"{who}mean weighted score {score:.2f} over {scored} scored item(s)",
                      f"mean weighted score >= {threshold:.2f}")


def fail_on_regression(comparison: Comparison, gate: str = FAIL_ON_REGRESSION) -> GateResult:
    o = comparison.overall
    why = o.reason.split(": ", 1)[-1]
    measured = f'verdict "{o.verdict}" against {comparison.baseline_name}: {why}'
    return GateResult(gate, o.verdict == stats.WORSE, measured,
                      f'verdict not "{stats.WORSE}" at alpha {comparison.alpha:g}')


def evaluate(overall: Mapping[str, Any], comparison: Comparison | None, *,
             fail_under_score: float | None, on_regression: bool,
             names: tuple[str, str] = (FAIL_UNDER, FAIL_ON_REGRESSION)) -> list[GateResult]:
    """The gates asked for, in a fixed order."""
    out = []
    if fail_under_score is not None:
        out.append(fail_under(overall, fail_under_score, names[0]))
    if on_regression and comparison is not None:
        out.append(fail_on_regression(comparison, names[1]))
    return out
