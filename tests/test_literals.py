"""Seed literals are parsed, never evaluated."""

import json
import re

import pytest

from pytest_agentbench.literals import NotALiteral, parse_literal, to_json_compatible


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("([2,7,11,15], 9)", ([2, 7, 11, 15], 9)),
        ("[0,1]", [0, 1]),
        ("None", None),
        ("null", None),
        ("True", True),
        ("true", True),
        ("[true, false, null]", [True, False, None]),
        ("(True, None)", (True, None)),
        ("'abc'", "abc"),
        ('"bb"', "bb"),
        ("{'a': 1, 2: [3]}", {"a": 1, 2: [3]}),
        ("{1, 2}", {1, 2}),
        ("-1.5", -1.5),
        ("[3,9,20,null,null,15,7]", [3, 9, 20, None, None, 15, 7]),
        ("  [1, 2]  ", [1, 2]),
    ],
)
def test_parses_python_and_json_literals(text, value):
    assert parse_literal(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abba", "name 'abba'"),
        ("[result1, result2]", "name 'result1'"),
        ("([lambda: 1, lambda: 2], 1)", "lambda"),
        ("__import__('os').system('echo hacked')", "call"),
        ("True, True, False for 3 events in a row", "syntax"),
        ("", "empty"),
    ],
)
def test_rejects_what_is_not_a_literal(text, reason):
    with pytest.raises(NotALiteral, match=reason):
        parse_literal(text)


def test_never_executes_code(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(NotALiteral):
        parse_literal(f"open({str(marker)!r}, 'w')")
    assert not marker.exists()


def test_to_json_compatible_turns_tuples_into_lists():
    assert to_json_compatible(([1, (2, 3)], {"a": (4,)})) == [[1, [2, 3]], {"a": [4]}]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("NaN", "NaN is not allowed"),
        ("[1.0, -Infinity]", "-Infinity is not allowed"),
        ("1e400", "Infinity is not allowed"),
        ("[" * 101 + "]" * 101, "nested more than 100 levels deep"),
        ("[" * 5000 + "]" * 5000, "nested more than 100 levels deep"),
        ("(1," * 101 + ")" * 101, "nested more than 100 levels deep"),
        ("-" * 5000 + "1", "nested too deeply to read"),
        ("+".join(["1"] * 5000), "nested too deeply to read"),
        ("a" + "[0]" * 5000, "nested too deeply to read"),
        ("1" * 4301, "an integer of 4301 digits"),
        ("0x" + "f" * 4000, "an integer of more than 4300 digits"),
        ("[0o" + "7" * 5000 + "]", "an integer of more than 4300 digits"),
    ],
)
def test_values_beyond_the_limits_are_not_literals(text, reason):
    with pytest.raises(NotALiteral, match=re.escape(reason)):
        parse_literal(text)


def test_values_at_the_limits_are_literals():
    assert parse_literal("[" * 100 + "]" * 100) == json.loads("[" * 100 + "]" * 100)
    assert parse_literal("9" * 4300) == 10 ** 4300 - 1
    assert parse_literal("(1e308, -0.0)") == (1e308, -0.0)


def test_deep_syntax_is_refused_whatever_the_recursion_limit():
    """Other code in the process may raise the recursion limit (mypy, astroid do): a literal
    nested too deeply is still refused the same way, not read further."""
    import sys

    before = sys.getrecursionlimit()
    sys.setrecursionlimit(2**14)
    try:
        for text in ("-" * 5000 + "1", "+".join(["1"] * 5000), "a" + "[0]" * 5000):
            with pytest.raises(NotALiteral, match="nested too deeply to read"):
                parse_literal(text)
    finally:
        sys.setrecursionlimit(before)
