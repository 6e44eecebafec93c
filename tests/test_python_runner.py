"""The Python runner end to end on plain data: one process per problem, one outcome per case."""

from __future__ import annotations

import pytest

from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.suite import load_suite

from .helpers import SEED_SAMPLE, write_suite

REG = default_registry()
PY = REG.get("python")
FAST = ExecSettings(solution_limits(5))


def run(problem, code, settings=FAST):
    return judge(problem, PY.run(problem, code, settings))


@pytest.fixture
def add(mini_suite):
    return mini_suite.problems[0]


def statuses(ex):
    return [o.status for o in ex.outcomes]


def test_correct_solution_passes_every_case(add):
    ex = run(add, "def add(a, b):\n    return a + b\n")
    assert statuses(ex) == ["passed"] * 3 and ex.failure is None


def test_wrong_answer(add):
    ex = run(add, "def add(a, b):\n    return a - b\n")
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]
    assert ex.failure.value == "wrong_answer"
    assert ex.outcomes[0].expected == "3" and ex.outcomes[0].actual == "-1"


def test_exception_per_case(add):
    ex = run(add, "def add(a, b):\n    if a < 0:\n        raise ValueError('neg')\n"
                  "    return a + b\n")
    assert statuses(ex) == ["passed", "error", "passed"]
    assert "ValueError: neg" in ex.outcomes[1].message
    assert "solution.py" in ex.outcomes[1].message  # the traceback points into the solution


def test_syntax_error_is_a_compile_error(add):
    ex = run(add, "def add(a, b)\n    return a + b\n")
    assert ex.failure.value == "compile_error" and "SyntaxError" in ex.message
    assert ex.outcomes == ()


def test_error_at_import_is_a_runtime_error(add):
    ex = run(add, "import no_such_module_xyz\n")
    assert ex.failure.value == "runtime_error"
    assert "ModuleNotFoundError" in ex.message


def test_missing_entry_point_is_named(add):
    ex = run(add, "def plus(a, b):\n    return a + b\n")
    assert ex.failure.value == "runtime_error"
    assert "does not define 'add'" in ex.message and "plus" in ex.message


def test_infinite_loop_times_out_keeping_finished_cases(add):
    code = "def add(a, b):\n    while a < 0:\n        pass\n    return a + b\n"
    ex = run(add, code, ExecSettings(solution_limits(2)))
    assert statuses(ex) == ["passed", "timeout", "not_run"]
    assert ex.failure.value == "timeout"


def test_exit_inside_solution_is_contained(add):
    ex = run(add, "import os\ndef add(a, b):\n    os._exit(7)\n")
    assert ex.failure.value == "runtime_error"
    assert statuses(ex)[0] == "error" and "status 7" in ex.outcomes[0].message


def test_stdout_of_the_solution_does_not_disturb_results(add):
    ex = run(add, "def add(a, b):\n    print('{\"event\": \"case\"}')\n    return a + b\n")
    assert ex.failure is None and "event" in ex.stdout


def test_class_cases(mini_suite):
    stack = mini_suite.problems[2]
    ref = stack.reference_solution
    assert run(stack, ref).failure is None
    broken = ref.replace("return self._items[-1][1]", "return self._items[-1][0]")
    ex = run(stack, broken)
    assert statuses(ex) == ["wrong_answer", "passed"]


def test_seed_sample_cases_trees_and_attributes():
    suite = load_suite(SEED_SAMPLE)
    by_id = {p.id: p for p in suite.problems}
    depth = "def max_depth(root):\n    return 0 if root is None else " \
            "1 + max(max_depth(root.left), max_depth(root.right))\n"
    assert run(by_id["python_medium_01"], depth).failure is None
    counter = ("class EventCounter:\n    def __init__(self, max_events, window_seconds):\n"
               "        self.max_events = max_events\n"
               "        self.window_seconds = window_seconds\n")
    ex = run(by_id["python_medium_02"], counter)
    assert ex.failure is None and len(ex.outcomes) == 1 and len(ex.not_executable) == 1
    pal = "def is_palindrome(s: str) -> bool:\n    return s == s[::-1]\n"
    assert run(by_id["python_easy_02"], pal).failure is None


