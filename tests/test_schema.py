"""The built-in validator interprets the shipped schema the way the jsonschema library does."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pytest_agentbench.schema import suite_schema, validate_suite_data

from .helpers import MINI_SUITE, SEED_SAMPLE

jsonschema = pytest.importorskip("jsonschema")
SUITES = sorted((Path(__file__).parents[1] / "suites").glob("*.json"))


def _library_valid(data) -> bool:
    return jsonschema.Draft202012Validator(suite_schema()).is_valid(data)


def test_schema_itself_is_valid():
    jsonschema.Draft202012Validator.check_schema(suite_schema())


@pytest.mark.parametrize("path", [SEED_SAMPLE, *SUITES], ids=lambda p: p.name)
def test_shipped_suites_are_valid_for_both(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert validate_suite_data(data) == []
    assert _library_valid(data)


def _mutations():
    def case(i, value):
        def apply(d):
            d["tests"][0]["test_cases"][i] = value
        return apply

    def field(name, value):
        def apply(d):
            d["tests"][1][name] = value
        return apply

    def drop(name):
        def apply(d):
            del d["tests"][1][name]
        return apply

    return [
        ("ok", lambda d: None),
        ("no tests", lambda d: d.pop("tests")),
        ("empty tests", lambda d: d.update(tests=[])),
        ("language number", lambda d: d.update(language=3)),
        ("bad difficulty", field("difficulty", "extreme")),
        ("no signature", drop("signature")),
        ("no cases at all", drop("test_cases")),
        ("native only", lambda d: (d["tests"][1].pop("test_cases"),
                                   d["tests"][1].update(native_tests="def test_x(): pass"))),
        ("empty description", field("description", "")),
        ("hints not list", field("hints", "x")),
        ("bad compare", field("compare", "fuzzy")),
        ("negative tolerance", field("tolerance", -1)),
        ("seed case", case(0, {"input": "(1, 2)", "expected": "3"})),
        ("seed expected not str", case(0, {"input": "(1, 2)", "expected": 3})),
        ("typed case unknown key", case(0, {"args": [1, 2], "expect": 3})),
        ("calls empty", case(0, {"calls": []})),
        ("call without method", case(0, {"calls": [{"args": []}]})),
        ("timing ok", field("timing", {"sizes": [{"args": [1]}], "repeat": 3})),
        ("timing no sizes", field("timing", {"repeat": 3})),
        ("timing repeat zero", field("timing", {"sizes": [{"args": []}], "repeat": 0})),
        ("bool as int", field("timing", {"sizes": [{"args": [], "n": True}]})),
    ]


@pytest.mark.parametrize(("label", "mutate"), _mutations(), ids=[m[0] for m in _mutations()])
def test_validator_agrees_with_jsonschema(label, mutate):
    data = copy.deepcopy(MINI_SUITE)
    mutate(data)
    ours = validate_suite_data(data)
    assert (ours == []) == _library_valid(data), ours
