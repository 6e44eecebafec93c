"""The shape of a comparison, typed: what ``compare.Comparison.as_dict`` makes, ``agentbench
compare --json`` writes and the HTML report reads (its ``summary`` without the items).

The keys pairing uses are here too: :mod:`.compare` makes them, :mod:`.merge` reads them.
"""

from __future__ import annotations

from typing import TypedDict

from .entries import FailureKindValue

Key = tuple[str, str, str, int]  # suite, language, test id, sample
ProblemKey = tuple[str, str, str]  # suite, language, test id


class NotCompared(TypedDict):
    """A problem skipped, or failed for the infrastructure's sake, on either side."""

    suite: str
    language: str
    test_id: str
    infrastructure: bool
    reason: str


class VersionFlag(TypedDict):
    """A suite (and language) whose versions differ between the sides."""

    suite: str
    language: str
    baseline: str
    current: str


class InfrastructurePair(TypedDict):
    """A pair left out: the side that failed for the infrastructure's sake, and how."""

    key: Key
    side: str
    failure_kind: FailureKindValue | None
    message: str


class _StatTestKeys(TypedDict):
    test: str
    pairs: int


class StatTest(_StatTestKeys, total=False):
    """A group's test of one measure: its p-value, and whether it is significant at the level
    :func:`stats.decide` held it against (both missing when it was not tested)."""

    statistic: float | None
    p_value: float
    significant: bool
    level: float | None


class PassTest(StatTest, total=False):
    """Pass/fail: exact McNemar (the first keys below) or, with several samples per problem,
    Wilcoxon signed-rank on per-problem pass rates (the others)."""

    newly_failing: int
    newly_passing: int
    discordant: int
    lower: int
    higher: int
    mean_rate_change: float | None


class ScoreTest(StatTest, total=False):
    """Scores: Wilcoxon signed-rank and a bootstrap interval of the mean difference; only
    ``test`` and ``pairs`` when no pair has a score on both sides."""

    nonzero: int
    mean_difference: float
    median_difference: float
    ci_low: float | None
    ci_high: float | None
    ci_level: float
    ci_method: str | None
    resamples: int
    seed: int


# The comparison of one group of problems: compare.GroupResult's fields, as its as_dict gives
# them (tests/test_compare.py holds them to the dataclass's). In this compact form, not the class
# form, so that the dataclass's field list is not written out a second time line for line.
GroupDict = TypedDict("GroupDict", {  # noqa: UP013
    "name": str, "problems": int, "pass_test": PassTest, "score_test": ScoreTest,
    "verdict": str, "reason": str, "baseline_pass_rate": float | None,
    "current_pass_rate": float | None, "baseline_score": float | None,
    "current_score": float | None, "newly_failing": int, "newly_passing": int, "alpha": float})


class ItemPairDict(TypedDict):
    """One test id and sample on both sides (``compare.ItemPair``): each side's outcome
    (passed, skipped, failed or its failure kind) and the score changes."""

    suite: str
    language: str
    test_id: str
    sample: int
    change: str
    baseline: str
    current: str
    baseline_score: float | None
    current_score: float | None
    score_delta: float | None
    dimension_deltas: dict[str, float | None]


class EntryBrief(TypedDict):
    """An entry on one side only."""

    suite: str
    language: str
    test_id: str
    sample: int
    result: str
    weighted_score: float | None


class RunBrief(TypedDict, total=False):
    """What a side's run says of itself (the keys its results file has)."""

    agent: str
    started_at: str | None
    finished_at: str | None
    complete: bool
    plugin_version: str
    weights: dict[str, float]


class Side(TypedDict):
    name: str
    run: RunBrief


class InfrastructurePairDict(TypedDict):
    """:class:`InfrastructurePair` with its key spelt out."""

    suite: str
    language: str
    test_id: str
    sample: int
    side: str
    failure_kind: FailureKindValue | None
    message: str


class ComparisonSummary(TypedDict):
    """A comparison but its item pairs (the HTML report shows those with the items)."""

    infrastructure_pairs: list[InfrastructurePairDict]
    baseline: Side
    current: Side
    verdict: str
    alpha: float
    seed: int
    per_problem_rates: bool
    groups: dict[str, GroupDict]
    only_baseline: list[EntryBrief]
    only_current: list[EntryBrief]
    not_compared: list[NotCompared]
    version_flags: list[VersionFlag]
    notes: list[str]
    warnings: list[str]


class ComparisonDict(ComparisonSummary):
    """A whole comparison, as ``agentbench compare --json`` writes it."""

    items: list[ItemPairDict]