def test_async_entry_point_is_awaited():
    suite = load_suite(SEED_SAMPLE)
    limited = next(p for p in suite.problems if p.id == "python_hard_01")
    code = "import asyncio\nasync def run_limited(jobs, limit):\n    await asyncio.sleep(0)\n" \
           "    return [job() for job in jobs]\n"
    ex = run(limited, code)
    assert ex.failure is None and statuses(ex) == ["passed"]


def test_native_tests_give_one_outcome_each(tmp_path, mini_suite_data):
    problem = mini_suite_data["tests"][0]
    problem["native_tests"] = (
        "import asyncio\n"
        "def test_small():\n    assert add(2, 2) == 4\n"
        "def test_fails():\n    assert add(2, 2) == 5, 'two and two'\n"
        "async def test_async():\n    await asyncio.sleep(0)\n    assert add(1, 1) == 2\n"
        "def test_raises():\n    raise KeyError('k')\n"
        "def test_skips():\n    import unittest\n    raise unittest.SkipTest('later')\n"
    )
    suite = load_suite(write_suite(tmp_path, "s.json", mini_suite_data), REG)
    ex = run(suite.problems[0], "def add(a, b):\n    return a + b\n")
    assert [(o.name, o.status) for o in ex.outcomes[3:]] == [
        ("test_small", "passed"), ("test_fails", "wrong_answer"),
        ("test_async", "passed"), ("test_raises", "error"), ("test_skips", "skipped")]
    assert "tests.py:5" in ex.outcomes[4].message and "two and two" in ex.outcomes[4].message
    assert ex.failure.value == "runtime_error"


def test_unordered_and_raises_cases(tmp_path):
    data = {"language": "python", "tests": [{
        "id": "t", "difficulty": "easy", "description": "d",
        "signature": "def f(x: int) -> list:",
        "test_cases": [
            {"args": [3], "expected": [0, 1, 2], "compare": "unordered"},
            {"args": [-1], "raises": "ValueError"},
            {"args": [0], "expected": []},
        ]}]}
    problem = load_suite(write_suite(tmp_path, "s.json", data), REG).problems[0]
    code = ("def f(x):\n    if x < 0:\n        raise ValueError(x)\n"
            "    return list(range(x))[::-1]\n")
    assert run(problem, code).failure is None
    ex = run(problem, "def f(x):\n    return []\n")
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]


def test_deep_recursion_is_allowed(tmp_path):
    data = {"language": "python", "tests": [{
        "id": "t", "difficulty": "easy", "description": "d",
        "signature": "def depth(n: int) -> int:",
        "test_cases": [{"args": [20000], "expected": 20000}]}]}
    problem = load_suite(write_suite(tmp_path, "s.json", data), REG).problems[0]
    code = "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\n"
    assert run(problem, code).failure is None


def test_work_directory_is_removed(add, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    run(add, "def add(a, b):\n    return a + b\n")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("agentbench-")]


def test_constructor_keyword_arguments_and_expected_raise(tmp_path):
    data = {"language": "python", "tests": [{
        "id": "acct", "difficulty": "easy", "description": "d",
        "signature": "class Account:\n    def __init__(self, owner: str, *, limit: int = 0):\n"
                     "    def limit_of(self) -> int:",
        "test_cases": [
            {"init": ["ann"], "init_kwargs": {"limit": 5},
             "calls": [{"method": "limit_of", "expected": 5}]},
            {"init": [""], "init_raises": "ValueError"},
        ]}]}
    problem = load_suite(write_suite(tmp_path, "s.json", data), REG).problems[0]
    code = ("class Account:\n    def __init__(self, owner, *, limit=0):\n"
            "        if not owner:\n            raise ValueError('owner')\n"
            "        self.limit = limit\n    def limit_of(self):\n        return self.limit\n")
    assert run(problem, code).failure is None
    lax = code.replace("raise ValueError('owner')", "pass")
    ex = run(problem, lax)
    assert statuses(ex) == ["passed", "wrong_answer"]
