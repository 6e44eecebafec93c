"""Performance measured against the reference, with a documented curve."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pytest_agentbench.agents import Agent, ReferenceAgent
from pytest_agentbench.generators import GeneratorError, expand
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.models import AgentReply, SizeTiming, TimingResult
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.scoring.performance import (
    GROWTH_SLACK,
    Performance,
    conclusive,
    curve,
    growth,
    merge,
)
from pytest_agentbench.suite import load_suite

from .helpers import TIMED, write_suite

ROOT = Path(__file__).resolve().parents[1]

REG = default_registry()


@pytest.mark.parametrize(("ratio", "score"), [
    (0.5, 10.0), (1.0, 10.0), (1.1, 10.0), (2.2, 7.5), (4.4, 5.0), (8.8, 2.5), (17.6, 0.0),
    (100.0, 0.0),
])
def test_curve_by_hand(ratio, score):
    assert curve(ratio) == pytest.approx(score, abs=0.01)


def test_growth_exponent():
    def size(n, sol, ref):
        return SizeTiming(f"n={n}", n, (sol,), (ref,))

    sizes = [size(1000, 0.001, 0.001), size(10000, 0.1, 0.01)]
    assert growth(sizes, "solution") == pytest.approx(2.0)
    assert growth(sizes, "reference") == pytest.approx(1.0)
    assert growth([size(1000, 1, 1)], "solution") is None


def _noisy(n, base, slower, rounds, spread, seed):
    """A size's timings: the reference takes ``base`` seconds, the solution ``slower`` times
    that, each call multiplied by its own load factor in [1, 1 + spread] (the machine's load,
    which falls on both calls of a round alike, plus a little of its own)."""
    rng = random.Random(seed)
    sol, ref = [], []
    for _ in range(rounds):
        load = 1 + rng.random() * spread
        sol.append(base * slower * load * (1 + rng.random() * 0.05))
        ref.append(base * load * (1 + rng.random() * 0.05))
    return SizeTiming(f"n={n}", n, tuple(sol), tuple(ref))


def _score(*sizes, **kw):
    return Performance().score(TimingResult(tuple(sizes), **kw), 1, 0.2)


@pytest.mark.parametrize("seed", range(5))
def test_identical_code_under_heavy_load_scores_full_marks(seed):
    """Load that triples some calls falls on both of a round's calls: the paired ratio holds."""
    score = _score(_noisy(1000, 0.002, 1.0, 10, 2.0, seed),
                   _noisy(10000, 0.02, 1.0, 10, 2.0, seed + 100))
    assert score.score == 10.0, score.details["ratio_text"]
    assert "cpu-time-paired" in score.details["method"]


def test_a_solution_three_times_slower_loses_points_without_noise_adding_to_them():
    score = _score(_noisy(1000, 0.002, 3.0, 10, 2.0, 1), _noisy(10000, 0.02, 3.0, 10, 2.0, 2))
    low, high = score.details["ratio_interval"]
    assert low > 1.1 and score.details["scored_ratio"] == pytest.approx(low, rel=1e-3)
    assert 5.0 < score.score < 10.0 and score.score >= curve(high)


def test_growth_is_charged_only_beyond_the_noise():
    # quadratic against linear: the ratio grows tenfold over a tenfold n
    grows = _score(_noisy(1000, 0.002, 1.2, 10, 0.5, 3), _noisy(10000, 0.02, 12.0, 10, 0.5, 4))
    assert grows.details["growth"]["low"] > GROWTH_SLACK and grows.score < 2.0
    flat = _score(_noisy(1000, 0.002, 1.0, 10, 2.0, 5), _noisy(10000, 0.02, 1.0, 10, 2.0, 6))
    assert "growth" in flat.details and flat.score == 10.0


