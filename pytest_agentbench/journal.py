"""The journal: one line per finished item, flushed as it arrives, so a run that is interrupted
(Ctrl-C, a killed xdist worker, even a killed pytest) keeps every finished result: a flushed
line is the kernel's, whatever happens to the process. It is also synced to the disk at most
every :data:`SYNC_SECONDS` and at the end, so a machine that loses power loses at most the last
second of results; syncing every line cost more than running a HumanEval problem.

Its strings are valid Unicode (a lone surrogate is written as U+FFFD), so every line is valid
UTF-8 JSON. The results file is rebuilt from what the journal holds. ``--agentbench-resume
PATH`` reads a journal (or a results file) and reuses its entries for the problems it already
finished with the same agent and suite version, so a long run with a paid agent can be
continued; items that failed for the infrastructure's sake (not the agent's) are asked again,
and :func:`plan` says what is reused and why the rest is asked.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .entries import Entry, normalise
from .models import is_infrastructure
from .text_safety import clean

SYNC_SECONDS = 1.0


def journal_path(results_path: Path) -> Path:
    return results_path.with_name(results_path.stem + ".journal.jsonl")


class Journal:
    """Opened on the first result, so a run that finishes nothing leaves no file behind."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: TextIO | None = None
        self._start: dict[str, Any] | None = None
        self._synced = 0.0

    def open(self, run: Mapping[str, Any]) -> None:
        self._start = {"event": "start", "run": dict(run)}

    def record(self, nodeid: str, entry: Entry) -> None:
        if self._fh is None and self._start is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("w", encoding="utf-8")
            self._write(self._start)
        self._write({"event": "result", "nodeid": nodeid, "entry": dict(entry)})

    def close(self, run: Mapping[str, Any]) -> None:  # a Run, or {} when nothing ran
        if self._fh is not None:
            self._write({"event": "finish", "run": dict(run)})
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None

    def _write(self, event: Mapping[str, Any]) -> None:
        if self._fh is None:
            return
        self._fh.write(json.dumps(clean(event)) + "\n")
        self._fh.flush()
        now = time.monotonic()
        if now - self._synced >= SYNC_SECONDS:
            os.fsync(self._fh.fileno())
            self._synced = now


def read_entries(path: Path) -> list[Entry]:
    """Entries from a journal (``.jsonl``; a torn last line is skipped) or a results file,
    with the defaults of the keys an older version's entries may lack (:func:`normalise`)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [_entry(e) for e in clean(list(json.loads(text).get("results", [])))]
    entries: dict[str, Entry] = {}
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and event.get("event") == "result":
            entries[event["nodeid"]] = _entry(clean(event["entry"]))
    return list(entries.values())


def _entry(value: Any) -> Entry:
    return normalise(value) if isinstance(value, dict) else value


# what must match for a finished entry to stand for an item on resume
ResumeKey = tuple[str, str, str, int, str]  # suite, suite version, test id, sample, agent


def resume_key(suite: str, version: str, test_id: str, sample: int, agent: str) -> ResumeKey:
    return (suite, version, test_id, sample, agent)


def resumable(entries: Iterable[Entry]) -> dict[ResumeKey, Entry]:
    """Finished entries by the key that must match for a problem to be skipped on resume.

    Infrastructure failures (the agent could not start, its backend failed, the harness
    crashed: see :attr:`~pytest_agentbench.models.FailureKind.origin`) are asked again.
    """
    out: dict[ResumeKey, Entry] = {}
    for e in entries:
        if is_infrastructure(e):
            continue
        out[resume_key(e["suite"], e.get("suite_version", ""), e["test_id"], e.get("sample", 0),
                       e["agent"])] = e.copy()
    return out


@dataclass
class ResumePlan:
    """What ``--agentbench-resume`` does with the selected items, for the line that says so."""

    source: str
    selected: int = 0
    resumed: int = 0
    why_asked: dict[str, int] = field(default_factory=dict)  # reason -> items
    notes: list[str] = field(default_factory=list)

    @property
    def asked(self) -> int:
        return self.selected - self.resumed

    def line(self) -> str:
        why = ", ".join(f"{n} {REASONS[reason][n != 1]}" for reason, n in self.why_asked.items())
        return (f"agentbench: resumed {self.resumed} of {self.selected} from {self.source}; "
                f"asking {self.asked}" + (f": {why}" if why else ""))


NOT_FINISHED = "not finished"
INFRA_AGAIN = "infrastructure"
OTHER_AGENT = "agent"
OTHER_VERSION = "version"
REASONS = {  # why an item is asked again: singular, plural
    NOT_FINISHED: ("not finished", "not finished"),
    INFRA_AGAIN: ("infrastructure failure (asked again)", "infrastructure failures (asked again)"),
    OTHER_AGENT: ("of another agent", "of another agent"),
    OTHER_VERSION: ("of another suite version", "of another suite version"),
}


def plan(source: str, entries: Iterable[Entry], agent: str,
         selected: Iterable[tuple[str, str, str, int]]) -> ResumePlan:
    """Which of the ``selected`` items (suite, suite version, test id, sample) the resume
    file finished for ``agent``, and why each other one is asked."""
    index: dict[tuple[str, str, int], Entry] = {}
    agents: set[str] = set()
    for e in entries:
        index[(e["suite"], e["test_id"], e.get("sample", 0))] = e
        agents.add(str(e.get("agent")))
    result = ResumePlan(source)
    versions: dict[str, tuple[str, str]] = {}
    for suite, version, test_id, sample in selected:
        result.selected += 1
        found = index.get((suite, test_id, sample))
        reason = _why_asked(found, agent, version)
        if reason is None:
            result.resumed += 1
            continue
        result.why_asked[reason] = result.why_asked.get(reason, 0) + 1
        if reason == OTHER_VERSION and found is not None:
            versions.setdefault(suite, (str(found.get("suite_version", "")), version))
    if agents and agent not in agents:
        result.notes.append(f"agentbench: {source} holds results of agent "
                            f"{', '.join(sorted(agents))}, not of this run's agent {agent}: "
                            "none of them is reused, every item is asked")
    for suite, (theirs, ours) in sorted(versions.items()):
        result.notes.append(f"agentbench: suite {suite} is version {ours or '(none)'} here and "
                            f"{theirs or '(none)'} in {source}: its items are asked again")
    return result


def _why_asked(e: Entry | None, agent: str, version: str) -> str | None:
    if e is None:
        return NOT_FINISHED
    if e.get("agent") != agent:
        return OTHER_AGENT
    if str(e.get("suite_version", "")) != version:
        return OTHER_VERSION
    if is_infrastructure(e):
        return INFRA_AGAIN
    return None
