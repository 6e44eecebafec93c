"""A runner's steps, what running one reported, and the warm server that may run a step in
place of a fresh sandboxed process (``docs/runners.md``, "Warm servers").

:class:`~pytest_agentbench.languages.harness_runner.HarnessRunner` runs every step itself,
sandboxed, unless the step is marked ``warm`` and the runner's ``warm_server()`` gives a
:class:`WarmServer`: a process started once, already inside the sandbox, that runs the step's
harness job in a child of its own (Python's fork server, which keeps HumanEval's per-problem
cost to a fork). Any language whose harness can be kept warm can plug one in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..models import ProcessResult
from ..sandbox import Limits


@dataclass(frozen=True)
class Step:
    """One command of a run, executed in the work directory."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    what: str = "solution"  # named in messages: "compiler", "solution", "test binary"
    #: whether the runner's warm server (``HarnessRunner.warm_server``) may run this step
    warm: bool = False


@dataclass(frozen=True)
class Reported:
    """What a step that reports through the outcome channel did: its process, its events, how
    many lines were forged, and ``void``: why the whole run is void whatever its events say
    ("" when it is not; e.g. the solution killed the warm server that ran it)."""

    process: ProcessResult
    events: list[dict[str, Any]]
    forged: int = 0
    void: str = ""


class ServerUnavailable(RuntimeError):
    """A warm server cannot run steps here (it did not start, or failed its self-check): the
    step runs as a fresh sandboxed process instead (and the server says, through
    ``warm_server()``, whether later steps should try it again)."""


class WarmServer(Protocol):
    """Runs a ``warm`` step (its harness, its job, the work directory's files) in a process
    kept warm between steps, with the isolation and limits a sandboxed step would have."""

    def report(self, step: Step, work: Path, limits: Limits) -> Reported:
        """Run ``step`` as if in ``work``; raise :class:`ServerUnavailable` when it cannot."""
        ...
