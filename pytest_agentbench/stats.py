"""Paired statistics for "is this run better or worse than the baseline?".

Every number comes from ``scipy.stats`` (an optional dependency: ``pip install
'pytest-agentbench[compare]'``):

- pass/fail pairs: the exact McNemar test, i.e. a two-sided binomial test of the discordant
  pairs (newly failing vs newly passing) against p = 1/2 (``binomtest``);
- with several samples per problem, the per-problem pass rates are compared instead, with the
  Wilcoxon signed-rank test (samples of one problem are not independent pairs);
- score pairs: the Wilcoxon signed-rank test of the differences (``wilcoxon``), and a seeded
  paired bootstrap confidence interval of the mean difference (``bootstrap`` with
  ``paired=True``, BCa, falling back to percentile when BCa is degenerate).

The verdict rule (:func:`decide`) is written down once, here, and repeated in every report:
the two p-values (pass/fail and score) are adjusted together with Hochberg's step-up method,
so that the chance of calling a difference where there is none stays at ``alpha`` (Hochberg's
method needs the two tests to be positively dependent, which they are: correctness is part of
the weighted score; it is then more powerful than Holm's, which would halve alpha for tests
that mostly say the same thing). A score difference also needs its bootstrap interval to
exclude zero. Pass/fail is the primary measure: when both are significant in opposite
directions, pass/fail decides.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

# scipy is an optional extra that only comparisons need, and importing it takes seconds: it is
# imported on first use, never at plugin start-up.
np: Any = None
_stats: Any = None
_TRIED = {"import": False}


def _load() -> None:
    global np, _stats
    if _TRIED["import"]:
        return
    _TRIED["import"] = True
    try:
        import numpy
        from scipy import stats as scipy_stats
    except ImportError:  # pragma: no cover - exercised only where scipy is absent
        return
    np, _stats = numpy, scipy_stats

ALPHA = 0.05
CONFIDENCE = 0.95
RESAMPLES = 9999
SEED = 20240917

BETTER = "better"
WORSE = "worse"
SAME = "no significant difference"
VERDICTS = (BETTER, WORSE, SAME)

MISSING = ("comparing runs needs scipy: pip install 'pytest-agentbench[compare]' "
           "(or pip install scipy)")


def available() -> bool:
    _load()
    return _stats is not None


def require() -> None:
    _load()
    if _stats is None:
        raise RuntimeError(MISSING)


def _clean(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class McNemar:
    """Exact McNemar test: ``worsened`` pairs passed in the baseline and fail now."""

    worsened: int
    improved: int
    p_value: float

    @property
    def discordant(self) -> int:
        return self.worsened + self.improved


def mcnemar_exact(worsened: int, improved: int) -> McNemar:
    """Two-sided exact McNemar test of the discordant pairs (``binomtest`` at p = 1/2)."""
    require()
    n = worsened + improved
    if n == 0:
        return McNemar(worsened, improved, 1.0)
    p = float(_stats.binomtest(worsened, n, 0.5, alternative="two-sided").pvalue)
    return McNemar(worsened, improved, min(1.0, p))


@dataclass(frozen=True)
class SignedRank:
    """Wilcoxon signed-rank test of paired differences (zero differences are dropped)."""

    n: int  # pairs
    nonzero: int  # pairs with a difference, the ones the test ranks
    statistic: float | None  # the smaller of the signed-rank sums
    p_value: float


def wilcoxon_signed_rank(diffs: Sequence[float]) -> SignedRank:
    """Two-sided Wilcoxon signed-rank test; p = 1 when there is no nonzero difference."""
    require()
    values = [float(d) for d in diffs]
    nonzero = sum(1 for d in values if d != 0)
    if nonzero == 0:
        return SignedRank(len(values), 0, None, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # small samples: scipy warns about its approximation
        res = _stats.wilcoxon(values, zero_method="wilcox", alternative="two-sided",
                              method="auto")
    p = _clean(res.pvalue)
    return SignedRank(len(values), nonzero, _clean(res.statistic),
                      1.0 if p is None else min(1.0, p))


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    level: float
    method: str  # "BCa", "percentile", or "exact" when every difference is the same
    resamples: int
    seed: int

    def excludes_zero(self) -> int:
        """+1 when the whole interval is above zero, -1 when below, 0 when it holds zero."""
        if self.low > 0:
            return 1
        if self.high < 0:
            return -1
        return 0


def bootstrap_mean_difference(baseline: Sequence[float], current: Sequence[float], *,
                              level: float = CONFIDENCE, resamples: int = RESAMPLES,
                              seed: int = SEED) -> Interval | None:
    """Seeded paired bootstrap interval of mean(current - baseline); None below two pairs."""
    require()
    if len(baseline) != len(current):
        raise ValueError("paired samples must have the same length")
    if len(baseline) < 2:
        return None
    base = np.asarray(baseline, dtype=float)
    cur = np.asarray(current, dtype=float)
    diffs = cur - base
    if np.all(diffs == diffs[0]):
        value = float(diffs[0])
        return Interval(value, value, level, "exact", 0, seed)

    def mean_difference(x: Any, y: Any, axis: int = -1) -> Any:
        return np.mean(y - x, axis=axis)

    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # BCa on degenerate data: handled below
            res = _stats.bootstrap((base, cur), mean_difference, paired=True, vectorized=True,
                                   n_resamples=resamples, confidence_level=level,
                                   method=method, rng=np.random.default_rng(seed))
        low, high = _clean(res.confidence_interval.low), _clean(res.confidence_interval.high)
        if low is not None and high is not None:
            return Interval(low, high, level, method, resamples, seed)
    return None  # pragma: no cover - percentile always gives numbers for finite data


@dataclass(frozen=True)
class Evidence:
    """One measure (pass/fail or score) of one group: its test, p-value and direction."""

    measure: str  # "pass" | "score"
    test: str
    p_value: float
    direction: int  # +1 better, -1 worse, 0 none
    significant: bool = False
    threshold: float | None = None  # the adjusted level it was compared with


def hochberg(evidence: Sequence[Evidence], alpha: float = ALPHA) -> list[Evidence]:
    """Hochberg's step-up procedure: with the p-values in increasing order p(1)..p(m), find
    the largest k with p(k) <= alpha / (m - k + 1) and reject the hypotheses 1..k. A measure is
    significant when rejected and it has a direction (a score interval that excludes zero)."""
    order = sorted(range(len(evidence)), key=lambda i: evidence[i].p_value)
    m = len(evidence)
    levels = {i: alpha / (m - rank) for rank, i in enumerate(order)}
    rejected = 0
    for rank in range(m - 1, -1, -1):
        if evidence[order[rank]].p_value <= levels[order[rank]]:
            rejected = rank + 1
            break
    out = list(evidence)
    for rank, i in enumerate(order):
        ok = rank < rejected and evidence[i].direction != 0
        out[i] = Evidence(**{**asdict(evidence[i]), "significant": ok,
                             "threshold": levels[i] if rank >= rejected else
                             levels[order[rejected - 1]]})
    return out


def decide(evidence: Sequence[Evidence], alpha: float = ALPHA) -> tuple[str, list[Evidence]]:
    """The verdict from the evidence of one group, and the evidence with its adjusted levels."""
    judged = hochberg([e for e in evidence if e is not None], alpha)
    primary = next((e for e in judged if e.measure == "pass" and e.significant), None)
    chosen = primary or next((e for e in judged if e.significant), None)
    if chosen is None:
        return SAME, judged
    return (BETTER if chosen.direction > 0 else WORSE), judged


def fmt_p(p: float | None) -> str:
    """A p-value for people: 3 significant digits, and '< 0.0001' below that."""
    if p is None:
        return "n/a"
    if p < 0.0001:
        return "< 0.0001"
    return f"{p:.2g}" if p < 0.001 else f"{p:.3g}" if p < 1 else "1"


def fmt_signed(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    text = f"{value:+.{digits}f}"
    return text.replace("-0.00", "0.00").replace("+0.00", "0.00") if digits == 2 else text
