"""The results file: one entry per problem (plain builtins), aggregates, and an atomic write.

Entries are made on whichever process ran the item and travel to the controller on the test
report, so they must be exact builtins (``json.dumps`` is the check). Their strings are valid
Unicode (:func:`~pytest_agentbench.text_safety.clean`: a lone surrogate from an agent's answer
or a solution's output becomes U+FFFD; control characters are kept, JSON escapes them), so
every file they reach is valid UTF-8. Only the controller aggregates and writes; the write goes
to a temporary file in the same directory and is then renamed over the target, so a reader
never sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

from . import passk
from .entries import (
    Aggregate,
    AttemptEntry,
    CaseEntry,
    DimensionDetail,
    Entry,
    ExecutionDetails,
    ResultsFile,
    Run,
    RunSuite,
    Summary,
    Usage,
    kind_value,
)
from .models import AttemptSummary, CaseOutcome, DimensionScore, is_infrastructure
from .pipeline import BenchResult
from .text_safety import clean

SCHEMA_VERSION: Final = 1
# Keys whose values change from run to run even when nothing else does.
TIMING_KEYS = frozenset({"execution_time", "agent_time", "total_time", "seconds", "compile_time",
                         "started_at", "finished_at", "duration"})


def _outcome(o: CaseOutcome) -> CaseEntry:
    return {"index": o.index, "name": o.name, "status": o.status,
            "expected": o.expected, "actual": o.actual, "message": o.message,
            "seconds": round(o.seconds, 6)}


def _dimension(d: DimensionScore) -> DimensionDetail:
    return {"score": d.score, "weight": d.weight, "reason": d.reason,
            "details": json.loads(json.dumps(d.details, default=str))}


def _attempt(a: AttemptSummary) -> AttemptEntry:
    return {"attempt": a.number, "status": a.status,
            "failure_kind": kind_value(a.failure), "message": a.message,
            "cases_passed": a.cases_passed, "cases_total": a.cases_total,
            "agent_time": round(a.agent_seconds, 6)}


def result_to_dict(r: BenchResult) -> Entry:
    """The results-file entry of one problem: the seed runner's keys plus the rest."""
    p = r.problem
    ex = r.execution
    details: ExecutionDetails = {
        "failure_kind": kind_value(r.failure),
        "message": r.message,
        "cases_total": len(p.cases) + (len(ex.outcomes) - len(p.executable_cases) if ex else 0),
        "cases_executable": len(ex.outcomes) if ex else len(p.executable_cases),
        "cases_passed": ex.passed_count if ex else 0,
        "cases_not_executable": len(p.not_executable_cases),
        "not_executable": [{"index": c.index, "name": c.name, "reason": c.reason}
                           for c in p.not_executable_cases],
        "cases": [_outcome(o) for o in ex.outcomes] if ex else [],
        "compile_time": round(ex.compile_seconds, 6) if ex else 0.0,
        "stdout_tail": ex.stdout[-4000:] if ex else "",
        "stderr_tail": ex.stderr[-4000:] if ex else "",
    }
    reply = r.reply
    entry: Entry = {
        "test_id": p.id,
        "name": p.name,
        "suite": p.suite,
        "suite_path": p.suite_path,
        "suite_version": p.suite_version,
        "order": p.order,
        "language": p.language,
        "difficulty": p.difficulty,
        "category": p.category,
        "sample": r.sample,
        "agent": r.agent,
        "status": r.status,
        "passed": r.passed,
        "failure_kind": kind_value(r.failure),
        "failure_origin": r.failure.origin if r.failure else None,
        "message": r.message,
        "dimensions": {d.name: d.score for d in r.scores},
        "dimension_details": {d.name: _dimension(d) for d in r.scores},
        "weighted_score": r.weighted,
        "execution_time": round(r.exec_seconds, 6),
        "agent_time": round(r.agent_seconds, 6),
        "total_time": round(r.total_seconds, 6),
        "attempts": [_attempt(a) for a in r.attempts],
        "first_attempt_passed": (r.attempts[0].status == "passed") if r.attempts else r.passed,
        "tokens_in": r.tokens_in,
        "tokens_out": r.tokens_out,
        "solution": r.solution.code if r.solution else None,
        "solution_source": r.solution.how if r.solution else None,
        "execution_details": details,
        "agent_details": {
            "exit_code": reply.exit_code if reply else None,
            "failure": kind_value(reply.failure) if reply else None,
            "message": reply.message if reply else "",
            "output_tail": reply.text[-4000:] if reply else "",
            "stderr_tail": reply.stderr_tail[-4000:] if reply else "",
            "tokens_in": reply.tokens_in if reply else None,
            "tokens_out": reply.tokens_out if reply else None,
            "answer_source": reply.source if reply else "",
            "answer_source_detail": reply.source_detail if reply else "",
            "stdout_tail": reply.stdout_tail[-4000:] if reply else "",
            "workspace_diff": reply.workspace_diff if reply else "",
        },
    }
    entry = clean(entry)
    json.dumps(entry)  # the check the xdist transport needs: builtins only
    return entry


