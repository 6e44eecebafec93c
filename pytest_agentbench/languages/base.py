"""The interface every language runner implements, and what runners share.

A runner knows four things about its language: how to read a signature (for the loader), how to
recognise its code (for extraction), whether its toolchain is installed, and how to run a
solution against a problem's cases in one sandboxed process, returning raw outcomes. Judging the
outcomes against expected values happens once, in Python, in :mod:`pytest_agentbench.judge`.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import (
    FailureKind,
    Problem,
    ProcessResult,
    RawOutcome,
    RunOutput,
    Signature,
    TimingResult,
)
from ..sandbox import RESOURCE_SIGNALS, Limits, describe_signal, solution_limits


@dataclass(frozen=True)
class Toolchain:
    """Whether a language can run here; when not, the reason and the command that installs it."""

    available: bool
    version: str = ""
    reason: str = ""
    install_hint: str = ""


@dataclass(frozen=True)
class ExecSettings:
    limits: Limits = field(default_factory=lambda: solution_limits(30.0))
    keep_dir: Path | None = None  # copy the work directory here for debugging


class LanguageRunner(ABC):
    """Base class of language runners. Subclasses are registered through the plugin's hook."""

    name: str = ""
    aliases: tuple[str, ...] = ()  # code-fence tags besides ``name``
    display_name: str = ""
    file_name: str = "solution"
    #: directories outside the runner's own language packages (and its bases') whose files
    #: its timing runs execute, such as another language's harness: they are part of the
    #: timing cache's key (:func:`~pytest_agentbench.scoring.timing_cache.harness_digest`)
    timing_sources: tuple[Path, ...] = ()

    # -- reading suites
    @abstractmethod
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        """Entry point, kind and parameters; raise ValueError with a reason if unreadable."""

    # -- extraction
    @abstractmethod
    def defines(self, code: str, entry_point: str) -> bool:
        """Whether ``code`` defines ``entry_point``."""

    def looks_like_code(self, text: str) -> bool:
        """Whether unfenced text is plausibly a whole source file of this language."""
        return False

    # -- prompting
    def format_value(self, value: Any) -> str:
        return json.dumps(value)

    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        return f"{problem.entry_point}({', '.join(self.format_value(a) for a in args)})"

    def format_example(self, problem: Problem, case: Any) -> str | None:
        """The example line(s) for ``case`` in the prompt in this language's syntax, or None
        for the generic rendering (``Name(args)`` then ``obj.method(args)  # -> value``)."""
        return None

    def answer_instructions(self, problem: Problem) -> str:
        return (
            f"Answer with exactly one fenced code block tagged `{self.name}` that contains the "
            f"complete solution: `{problem.entry_point}` as in the signature, with the imports "
            "and helpers it needs. Do not include tests, example usage or a main program."
        )

    # -- running
    @abstractmethod
    def toolchain(self) -> Toolchain:
        ...

    @abstractmethod
    def run(self, problem: Problem, code: str, settings: ExecSettings) -> RunOutput:
        """Run ``code`` against every executable case (and native tests) of ``problem``."""

    #: whether :meth:`run` may be called from several threads at once (no ``preexec_fn``)
    @property
    def thread_safe_run(self) -> bool:
        return False

    def warm_up(self, settings: ExecSettings, threads: int) -> None:
        """Start, in the background, what runs from ``threads`` run-ahead threads will need,
        before the first of them asks (:mod:`pytest_agentbench.warm_start`). Nothing by
        default."""
        return None

    def release_thread(self) -> None:
        """Called by a thread that ran problems ahead, as it ends: free what :meth:`run` kept
        for that thread (Python's fork server). The default keeps nothing."""
        return None

    # -- project mode: problems that ship as files (``problem.project``, an Exercism exercise)
    @property
    def supports_project(self) -> bool:
        """Whether :meth:`run_project` is implemented; project problems are skipped with
        "project mode not implemented for <language>" otherwise."""
        return False

    def project_skip_reason(self, problem: Problem) -> str | None:
        """Why this project problem cannot run here although the runner takes project
        problems (a Rust exercise that needs crates from the network), or None."""
        return None

    def native_skip_reason(self, problem: Problem) -> str | None:
        """Why this problem's native tests cannot run here although the toolchain can (their
        test framework is not installed: say which package installs it), or None."""
        return None

    def run_project(self, problem: Problem, files: Mapping[str, str],
                    settings: ExecSettings) -> RunOutput:
        """Run the problem's own test files against the answer's ``files`` (solution paths to
        their text; a solution file the answer left out keeps its stub), with the support
        files beside them, each at its path; one raw outcome per test (``name`` set, status
        ``test_passed``, ``test_failed``, ``exception``, ``skipped``, ``timeout`` or
        ``not_run``). See ``docs/runners.md``, "Project mode"."""
        raise NotImplementedError(f"project mode not implemented for {self.name}")

    #: whether :meth:`benchmark` is implemented (the performance dimension is n/a otherwise)
    supports_timing: bool = False
    #: whether :meth:`benchmark` also times class problems (a construction and its calls)
    supports_class_timing: bool = False

    def benchmark(self, problem: Problem, code: str, reference: str,
                  settings: ExecSettings) -> TimingResult:
        """Time ``code`` against ``reference`` on the problem's timing inputs (expanded),
        interleaved and repeated in one sandbox; seconds per call for each."""
        raise NotImplementedError(f"timing is not implemented for {self.name}")


