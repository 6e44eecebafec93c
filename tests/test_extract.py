"""Taking code out of answers."""

from __future__ import annotations

import pytest

from pytest_agentbench.extract import extract_solution, fenced_blocks
from pytest_agentbench.languages import default_registry

REG = default_registry()
PY = REG.get("python")


def extract(text: str, entry: str = "solve"):
    return extract_solution(text, PY, entry, REG)


def test_single_tagged_block():
    sol = extract("Here you go:\n```python\ndef solve():\n    return 1\n```\nDone.")
    assert sol.code == "def solve():\n    return 1\n"
    assert "tagged `python`" in sol.how


@pytest.mark.parametrize("tag", ["py", "python3", "Python", "{.python}", "python title=x",
                                 "py:solution.py"])
def test_aliases_and_info_strings(tag):
    sol = extract(f"```{tag}\ndef solve():\n    pass\n```")
    assert sol is not None and "tagged" in sol.how


def test_tilde_fences_and_longer_fences():
    text = "~~~python\ndef solve():\n    s = '```'\n~~~\n"
    assert extract(text).code.startswith("def solve")
    text = "````python\ndef solve():\n    '''```python inside```'''\n````"
    assert "inside" in extract(text).code


def test_prefers_block_that_defines_entry_point_over_longer_one():
    text = ("```python\n# a long usage example\n" + "print(solve())\n" * 20 + "```\n"
            "```python\ndef solve():\n    return 1\n```\n")
    sol = extract(text)
    assert sol.code.startswith("def solve") and "defines `solve`" in sol.how


def test_longest_when_none_defines_entry_point():
    text = "```python\nx = 1\n```\n```python\ny = 2\nz = 3\n```"
    sol = extract(text)
    assert sol.code == "y = 2\nz = 3\n" and "longest" in sol.how


def test_tagged_language_wins_over_other_languages():
    text = "```bash\npip install x\n```\n```python\ndef solve():\n    pass\n```"
    assert extract(text).code.startswith("def solve")


def test_untagged_block_is_the_fallback():
    sol = extract("```\ndef solve():\n    pass\n```")
    assert sol is not None and "untagged" in sol.how


def test_other_language_only_is_no_code():
    assert extract("```bash\necho hi\n```") is None


def test_prose_only_is_no_code():
    assert extract("I cannot solve this problem, sorry.") is None
    assert extract("") is None


def test_bare_code_answer_is_accepted_when_it_defines_the_entry_point():
    sol = extract("def solve():\n    return 42\n")
    assert sol is not None and "whole answer" in sol.how
    assert extract("x = 1\n") is None


def test_unclosed_fence_runs_to_the_end():
    sol = extract("```python\ndef solve():\n    return 1\n")
    assert sol.code == "def solve():\n    return 1\n"


def test_unknown_tag_with_entry_point():
    sol = extract("```text\ndef solve():\n    pass\n```")
    assert sol is not None and "unrecognised tag" in sol.how


def test_indented_fence_is_dedented():
    blocks = fenced_blocks("  ```python\n  def f():\n      pass\n  ```")
    assert blocks[0].code == "def f():\n    pass\n"