def test_a_solution_cut_short_scores_zero_and_a_failed_timing_is_n_a():
    cut = _score(cut=True, error="the solution took more than 1.00 s on one call")
    assert cut.score == 0.0 and "1.00 s" in cut.reason
    failed = _score(error="the solution raised ValueError: x")
    assert failed.score is None and "ValueError" in failed.reason


def test_the_interval_is_reproducible():
    sizes = (_noisy(1000, 0.002, 1.5, 8, 1.0, 7), _noisy(10000, 0.02, 1.5, 8, 1.0, 8))
    assert _score(*sizes).details == _score(*sizes).details


def test_an_inconclusive_measurement_asks_for_more_rounds():
    wide = _noisy(10000, 0.02, 1.0, 3, 0.0, 9)
    wide = SizeTiming(wide.label, wide.n, (0.01, 0.04, 0.02), (0.04, 0.01, 0.02))
    assert not conclusive([wide])
    assert conclusive([_noisy(10000, 0.02, 1.0, 20, 0.1, 10)])
    both = merge(TimingResult((wide,)), TimingResult((wide,)))
    assert len(both.sizes[0].solution) == 6
    small = _noisy(1000, 0.002, 1.0, 5, 0.1, 11)
    grown = merge(TimingResult((small, wide)), TimingResult((wide,)))
    assert [len(s.solution) for s in grown.sizes] == [5, 6]
    assert merge(TimingResult((small, wide)), TimingResult((_noisy(7, 1, 1, 3, 0, 1),))
                 ).sizes == (small, wide), "a size of another label is not merged"


def test_later_batches_time_the_largest_size_alone(timed):
    """The first batch times every size; one that cannot tell is followed by batches at the
    largest size only, as many rounds as the first made there, merged into it."""
    from types import SimpleNamespace

    from pytest_agentbench.scoring.evaluators import EvalContext

    wide = SizeTiming("n=20000", 20000, (0.01, 0.04, 0.02, 0.01), (0.04, 0.01, 0.02, 0.04))
    asked = []

    def benchmark(problem, code, reference, settings):
        asked.append((tuple(s.label for s in problem.timing.sizes), problem.timing.repeat))
        small = SizeTiming("n=2000", 2000, (0.001,) * 5, (0.001,) * 5)
        return TimingResult((small, wide) if len(problem.timing.sizes) == 2 else (wide,))

    ctx = EvalContext(timed, SimpleNamespace(code="x"), None,
                      SimpleNamespace(benchmark=benchmark), ExecSettings(), 0.2, {})
    result, batches = Performance().measure(ctx)
    assert batches == 3 and asked == [(("n=2000", "n=20000"), 5), (("n=20000",), 4),
                                      (("n=20000",), 5)]
    assert [len(s.solution) for s in result.sizes] == [5, 12]


def test_generators_are_deterministic_and_nested():
    spec = {"$gen": "list", "n": 3, "of": {"$gen": "randint", "n": 2, "lo": 0, "hi": 9,
                                           "seed": 1, "sorted": True}}
    first = expand([spec, {"$gen": "range", "stop": 3}])
    assert first == expand([spec, {"$gen": "range", "stop": 3}])
    assert first[1] == [0, 1, 2] and len(first[0]) == 3 and first[0][0] == sorted(first[0][0])
    assert expand({"$gen": "repeat", "value": "ab", "n": 3}) == "ababab"
    assert expand({"$gen": "concat", "parts": ["1", {"$gen": "repeat", "value": "+1",
                                                     "n": 2}]}) == "1+1+1"
    assert len(expand({"$gen": "randstr", "n": 50, "alphabet": "xy"})) == 50
    with pytest.raises(GeneratorError, match="unknown generator"):
        expand({"$gen": "nope"})
    with pytest.raises(GeneratorError, match="needs the field 'stop'"):
        expand({"$gen": "range"})


class Answer(Agent):
    spec = "answer"

    def __init__(self, code: str) -> None:
        self.code = code

    def solve(self, request):
        return AgentReply(f"```python\n{self.code}\n```", 0.0)