def entry_key(entry: Entry) -> tuple[Any, ...]:
    return (entry.get("suite_path", ""), entry.get("order", 0), entry["test_id"],
            entry.get("sample", 0))


def _mean(values: Iterable[float | None]) -> float | None:
    nums = [v for v in values if v is not None]
    return round(sum(nums) / len(nums), 2) if nums else None


def _kinds(entries: Iterable[Entry]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for e in entries:
        kind = e.get("failure_kind")
        if kind:
            kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items()))


def passing_attempt(entry: Entry) -> int | None:
    """The attempt (from 1) at which an entry passed; None when it did not pass."""
    if not entry.get("passed"):
        return None
    attempts = entry.get("attempts") or []
    return next((i for i, a in enumerate(attempts, start=1) if a.get("status") == "passed"),
                len(attempts) or 1)


def pass_rates(scored: Sequence[Entry], attempts: int = 1) -> dict[str, float | None]:
    """Aider's leaderboard rates: ``pass_rate_k``, the share of the scored items that passed
    within k attempts (the test output fed back after each failing one), for k = 1 to the
    attempts allowed (or made)."""
    most = max([attempts, 1, *(len(e.get("attempts") or ()) for e in scored)])
    out: dict[str, float | None] = {}
    for k in range(1, most + 1):
        within = sum(1 for e in scored if (passing_attempt(e) or k + 1) <= k)
        out[f"pass_rate_{k}"] = round(within / len(scored), 4) if scored else None
    return out


def summarise(entries: Sequence[Entry], attempts: int = 1) -> Summary:
    """Counts and means over entries; skipped items and infrastructure failures count but are
    not scored (they are in no pass rate and no mean). ``attempts`` is how many attempts each
    answer was allowed (``--agentbench-attempts``), for :func:`pass_rates`."""
    infra = [e for e in entries if is_infrastructure(e)]
    scored = [e for e in entries if e["status"] != "skipped" and not is_infrastructure(e)]
    dims: list[str] = []
    for e in entries:
        dims.extend(d for d in e.get("dimensions", {}) if d not in dims)
    dimension_means = {d: _mean(e["dimensions"].get(d) for e in scored) for d in dims}
    reasons = {}
    for d in dims:
        if dimension_means[d] is None:
            reasons[d] = next((e["dimension_details"][d]["reason"] for e in scored
                               if d in e.get("dimension_details", {})), "")
    details = [e["execution_details"] for e in entries if not is_infrastructure(e)]
    passed = sum(1 for e in scored if e["passed"])
    return {
        "items": len(entries),
        "passed": passed,
        "failed": len(scored) - passed,
        "skipped": len(entries) - len(scored) - len(infra),
        "infrastructure_failed": len(infra),
        "infrastructure_kinds": _kinds(infra),
        "pass_rate": round(passed / len(scored), 4) if scored else None,
        "mean_weighted_score": _mean(e["weighted_score"] for e in scored),
        "weighted_scored": sum(1 for e in scored if e["weighted_score"] is not None),
        "dimensions": dimension_means,
        "dimensions_measured": {d: sum(1 for e in scored if e["dimensions"].get(d) is not None)
                                for d in dims},
        "dimensions_not_measured": reasons,
        "cases": {
            "executable": sum(d["cases_executable"] for d in details),
            "passed": sum(d["cases_passed"] for d in details),
            "not_executable": sum(d["cases_not_executable"] for d in details),
        },
        "failure_kinds": _kinds(scored),
        "first_attempt_passed": sum(1 for e in scored if e.get("first_attempt_passed",
                                                                e["passed"])),
        "pass_rates": pass_rates(scored, attempts),
        "tokens_in": _sum(e.get("tokens_in") for e in entries),
        "tokens_out": _sum(e.get("tokens_out") for e in entries),
    }


def coverage(summary: Summary, dimension: str) -> str:
    """What a dimension's mean averages, when not every scored item: ``1 of 12 measured;
    fewer than half``; '' when it covers them all (or the summary predates the counts)."""
    measured = summary.get("dimensions_measured", {}).get(dimension)
    scored = summary.get("passed", 0) + summary.get("failed", 0)
    if measured is None or measured >= scored:
        return ""
    return f"{measured} of {scored} measured" + ("; fewer than half" if 2 * measured < scored
                                                 else "")