# ---------------------------------------------------------------- shared helpers


def process_failure(proc: ProcessResult, what: str = "solution") -> tuple[FailureKind, str] | None:
    """A process-level failure (timeout, resource limit, crash) or None if it ended normally."""
    if proc.returncode is None:
        return FailureKind.HARNESS_ERROR, proc.stderr or f"the {what} process could not start"
    if proc.limit:  # before the time: a flooding or swapping process is also slow
        return FailureKind.RESOURCE_LIMIT, f"the {what} process went over its {proc.limit} limit"
    if proc.timed_out:
        return FailureKind.TIMEOUT, f"the {what} process was killed after the time limit"
    if proc.signal in RESOURCE_SIGNALS:
        return FailureKind.RESOURCE_LIMIT, (
            f"the {what} process hit a resource limit ({describe_signal(proc.signal)})"
        )
    if proc.signal is not None:
        return FailureKind.RUNTIME_ERROR, (
            f"the {what} process died with {describe_signal(proc.signal)}"
        )
    if proc.returncode != 0:
        return FailureKind.RUNTIME_ERROR, f"the {what} process exited with status {proc.returncode}"
    return None


def first_lines(text: str, count: int = 20) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return "\n".join(lines[:count])


def outcomes_from_events(
    events: list[dict[str, Any]], expected_indices: list[int], proc: ProcessResult | None
) -> tuple[RawOutcome, ...]:
    """Raw outcomes in case order; cases with no outcome get 'timeout' (if the process was
    killed while running them) or 'not_run'."""
    by_index: dict[int, RawOutcome] = {}
    started: list[int] = []
    names: dict[int, str] = {}
    for ev in events:
        if ev.get("event") == "start":
            started.append(int(ev.get("index", -1)))
            if ev.get("name"):
                names[int(ev["index"])] = str(ev["name"])
        elif ev.get("event") == "case":
            raw = raw_outcome_from_event(ev)
            by_index[raw.index] = raw
    unfinished = [i for i in started if i not in by_index]
    running = unfinished[-1] if unfinished else None
    ordered = list(expected_indices) + sorted(i for i in by_index if i not in expected_indices)
    out: list[RawOutcome] = []
    for index in ordered:
        if index in by_index:
            out.append(by_index[index])
        elif index == running and proc is not None and proc.timed_out:
            out.append(RawOutcome(index, "timeout", message="did not finish within the time limit",
                                  name=names.get(index, "")))
        elif index == running and proc is not None:
            why = process_failure(proc)
            msg = why[1] if why else "the process ended while this case was running"
            out.append(RawOutcome(index, "exception", error_type="Crash", message=msg,
                                  name=names.get(index, "")))
        else:
            out.append(RawOutcome(index, "not_run", message="not run: the process ended first",
                                  name=names.get(index, "")))
    return tuple(out)


def raw_outcome_from_event(ev: dict[str, Any]) -> RawOutcome:
    status = str(ev.get("status", "exception"))
    message = str(ev.get("message", ""))
    if ev.get("traceback"):
        message = f"{message}\n{ev['traceback']}".strip()
    return RawOutcome(
        index=int(ev.get("index", -1)),
        status=status,
        value=ev.get("calls") if status == "calls" else ev.get("value"),
        error_type=str(ev.get("error_type", "")),
        message=message,
        seconds=float(ev.get("seconds", 0.0) or 0.0),
        name=str(ev.get("name", "")),
    )


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def is_identifier(text: str) -> bool:
    return bool(_IDENT.fullmatch(text))


def node_kind(type_text: str) -> str:
    """The kind of a parameter whose type is no string: ``"tree"`` when its type names
    ``TreeNode``, ``"linked_list"`` when it names ``ListNode``, else ``"other"`` (for the
    languages whose readers look for the name anywhere in the type: ``List<TreeNode>``,
    ``?TreeNode``, ``Option<Box<ListNode>>``)."""
    if "TreeNode" in type_text:
        return "tree"
    if "ListNode" in type_text:
        return "linked_list"
    return "other"
