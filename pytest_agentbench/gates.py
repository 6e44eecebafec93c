"""Gates: conditions on a finished run that fail the build, each said in one line.

``--agentbench-fail-under SCORE`` trips when the mean weighted score (over the items that were
scored, as the summary shows it, to two decimals) is below SCORE, or when no item was scored.
``--agentbench-fail-on-regression`` trips when the overall verdict against the baseline is
"worse" (see :mod:`pytest_agentbench.stats` for the rule), and when fewer than
``--agentbench-min-pairs`` (1) problems were paired with the baseline, saying why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import stats
from .compare import Comparison
from .entries import Entry, GateRecord, Summary

FAIL_UNDER = "--agentbench-fail-under"
FAIL_ON_REGRESSION = "--agentbench-fail-on-regression"


class GateReport(GateRecord):
    """A gate as ``agentbench compare --json`` and the HTML report show it."""

    line: str


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

    def record(self) -> GateRecord:
        """What the results file keeps of it (``run.gates``)."""
        return {"gate": self.gate, "tripped": self.tripped, "measured": self.measured,
                "threshold": self.threshold}

    def as_dict(self) -> GateReport:
        return {**self.record(), "line": self.line}


def fail_under(overall: Summary, threshold: float, gate: str = FAIL_UNDER,
               subject: str = "") -> GateResult:
    """``overall`` is the results file's ``aggregate["overall"]``; ``subject`` names the run
    when there are several."""
    score = overall.get("mean_weighted_score")
    scored = overall.get("passed", 0) + overall.get("failed", 0)
    who = f"{subject}: " if subject else ""
    if score is None:
        return GateResult(gate, True, f"{who}no item was scored, so there is no mean weighted "
                          "score", f"mean weighted score >= {threshold:.2f}")
    return GateResult(gate, score < threshold,
                      f"{who}mean weighted score {score:.2f} over {scored} scored item(s)",
                      f"mean weighted score >= {threshold:.2f}")


def fail_on_regression(comparison: Comparison, gate: str = FAIL_ON_REGRESSION,
                       min_pairs: int = 1) -> GateResult:
    """Trips on a "worse" verdict, and when fewer than ``min_pairs`` problems were paired:
    a comparison of nothing (a renamed suite, the wrong baseline) proves nothing."""
    o = comparison.overall
    if o.problems < max(1, min_pairs):
        return GateResult(gate, True, f"{o.problems} pair(s) compared against "
                          f"{comparison.baseline_name}: {why_few_pairs(comparison)}",
                          f"at least {max(1, min_pairs)} pair(s) compared")
    why = o.reason.split(": ", 1)[-1]
    measured = f'verdict "{o.verdict}" against {comparison.baseline_name}: {why}'
    return GateResult(gate, o.verdict == stats.WORSE, measured,
                      f'verdict not "{stats.WORSE}" at alpha {comparison.alpha:g}')


def why_few_pairs(c: Comparison) -> str:
    """What kept problems from being paired, from the likeliest cause on."""
    parts = []
    if c.only_baseline or c.only_current:
        parts.append(f"{len(c.only_baseline)} item(s) only in the baseline and "
                     f"{len(c.only_current)} only in this run")
        names = _suites(c.only_baseline), _suites(c.only_current)
        if names[0] and names[1] and not set(names[0]) & set(names[1]):
            parts.append(f"no suite in common (baseline: {', '.join(names[0])}; this run: "
                         f"{', '.join(names[1])}): is it the right baseline, or was a suite "
                         "renamed?")
    infra = sum(1 for n in c.not_compared if n.get("infrastructure"))
    if infra:
        parts.append(f"{infra} problem(s) not compared for infrastructure failures")
    skipped = len(c.not_compared) - infra
    if skipped:
        parts.append(f"{skipped} problem(s) skipped on either side")
    return "; ".join(parts) or "neither file holds a scored item"


def _suites(entries: Iterable[Entry]) -> list[str]:
    return sorted({str(e.get("suite") or "") for e in entries})


def evaluate(overall: Summary, comparison: Comparison | None, *,
             fail_under_score: float | None, on_regression: bool,
             names: tuple[str, str] = (FAIL_UNDER, FAIL_ON_REGRESSION),
             min_pairs: int = 1) -> list[GateResult]:
    """The gates asked for, in a fixed order."""
    out = []
    if fail_under_score is not None:
        out.append(fail_under(overall, fail_under_score, names[0]))
    if on_regression and comparison is not None:
        out.append(fail_on_regression(comparison, names[1], min_pairs))
    return out
