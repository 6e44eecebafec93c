"""The results file: entries, aggregates, the atomic write, the terminal table."""

from __future__ import annotations

import json

from pytest_agentbench.agents import ReferenceAgent
from pytest_agentbench.languages import default_registry
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.results import (
    aggregate,
    build_document,
    result_to_dict,
    strip_timings,
    write_atomic,
)
from pytest_agentbench.summary import table

REG = default_registry()


def entries_for(suite):
    return [result_to_dict(run_problem(p, ReferenceAgent(), REG.get("python"), REG,
                                       BenchSettings())) for p in suite.problems]


def test_entry_is_plain_json_with_the_seed_keys(mini_suite):
    entry = entries_for(mini_suite)[0]
    assert json.loads(json.dumps(entry)) == entry
    for key in ("test_id", "passed", "dimensions", "weighted_score", "execution_time",
                "solution", "execution_details"):
        assert key in entry
    assert entry["execution_details"]["cases_passed"] == 3
    assert [c["status"] for c in entry["execution_details"]["cases"]] == ["passed"] * 3


def test_aggregate_by_language_difficulty_and_dimension(mini_suite):
    entries = entries_for(mini_suite)
    entries[1] = {**entries[1], "passed": False, "status": "failed", "weighted_score": 4.0,
                  "failure_kind": "wrong_answer",
                  "dimensions": {**entries[1]["dimensions"], "correctness": 4.0}}
    agg = aggregate(entries)
    overall = agg["overall"]
    assert overall["passed"] == 2 and overall["failed"] == 1 and overall["pass_rate"] == 0.6667
    assert overall["mean_weighted_score"] == 8.0
    assert overall["dimensions"]["correctness"] == 8.0
    assert overall["dimensions"]["performance"] is None
    assert overall["dimensions_not_measured"]["performance"] == "the problem has no timing input"
    assert overall["failure_kinds"] == {"wrong_answer": 1}
    assert list(agg["by_difficulty"]) == ["easy", "medium", "hard"]
    assert agg["by_language"]["python"]["items"] == 3


def test_skipped_items_are_counted_not_scored(mini_suite):
    entries = entries_for(mini_suite)
    entries[0] = {**entries[0], "status": "skipped", "passed": False, "weighted_score": None}
    overall = aggregate(entries)["overall"]
    assert overall["skipped"] == 1 and overall["passed"] == 2 and overall["pass_rate"] == 1.0


def test_document_is_sorted_and_written_atomically(tmp_path, mini_suite):
    entries = entries_for(mini_suite)
    doc = build_document(list(reversed(entries)), {"agent": "reference"})
    assert [e["test_id"] for e in doc["results"]] == [p.id for p in mini_suite.problems]
    target = tmp_path / "out" / "r.json"
    write_atomic(target, doc)
    assert json.loads(target.read_text()) == doc
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]


def test_strip_timings_removes_only_volatile_keys(mini_suite):
    entry = entries_for(mini_suite)[0]
    stripped = strip_timings(entry)
    assert "execution_time" not in stripped and "seconds" not in stripped["execution_details"][
        "cases"][0]
    assert stripped["weighted_score"] == entry["weighted_score"]


def test_terminal_table(mini_suite):
    entries = entries_for(mini_suite)
    lines = table(entries, aggregate(entries))
    assert lines[0].split()[:5] == ["test", "id", "lang", "diff", "result"]
    assert any(line.startswith("mini_hard_stack") and "passed" in line for line in lines)
    assert "all: 3/3 passed, mean weighted score 10.00 over 3 items, cases 8/8" in lines


def test_every_mean_says_what_it_averages():
    """A dimension measured on 1 of 12 items says so, and is flagged under half; the mean
    weighted score names how many items it averages."""
    from pytest_agentbench.results import dimension_text, summarise, weighted_text

    def entry(i: int, perf: float | None) -> dict:
        return {"status": "passed" if i == 0 else "failed", "passed": i == 0,
                "weighted_score": 10.0 if i == 0 else 3.5, "failure_kind": "",
                "dimensions": {"correctness": 10.0 if i == 0 else 0.0, "performance": perf},
                "dimension_details": {"performance": {"reason": "no timing input"}},
                "execution_details": {"cases_executable": 2, "cases_passed": 2 if i == 0 else 0,
                                      "cases_not_executable": 0}}

    summary = summarise([entry(i, 10.0 if i == 0 else None) for i in range(12)])
    assert summary["dimensions_measured"] == {"correctness": 12, "performance": 1}
    assert dimension_text(summary, "performance") == (
        "performance 10.00 (1 of 12 measured; fewer than half)")
    assert dimension_text(summary, "correctness") == "correctness 0.83"
    assert weighted_text(summary) == "4.04 over 12 items"
    none = summarise([entry(i, None) for i in range(2)])
    assert dimension_text(none, "performance") == "performance n/a (no timing input)"