@pytest.fixture
def timed(tmp_path):
    return load_suite(write_suite(tmp_path, "timed.json", TIMED), REG).problems[0]


def perf(problem, agent):
    settings = BenchSettings(exec_settings=ExecSettings(solution_limits(20)))
    result = run_problem(problem, agent, REG.get("python"), REG, settings)
    return next(s for s in result.scores if s.name == "performance")


def test_reference_is_measured_and_explained(timed):
    """Mechanics only: a real run is measured and explained (what it measures lives in
    benchmarks/performance_stability.py: unit tests assert no timing outcome)."""
    score = perf(timed, ReferenceAgent())
    assert score.score is not None
    assert {"ratio", "ratio_interval", "method", "batches"} <= set(score.details)
    assert "paired ratio" in score.details["ratio_text"]
    assert [s["n"] for s in score.details["sizes"]] == [2000, 20000]
    assert len(score.details["sizes"][0]["solution"]) >= 5


def test_every_timed_call_gets_its_own_copy_of_the_input(timed, tmp_path):
    """A solution that empties its list, or changes a nested list or a dict it is given, still
    finds the whole input in its next call: a reused argument would make it raise, and the
    timing would fail naming the solution."""
    flat = ("def total(nums):\n    assert nums == list(range(len(nums))) and len(nums) >= 2000\n"
            "    nums.clear()\n    return 0\n")
    result = REG.get("python").benchmark(timed, flat, timed.reference_solution, ExecSettings())
    assert not result.error, result.error
    assert [len(s.solution) for s in result.sizes] == [5, 5]
    nested = dict(TIMED["tests"][0], id="nested",
                  signature="def total(grid: list[list[int]], table: dict) -> int:",
                  test_cases=[{"args": [[[1], [2, 3]], {"a": 1}], "expected": 6}],
                  reference_solution="def total(grid, table):\n    return sum(map(sum, grid))\n",
                  timing={"sizes": [{"n": 2, "args": [[[1], [2, 3]], {"a": 1}]},
                                    {"n": 4, "args": [[[1], [2, 3], [4], [5]], {"a": 1}]}],
                          "repeat": 3})
    problem = load_suite(write_suite(tmp_path, "nested.json", {
        "language": "python", "tests": [nested]}), REG).problems[0]
    changes = ("def total(grid, table):\n    assert grid[0] == [1] and table == {'a': 1}\n"
               "    grid[0].append(9)\n    table['b'] = 2\n    return 0\n")
    result = REG.get("python").benchmark(problem, changes, problem.reference_solution,
                                         ExecSettings())
    assert not result.error, result.error
    broken = REG.get("python").benchmark(problem, changes.replace("== [1]", "== [7]"),
                                         problem.reference_solution, ExecSettings())
    assert broken.error.startswith("the solution raised AssertionError"), broken.error


def test_wrong_solution_is_not_timed_and_gets_no_performance_points(timed):
    score = perf(timed, Answer("def total(nums):\n    return 6\n"))
    assert score.score == 0.0 and "passes 1 of 2 cases" in score.reason


def test_no_timing_input_is_n_a(mini_suite):
    result = run_problem(mini_suite.problems[0], ReferenceAgent(), REG.get("python"), REG,
                         BenchSettings())
    score = next(s for s in result.scores if s.name == "performance")
    assert score.score is None and score.reason == "the problem has no timing input"


