"""The frozen data that flows through the pipeline, one type per box of the design.

suite file -> Suite/Problem/Case -> (prompt) -> AgentReply -> Solution -> Execution
-> Scores -> BenchResult. Every stage takes and returns these, so each can be tested alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:  # entries imports FailureKind from here
    from .entries import Entry

DIFFICULTIES = ("easy", "medium", "hard")


Origin = Literal["agent", "infrastructure"]  # whose failure: see FailureKind
Status = Literal["passed", "failed", "skipped"]  # of an item, as the results file holds it
CaseStatus = Literal["passed", "wrong_answer", "error", "timeout", "not_run", "skipped"]
IsolationLevel = Literal["full", "partial", "none"]  # what the sandbox proved it prevents
AGENT: Final = "agent"
INFRASTRUCTURE: Final = "infrastructure"


class FailureKind(str, Enum):
    """Why an item failed. The value is what reports, JUnit and the results file carry.

    Each kind has an :attr:`origin`: the agent's (its answer, its code, its own time limit)
    or the infrastructure's (the agent could not be used at all, its backend failed, the
    harness failed). Infrastructure failures say nothing about the agent: they are left out of
    pass rates, means and comparisons, and ``--agentbench-resume`` asks them again.
    """

    AGENT_TIMEOUT = "agent_timeout"
    AGENT_ERROR = "agent_error"
    AGENT_EMPTY = "agent_empty_output"
    NO_CODE = "no_code_in_answer"
    COMPILE_ERROR = "compile_error"
    RUNTIME_ERROR = "runtime_error"
    WRONG_ANSWER = "wrong_answer"
    TIMEOUT = "timeout"
    RESOURCE_LIMIT = "resource_limit"
    HARNESS_ERROR = "harness_error"
    AGENT_UNAVAILABLE = "agent_unavailable"
    BACKEND_ERROR = "backend_error"
    RATE_LIMITED = "rate_limited"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def origin(self) -> Origin:
        """``"agent"`` or ``"infrastructure"``: whose failure this is."""
        return INFRASTRUCTURE if self in _INFRASTRUCTURE else AGENT


_LABELS = {
    FailureKind.AGENT_TIMEOUT: "agent timeout",
    FailureKind.AGENT_ERROR: "agent error",
    FailureKind.AGENT_EMPTY: "agent gave empty output",
    FailureKind.NO_CODE: "no code in answer",
    FailureKind.COMPILE_ERROR: "compile error",
    FailureKind.RUNTIME_ERROR: "runtime error",
    FailureKind.WRONG_ANSWER: "wrong answer",
    FailureKind.TIMEOUT: "timeout",
    FailureKind.RESOURCE_LIMIT: "resource limit",
    FailureKind.HARNESS_ERROR: "harness error",
    FailureKind.AGENT_UNAVAILABLE: "agent unavailable",
    FailureKind.BACKEND_ERROR: "backend error",
    FailureKind.RATE_LIMITED: "rate limited",
}
_INFRASTRUCTURE = frozenset({FailureKind.HARNESS_ERROR, FailureKind.AGENT_UNAVAILABLE,
                             FailureKind.BACKEND_ERROR, FailureKind.RATE_LIMITED})


def failure_origin(kind: str | None) -> Origin | None:
    """The origin of a failure kind's value (as results files hold it); None for no failure.
    An unknown kind (a newer or a plugin's) is the agent's."""
    if not kind:
        return None
    try:
        return FailureKind(kind).origin
    except ValueError:
        return AGENT


def entry_origin(entry: Entry) -> Origin | None:
    """``"agent"`` or ``"infrastructure"`` for a failed results-file entry (from its kind when
    an older file has no ``failure_origin``), None for one that did not fail."""
    origin = entry.get("failure_origin")
    if origin:
        return origin
    kind = entry.get("failure_kind")
    if kind:
        return failure_origin(kind)
    return AGENT if entry.get("status") == "failed" else None


def is_infrastructure(entry: Entry) -> bool:
    """The entry failed for a reason that says nothing about the agent: it is not scored."""
    return entry_origin(entry) == INFRASTRUCTURE


# ---------------------------------------------------------------- suite side


@dataclass(frozen=True)
class Compare:
    """How a case's actual value is compared with its expected value."""

    rule: str = "exact"  # exact | unordered | unordered_nested | approx
    tolerance: float = 1e-6


@dataclass(frozen=True)
class Call:
    """One method call of a class-design case; ``expected``/``raises`` are checked if given."""

    method: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    expected: Any = None
    has_expected: bool = False
    raises: str | None = None


@dataclass(frozen=True)
class Case:
    """One test case. ``executable`` is False for seed prose; ``reason`` then says why.

    A function case has ``args``/``kwargs``; a class case has ``init`` and ``calls``.
    """

    index: int
    name: str
    executable: bool = True
    reason: str = ""
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    expected: Any = None
    raises: str | None = None
    compare: Compare = field(default_factory=Compare)
    init: tuple[Any, ...] | None = None
    calls: tuple[Call, ...] | None = None
    init_kwargs: dict[str, Any] = field(default_factory=dict)
    init_raises: str | None = None  # the constructor must raise this; no call is made
    expected_attributes: dict[str, Any] | None = None
    raw_input: str | None = None
    raw_expected: str | None = None
    explanation: str = ""

    @property
    def is_class_case(self) -> bool:
        return self.calls is not None or self.expected_attributes is not None


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # the annotation as written in the signature, "" when absent
    kind: str = "other"  # "str" | "tree" | "linked_list" | "other": how seed text is read
    required: bool = True  # False when the parameter has a default


@dataclass(frozen=True)
class Signature:
    """What the loader needs to know about a signature, read by the language module."""

    entry_point: str
    kind: str  # "function" | "class"
    params: tuple[Param, ...] = ()
    returns: str = ""
    is_async: bool = False
    returns_kind: str = "other"  # like Param.kind, for reading seed ``expected`` text


@dataclass(frozen=True)
class TimingSize:
    """One timing input: the arguments of a function problem's call, or for a class problem
    the constructor's arguments (``init``) and the method calls (``calls``: ``{"method",
    "args"}`` each) that are timed together."""

    label: str
    args: tuple[Any, ...]
    n: int | None = None
    init: tuple[Any, ...] | None = None
    calls: Any = None  # a list of calls, or a generator of one


@dataclass(frozen=True)
class Timing:
    sizes: tuple[TimingSize, ...]
    repeat: int = 5


@dataclass(frozen=True)
class ProjectFiles:
    """A problem that ships as files (an Exercism exercise), each by its path relative to the
    exercise directory (``/``-separated, never absolute, never ``..``).

    ``solution`` names the files the answer writes, the main one first; ``stubs`` holds the
    starter text of each (the agent starts from them, under their real names); ``tests`` the
    test files, in the language's own framework (hidden from the agent, given to the build);
    ``support`` the editor and support files the agent is given and the build needs (those
    named in ``editor`` are also shown in the task; the others, such as ``go.mod`` or
    ``package.json``, are named there); ``example`` the reference solution by solution path.
    ``include_ignored`` asks the runner to run tests that are ignored or disabled too, as
    Aider runs the polyglot benchmark.
    """

    solution: tuple[str, ...]
    stubs: Mapping[str, str] = field(default_factory=dict)
    tests: Mapping[str, str] = field(default_factory=dict)
    support: Mapping[str, str] = field(default_factory=dict)
    example: Mapping[str, str] = field(default_factory=dict)
    include_ignored: bool = False
    editor: tuple[str, ...] = ()  # the support files shown in the task, whole

    @property
    def main(self) -> str:
        """The main solution file: the one the answer's single block goes to."""
        return self.solution[0]


@dataclass(frozen=True)
class Problem:
    suite: str  # suite name (file stem)
    suite_path: str
    suite_version: str
    language: str
    id: str
    name: str
    difficulty: str
    category: str
    description: str
    signature_text: str
    signature: Signature
    cases: tuple[Case, ...]
    order: int = 0
    native_tests: str | None = None
    reference_solution: str | None = None
    constraints: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    timing: Timing | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    project: ProjectFiles | None = None  # a problem that ships as files (project mode)

    @property
    def entry_point(self) -> str:
        return self.signature.entry_point

    @property
    def executable_cases(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if c.executable)

    @property
    def not_executable_cases(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if not c.executable)


@dataclass(frozen=True)
class Suite:
    path: Path
    name: str
    language: str
    version: str
    problems: tuple[Problem, ...]
    meta: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- run side


@dataclass(frozen=True)
class Turn:
    """One earlier attempt of a repair conversation: what the agent answered, what it was told."""

    answer: str
    feedback: str


@dataclass(frozen=True)
class AgentRequest:
    """What an agent is asked: the problem, its rendered prompt, and where it may work.

    ``attempt`` counts from 1; from attempt 2 on, ``history`` holds the earlier answers and
    the feedback on them (the failing cases), oldest first.
    """

    problem: Problem
    prompt: str
    workdir: Path
    sample: int = 0
    attempt: int = 1
    history: tuple[Turn, ...] = ()


@dataclass(frozen=True)
class AgentReply:
    text: str
    seconds: float
    failure: FailureKind | None = None
    message: str = ""
    exit_code: int | None = None
    stderr_tail: str = ""
    tokens_in: int | None = None
    tokens_out: int | None = None
    requests: int = 0  # HTTP requests made (retries included), for API agents
    # cmd: agents: where the answer was taken from ("stdout" | "workspace"), which file and
    # why, the agent's own output when ``text`` is the workspace's file, the workspace diff
    source: str = ""
    source_detail: str = ""
    stdout_tail: str = ""
    workspace_diff: str = ""


@dataclass(frozen=True)
class AttemptSummary:
    """How one attempt of a repair conversation ended."""

    number: int
    status: Status  # passed | failed
    failure: FailureKind | None
    message: str
    cases_passed: int
    cases_total: int
    agent_seconds: float


@dataclass(frozen=True)
class Solution:
    """The extracted answer. ``code`` is the main file's text; a project problem's answer
    also has ``files``, every solution file by its path (the main one included)."""

    code: str
    language: str
    how: str  # how extraction chose it, for the report
    files: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProcessResult:
    """A finished sandboxed process. Output is the kept tail, decoded leniently."""

    returncode: int | None
    seconds: float
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    signal: int | None = None
    output_truncated: bool = False
    limit: str = ""  # a limit the kernel enforced by killing: "memory"
    stdout_bytes: int = 0  # how much the process wrote to stdout in all


@dataclass(frozen=True)
class RawOutcome:
    """What a runner saw for one case, before judging against the expected value.

    status: "value" (``value`` holds the result), "exception" (``error_type``/``message``),
    "test_passed"/"test_failed" (native tests judge themselves), "timeout", "not_run".
    """

    index: int
    status: str
    value: Any = None
    error_type: str = ""
    message: str = ""
    seconds: float = 0.0
    name: str = ""


@dataclass(frozen=True)
class RunOutput:
    """What a language runner returns: outcomes for what ran, and the process-level story."""

    outcomes: tuple[RawOutcome, ...]
    process: ProcessResult | None
    failure: FailureKind | None = None  # process-level: compile error, crash, timeout, limits
    message: str = ""
    compile_seconds: float = 0.0


@dataclass(frozen=True)
class CaseOutcome:
    """One judged outcome. status: passed | wrong_answer | error | timeout | not_run |
    skipped (a native test its own code skipped, ignored or disabled: never a pass, and
    counted in no pass rate)."""

    index: int
    name: str
    status: CaseStatus
    expected: str = ""
    actual: str = ""
    message: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass(frozen=True)
class Execution:
    outcomes: tuple[CaseOutcome, ...]
    failure: FailureKind | None
    message: str
    seconds: float
    stdout: str = ""
    stderr: str = ""
    not_executable: tuple[Case, ...] = ()
    compile_seconds: float = 0.0

    @property
    def passed_count(self) -> int:
        return sum(1 for o in self.outcomes if o.passed)

    @property
    def counted(self) -> tuple[CaseOutcome, ...]:
        """The outcomes that count: every one but skipped tests."""
        return tuple(o for o in self.outcomes if o.status != "skipped")

    @property
    def skipped_count(self) -> int:
        return len(self.outcomes) - len(self.counted)

    @property
    def only_skipped(self) -> bool:
        """Tests ran, and every one of them was skipped by its own code."""
        return bool(self.outcomes) and not self.counted


@dataclass(frozen=True)
class DimensionScore:
    """A 0-10 score, or ``None`` (n/a) with the reason it could not be measured."""

    name: str
    score: float | None
    weight: float
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SizeTiming:
    """Seconds per call of the solution and the reference on one timing input, interleaved."""

    label: str
    n: int | None
    solution: tuple[float, ...]
    reference: tuple[float, ...]


@dataclass(frozen=True)
class TimingResult:
    sizes: tuple[SizeTiming, ...] = ()
    error: str = ""  # why timing stopped: the solution raised, timed out, did not load...
    timed_out: bool = False
    cut: bool = False  # stopped because the solution was far slower than the reference
