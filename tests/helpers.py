"""Shared test data: small suites in the extended and the seed format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEED_SAMPLE = Path(__file__).parent / "data" / "seed-format-sample.json"

MINI_SUITE: dict[str, Any] = {
    "language": "python",
    "version": "0.1",
    "tests": [
        {
            "id": "mini_easy_add",
            "name": "Add",
            "difficulty": "easy",
            "category": "algorithms",
            "description": "Return a + b.",
            "signature": "def add(a: int, b: int) -> int:",
            "test_cases": [
                {"args": [1, 2], "expected": 3},
                {"args": [-1, 1], "expected": 0},
                {"args": [0, 0], "expected": 0},
            ],
            "reference_solution": (
                'def add(a: int, b: int) -> int:\n    """Return the sum."""\n    return a + b\n'
            ),
        },
        {
            "id": "mini_medium_rev",
            "name": "Reverse words",
            "difficulty": "medium",
            "category": "string_manipulation",
            "description": "Reverse the order of the words.",
            "signature": "def reverse_words(s: str) -> str:",
            "test_cases": [
                {"args": ["a b c"], "expected": "c b a"},
                {"args": [""], "expected": ""},
                {"args": ["one"], "expected": "one"},
            ],
            "reference_solution": (
                "def reverse_words(s: str) -> str:\n"
                '    """Return the words of ``s`` in reverse order."""\n'
                "    return ' '.join(reversed(s.split()))\n"
            ),
        },
        {
            "id": "mini_hard_stack",
            "name": "Min stack",
            "difficulty": "hard",
            "category": "data_structures",
            "description": "A stack with O(1) min.",
            "signature": "class MinStack:\n    def push(self, x: int) -> None:\n"
                         "    def pop(self) -> int:\n    def min(self) -> int:",
            "test_cases": [
                {"calls": [{"method": "push", "args": [3]}, {"method": "push", "args": [1]},
                           {"method": "push", "args": [5]}, {"method": "min", "expected": 1},
                           {"method": "pop", "expected": 5}, {"method": "pop", "expected": 1},
                           {"method": "min", "expected": 3}]},
                {"calls": [{"method": "pop", "raises": "IndexError"}]},
            ],
            "reference_solution": (
                "class MinStack:\n"
                '    """A stack that knows its minimum."""\n\n'
                "    def __init__(self) -> None:\n"
                "        self._items: list[tuple[int, int]] = []\n\n"
                "    def push(self, x: int) -> None:\n"
                '        """Push ``x``."""\n'
                "        low = min(x, self._items[-1][1]) if self._items else x\n"
                "        self._items.append((x, low))\n\n"
                "    def pop(self) -> int:\n"
                '        """Pop the top item."""\n'
                "        return self._items.pop()[0]\n\n"
                "    def min(self) -> int:\n"
                '        """Return the smallest item."""\n'
                "        return self._items[-1][1]\n"
            ),
        },
    ],
}


#: a timed Python problem: a sum, two sizes generated
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


XDIST_MODES = {"no-xdist": ["-p", "no:xdist"], "n0": ["-n", "0"], "n2": ["-n", "2"]}


def run_plugin(pytester: Any, *args: str) -> Any:
    """pytest in a subprocess of ``pytester``'s directory, which must not end internally."""
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    return result


def write_suite(directory: Path, name: str, data: dict[str, Any]) -> Path:
    path = directory / name
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def assert_mini_suite_shape(suite: Any, runner: Any, native_tests_in: Callable[[str], int]
                            ) -> None:
    """What every ``<language>_mini.json`` keeps: 12 problems, ``<language>_<level>_NN`` with 4
    easy, 5 medium and 3 hard; at least 5 outcomes each (data cases plus the native tests that
    ``native_tests_in`` counts), every case executable; a reference solution that defines the
    entry point; a snake_case category; and the seed format's descriptive fields."""
    levels = [("easy", 4), ("medium", 5), ("hard", 3)]
    assert [p.id for p in suite.problems] == [
        f"{suite.language}_{level}_{i:02d}" for level, n in levels for i in range(1, n + 1)]
    assert [p.difficulty for p in suite.problems] == [lvl for lvl, n in levels for _ in range(n)]
    for p in suite.problems:
        outcomes = len(p.executable_cases) + native_tests_in(p.native_tests or "")
        assert outcomes >= 5, p.id
        assert not p.not_executable_cases, p.id
        assert p.reference_solution and runner.defines(p.reference_solution, p.entry_point), p.id
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", p.category), p.id
        assert p.name and p.description and p.signature_text, p.id
        assert p.constraints and p.hints, p.id
        for key in ("solution_approach", "time_complexity", "space_complexity"):
            assert p.extra.get(key), (p.id, key)


def run_answer(problem: Any, runner: Any, registry: Any, code: str, fence: str,
               exec_settings: Any) -> Any:
    """``problem`` run through the whole pipeline (``run_problem``) with an agent that answers
    ``code`` in a ``fence`` block: the item's result, scored and with its status."""
    from pytest_agentbench.agents import Agent
    from pytest_agentbench.models import AgentReply
    from pytest_agentbench.pipeline import BenchSettings, run_problem

    class Answer(Agent):
        spec = "answer"

        def solve(self, request: Any) -> AgentReply:
            return AgentReply(f"```{fence}\n{code}```", 0.0)

    return run_problem(problem, Answer(), runner, registry,
                       BenchSettings(exec_settings=exec_settings))


def assert_timing_mechanics(score: Any, problem: Any) -> None:
    """A performance score from a real timing of ``problem``, checked only for what does not
    depend on the machine's speed or load: it was measured (a score, no error), each timing
    size was timed apart on its own input (its ``n``, as many solution as reference calls, a
    whole number of ``repeat`` rounds at the first size, at least a few calls at the others),
    and the ratio is stated. An answer cut off at 25 times
    the reference's time scores 0 and says so. What the scores are worth (the reference
    against itself under load, a slower answer losing points) is shown by
    benchmarks/performance_stability.py and benchmarks/performance_discrimination.py."""
    assert score.score is not None, score.reason
    if "25 times the reference" in score.reason:
        assert score.score == 0, score
        return
    assert "paired ratio" in score.details["ratio_text"], score.details
    sizes = score.details["sizes"]
    assert [s["n"] for s in sizes] == [s.n for s in problem.timing.sizes]
    from pytest_agentbench.languages.harness_runner import MIN_CALLS

    repeat = problem.timing.repeat
    for number, size in enumerate(sizes):
        assert len(size["solution"]) == len(size["reference"]), size
        if number == 0:  # later sizes may make fewer calls when they are long (a call budget)
            assert len(size["solution"]) % repeat == 0, size
        assert len(size["solution"]) >= min(MIN_CALLS, repeat), size
        assert all(t >= 0 for t in size["solution"] + size["reference"]), size


def assert_benchmark_mechanics(result: Any, problem: Any) -> None:
    """A runner's ``benchmark`` of ``problem`` (a TimingResult), checked as
    :func:`assert_timing_mechanics` checks a score: no error, every timing size timed apart
    (its ``n``, as many solution as reference calls), or a cut-off that says so."""
    if result.cut:
        assert "25 times the reference" in result.error, result.error
        return
    assert not result.error, result.error
    assert [s.n for s in result.sizes] == [s.n for s in problem.timing.sizes]
    for size in result.sizes:
        assert len(size.solution) == len(size.reference) > 0, size
        assert all(t >= 0 for t in size.solution + size.reference), size
