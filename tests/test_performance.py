"""Performance measured against the reference, with a documented curve."""

from __future__ import annotations

import pytest

from pytest_agentbench.agents import Agent, ReferenceAgent
from pytest_agentbench.generators import GeneratorError, expand
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.models import AgentReply, SizeTiming
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.scoring.performance import curve, growth
from pytest_agentbench.suite import load_suite

from .helpers import write_suite

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


TIMED = {
    "language": "python",
    "tests": [{
        "id": "timed_sum", "difficulty": "easy", "description": "Sum the numbers.",
        "signature": "def total(nums: list[int]) -> int:",
        "test_cases": [{"args": [[1, 2, 3]], "expected": 6}, {"args": [[]], "expected": 0}],
        "reference_solution": 'def total(nums: list[int]) -> int:\n    """Sum."""\n'
                              "    return sum(nums)\n",
        "timing": {"sizes": [{"n": 2000, "args": [{"$gen": "range", "stop": 2000}]},
                             {"n": 20000, "args": [{"$gen": "range", "stop": 20000}]}],
                   "repeat": 5},
    }],
}


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
    score = perf(timed, ReferenceAgent())
    assert score.score is not None
    assert "ratio" in score.details and "median" in score.details["ratio_text"]
    assert [s["n"] for s in score.details["sizes"]] == [2000, 20000]
    assert len(score.details["sizes"][0]["solution"]) == 5


def test_a_slower_solution_loses_points(timed):
    slow = ("def total(nums):\n    result = 0\n    for i in range(len(nums)):\n"
            "        result += sum(nums[i:i + 1]) + len(str(nums[i])) * 0\n"
            "        for _ in range(20):\n            pass\n    return result\n")
    score = perf(timed, Answer(slow))
    assert score.score < 8, score.details.get("ratio_text")
    assert score.details["ratio"] > 2


def test_a_quadratic_solution_is_cut_short_and_scores_zero(timed):
    quadratic = ("def total(nums):\n    return sum(x for i, x in enumerate(nums)\n"
                 "               if nums.index(x) == i and nums.count(x) >= 1)\n")
    score = perf(timed, Answer(quadratic))
    assert score.score == 0.0
    assert "25 times the reference" in score.reason


def test_wrong_solution_is_not_timed(timed):
    score = perf(timed, Answer("def total(nums):\n    return 0\n"))
    assert score.score is None and "does not pass every case" in score.reason


def test_no_timing_input_is_n_a(mini_suite):
    result = run_problem(mini_suite.problems[0], ReferenceAgent(), REG.get("python"), REG,
                         BenchSettings())
    score = next(s for s in result.scores if s.name == "performance")
    assert score.score is None and score.reason == "the problem has no timing input"
