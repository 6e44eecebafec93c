"""Runs read from results files: merging the files of one agent, and a leaderboard of agents.

A CI matrix often writes one results file per language or shard; ``load_runs`` merges the files
of one agent into one run (the same item twice: the later file wins, with a warning). Different
agents stay separate runs, and :func:`leaderboard` ranks them side by side, each compared with
the leader on the problems both ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypedDict, cast

from . import stats
from .compare import compare, is_scored, load_document, pair_key, problem_key
from .entries import Aggregate, Entry, Results, Summary
from .entries import Run as RunInfo


class VsLeader(TypedDict):
    """A run compared with the leader (verdict None: scipy is missing)."""

    verdict: str | None
    reason: str
    pairs: int


class LanguageMeans(TypedDict):
    pass_rate: float | None
    mean_weighted_score: float | None


class BoardRow(TypedDict):
    """One run of a leaderboard: its overall summary's numbers, by language too."""

    rank: int
    label: str
    agent: str
    sources: list[str]
    items: int
    passed: int
    failed: int
    skipped: int
    pass_rate: float | None
    mean_weighted_score: float | None
    dimensions: dict[str, float | None]
    by_language: dict[str, LanguageMeans]
    vs_leader: VsLeader | None  # None: the leader


class Leaderboard(TypedDict):
    """:func:`leaderboard`'s: the runs ranked, and why their means may not be comparable."""

    rows: list[BoardRow]
    warnings: list[str]
    alpha: float


def _aggregate(entries: Sequence[Entry]) -> Aggregate:
    from .results import aggregate  # the results file's own aggregation, so numbers agree

    return aggregate(entries)


@dataclass
class Run:
    label: str
    agent: str
    sources: list[str]
    run: RunInfo
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def aggregate(self) -> Aggregate:
        return _aggregate(self.entries)

    @property
    def overall(self) -> Summary:
        return self.aggregate["overall"]

    def document(self) -> Results:
        return {"run": self.run, "results": self.entries}

    def dimensions(self) -> list[str]:
        dims: list[str] = []
        for e in self.entries:
            dims.extend(d for d in e.get("dimensions") or {} if d not in dims)
        return dims


def agent_of(doc: Results, source: str) -> str:
    run = doc.get("run") or {}
    if run.get("agent"):
        return str(run["agent"])
    agents = {e.get("agent") for e in doc.get("results", []) if e.get("agent")}
    return str(agents.pop()) if len(agents) == 1 else Path(source).stem


def from_document(doc: Results, source: str, label: str | None = None) -> Run:
    agent = agent_of(doc, source)
    return Run(label or agent, agent, [source], cast(RunInfo, dict(doc.get("run") or {})),
               [e.copy() for e in doc.get("results", [])])


def load_runs(paths: Sequence[str | Path], separate: bool = False) -> list[Run]:
    """One run per agent (files of the same agent merged), or one per file with ``separate``."""
    runs: dict[str, Run] = {}
    for path in paths:
        doc = load_document(path)
        source = str(path)
        agent = agent_of(doc, source)
        key = source if separate else agent
        if key not in runs:
            runs[key] = from_document(doc, source)
            continue
        run = runs[key]
        run.sources.append(source)
        index = {pair_key(e): i for i, e in enumerate(run.entries)}
        replaced = []
        for e in doc.get("results", []):
            k = pair_key(e)
            if k in index:
                replaced.append(k)
                run.entries[index[k]] = e.copy()
            else:
                index[k] = len(run.entries)
                run.entries.append(e.copy())
        if replaced:
            k = replaced[0]
            run.warnings.append(f"{len(replaced)} item(s) of {agent} in {source} were already "
                                f"in an earlier file (e.g. {k[2]} of suite {k[0]}): the later "
                                "file's are used")
        _merge_run_info(run.run, doc.get("run") or {})
    out = list(runs.values())
    labels = [r.label for r in out]
    for r in out:
        if labels.count(r.label) > 1:
            r.label = f"{r.agent} ({Path(r.sources[0]).name})"
    for r in out:
        r.entries.sort(key=lambda e: (str(e.get("suite") or ""), e.get("order", 0),
                                      e["test_id"], int(e.get("sample") or 0)))
    return out


def _merge_run_info(into: RunInfo, other: RunInfo) -> None:
    mine, theirs = into.get("started_at"), other.get("started_at")
    if theirs and (not mine or theirs < mine):
        into["started_at"] = theirs
    mine, theirs = into.get("finished_at"), other.get("finished_at")  # either may be null
    if theirs and (not mine or theirs > mine):
        into["finished_at"] = theirs
    if other.get("complete") is False:
        into["complete"] = False
    suites = into.setdefault("suites", [])
    names = {(s.get("name"), s.get("language")) for s in suites}
    for s in other.get("suites") or []:
        if (s.get("name"), s.get("language")) not in names:
            suites.append(s)
    for key in ("toolchains",):
        if isinstance(other.get(key), dict):
            into.setdefault(key, {}).update(other[key])


def _problems(run: Run) -> set[tuple[str, str, str]]:
    return {problem_key(e) for e in run.entries if is_scored(e)}


def leaderboard(runs: Sequence[Run], alpha: float = stats.ALPHA,
                seed: int = stats.SEED) -> Leaderboard:
    """Runs ranked by mean weighted score (then pass rate), each compared with the leader."""
    def rank_key(r: Run) -> tuple[float, float, str]:
        o = r.overall
        return (-(o["mean_weighted_score"] if o["mean_weighted_score"] is not None else -1),
                -(o["pass_rate"] or 0), r.label)

    ordered = sorted(runs, key=rank_key)
    warnings: list[str] = []
    sets = [_problems(r) for r in ordered]
    common = set.intersection(*sets) if sets else set()
    if sets and any(s != sets[0] for s in sets):
        warnings.append(f"the runs cover different problems ({', '.join(str(len(s)) for s in sets)}"
                        f"; {len(common)} in common): means over different problems are not "
                        "comparable; the comparisons with the leader use the common ones")
    rows: list[BoardRow] = []
    leader = ordered[0] if ordered else None
    for rank, r in enumerate(ordered, 1):
        o = r.overall
        row: BoardRow = {
            "rank": rank, "label": r.label, "agent": r.agent, "sources": r.sources,
            "items": o["items"], "passed": o["passed"], "failed": o["failed"],
            "skipped": o["skipped"], "pass_rate": o["pass_rate"],
            "mean_weighted_score": o["mean_weighted_score"], "dimensions": o["dimensions"],
            "by_language": {k: {"pass_rate": v["pass_rate"],
                                "mean_weighted_score": v["mean_weighted_score"]}
                            for k, v in r.aggregate["by_language"].items()},
            "vs_leader": None,
        }
        if leader is not None and r is not leader:
            if stats.available():
                c = compare(leader.document(), r.document(), baseline_name=leader.label,
                            current_name=r.label, alpha=alpha, seed=seed)
                row["vs_leader"] = {"verdict": c.verdict, "reason": c.overall.reason,
                                    "pairs": c.overall.problems}
            else:
                row["vs_leader"] = {"verdict": None, "reason": stats.MISSING, "pairs": 0}
        rows.append(row)
    return {"rows": rows, "warnings": warnings, "alpha": alpha}
