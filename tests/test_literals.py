"""Seed literals are parsed, never evaluated."""

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
