"""The results file's shape, typed: what ``results.result_to_dict`` makes and every reader reads.

One shape with ``data/results.schema.json`` (``tests/test_entries.py`` holds them together:
the same keys, the same required keys, nested too). A key is optional (not required, in a
``total=False`` class: ``typing.NotRequired`` is Python 3.11's, and 3.10 is supported) when a
file of schema_version 1 made by an older version, or by hand, may lack it: readers ``.get``
it with the default :func:`normalise` fills in (``compare.load_document`` and
``journal.read_entries`` apply it). A file this version writes has every key of an
entry (``tests/test_results_schema.py`` checks it).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, cast

# all but FailureKind: entries' too
from .models import CaseStatus, FailureKind, IsolationLevel, Origin, Status

# the values of models.FailureKind (tests/test_entries.py keeps them equal)
FailureKindValue = Literal[
    "agent_timeout", "agent_error", "agent_empty_output", "no_code_in_answer", "compile_error",
    "runtime_error", "wrong_answer", "timeout", "resource_limit", "harness_error",
    "agent_unavailable", "backend_error", "rate_limited"]


def of_report(report: object) -> Entry | None:
    """The entry a test report carries (``report.agentbench``: ``result_to_dict``'s, sent
    through xdist as plain JSON), or None."""
    entry = getattr(report, "agentbench", None)
    return cast(Entry, entry) if isinstance(entry, dict) else None


def kind_value(kind: FailureKind | None) -> FailureKindValue | None:
    """A failure kind as the results file holds it."""
    return kind.value if kind is not None else None


class CaseEntry(TypedDict):
    """One test case's outcome."""

    index: int
    name: str
    status: CaseStatus
    expected: Any
    actual: Any
    message: str
    seconds: float


class NotExecutable(TypedDict):
    """A case of the suite that could not be run, and why."""

    index: int
    name: str
    reason: str


class _ExecutionDetailsKeys(TypedDict):
    failure_kind: FailureKindValue | None
    message: str
    cases_total: int
    not_executable: list[NotExecutable]
    compile_time: float
    stdout_tail: str
    stderr_tail: str


class ExecutionDetails(_ExecutionDetailsKeys, total=False):
    """How the solution ran: its cases and the tails of its output. Below: the keys an older
    or hand-made file may lack."""

    cases_executable: int
    cases_passed: int
    cases_not_executable: int
    cases: list[CaseEntry]


class DimensionDetail(TypedDict):
    """One evaluator's score, weight, reason and its own free-form details (the keys that
    readers look at: :class:`DetailKeys`, through :func:`details_of`)."""

    score: float | None
    weight: float
    reason: str
    details: dict[str, Any]


class Finding(TypedDict, total=False):
    """A code-quality analyser's finding in a score's details (``analysis.base.Finding``)."""

    tool: str
    rule: str
    line: int
    message: str
    weight: float
    severity: str
    imposed: bool


class DetailKeys(TypedDict, total=False):
    """The keys of a score's ``details`` that readers look at. The schema leaves details
    free-form (each evaluator writes its own), so none is required: correctness writes passed
    and total, the code-quality evaluators findings and formula, performance ratio_text."""

    passed: int
    total: int
    formula: str
    findings: list[Finding]
    ratio_text: str


def details_of(d: DimensionDetail) -> DetailKeys:
    """A score's details, read through :class:`DetailKeys` (empty if they are not a dict)."""
    details = d.get("details")
    return cast(DetailKeys, details) if isinstance(details, dict) else {}


class AttemptEntry(TypedDict):
    """One attempt at an item (the test output was fed back after each failing one)."""

    attempt: int
    status: Status
    failure_kind: FailureKindValue | None
    message: str
    cases_passed: int
    cases_total: int
    agent_time: float


class AgentDetails(TypedDict):
    """What the agent answered and how."""

    exit_code: int | None
    failure: FailureKindValue | None
    message: str
    output_tail: str
    stderr_tail: str
    tokens_in: int | None
    tokens_out: int | None
    answer_source: str
    answer_source_detail: str
    stdout_tail: str
    workspace_diff: str


