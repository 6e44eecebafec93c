"""Pairing a run with a baseline, per-problem changes, one-sided lists, flags and verdicts."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("scipy")

from pytest_agentbench import compare as cmp
from pytest_agentbench import stats

from .agentbench_docs import document, entry, suite_run, write

THIRD = set(range(0, 24, 3))  # 8 of 24 problems


def test_same_run_gives_no_significant_difference():
    base = suite_run(24)
    c = cmp.compare(base, suite_run(24))
    assert c.verdict == stats.SAME
    o = c.overall
    assert o.problems == 24 and o.newly_failing == 0 and o.newly_passing == 0
    assert o.pass_test["test"] == "exact McNemar" and o.pass_test["p_value"] == 1.0
    assert o.score_test["p_value"] == 1.0 and o.score_test["mean_difference"] == 0
    assert o.reason.startswith("no significant difference: 0 newly failing, 0 newly passing "
                               "of 24 pairs")
    assert not c.only_baseline and not c.only_current and not c.warnings


def test_a_third_wrong_is_worse_with_the_discordant_counts():
    c = cmp.compare(suite_run(24), suite_run(24, THIRD))
    o = c.overall
    assert c.verdict == stats.WORSE
    assert (o.pass_test["newly_failing"], o.pass_test["newly_passing"]) == (8, 0)
    assert o.pass_test["p_value"] == pytest.approx(2 * 0.5 ** 8)
    assert o.pass_test["significant"] is True
    assert [p.key[2] for p in c.by_change(cmp.NEWLY_FAILING)] == [
        f"mini_{i:02d}" for i in sorted(THIRD)]
    assert o.baseline_pass_rate == 1.0 and o.current_pass_rate == pytest.approx(16 / 24, 1e-3)
    assert o.score_test["ci_high"] < 0
    assert "8 newly failing, 0 newly passing of 24 pairs (exact McNemar p = 0.00781" in o.reason


def test_the_reverse_is_better():
    c = cmp.compare(suite_run(24, THIRD), suite_run(24))
    assert c.verdict == stats.BETTER
    assert c.overall.newly_passing == 8


def test_a_few_changes_are_no_significant_difference():
    c = cmp.compare(suite_run(12), suite_run(12, {0, 5}))
    assert c.verdict == stats.SAME  # 2 discordant pairs: p = 0.5
    assert c.overall.newly_failing == 2


def test_scores_alone_can_make_a_verdict():
    base = suite_run(20)
    for e in base["results"]:
        e["weighted_score"] = 9.0
    cur = suite_run(20)
    for i, e in enumerate(cur["results"]):
        e["weighted_score"] = 9.0 - 1.0 - (i % 4) * 0.1  # every problem lower, none failing
    c = cmp.compare(base, cur)
    assert c.verdict == stats.WORSE
    assert c.overall.pass_test["significant"] is False
    assert c.overall.score_test["significant"] is True
    assert c.overall.score_test["mean_difference"] == pytest.approx(-1.15)


def test_pairing_by_suite_language_test_id_and_sample():
    base = document([entry("a"), entry("b"), entry("c", suite="other"),
                     entry("a", sample=1)])
    cur = document([entry("a", sample=None),  # no sample field: sample 0
                    entry("b", language="go"),  # another language: not the same problem
                    entry("c", suite="other"), entry("d"), entry("a", sample=1)])
    c = cmp.compare(base, cur)
    assert sorted(p.key for p in c.items) == [("mini", "python", "a", 0),
                                              ("mini", "python", "a", 1),
                                              ("other", "python", "c", 0)]
    assert [cmp.pair_key(e) for e in c.only_baseline] == [("mini", "python", "b", 0)]
    assert sorted(cmp.pair_key(e) for e in c.only_current) == [("mini", "go", "b", 0),
                                                               ("mini", "python", "d", 0)]
    assert "1 item(s) only in the baseline" in c.notes
    assert "2 item(s) only in this run" in c.notes
    assert set(c.groups) == {"overall", "mini", "other"}  # two suites: a group each
    assert c.groups["other"].problems == 1


def test_per_problem_deltas():
    base = document([entry("a", dims={"correctness": 10.0, "idiomaticity": 8.0,
                                      "performance": None, "best_practices": 6.0})])
    cur = document([entry("a", dims={"correctness": 10.0, "idiomaticity": 6.0,
                                     "performance": 9.0, "best_practices": 7.5})])
    (pair,) = cmp.compare(base, cur).items
    assert pair.change == cmp.STILL_PASSING
    assert pair.dimension_deltas() == {"correctness": 0.0, "idiomaticity": -2.0,
                                       "performance": None, "best_practices": 1.5}
    assert pair.score_delta == pytest.approx(cur["results"][0]["weighted_score"]
                                             - base["results"][0]["weighted_score"])
    d = pair.as_dict()
    assert d["baseline"] == "passed" and d["current"] == "passed"


def test_suite_version_is_flagged():
    base = document([entry("a", version="1.0"), entry("b", version="1.0")])
    cur = document([entry("a", version="1.1"), entry("b", version="1.1")])
    c = cmp.compare(base, cur)
    assert c.version_flags == [{"suite": "mini", "language": "python", "baseline": "1.0",
                                "current": "1.1"}]
    assert any("version 1.0 in the baseline and 1.1 in this run" in w for w in c.warnings)


def test_skipped_problems_are_listed_not_compared():
    base = document([entry("a"), entry("b", status="skipped", message="no toolchain")])
    cur = document([entry("a"), entry("b")])
    c = cmp.compare(base, cur)
    assert c.overall.problems == 1
    assert c.not_compared == [{"suite": "mini", "language": "python", "test_id": "b",
                               "infrastructure": False,
                               "reason": "skipped in baseline: no toolchain"}]
    assert {p.key[2]: p.change for p in c.items} == {"a": cmp.STILL_PASSING,
                                                     "b": cmp.NOT_COMPARED}


def test_samples_compare_per_problem_pass_rates():
    def run(passing: dict[str, int]) -> dict:
        return document([entry(tid, sample=s, passed=s < n)
                         for tid, n in passing.items() for s in range(4)])

    ids = [f"p{i:02d}" for i in range(12)]
    c = cmp.compare(run(dict.fromkeys(ids, 4)), run(dict.fromkeys(ids, 1)))
    assert c.per_problem_rates
    t = c.overall.pass_test
    assert t["test"] == "Wilcoxon signed-rank on per-problem pass rates"
    assert (t["lower"], t["higher"], t["pairs"]) == (12, 0, 12)  # problems, not samples
    assert t["p_value"] == pytest.approx(2 / 2 ** 12)
    assert c.overall.newly_failing == 36  # sample pairs, for the per-item table
    assert c.verdict == stats.WORSE
    assert any("per-problem pass rates" in n for n in c.notes)


def test_different_weights_and_incomplete_baseline_warn():
    base = document([entry("a")], weights={"correctness": 1.0})
    base["run"]["complete"] = False
    c = cmp.compare(base, document([entry("a")]))
    assert any("different weights" in w for w in c.warnings)
    assert "the baseline run did not complete" in c.warnings


def test_duplicate_entries_warn_and_the_first_is_used():
    base = document([entry("a"), entry("a", passed=False)])
    c = cmp.compare(base, document([entry("a")]))
    assert any("appears twice" in w for w in c.warnings)
    assert c.items[0].change == cmp.STILL_PASSING


def test_as_dict_is_json():
    c = cmp.compare(suite_run(6), suite_run(6, {1}))
    d = json.loads(json.dumps(c.as_dict()))
    assert d["verdict"] == c.verdict and len(d["items"]) == 6
    assert d["groups"]["overall"]["pass_test"]["newly_failing"] == 1


def test_as_dict_has_the_keys_of_its_types():
    """What as_dict makes is what compare_shape declares: every key, none more (a field
    added to GroupResult, or a key to the dict, without the other fails here)."""
    from dataclasses import fields

    from pytest_agentbench import compare_shape as shape

    c = cmp.compare(suite_run(6), suite_run(6, {1}))
    d = c.as_dict()
    assert set(d) == set(shape.ComparisonDict.__annotations__) | set(
        shape.ComparisonSummary.__annotations__)
    assert set(c.summary()) == set(d) - {"items"}
    assert set(d["groups"]["overall"]) == set(shape.GroupDict.__annotations__) == {
        f.name for f in fields(cmp.GroupResult)}
    assert set(d["items"][0]) == set(shape.ItemPairDict.__annotations__)
    assert set(d["baseline"]["run"]) <= set(shape.RunBrief.__annotations__)
    assert d["baseline"]["run"]["agent"] == c.baseline_run["agent"]


def test_load_document_errors(tmp_path):
    with pytest.raises(cmp.ResultsError, match="cannot read it"):
        cmp.load_document(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(cmp.ResultsError, match="not JSON"):
        cmp.load_document(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text('{"tests": []}')
    with pytest.raises(cmp.ResultsError, match="not a pytest-agentbench results file"):
        cmp.load_document(tmp_path / "other.json")
    (tmp_path / "half.json").write_text('{"results": [{"test_id": "a"}]}')
    with pytest.raises(cmp.ResultsError, match="has no passed/status"):
        cmp.load_document(tmp_path / "half.json")


def test_minimal_hand_made_entries_are_filled_in(tmp_path):
    path = write(tmp_path / "min.json", {"results": [
        {"test_id": "a", "passed": True, "status": "passed", "weighted_score": 9.0}]})
    doc = cmp.load_document(path)
    e = doc["results"][0]
    assert e["sample"] == 0 and e["dimensions"] == {} and e["execution_details"]["cases"] == []
    c = cmp.compare(doc, doc)
    assert c.verdict == stats.SAME and c.overall.problems == 1
