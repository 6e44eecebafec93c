"""The markdown task an agent reads."""

from pytest_agentbench.languages import default_registry
from pytest_agentbench.prompt import render_prompt
from pytest_agentbench.suite import load_suite

from .helpers import SEED_SAMPLE

PY = default_registry().get("python")


def test_prompt_has_every_part(mini_suite):
    add = mini_suite.problems[0]
    text = render_prompt(add, PY)
    assert text.startswith("# Add\n")
    for part in ("## Task", "Return a + b.", "## Signature", "def add(a: int, b: int) -> int:",
                 "## Examples", "add(1, 2)  # -> 3", "## Answer format", "```python"):
        assert part in text


def test_class_examples_show_the_call_sequence(mini_suite):
    text = render_prompt(mini_suite.problems[2], PY)
    assert "obj = MinStack()" in text and "obj.min()  # -> 1" in text
    assert "obj.pop()  # raises IndexError" in text


def test_constraints_hints_and_tree_helper():
    suite = load_suite(SEED_SAMPLE)
    depth = next(p for p in suite.problems if p.id == "python_medium_01")
    text = render_prompt(depth, PY)
    assert "## Hints" in text and "Recursion or a queue" in text
    assert "`TreeNode`" in text and "predefined" in text
    count = next(p for p in suite.problems if p.id == "python_easy_01")
    assert "## Constraints" in render_prompt(count, PY)


def test_non_executable_cases_are_not_shown_as_examples():
    suite = load_suite(SEED_SAMPLE)
    limited = next(p for p in suite.problems if p.id == "python_hard_01")
    text = render_prompt(limited, PY)
    assert "lambda" not in text and "run_limited([], 2)  # -> []" in text
