"""--agentbench-shard K/N: a split every job computes alike, disjoint, covering, balanced."""

from __future__ import annotations

import json
import random

import pytest

from pytest_agentbench.shard import Shard, assign, cost_of, parse_shard, selection_digest, split

from .helpers import MINI_SUITE, XDIST_MODES, run_plugin

FAST = ("--agentbench-weights", "correctness=1,idiomaticity=0,performance=0,best_practices=0")


def keys(n: int) -> dict[tuple[str, str, str, int], float]:
    levels = ["easy", "medium", "hard", "unrated"]
    return {("suite", "python", f"p{i:03d}", s): cost_of(levels[i % 4])
            for i in range(n) for s in range(3)}


@pytest.mark.parametrize("text", ["1/1", "1/2", "2/2", " 3/7 "])
def test_parse_shard(text):
    k, n = map(int, text.strip().split("/"))
    assert parse_shard(text) == Shard(k, n)


@pytest.mark.parametrize("text", ["0/2", "3/2", "x", "1", "1/0", "-1/2", "1/x", "1/2/3"])
def test_parse_shard_refuses(text):
    with pytest.raises(ValueError, match="K/N"):
        parse_shard(text)


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_shards_are_disjoint_cover_the_selection_and_are_balanced(n):
    costs = keys(40)
    parts = [split(costs, Shard(k, n))[0] for k in range(1, n + 1)]
    assert sum(len(p) for p in parts) == len(costs)
    assert set().union(*parts) == set(costs)
    loads = [sum(costs[k] for k in p) for p in parts]
    # greedy LPT: no shard exceeds another by more than the costliest item
    assert max(loads) - min(loads) <= max(costs.values())


def test_the_split_depends_on_the_keys_not_their_order():
    costs = keys(30)
    shuffled = list(costs.items())
    random.Random(7).shuffle(shuffled)
    assert assign(costs, 4) == assign(dict(shuffled), 4)
    assert selection_digest(costs) == selection_digest(dict(shuffled))


def test_the_record_says_which_shard_of_which_selection():
    costs = keys(4)
    mine, record = split(costs, Shard(2, 3))
    assert record["k"] == 2 and record["n"] == 3
    assert record["items"] == len(mine) and record["selected"] == len(costs)
    assert record["selection"] == selection_digest(costs)
    fewer = dict(list(costs.items())[:-1])
    assert split(fewer, Shard(2, 3))[1]["selection"] != record["selection"]


@pytest.fixture
def suite_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    return "mini.json"


def _outcomes(pytester, name):
    doc = json.loads((pytester.path / name).read_text())
    return doc, {(e["test_id"], e["sample"]): e["status"] for e in doc["results"]}


@pytest.mark.parametrize("mode", [XDIST_MODES["no-xdist"], XDIST_MODES["n2"]],
                         ids=["no-xdist", "n2"])
def test_two_shards_split_the_selection(pytester, suite_file, mode):
    common = ["--agentbench", suite_file, "--agentbench-samples", "2", *FAST, *mode]
    seen = {}
    for k in (1, 2):
        result = run_plugin(pytester, *common, "--agentbench-shard", f"{k}/2",
                            "--agentbench-results", f"s{k}.json")
        assert result.ret == 0
        doc, seen[k] = _outcomes(pytester, f"s{k}.json")
        assert doc["run"]["complete"] is True
        assert doc["run"]["shard"]["k"] == k and doc["run"]["shard"]["n"] == 2
        assert doc["run"]["shard"]["selected"] == 6
        result.assert_outcomes(passed=len(seen[k]), deselected=6 - len(seen[k])) \
            if mode == XDIST_MODES["no-xdist"] else result.assert_outcomes(passed=len(seen[k]))
    assert not set(seen[1]) & set(seen[2])
    assert len(seen[1]) + len(seen[2]) == 6
    assert len(seen[1]) == len(seen[2]) == 3  # 2 easy, 2 medium, 2 hard: 6 cost units each


def test_shards_split_what_k_selected(pytester, suite_file):
    common = ["--agentbench", suite_file, "--agentbench-samples", "2", *FAST, "-p", "no:xdist",
              "-k", "not hard"]
    seen = set()
    for k in (1, 2):
        run_plugin(pytester, *common, "--agentbench-shard", f"{k}/2",
                   "--agentbench-results", f"s{k}.json")
        doc, outcomes = _outcomes(pytester, f"s{k}.json")
        assert doc["run"]["shard"]["selected"] == 4 and len(outcomes) == 2
        seen |= set(outcomes)
    assert {test_id for test_id, _ in seen} == {"mini_easy_add", "mini_medium_rev"}


def test_shard_ini_twin(pytester, suite_file):
    pytester.makeini("[pytest]\nagentbench_shard = 2/3\n")
    run_plugin(pytester, "--agentbench", suite_file, *FAST, "-p", "no:xdist")
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert doc["run"]["shard"]["k"] == 2 and doc["run"]["shard"]["n"] == 3
    assert len(doc["results"]) == 1


@pytest.mark.parametrize("value", ["0/2", "3/2", "x"])
def test_bad_shard_is_a_usage_error_naming_the_option(pytester, suite_file, value):
    result = run_plugin(pytester, "--agentbench", suite_file, "-p", "no:xdist",
                        f"--agentbench-shard={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--agentbench-shard*K/N*"])


def test_bad_shard_in_the_ini_file_names_the_key(pytester, suite_file):
    pytester.makeini("[pytest]\nagentbench_shard = 3/2\n")
    result = run_plugin(pytester, "--agentbench", suite_file, "-p", "no:xdist")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*agentbench_shard*K/N*"])