class _EntryKeys(TypedDict):
    test_id: str
    name: str
    suite_path: str
    suite_version: str
    order: int
    agent: str
    status: Status
    passed: bool
    execution_time: float
    agent_time: float
    attempts: list[AttemptEntry]
    first_attempt_passed: bool
    tokens_in: int | None
    tokens_out: int | None
    solution: str | None
    solution_source: str | None
    agent_details: AgentDetails


class Entry(_EntryKeys, total=False):
    """One item: a problem (and sample) of a suite, as it was run and scored. Below: the keys
    an older or hand-made file may lack (:func:`normalise` fills them in)."""

    suite: str
    language: str
    difficulty: str
    category: str
    sample: int
    failure_kind: FailureKindValue | None
    failure_origin: Origin | None  # newer than the rest: see models.entry_origin
    message: str
    dimensions: dict[str, float | None]
    dimension_details: dict[str, DimensionDetail]
    weighted_score: float | None
    total_time: float
    execution_details: ExecutionDetails


class Cases(TypedDict):
    """Case counts over a set of items."""

    executable: int
    passed: int
    not_executable: int


class Summary(TypedDict):
    """Counts and means over a set of items (``results.summarise``)."""

    items: int
    passed: int
    failed: int
    skipped: int
    infrastructure_failed: int
    infrastructure_kinds: dict[str, int]
    pass_rate: float | None
    mean_weighted_score: float | None
    weighted_scored: int
    dimensions: dict[str, float | None]
    dimensions_measured: dict[str, int]
    dimensions_not_measured: dict[str, str]
    cases: Cases
    failure_kinds: dict[str, int]
    first_attempt_passed: int
    pass_rates: dict[str, float | None]
    tokens_in: int | None
    tokens_out: int | None


class _PassAtKKeys(TypedDict):
    k: list[int]
    problems: dict[str, dict[str, Any]]
    by_suite: dict[str, dict[str, float]]
    overall: dict[str, float]


class PassAtK(_PassAtKKeys, total=False):
    """pass@k (``passk.table``); its rows have a ``pass@k`` key per k, hence plain dicts.
    ``samples_per_problem`` is missing when no item was scored."""

    samples_per_problem: int


class Aggregate(TypedDict):
    """Every summary of a run (``results.aggregate``)."""

    overall: Summary
    pass_at_k: PassAtK
    by_language: dict[str, Summary]
    by_difficulty: dict[str, Summary]
    by_suite: dict[str, Summary]
    by_category: dict[str, Summary]


class Lost(TypedDict):
    """An item a worker lost (it crashed or was killed)."""

    nodeid: str
    reason: str


class RunSuite(TypedDict):
    """A suite the run's items come from."""

    name: str
    path: str
    language: str
    version: str
    items: int


class Usage(TypedDict, total=False):
    """Tokens, cost and agent time of a run (``results.usage`` writes every key; the schema
    requires none)."""

    tokens_in: int | None
    tokens_out: int | None
    cost: float | None
    price_per_million: dict[str, float] | None
    agent_seconds: float


class ShardRecord(TypedDict):
    """``--agentbench-shard K/N``: this shard's items and cost, of the selection's
    (``shard.split``); ``selection`` tells shards of different selections apart."""

    k: int
    n: int
    items: int
    selected: int
    cost: float
    total_cost: float
    selection: str


class MergedPiece(TypedDict):
    """A file ``agentbench merge`` merged."""

    path: str
    shard: ShardRecord | None
    complete: bool | None
    items: int
    started_at: str | None
    finished_at: str | None
    platform: str | None


class MergedShards(TypedDict):
    """The shards a merge holds: which of 1..n are there, which complete, which missing."""

    n: int
    present: list[int]
    complete: list[int]
    missing: list[int]
    selection: str | None


