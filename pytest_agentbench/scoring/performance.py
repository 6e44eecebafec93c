"""Performance, measured: the solution against the reference on the problem's timing inputs.

Both run in the same sandbox, interleaved (solution, reference, reference, solution, ...) and
repeated, timed in CPU seconds where the language's harness can (the machine's other load does
not count; this machine has no hardware instruction counter, see :func:`method`). Each round
gives a *paired* ratio, the solution's time over the reference's taken next to it, so load that
slows both cancels out. Per size the ratio is the median of the paired ratios, with a 90 %
confidence interval from a seeded bootstrap (the noise actually measured); when the interval is
too wide to tell, more rounds are measured (up to :data:`MAX_BATCHES` batches).

    ratio     = the median paired ratio at the largest size; when its interval reaches
                below 1.1 it counts as 1 (equal within the noise), otherwise the interval's
                end nearest 1 is used (noise never costs points)
    growth    = the difference of the solution's and the reference's exponent k of time ~ n**k
                between the two largest sizes, from the paired ratios (lower end of its interval)
    effective = ratio x 10 ** max(0, growth - 0.25)
    score     = 10 if effective <= 1.1, else max(0, 10 - 2.5 x log2(effective / 1.1))

so equal to the reference or faster is 10 and each doubling of time costs 2.5 points; an
O(n^2) answer to an O(n) problem is charged one more decade of n once its growth is beyond the
noise. A solution call over 25 times the reference's (and 1 s) is cut short and scores 0.
"""

from __future__ import annotations

import math
import os
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from ..models import DimensionScore, Problem, SizeTiming, TimingResult
from . import timing_cache
from .evaluators import EvalContext, pass_share, worthless

NOISE = 1.1
POINTS_PER_DOUBLING = 2.5
GROWTH_SLACK = 0.25
LEVEL = 0.90  # of the confidence intervals
BOOTSTRAP = 2000  # resamples; seeded, so the same timings always give the same interval
MAX_BATCHES = 3  # measurements of one answer, when the first cannot tell
WIDE = math.log(2.0)  # an interval of the log-ratio wider than this is "cannot tell"


def curve(effective_ratio: float) -> float:
    if effective_ratio <= NOISE:
        return 10.0
    return round(max(0.0, 10.0 - POINTS_PER_DOUBLING * math.log2(effective_ratio / NOISE)), 2)


def growth(sizes: list[SizeTiming], who: str) -> float | None:
    """The exponent k of time ~ n**k between the two largest sizes, from medians (shown in the
    report; the score uses :func:`growth_difference`)."""
    usable = [s for s in sizes if s.n]
    if len(usable) < 2:
        return None
    a, b = usable[-2], usable[-1]
    ta = statistics.median(getattr(a, who))
    tb = statistics.median(getattr(b, who))
    if ta <= 0 or tb <= 0 or a.n == b.n:
        return None
    return math.log(tb / ta) / math.log(b.n / a.n)  # type: ignore[operator]


def paired_log_ratios(size: SizeTiming) -> list[float]:
    """log(solution / reference) per round, each call paired with the reference's next to it."""
    return [math.log(s / r) for s, r in zip(size.solution, size.reference, strict=False)
            if s > 0 and r > 0]


@dataclass(frozen=True)
class Interval:
    low: float
    mid: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def _median_interval(samples: list[list[float]], combine: Callable[..., float]) -> Interval:
    """``combine`` of the medians of ``samples``, with a seeded bootstrap interval."""
    rng = random.Random(20240917)
    mid = combine(*(statistics.median(s) for s in samples))
    values = sorted(combine(*(statistics.median(rng.choices(s, k=len(s))) for s in samples))
                    for _ in range(BOOTSTRAP))
    tail = (1 - LEVEL) / 2
    return Interval(values[int(tail * BOOTSTRAP)], mid, values[int((1 - tail) * BOOTSTRAP) - 1])


def ratio_interval(size: SizeTiming) -> Interval | None:
    """The log of the paired ratio at one size, with its interval."""
    logs = paired_log_ratios(size)
    return _median_interval([logs], lambda m: m) if logs else None


