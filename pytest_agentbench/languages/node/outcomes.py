"""What Node's two test runners (node:test for TypeScript, Jest for JavaScript) leave to read
alike in the events their reporters sent through the channel: which tests started, which
finished, whether the run said it was done, and the outcomes of the tests it left unfinished."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...models import ProcessResult

#: one test's outcome: name, status, message, seconds
TestResult = tuple[str, str, str, float]


def event_seconds(event: dict[str, Any]) -> float:
    """A test event's ``seconds`` (0 when missing or not a number)."""
    try:
        return float(event.get("seconds") or 0.0)
    except (TypeError, ValueError):
        return 0.0


@dataclass
class RunProgress:
    """How far a test run got, read from its events by :meth:`read`."""

    started: list[str] = field(default_factory=list)
    finished: set[str] = field(default_factory=set)
    done: bool = False
    reported: bool = False

    def read(self, events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The events other than ``test_start`` and ``done``, which it takes in; a ``test``
        event's name counts as finished."""
        for event in events:
            self.reported = True
            kind = event.get("event")
            if kind == "test_start":
                self.started.append(str(event.get("name", "")))
            elif kind == "done":
                self.done = True
            else:
                if kind == "test":
                    self.finished.add(str(event.get("name", "")))
                yield event

    def unfinished(self, proc: ProcessResult, runner: str) -> list[TestResult]:
        """Outcomes for what the run left unfinished: a test that started (and is no block of
        other tests) without a result is a ``timeout`` when the process was killed at the time
        limit, else an error; a run that ended on its own before the test ``runner`` said it
        was ``done`` (after it reported something, or with status 0) gets an error of its
        own."""
        out: list[TestResult] = []
        known = [*self.started, *self.finished]
        for name in dict.fromkeys(self.started):
            if name in self.finished or any(other.startswith(name + " > ") for other in known):
                continue
            out.append((name, "timeout", "did not finish within the time limit", 0.0)
                       if proc.timed_out
                       else (name, "error", "did not finish (the test process ended)", 0.0))
        if (not self.done and not proc.timed_out and proc.signal is None
                and (self.reported or proc.returncode == 0)):
            out.append((runner, "error", "the test process ended (exit status "
                        f"{proc.returncode}) before {runner} reported every test", 0.0))
        return out
