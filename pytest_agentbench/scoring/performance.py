"""Performance, measured: the solution against the reference on the problem's timing inputs.

Both run in the same sandbox, interleaved (solution, reference, reference, solution, ...) and
repeated; per size the ratio of the median seconds per call is taken (CPU seconds where
the language's harness measures them, so the machine's other load does not count). The
curve, which a reader can redo from the ratio in the report section:

    effective = ratio at the largest size x 10 ** max(0, growth_solution - growth_reference - 0.25)
    score     = 10                                   if effective <= 1.1
              = max(0, 10 - 2.5 * log2(effective / 1.1))   otherwise

so equal to the reference (within 10 % noise) or faster is 10 and each doubling of time costs
2.5 points. A solution call that takes more than 25 times the reference's fastest call (and at
least 1 s) is cut short and scores 0: at that ratio the curve is at 0 already.

``growth`` is the exponent k of time ~ n**k between the two largest sizes (when a problem has
two sizes with ``n``); a solution whose time grows faster than the reference's is
charged for one more decade of n, so an O(n^2) answer to an O(n) problem loses points even when
both are fast at the sizes measured.
"""

from __future__ import annotations

import math
import statistics

from ..models import DimensionScore, SizeTiming
from .evaluators import EvalContext, pass_share, worthless

NOISE = 1.1
POINTS_PER_DOUBLING = 2.5
GROWTH_SLACK = 0.25


def curve(effective_ratio: float) -> float:
    if effective_ratio <= NOISE:
        return 10.0
    return round(max(0.0, 10.0 - POINTS_PER_DOUBLING * math.log2(effective_ratio / NOISE)), 2)


def growth(sizes: list[SizeTiming], who: str) -> float | None:
    usable = [s for s in sizes if s.n]
    if len(usable) < 2:
        return None
    a, b = usable[-2], usable[-1]
    ta = statistics.median(getattr(a, who))
    tb = statistics.median(getattr(b, who))
    if ta <= 0 or tb <= 0 or a.n == b.n:
        return None
    return math.log(tb / ta) / math.log(b.n / a.n)  # type: ignore[operator]


class Performance:
    name = "performance"

    def evaluate(self, ctx: EvalContext) -> DimensionScore:
        def na(reason: str) -> DimensionScore:
            return DimensionScore(self.name, None, ctx.weight, reason)

        problem = ctx.problem
        if problem.timing is None:
            return na("the problem has no timing input")
        if not problem.reference_solution:
            return na("the problem has no reference solution to time against")
        if problem.signature.kind != "function":
            return na("timing is defined for function problems only")
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
        result = ctx.runner.benchmark(problem, ctx.solution.code, problem.reference_solution,
                                      ctx.settings)
        sizes = list(result.sizes)
        details = {"sizes": [{"label": s.label, "n": s.n,
                              "solution_median": statistics.median(s.solution),
                              "reference_median": statistics.median(s.reference),
                              "solution": list(s.solution), "reference": list(s.reference)}
                             for s in sizes if s.solution and s.reference]}
        if result.timed_out or result.cut:
            details["ratio_text"] = result.error
            return DimensionScore(self.name, 0.0, ctx.weight, f"timing: {result.error}", details)
        if result.error:
            return na(f"timing failed: {result.error}")
        last = sizes[-1]
        ratio = statistics.median(last.solution) / max(statistics.median(last.reference), 1e-9)
        g_sol, g_ref = growth(sizes, "solution"), growth(sizes, "reference")
        extra = 0.0
        if g_sol is not None and g_ref is not None:
            extra = max(0.0, g_sol - g_ref - GROWTH_SLACK)
            details["growth"] = {"solution": round(g_sol, 3), "reference": round(g_ref, 3)}
        effective = ratio * 10 ** extra
        score = curve(effective)
        text = (f"median {statistics.median(last.solution) * 1000:.3f} ms vs reference "
                f"{statistics.median(last.reference) * 1000:.3f} ms at {last.label}: ratio "
                f"{ratio:.2f}")
        if "growth" in details:
            text += (f"; growth n^{details['growth']['solution']:.2f} vs "
                     f"n^{details['growth']['reference']:.2f}")
        if extra:
            text += f"; effective ratio {effective:.2f}"
        text += f" -> score {score:.2f}"
        details.update(ratio=round(ratio, 4), effective_ratio=round(effective, 4),
                       ratio_text=text)
        reason = "" if score == 10 else f"{effective:.2f}x the reference's time"
        return DimensionScore(self.name, score, ctx.weight, reason, details)
