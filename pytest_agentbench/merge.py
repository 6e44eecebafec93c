"""``agentbench merge``: one results file from the files of one run's shards or resumed pieces.

The pieces must be of one run: the same agent, suite versions and settings (weights, limits,
timeouts, samples, attempts) and, for shards, the same number of shards of the same selection.
A difference is refused, naming the file and the field, unless forced.

The same item (suite, language, problem id, sample) in two pieces: the later piece (in the
order given) wins, except that an infrastructure failure never replaces an outcome of the agent
(an infrastructure failure is what a resume asks again, so it is not a finished item).

The merged run is ``complete`` only when every item of the run is there: with shards, every
shard 1..N is present and complete (a shard is complete when one of its pieces is: a resumed
run holds the items it reused); without, one of the pieces is complete. Its aggregates are
computed by :func:`~pytest_agentbench.results.build_document`, as a run's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from .compare import ResultsError, pair_key
from .compare_shape import Key
from .entries import Entry, ResultsFile, Run
from .models import is_infrastructure
from .results import build_document, suites_of, usage

# run fields that make two runs different runs: compared between pieces
SETTINGS = ("agent", "weights", "limits", "agent_timeout", "exec_timeout", "samples",
            "attempts")
RULE = ("the later file wins, except that an infrastructure failure never replaces an "
        "outcome of the agent")


class MergeRefused(ResultsError):
    """Pieces that are not of one run (and no ``--force``)."""


@dataclass
class Piece:
    path: str
    doc: ResultsFile

    @property
    def run(self) -> Run:
        return self.doc.get("run") or cast(Run, {})

    def shards(self) -> tuple[int | None, dict[int | None, bool], str | None]:
        """(N, whether each shard it holds is complete, the selection's digest); unsharded:
        (None, {None: complete}, None). A merged file holds the shards it was merged from."""
        record = self.run.get("merged")
        merged = record.get("shards") if record else None
        if merged:
            done = set(merged.get("complete", ()))
            return (int(merged["n"]), {int(k): k in done for k in merged["present"]},
                    merged.get("selection"))
        shard = self.run.get("shard")
        complete = bool(self.run.get("complete"))
        if shard:
            return int(shard["n"]), {int(shard["k"]): complete}, shard.get("selection")
        return None, {None: complete}, None

    def suite_versions(self) -> dict[tuple[str, str], str]:
        versions = {(str(s.get("name")), str(s.get("language"))): str(s.get("version", ""))
                    for s in self.run.get("suites") or []}
        for e in self.doc.get("results", []):
            versions.setdefault((str(e.get("suite")), str(e.get("language"))),
                                str(e.get("suite_version", "")))
        return versions


@dataclass
class Merged:
    document: ResultsFile
    differences: list[str] = field(default_factory=list)  # forced through
    notes: list[str] = field(default_factory=list)


def differences(pieces: Sequence[Piece]) -> list[str]:
    """Why the pieces are not of one run: one line per file and field that differs from the
    first file's."""
    first, out = pieces[0], []
    for p in pieces[1:]:
        for name in SETTINGS:
            if p.run.get(name) != first.run.get(name):
                out.append(f"{p.path}: run.{name} is {p.run.get(name)!r}, in {first.path} "
                           f"{first.run.get(name)!r}")
        ours = first.suite_versions()
        for suite, version in sorted(p.suite_versions().items()):
            if suite in ours and ours[suite] != version:
                out.append(f"{p.path}: suite {suite[0]} ({suite[1]}) is version "
                           f"{version or '(none)'}, in {first.path} {ours[suite] or '(none)'}")
        n, _, selection = p.shards()
        n0, _, selection0 = first.shards()
        if n != n0:
            out.append(f"{p.path}: run.shard is {_shard_text(p)}, in {first.path} "
                       f"{_shard_text(first)}")
        elif selection != selection0:
            out.append(f"{p.path}: run.shard.selection is {selection}, in {first.path} "
                       f"{selection0}: the shards selected different items (-k, -m, suites, "
                       "samples)")
    return out


def _shard_text(p: Piece) -> str:
    n, ks, _ = p.shards()
    held = sorted(k for k in ks if k is not None)
    return "unsharded" if n is None else f"shard {','.join(map(str, held))} of {n}"


def merge(pieces: Sequence[Piece], force: bool = False) -> Merged:
    """The merged results document; raises :class:`MergeRefused` when the pieces differ
    and ``force`` is false."""
    if not pieces:
        raise ResultsError("nothing to merge")
    diffs = differences(pieces)
    if diffs and not force:
        raise MergeRefused("not one run, so not merged (--force merges anyway):\n  "
                           + "\n  ".join(diffs))
    entries: dict[Key, Entry] = {}
    kept_earlier = replaced = 0
    for p in pieces:
        for e in p.doc.get("results", []):
            key = pair_key(e)
            old = entries.get(key)
            if old is not None and is_infrastructure(e) and not is_infrastructure(old):
                kept_earlier += 1
                continue
            replaced += old is not None
            entries[key] = e.copy()
    notes = []
    if replaced or kept_earlier:
        notes.append(f"{replaced + kept_earlier} item(s) in more than one file: {RULE} "
                     f"({replaced} replaced by a later file, {kept_earlier} kept)")
    run, why = _run_info(pieces, list(entries.values()), diffs)
    notes += why
    return Merged(build_document(list(entries.values()), run), diffs, notes)


def _run_info(pieces: Sequence[Piece], entries: list[Entry], diffs: list[str]
              ) -> tuple[Run, list[str]]:
    """The merged ``run``: the first piece's settings, and what the pieces together say."""
    runs = [p.run for p in pieces]
    run = runs[0].copy()
    n, _, selection = pieces[0].shards()
    groups: dict[int | None, list[Piece]] = {}
    done: dict[int | None, bool] = {}
    for p in pieces:
        for k, complete in p.shards()[1].items():
            groups.setdefault(k, []).append(p)
            done[k] = done.get(k, False) or complete
    why = []
    if diffs:
        why.append("the files are not of one run (forced): the merged run is not complete")
    missing = [k for k in range(1, n + 1) if k not in groups] if n is not None else []
    if missing:
        why.append(f"shard(s) {', '.join(f'{k}/{n}' for k in missing)} missing")
    unfinished = [k for k, ok in done.items() if not ok]
    if unfinished:
        names = [", ".join(p.path for p in groups[k]) for k in unfinished]
        why.append("not complete: " + "; ".join(names))
    incomplete = [p for k in unfinished for p in groups[k]]
    price = (runs[0].get("usage") or {}).get("price_per_million")
    run.update({
        "started_at": min((t for r in runs if (t := r.get("started_at"))), default=None),
        "finished_at": max((t for r in runs if (t := r.get("finished_at"))), default=None),
        "complete": not why,
        "exit_status": max((x for r in runs if isinstance(x := r.get("exit_status"), int)),
                           default=None),
        "lost": _union(p.run.get("lost") or [] for p in incomplete),
        "not_run": _union(p.run.get("not_run") or [] for p in incomplete),
        "stopped": next((p.run["stopped"] for p in incomplete if p.run.get("stopped")), None),
        "journal": None,
        "resumed_from": None,
        "suites": suites_of(entries),
        "toolchains": _union_dicts(r.get("toolchains") for r in runs),
        "analysers": _union_dicts(r.get("analysers") for r in runs),
        "usage": usage(entries, price),
        "workers": sum(int(r.get("workers") or 0) for r in runs),
        "shard": None,
        "merged": {
            "from": [{"path": p.path, "shard": p.run.get("shard"),
                      "complete": p.run.get("complete"), "items": len(p.doc.get("results", [])),
                      "started_at": p.run.get("started_at"),
                      "finished_at": p.run.get("finished_at"), "platform": p.run.get("platform")}
                     for p in pieces],
            "rule": RULE,
            "shards": None if n is None else {
                "n": n, "present": sorted(k for k in groups if k is not None),
                "complete": sorted(k for k, ok in done.items() if ok and k is not None),
                "missing": missing, "selection": selection},
            "not_complete_because": why,
        },
    })
    return run, why


def _union(lists: Any) -> list[Any]:
    out: list[Any] = []
    for items in lists:
        out.extend(i for i in items if i not in out)
    return out


def _union_dicts(dicts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in dicts:
        if isinstance(d, Mapping):
            for k, v in d.items():
                out.setdefault(k, v)
    return out
