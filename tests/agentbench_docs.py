"""Results documents made by hand, in the shape ``results.build_document`` writes, for the
comparison, report and CLI tests (no pipeline run needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DIMS = ("correctness", "idiomaticity", "performance", "best_practices")
WEIGHTS = {"correctness": 0.4, "idiomaticity": 0.25, "performance": 0.2, "best_practices": 0.15}
DIFFICULTIES = ("easy", "medium", "hard")


def entry(test_id: str, *, passed: bool = True, score: float | None = None,
          suite: str = "mini", language: str = "python", difficulty: str = "easy",
          category: str = "algorithms", sample: int | None = 0, status: str | None = None,
          version: str = "1.0", dims: dict[str, float | None] | None = None,
          solution: str | None = "def f():\n    return 1\n", order: int = 0,
          agent: str = "reference", cases: int = 3, findings: int = 0,
          answer: str | None = None, message: str = "") -> dict[str, Any]:
    status = status or ("passed" if passed else "failed")
    if status == "skipped":
        passed = False
    if dims is None:
        c = 10.0 if passed else 0.0
        dims = {"correctness": c, "idiomaticity": 10.0, "performance": None,
                "best_practices": 10.0}
    if score is None and status != "skipped":
        weights = {d: WEIGHTS[d] for d in dims if dims[d] is not None}
        total = sum(weights.values())
        score = round(sum(dims[d] * w for d, w in weights.items()) / total, 2) if total else None
    found = [{"tool": "ruff", "rule": f"E{100 + i}", "line": i + 1,
              "message": f"finding number {i}", "weight": 1.0} for i in range(findings)]
    details = {
        d: {"score": v, "weight": WEIGHTS.get(d, 0.0),
            "reason": "" if v is not None else "the problem has no timing input",
            "details": ({"findings": found, "formula": "10 - 2 x 0 x 20 / max(3, 20) = 10.00"}
                        if d in ("idiomaticity", "best_practices") else
                        {"passed": 3 if passed else 0, "total": 3} if d == "correctness" else {})}
        for d, v in dims.items()}
    e: dict[str, Any] = {
        "test_id": test_id, "name": test_id.replace("_", " "), "suite": suite,
        "suite_path": f"/suites/{suite}.json", "suite_version": version, "order": order,
        "language": language, "difficulty": difficulty, "category": category,
        "sample": sample, "agent": agent, "status": status, "passed": passed,
        "failure_kind": None if passed or status == "skipped" else "wrong_answer",
        "message": message or ("" if passed else "1/3 cases passed; first failure: case 0"),
        "dimensions": dims if status != "skipped" else {},
        "dimension_details": details if status != "skipped" else {},
        "weighted_score": score if status != "skipped" else None,
        "execution_time": 0.01, "agent_time": 0.0, "total_time": 0.5,
        "solution": solution if status != "skipped" else None,
        "solution_source": "fenced block tagged `python` #1",
        "execution_details": {
            "failure_kind": None, "message": "", "cases_total": cases,
            "cases_executable": cases if status != "skipped" else 0,
            "cases_passed": (cases if passed else 1) if status != "skipped" else 0,
            "cases_not_executable": 0, "not_executable": [],
            "cases": [{"index": i, "name": f"case {i}",
                       "status": "passed" if passed or i == 0 else "wrong_answer",
                       "expected": "3", "actual": "3" if passed or i == 0 else "-1",
                       "message": "", "seconds": 1e-5} for i in range(cases)]
            if status != "skipped" else [],
            "stdout_tail": "", "stderr_tail": "",
        },
        "agent_details": {"exit_code": None, "failure": None, "message": "",
                          "output_tail": answer if answer is not None else
                          f"```python\n{solution}\n```", "stderr_tail": "",
                          "tokens_in": None, "tokens_out": None},
    }
    if sample is None:
        del e["sample"]
    return e


def infrastructure_failure(test_id: str, kind: str = "backend_error", **kw: Any
                           ) -> dict[str, Any]:
    """An entry that failed for the infrastructure's sake: unscored, with its kind."""
    e = entry(test_id, passed=False, **kw)
    e.update(failure_kind=kind, failure_origin="infrastructure", weighted_score=None,
             message="openai:m: HTTP 503: overloaded (after 5 requests)",
             dimensions={d: None for d in e["dimensions"]})
    return e


def document(entries: list[dict[str, Any]], agent: str = "reference",
             weights: dict[str, float] | None = None) -> dict[str, Any]:
    from pytest_agentbench.results import build_document

    suites: dict[str, dict[str, Any]] = {}
    for e in entries:
        s = suites.setdefault(e["suite"], {"name": e["suite"], "path": e["suite_path"],
                                           "language": e["language"],
                                           "version": e["suite_version"], "items": 0})
        s["items"] += 1
    run = {"agent": agent, "started_at": "2026-01-01T00:00:00+00:00",
           "finished_at": "2026-01-01T00:01:00+00:00", "complete": True, "exit_status": 0,
           "suites": list(suites.values()), "weights": weights or dict(WEIGHTS)}
    return build_document(entries, run)


def suite_run(n: int = 24, wrong: set[int] | frozenset[int] = frozenset(), *,
              agent: str = "reference", suite: str = "mini", language: str = "python",
              score_shift: float = 0.0) -> dict[str, Any]:
    """``n`` problems; those whose index is in ``wrong`` fail."""
    entries = []
    for i in range(n):
        ok = i not in wrong
        e = entry(f"{suite}_{i:02d}", passed=ok, suite=suite, language=language,
                  difficulty=DIFFICULTIES[i % 3], order=i, agent=agent)
        if score_shift and e["weighted_score"] is not None:
            e["weighted_score"] = round(min(10.0, max(0.0, e["weighted_score"] + score_shift)), 2)
        entries.append(e)
    return document(entries, agent)


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path
