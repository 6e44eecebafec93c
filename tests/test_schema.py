"""Suite data against the shipped schema: what each violation says, and where it points."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from pytest_agentbench.schema import (
    SchemaError,
    format_path,
    suite_schema,
    validate_suite_data,
)

from .helpers import MINI_SUITE, SEED_SAMPLE

SUITES = sorted((Path(__file__).parents[1] / "suites").glob("*.json"))
ROOT = Path(__file__).parents[1]


def test_schema_itself_is_valid():
    jsonschema.Draft202012Validator.check_schema(suite_schema())


@pytest.mark.parametrize("path", [SEED_SAMPLE, *SUITES], ids=lambda p: p.name)
def test_shipped_suites_are_valid(path):
    assert validate_suite_data(json.loads(path.read_text(encoding="utf-8"))) == []


def _case(i, value):
    def apply(d):
        d["tests"][0]["test_cases"][i] = value
    return apply


def _field(name, value):
    def apply(d):
        d["tests"][1][name] = value
    return apply


def _drop(name):
    def apply(d):
        del d["tests"][1][name]
    return apply


MUTATIONS = [
    ("ok", lambda d: None, []),
    ("native only", lambda d: (d["tests"][1].pop("test_cases"),
                               d["tests"][1].update(native_tests="def test_x(): pass")), []),
    ("seed case", _case(0, {"input": "(1, 2)", "expected": "3"}), []),
    ("timing ok", _field("timing", {"sizes": [{"args": [1]}], "repeat": 3}), []),
    ("no tests", lambda d: d.pop("tests"), [("tests", "is required but missing")]),
    ("empty tests", lambda d: d.update(tests=[]), [("tests", "needs at least 1 item(s)")]),
    ("language number", lambda d: d.update(language=3),
     [("language", "expected a string, got integer")]),
    ("bad difficulty", _field("difficulty", "extreme"),
     [("tests[1].difficulty", '"extreme" is not one of "easy", "medium", "hard"')]),
    ("no signature", _drop("signature"), [("tests[1].signature", "is required but missing")]),
    ("no cases at all", _drop("test_cases"),
     [("tests[1]", "needs `test_cases` or `native_tests`")]),
    ("empty description", _field("description", ""),
     [("tests[1].description", "must not be empty")]),
    ("hints not list", _field("hints", "x"), [("tests[1].hints", "expected an array, got string")]),
    ("bad compare", _field("compare", "fuzzy"),
     [("tests[1].compare",
       '"fuzzy" is not one of "exact", "unordered", "unordered_nested", "approx"')]),
    ("negative tolerance", _field("tolerance", -1), [("tests[1].tolerance", "must be at least 0")]),
    ("case not an object", _case(0, "1, 2 -> 3"),
     [("tests[0].test_cases[0]", "expected an object, got string")]),
    ("seed expected not str", _case(0, {"input": "(1, 2)", "expected": 3}),
     [("tests[0].test_cases[0].expected", "expected a string, got integer")]),
    ("typed case unknown key", _case(0, {"args": [1, 2], "expect": 3}),
     [("tests[0].test_cases[0].expect", "is not a known field (known: name, args, kwargs, "
       "expected, raises, compare, tolerance, explanation)")]),
    ("case of no known shape", _case(0, {"inputs": [1, 2]}),
     [("tests[0].test_cases[0]",
       "needs `input`/`expected` or `args` or `calls` or `init_raises`")]),
    ("calls empty", _case(0, {"calls": []}),
     [("tests[0].test_cases[0].calls", "needs at least 1 item(s)")]),
    ("call without method", _case(0, {"calls": [{"args": []}]}),
     [("tests[0].test_cases[0].calls[0].method", "is required but missing")]),
    ("timing no sizes", _field("timing", {"repeat": 3}),
     [("tests[1].timing.sizes", "is required but missing")]),
    ("timing size of no kind", _field("timing", {"sizes": [{"n": 3}]}),
     [("tests[1].timing.sizes[0]", "needs `args` or `calls`")]),
    ("timing repeat zero", _field("timing", {"sizes": [{"args": []}], "repeat": 0}),
     [("tests[1].timing.repeat", "must be at least 1")]),
    ("bool as int", _field("timing", {"sizes": [{"args": [], "n": True}]}),
     [("tests[1].timing.sizes[0].n", "expected an integer, got boolean")]),
    ("calls of neither type", _field("timing", {"sizes": [{"calls": 3}]}),
     [("tests[1].timing.sizes[0].calls", "expected an array or an object, got integer")]),
]


@pytest.mark.parametrize(("label", "mutate", "expected"), MUTATIONS,
                         ids=[m[0] for m in MUTATIONS])
def test_each_violation_names_the_field_and_what_was_expected(label, mutate, expected):
    data = copy.deepcopy(MINI_SUITE)
    mutate(data)
    assert [(format_path(e.path), e.message) for e in validate_suite_data(data)] == expected


def test_a_case_meant_for_one_shape_is_explained_by_that_shape_alone():
    """An anyOf failure shows the errors of the shape the case was meant for (here, by its
    ``args``, a function case), not why it is not a seed case nor a class case too."""
    data = copy.deepcopy(MINI_SUITE)
    _case(0, {"args": "1, 2", "expected": 3, "init": []})(data)
    assert [(format_path(e.path), e.message) for e in validate_suite_data(data)] == [
        ("tests[0].test_cases[0].args", "expected an array, got string"),
        ("tests[0].test_cases[0].init", "is not a known field (known: name, args, kwargs, "
         "expected, raises, compare, tolerance, explanation)"),
    ]


def test_errors_come_in_the_order_of_the_file_each_once():
    """Fields in the order the file has them, missing ones after; two missing fields are two
    errors (the library reports each against the whole object)."""
    data = copy.deepcopy(MINI_SUITE)
    data["tests"][2]["difficulty"] = "x"
    data["tests"][0]["hints"] = 3
    data["tests"][0]["compare"] = "?"
    del data["tests"][0]["signature"]
    del data["tests"][0]["description"]
    data["language"] = ""
    assert [format_path(e.path) for e in validate_suite_data(data)] == [
        "language", "tests[0].hints", "tests[0].compare", "tests[0].description",
        "tests[0].signature", "tests[2].difficulty"]


def test_the_top_level_must_be_an_object():
    assert validate_suite_data([1, 2]) == [SchemaError((), "expected an object, got array")]


def test_jsonschema_is_imported_only_to_validate_a_suite():
    """Importing the plugin (every pytest run) and the HumanEval loader stay without it; the
    validator is built once per process."""
    code = (
        "import sys, json\n"
        "import pytest_agentbench.plugin, pytest_agentbench.humaneval\n"
        "print('jsonschema' in sys.modules)\n"
        "from pytest_agentbench import schema\n"
        "schema.validate_suite_data({'language': 'python', 'tests': []})\n"
        "first = schema.validator()\n"
        "schema.validate_suite_data({})\n"
        "print('jsonschema' in sys.modules, schema.validator() is first,"
        " type(first).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == ["False", "True", "True", "Draft202012Validator"]