# How a merged file was merged (``merge._run_info``): the pieces, the rule for an item in
# several, the shards and why the merge is not complete. "from" is a keyword, hence this syntax.
MergedRecord = TypedDict("MergedRecord", {
    "from": list[MergedPiece], "rule": str, "shards": MergedShards | None,
    "not_complete_because": list[str]})


class _IsolationKeys(TypedDict):
    level: IsolationLevel
    mode: str  # --agentbench-isolation: auto, strict or off


class IsolationRecord(_IsolationKeys, total=False):
    """The sandbox the run had: ``isolation.Isolation.as_dict`` and the mode (an older file
    may hold only the level and the mode)."""

    method: str  # bwrap, unshare or none
    network: bool
    filesystem: bool
    pids: bool
    cgroup: str  # "" or the cgroup version used
    detail: str
    user: str
    verified: list[str]
    failed: list[str]


class LimitsRecord(TypedDict, total=False):
    """The resource limits of a solution's process (``sandbox.Limits``; None: inherited)."""

    wall_seconds: float
    cpu_seconds: int | None
    memory_bytes: int | None
    file_size_bytes: int | None
    open_files: int | None
    processes: int | None
    cgroup_memory_bytes: int | None
    output_bytes: int


class GateRecord(TypedDict):
    """A gate of the run (``gates.GateResult``) and whether it tripped."""

    gate: str
    tripped: bool
    measured: str
    threshold: str


class _RunKeys(TypedDict):
    agent: str
    started_at: str | None
    finished_at: str | None
    complete: bool
    suites: list[RunSuite]
    weights: dict[str, float]
    samples: int
    attempts: int


class Run(_RunKeys, total=False):
    """How the run was made (``Controller.run_info``); a merge's describes the merge (its
    pieces under ``merged``). Below: the keys not every run has."""

    exit_status: int | None
    lost: list[Lost]
    not_run: list[str]
    stopped: str | None
    journal: str | None
    resumed_from: str | None
    agent_timeout: float | None
    exec_timeout: float | None
    toolchains: dict[str, str]
    analysers: dict[str, dict[str, str]]
    usage: Usage
    isolation: IsolationRecord
    limits: LimitsRecord
    plugin_version: str
    pytest_version: str
    python: str
    platform: str
    workers: int | None
    shard: ShardRecord | None
    merged: MergedRecord
    gates: list[GateRecord]


class Results(TypedDict):
    """What a comparison reads of a results file (``runs.Run.document`` makes no more)."""

    run: Run
    results: list[Entry]


class ResultsFile(Results):
    """The whole file (``results.build_document``)."""

    schema_version: Literal[1]
    aggregate: Aggregate


# The defaults of the optional keys of an entry, but failure_origin (models.entry_origin takes it
# from the failure kind) and execution_details (filled key by key); tests/test_entries.py holds
# them to Entry's and ExecutionDetails' optional keys.
ENTRY_DEFAULTS: dict[str, Any] = {
    "suite": "", "language": "", "difficulty": "", "category": "", "sample": 0,
    "dimensions": {}, "dimension_details": {}, "weighted_score": None, "total_time": 0.0,
    "failure_kind": None, "message": "",
}
DETAIL_DEFAULTS: dict[str, Any] = {"cases_executable": 0, "cases_passed": 0,
                                   "cases_not_executable": 0, "cases": []}


def normalise(e: dict[str, Any]) -> Entry:
    """Fill in the keys an older or hand-made results file may lack (a file written by this
    version has them all, so its entries are left as they are); ``e`` itself, as an Entry."""
    for key, value in ENTRY_DEFAULTS.items():
        if e.get(key) is None and value is not None:
            e[key] = type(value)() if isinstance(value, dict) else value
        e.setdefault(key, value)
    details = e.setdefault("execution_details", {})
    if isinstance(details, dict):
        for key, value in DETAIL_DEFAULTS.items():
            details.setdefault(key, [] if isinstance(value, list) else value)
    return cast(Entry, e)