STACK = {
    "language": "python",
    "tests": [{
        "id": "timed_stack", "difficulty": "easy", "description": "A stack.",
        "signature": "class Stack:\n    def push(self, value: int) -> None:\n"
                     "    def pop(self) -> int:",
        "test_cases": [{"init": [], "calls": [{"method": "push", "args": [1]},
                                              {"method": "pop", "args": [], "expected": 1}]}],
        "reference_solution": "class Stack:\n    def __init__(self):\n        self._items = []\n"
                              "    def push(self, value):\n        self._items.append(value)\n"
                              "    def pop(self):\n        return self._items.pop()\n",
        "timing": {"sizes": [
            {"n": 2000, "init": [], "calls": {"$gen": "cycle", "n": 2000, "of": [
                {"method": "push", "args": [{"$gen": "int", "lo": 0, "hi": 9}]},
                {"method": "push", "args": [{"$gen": "int", "lo": 0, "hi": 9}]},
                {"method": "pop", "args": []}]}},
            {"n": 20000, "init": [], "calls": {"$gen": "cycle", "n": 20000, "of": [
                {"method": "push", "args": [{"$gen": "int", "lo": 0, "hi": 9}]},
                {"method": "push", "args": [{"$gen": "int", "lo": 0, "hi": 9}]},
                {"method": "pop", "args": []}]}}],
            "repeat": 5},
    }],
}


def test_a_class_problem_is_timed_as_its_construction_and_calls(tmp_path):
    """Mechanics only: a class problem's timing input (init + a generated call sequence) is
    measured like a function's."""
    problem = load_suite(write_suite(tmp_path, "stack.json", STACK), REG).problems[0]
    assert problem.timing.sizes[0].calls["$gen"] == "cycle"
    score = perf(problem, ReferenceAgent())
    assert score.score is not None, score.reason
    assert [s["n"] for s in score.details["sizes"]] == [2000, 20000]
    assert "paired ratio" in score.details["ratio_text"]


def test_a_runner_without_class_timing_says_so(tmp_path, monkeypatch):
    problem = load_suite(write_suite(tmp_path, "stack.json", STACK), REG).problems[0]
    monkeypatch.setattr(type(REG.get("python")), "supports_class_timing", False)
    score = perf(problem, ReferenceAgent())
    assert score.score is None and "timing class problems is not implemented" in score.reason


def test_call_sequences_and_keys_are_generated_deterministically():
    spec = {"$gen": "cycle", "n": 4, "seed": 3, "of": [
        {"method": "put", "args": [{"$gen": "concat", "parts": ["k", {"$gen": "index"}]},
                                   {"$gen": "int", "lo": 0, "hi": 99}]},
        {"method": "get", "args": [{"$gen": "choice", "options": ["k0", "k1"]}]}]}
    calls = expand(spec)
    assert calls == expand(spec) and [c["method"] for c in calls] == ["put", "get"] * 2
    assert calls[0]["args"][0] == "k0" and calls[2]["args"][0] == "k2"
    table = expand({"$gen": "dict", "n": 3, "key": {"$gen": "index"}, "value": "v"})
    assert table == {0: "v", 1: "v", 2: "v"}


@pytest.mark.parametrize("solution_seconds, timed_out", [(0.1, False), (0.5, True)])
def test_an_overrun_is_held_against_the_solution_only_when_it_was_slow(
        monkeypatch, solution_seconds, timed_out):
    """A timing run killed at its limit: a timeout (scored 0) when the sizes measured show the
    solution 4 times slower or more, else n/a with the reason (a reference too slow for the
    machine says nothing of the solution)."""
    from pytest_agentbench.languages.steps import Reported
    from pytest_agentbench.models import ProcessResult

    runner = REG.get("php")  # any runner on the HarnessRunner template
    problem = load_suite(ROOT / "suites" / "php_mini.json", REG).problems[0]
    measured = [{"event": "timing", "label": "small", "n": 10,
                 "solution": [solution_seconds] * 3, "reference": [0.1] * 3}]
    monkeypatch.setattr(runner, "report", lambda *a, **k: Reported(
        ProcessResult(None, 60.0, timed_out=True), measured, 0))
    got = runner.benchmark(problem, problem.reference_solution, problem.reference_solution,
                           ExecSettings())
    assert got.timed_out is timed_out and "did not finish within the time limit" in got.error
    score = Performance().score(got, 1, 0.2)
    assert (score.score == 0.0) if timed_out else (
        score.score is None and "do not show the solution slow" in score.reason)


