"""pass@k with the unbiased estimator of Chen et al. (2021), as HumanEval reports it.

For a problem with n samples of which c pass: pass@k = 1 - C(n - c, k) / C(n, k), computed as
1 - prod_{i = n - c + 1}^{n} (1 - k / i) to stay exact for large n. A suite's pass@k is the
mean over its problems.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    for row in problems.values():
        for k in ks:
            row[f"pass@{k}"] = round(pass_at_k(row["n"], row["c"], k), 4)

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