def growth_interval(sizes: list[SizeTiming]) -> Interval | None:
    """The solution's growth exponent minus the reference's, from the paired ratios at the
    two largest sizes, with its interval."""
    usable = [s for s in sizes if s.n]
    if len(usable) < 2 or usable[-1].n == usable[-2].n:
        return None
    a, b = paired_log_ratios(usable[-2]), paired_log_ratios(usable[-1])
    if not a or not b:
        return None
    span = math.log(usable[-1].n / usable[-2].n)  # type: ignore[operator]
    return _median_interval([a, b], lambda ma, mb: (mb - ma) / span)


def scoring_ratio(interval: Interval) -> float:
    """The ratio that is scored: 1 when the interval reaches the noise allowance, else the
    interval's end nearest 1."""
    if interval.low <= math.log(NOISE) and interval.high >= -math.log(NOISE):
        return 1.0
    return math.exp(interval.low if interval.low > 0 else interval.high)


def conclusive(sizes: list[SizeTiming]) -> bool:
    """Whether the measured interval is narrow enough, or clearly away from the noise band."""
    interval = ratio_interval(sizes[-1]) if sizes else None
    if interval is None:
        return True
    return interval.width <= WIDE or interval.low > math.log(4 * NOISE)


def merge(a: TimingResult, b: TimingResult) -> TimingResult:
    """Two batches as one (more rounds): ``b``'s sizes, all of them or the last ones only,
    added to ``a``'s of the same label."""
    if a.error or b.error:
        return b if b.error else a
    more = {s.label: s for s in b.sizes}
    if not more or not more.keys() <= {s.label for s in a.sizes}:
        return a
    return TimingResult(tuple(
        SizeTiming(x.label, x.n, x.solution + more[x.label].solution,
                   x.reference + more[x.label].reference) if x.label in more else x
        for x in a.sizes))


def last_size_only(problem: Problem, first: TimingResult) -> Problem:
    """The problem timed at its largest size alone, as many rounds as the ``first`` batch
    made there (the call budget had set them): a later batch is for the ratio at that size,
    which alone decides whether the measurement is conclusive (:func:`conclusive`), so it
    does not decode, warm up and time the smaller sizes again."""
    assert problem.timing is not None
    rounds = len(first.sizes[-1].solution) if first.sizes else problem.timing.repeat
    return replace(problem, timing=replace(problem.timing, sizes=problem.timing.sizes[-1:],
                                           repeat=max(1, min(problem.timing.repeat, rounds))))


@cache
def method() -> str:
    """How timings are measured on this machine, for the header and every score's details."""
    return ("cpu-time-paired: CPU seconds, solution and reference interleaved, paired ratios "
            f"with {LEVEL:.0%} bootstrap intervals (no hardware instruction counter: "
            f"{_counter_note()})")


def _counter_note() -> str:
    """Why hardware instruction counting is not used."""
    try:
        with open("/proc/sys/kernel/perf_event_paranoid") as fh:
            paranoid = fh.read().strip()
    except OSError:
        return "no perf_event_open here"
    return (f"perf_event_open offers no hardware instruction event here (paranoid "
            f"{paranoid}; {os.uname().machine} VM)")