def weighted_text(summary: Summary) -> str:
    """The mean weighted score and what it averages: ``4.06 over 12 items``."""
    mean = summary.get("mean_weighted_score")
    if mean is None:
        return "n/a"
    count = summary.get("weighted_scored", summary.get("passed", 0) + summary.get("failed", 0))
    return f"{mean:.2f} over {count} item{'s' if count != 1 else ''}"


def dimension_text(summary: Summary, dimension: str) -> str:
    """``performance 10.00 (1 of 12 measured; fewer than half)``, or n/a with the reason."""
    mean = summary.get("dimensions", {}).get(dimension)
    if mean is None:
        reason = summary.get("dimensions_not_measured", {}).get(dimension, "")
        return f"{dimension} n/a" + (f" ({reason})" if reason else "")
    note = coverage(summary, dimension)
    return f"{dimension} {mean:.2f}" + (f" ({note})" if note else "")


def usage(entries: Iterable[Entry], price: Mapping[str, float] | None) -> Usage:
    """Tokens, cost (``price`` per million tokens: in, out) and agent time of a run."""
    entries = list(entries)
    total_in = _sum(e.get("tokens_in") for e in entries)
    total_out = _sum(e.get("tokens_out") for e in entries)
    cost = None
    if price and (total_in is not None or total_out is not None):
        cost = round(((total_in or 0) * price.get("in", 0.0)
                      + (total_out or 0) * price.get("out", 0.0)) / 1e6, 6)
    return {"tokens_in": total_in, "tokens_out": total_out, "cost": cost,
            "price_per_million": dict(price) if price else None,
            "agent_seconds": round(sum(e.get("agent_time", 0.0) for e in entries), 3)}


def suites_of(entries: Iterable[Entry]) -> list[RunSuite]:
    """``run.suites``: each suite the entries come from, with its item count. A suite is its
    name and language (as comparisons pair them): its path can differ between the hosts of
    remote workers or the machines of shards, and the first one is kept."""
    suites: dict[tuple[str, str], RunSuite] = {}
    for e in sorted(entries, key=entry_key):
        s = suites.setdefault((e["suite"], e["language"]), {
            "name": e["suite"], "path": e["suite_path"], "language": e["language"],
            "version": e["suite_version"], "items": 0})
        s["items"] += 1
    return list(suites.values())


def _sum(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def aggregate(entries: Sequence[Entry], attempts: int = 1) -> Aggregate:
    """Every summary of a run; ``attempts`` as :func:`summarise` takes it."""
    def grouped(key: Literal["language", "difficulty", "suite", "category"]
                ) -> dict[str, Summary]:
        groups: dict[str, list[Entry]] = {}
        for e in entries:
            groups.setdefault(str(e[key]), []).append(e)
        return {k: summarise(v, attempts) for k, v in sorted(groups.items())}

    return {
        "overall": summarise(entries, attempts),
        "pass_at_k": passk.table(entries),
        "by_language": grouped("language"),
        "by_difficulty": {k: v for k, v in sorted(grouped("difficulty").items(),
                                                  key=lambda kv: _difficulty_rank(kv[0]))},
        "by_suite": grouped("suite"),
        "by_category": grouped("category"),
    }


def _difficulty_rank(name: str) -> int:
    order = {"easy": 0, "medium": 1, "hard": 2}
    return order.get(name, 3)


def build_document(entries: Sequence[Entry], run: Run) -> ResultsFile:
    ordered = sorted(entries, key=entry_key)
    return {
        "schema_version": SCHEMA_VERSION,
        "run": run.copy(),
        "aggregate": aggregate(ordered, int(run.get("attempts") or 1)),
        "results": ordered,
    }


def write_atomic(path: Path, document: Mapping[str, Any] | Sequence[Any]) -> None:
    """Write ``document`` (a JSON object or array) to ``path``, all or nothing (a temporary
    file renamed), with the mode a plain ``open()`` would give it (0644 under the usual umask),
    like the journal and the reports beside it; ``mkstemp`` alone would leave it 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # one write: json.dump would write each of its ~10^5 pieces (indent=2 takes the
            # Python encoder), 70,000 calls for HumanEval's 164 entries
            fh.write(json.dumps(clean(document), indent=2, sort_keys=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process's umask, read without changing it where Linux shows it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore (not thread-safe, hence the above)
    os.umask(mask)
    return mask


def strip_timings(value: Any) -> Any:
    """A copy without the keys that vary between identical runs (for comparing runs)."""
    if isinstance(value, dict):
        return {k: strip_timings(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [strip_timings(v) for v in value]
    return value