def test_a_timing_input_is_made_once_per_size_and_then_read_from_the_cache(tmp_path):
    """Made once per size object in a process (identity: an equal size of another problem
    is looked up on its own), kept on disk for the next process, and spliced into jobs as
    text; a damaged cache file is made again."""
    from pytest_agentbench import timing_inputs
    from pytest_agentbench.models import TimingSize

    calls = []

    def make(size):
        calls.append(size)
        return {"args": [list(range(size.n))]}

    first, equal = TimingSize("n=3", (), 3), TimingSize("n=3", (), 3)
    text = timing_inputs.input_text(first, make, "test", tmp_path)
    assert json.loads(text) == {"args": [[0, 1, 2]]} and len(calls) == 1
    assert timing_inputs.input_text(first, make, "test", tmp_path) is text
    assert timing_inputs.input_text(equal, make, "test", tmp_path) == text
    assert len(calls) == 1  # another object, read from the disk cache
    assert timing_inputs.input_text(equal, make, "other-codec", tmp_path) == text
    assert len(calls) == 2  # the codec is part of the key
    for path in tmp_path.iterdir():
        path.write_bytes(b"damaged")
    again = TimingSize("n=3", (), 3)
    assert timing_inputs.input_text(again, make, "test", tmp_path) == text and len(calls) == 3
    job = json.loads(timing_inputs.splice({"mode": "timing", "repeat": 5}, text))
    assert job == {"mode": "timing", "repeat": 5, "args": [[0, 1, 2]]}
    assert json.loads(timing_inputs.splice({}, text)) == {"args": [[0, 1, 2]]}
    assert json.loads(timing_inputs.with_list({"a": 1}, ("sizes",), [text, "{}"])) == {
        "a": 1, "sizes": [{"args": [[0, 1, 2]]}, {}]}
    nested = {"a": "\u0000agentbench-list\u0000", "timing": {"repeat": 5}}
    assert json.loads(timing_inputs.with_list(nested, ("timing", "sizes"), [text])) == {
        **nested, "timing": {"repeat": 5, "sizes": [{"args": [[0, 1, 2]]}]}}
    with pytest.raises(AssertionError, match=r"timing\.sizes must be the job's last member"):
        timing_inputs.with_list({"timing": {}, "z": 1}, ("timing", "sizes"), [text])


def test_the_timing_input_cache_keeps_the_recently_used_within_its_size(tmp_path):
    import os

    from pytest_agentbench import timing_inputs

    for i, age in enumerate((300, 100, 200)):
        path = tmp_path / f"{i}.json.z"
        path.write_bytes(b"x" * 1000)
        os.utime(path, (0, 1_000_000 - age))
    timing_inputs.prune(tmp_path, 2500)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.json.z", "2.json.z"]
    timing_inputs.prune(tmp_path, 1000)
    assert [p.name for p in tmp_path.iterdir()] == ["1.json.z"]


def test_long_calls_are_timed_fewer_times_as_the_smaller_size_predicts():
    from pytest_agentbench.languages.harness_runner import CALL_BUDGET, MIN_CALLS, calls_per_process

    small = SizeTiming("n=1000", 1000, (0.001, 0.002, 0.001), (0.001, 0.001, 0.002))
    assert calls_per_process(15, None, 1000) == 15  # nothing to predict from
    assert calls_per_process(15, small, 2000) == 15  # 2 ms each: the suite's repeat fits
    assert CALL_BUDGET == 0.25
    assert calls_per_process(15, small, 20_000) == 13  # 20 ms expected (linear): 13 fit
    assert calls_per_process(15, small, 10_000_000) == MIN_CALLS
    assert calls_per_process(2, small, 10_000_000) == 2  # never more than the suite asks
    assert calls_per_process(15, SizeTiming("?", None, (1.0,), (1.0,)), 10) == 15