class Performance:
    name = "performance"

    def evaluate(self, ctx: EvalContext) -> DimensionScore:
        def na(reason: str) -> DimensionScore:
            return DimensionScore(self.name, None, ctx.weight, reason)

        problem = ctx.problem
        if problem.timing is None:
            stated = problem.extra.get("no_timing")
            return na(f"the problem has no timing input: {stated}" if stated
                      else "the problem has no timing input")
        if not problem.reference_solution:
            return na("the problem has no reference solution to time against")
        if problem.signature.kind != "function" and not ctx.runner.supports_class_timing:
            return na(f"timing class problems is not implemented for {problem.language}")
        why = worthless(ctx)
        if why:
            return DimensionScore(self.name, None, ctx.weight, f"worthless answer: {why}",
                                  {"worthless": True})
        assert ctx.solution is not None and ctx.execution is not None
        if ctx.execution.failure is not None:  # a wrong answer's speed means nothing
            passed, counted = pass_share(ctx)
            return DimensionScore(self.name, 0.0, ctx.weight,
                                  f"not timed: it passes {passed} of {counted} cases, and an "
                                  "answer that fails a case gets no performance points")
        if not ctx.runner.supports_timing:
            return na(f"timing is not implemented for {problem.language}")
        digest = timing_cache.key(ctx.runner, problem, ctx.solution.code,
                                  problem.reference_solution)
        kept = timing_cache.load(digest)
        if kept is not None:
            return self.score(kept.result, kept.batches, ctx.weight, kept.measured_at)
        result, batches = self.measure(ctx)
        timing_cache.store(digest, result, batches)
        return self.score(result, batches, ctx.weight)

    def measure(self, ctx: EvalContext) -> tuple[TimingResult, int]:
        """Batches of interleaved rounds until the ratio can be told (or the budget ends):
        the first at every size, the later ones at the largest (:func:`last_size_only`)."""
        assert ctx.solution is not None and ctx.problem.reference_solution
        result = None
        for batch in range(1, MAX_BATCHES + 1):
            problem = ctx.problem if result is None else last_size_only(ctx.problem, result)
            got = ctx.runner.benchmark(problem, ctx.solution.code,
                                       ctx.problem.reference_solution, ctx.settings)
            result = got if result is None else merge(result, got)
            if result.error or result.timed_out or result.cut or conclusive(list(result.sizes)):
                return result, batch
        assert result is not None
        return result, MAX_BATCHES

    def score(self, result: TimingResult, batches: int, weight: float,
              cached: str | None = None) -> DimensionScore:
        """The timings scored; ``cached``: when they were measured, if they were read back
        from :mod:`.timing_cache` instead."""
        sizes = [s for s in result.sizes if s.solution and s.reference]
        details: dict[str, Any] = {"method": method(), "batches": batches, "sizes": [
            {"label": s.label, "n": s.n, "solution_median": statistics.median(s.solution),
             "reference_median": statistics.median(s.reference), "solution": list(s.solution),
             "reference": list(s.reference)} for s in sizes]}
        if result.timed_out or result.cut:
            details["ratio_text"] = result.error
            return DimensionScore(self.name, 0.0, weight, f"timing: {result.error}", details)
        if result.error or not sizes:
            return DimensionScore(self.name, None, weight,
                                  f"timing failed: {result.error or 'no timing was reported'}")
        ratio_iv = ratio_interval(sizes[-1])
        assert ratio_iv is not None
        ratio = scoring_ratio(ratio_iv)
        growth_iv = growth_interval(sizes)
        extra = max(0.0, growth_iv.low - GROWTH_SLACK) if growth_iv else 0.0
        effective = ratio * 10 ** extra
        score = curve(effective)
        text = (f"paired ratio {math.exp(ratio_iv.mid):.2f} [{LEVEL:.0%}: "
                f"{math.exp(ratio_iv.low):.2f}-{math.exp(ratio_iv.high):.2f}] at "
                f"{sizes[-1].label} over {len(paired_log_ratios(sizes[-1]))} rounds"
                + (" (equal within the noise)" if ratio == 1.0 and ratio_iv.mid > 0 else ""))
        if growth_iv is not None:
            text += (f"; growth difference {growth_iv.mid:+.2f} [{growth_iv.low:+.2f}, "
                     f"{growth_iv.high:+.2f}]")
            details["growth"] = {"difference": round(growth_iv.mid, 3),
                                 "low": round(growth_iv.low, 3), "high": round(growth_iv.high, 3)}
        if extra:
            text += f"; effective ratio {effective:.2f}"
        text += f" -> score {score:.2f}"
        if cached:
            text += f" (timings measured {cached} on a machine like this one, read from the cache)"
            details["cached"] = cached
        details.update(ratio=round(math.exp(ratio_iv.mid), 4),
                       ratio_interval=[round(math.exp(ratio_iv.low), 4),
                                       round(math.exp(ratio_iv.high), 4)],
                       scored_ratio=round(ratio, 4), effective_ratio=round(effective, 4),
                       ratio_text=text)
        reason = "" if score == 10 else f"{effective:.2f}x the reference's time"
        return DimensionScore(self.name, score, weight, reason, details)
