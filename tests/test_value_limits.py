"""The limits on suite values: nesting, integer digits, NaN and infinities, found without
recursion and without converting a huge integer."""

from __future__ import annotations

import json
import math
import sys

import pytest

from pytest_agentbench.value_limits import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    HugeInt,
    decode_json,
    int_digits_limit,
    value_issues,
)

from .bad_suites import nested


def test_json_deeper_than_python_recurses_is_reported_with_path_and_place():
    text = '{"a": [1, {"b": ' + nested(5000) + "}]}"
    data, issues = decode_json(text)
    assert [(i.path, i.message) for i in issues] == [
        (("a", 1, "b"), "nested more than 100 levels deep (at column 114)")]
    assert data["a"][0] == 1  # the rest of the text is read


def test_nesting_up_to_the_limit_is_read_as_it_is():
    text = nested(MAX_DEPTH - 1, "[]")
    assert decode_json(text) == (json.loads(text), [])
    assert value_issues(json.loads(text)) == []
    assert decode_json(nested(MAX_DEPTH, "[]"))[1][0].message.startswith("nested more than")


def test_blanking_keeps_the_line_and_column_of_a_later_syntax_error():
    text = '{"a": ' + nested(300) + ',\n "b": [1,, 2]}'
    with pytest.raises(json.JSONDecodeError) as info:
        decode_json(text)
    assert (info.value.lineno, info.value.colno) == (2, 10)


def test_an_unclosed_deep_value_is_malformed_json():
    with pytest.raises(json.JSONDecodeError):
        decode_json('{"tests": ' + "[" * 5000)


def test_each_deep_value_is_reported_once_and_keys_inside_strings_do_not_count():
    text = json.dumps({"s": "[[[[{{{{" * 100, "x": 0}).replace("0}", nested(200) + "}")
    text = text[:-1] + ', "y": ' + nested(150) + "}"
    _, issues = decode_json(text)
    assert [i.path for i in issues] == [("x",), ("y",)]


def test_a_long_path_is_shortened():
    text = '{"k": ' * 150 + "1" + "}" * 150
    (issue,) = decode_json(text)[1]
    assert issue.path == ("k",) * 12


def test_huge_integers_are_never_converted():
    data, _ = decode_json('{"n": -1' + "0" * 5000 + ', "ok": 1' + "0" * 4299 + "}")
    assert data["n"] == HugeInt(5001)
    assert data["ok"] == 10 ** 4299
    assert [(i.path, i.message) for i in value_issues(data)] == [
        (("n",), "an integer of 5001 digits; at most 4300 are allowed")]


def test_huge_python_integers_and_deep_python_values_are_found_without_recursion():
    deep: list = []
    for _ in range(50_000):
        deep = [deep]
    issues = value_issues({"deep": deep, "big": [-(10 ** 4300)], "top": 10 ** 4300 - 1,
                           "flag": True})
    assert [(i.path, i.message) for i in issues] == [
        (("deep",), "nested more than 100 levels deep"),
        (("big", 0), "an integer of more than 4300 digits")]


@pytest.mark.parametrize(("token", "name"), [("NaN", "NaN"), ("Infinity", "Infinity"),
                                             ("-Infinity", "-Infinity"), ("1e400", "Infinity")])
def test_non_finite_numbers_are_named(token, name):
    data, _ = decode_json('{"tolerance": ' + token + "}")
    (issue,) = value_issues(data)
    assert issue.path == ("tolerance",)
    assert issue.message.startswith(f"{name} is not allowed: the comparison rules need finite")


def test_finite_floats_and_other_values_pass():
    assert value_issues({"a": [1.5, -0.0, 1e308, "NaN", None, (1, {2})]}) == []
    assert value_issues({(1, 2): math.pi}) == []


def test_the_digit_limit_follows_a_lower_interpreter_limit():
    if not hasattr(sys, "set_int_max_str_digits"):
        pytest.skip("this Python has no integer digit limit")
    before = sys.get_int_max_str_digits()
    try:
        sys.set_int_max_str_digits(1000)
        assert int_digits_limit() == 1000
        assert decode_json("1" * 1001)[0] == HugeInt(1001)
        sys.set_int_max_str_digits(0)
        assert int_digits_limit() == MAX_INT_DIGITS
    finally:
        sys.set_int_max_str_digits(before)
