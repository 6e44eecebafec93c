"""Loading suites: the seed format as is, the extended format, and errors that name the field."""

from __future__ import annotations

import json

import pytest

from pytest_agentbench.suite import SuiteError, item_name, load_suite, suite_from_data

from .bad_suites import ADD_CASE, BAD_SUITES, nested, suite_text
from .helpers import MINI_SUITE, SEED_SAMPLE, write_suite


def test_seed_sample_loads_unchanged(registry):
    suite = load_suite(SEED_SAMPLE, registry)
    assert suite.language == "python" and suite.version == "1.0.0"
    assert [p.id for p in suite.problems] == [
        "python_easy_01", "python_easy_02", "python_easy_03",
        "python_medium_01", "python_medium_02", "python_hard_01",
    ]


def _cases(suite, test_id):
    return next(p for p in suite.problems if p.id == test_id).cases


def test_seed_cases_are_read_against_the_signature(registry):
    suite = load_suite(SEED_SAMPLE, registry)
    count = _cases(suite, "python_easy_01")
    assert count[0].args == ([1, 5, 2, 8], 5) and count[0].expected == 2
    pal = _cases(suite, "python_easy_02")
    assert pal[0].args == ("abba",)  # a str parameter takes the bare text
    assert pal[1].args == ("abc",)  # a quoted literal is the string inside
    longest = _cases(suite, "python_easy_03")
    assert longest[0].args == (["ab", "abc", "xyz"],) and longest[0].expected == "abc"
    assert longest[1].expected == "" and longest[2].expected == "bb"
    tree = _cases(suite, "python_medium_01")
    assert tree[0].args == ([3, 9, 20, None, None, 15, 7],)
    assert tree[1].args == ([],)


def test_prose_cases_are_not_executable_with_a_reason(registry):
    suite = load_suite(SEED_SAMPLE, registry)
    counter = _cases(suite, "python_medium_02")
    assert not counter[0].executable and "not a literal" in counter[0].reason
    assert counter[1].executable
    assert counter[1].expected_attributes == {"max_events": 2, "window_seconds": 10}
    limited = _cases(suite, "python_hard_01")
    assert [c.executable for c in limited] == [True, False, False]
    assert "lambda" in limited[1].reason
    assert "result1" in limited[2].reason


def test_extended_cases(mini_suite):
    add, _rev, stack = mini_suite.problems
    assert add.signature.kind == "function" and add.entry_point == "add"
    assert add.cases[0].args == (1, 2) and add.cases[0].expected == 3
    assert stack.signature.kind == "class"
    assert stack.cases[0].calls[3].method == "min" and stack.cases[0].calls[3].expected == 1
    assert stack.cases[1].calls[0].raises == "IndexError"
    assert not stack.cases[0].calls[0].has_expected


def _error(tmp_path, registry, data, name="bad.json") -> str:
    path = write_suite(tmp_path, name, data)
    with pytest.raises(SuiteError) as info:
        load_suite(path, registry)
    text = str(info.value)
    assert str(path) in text
    return text


def test_missing_field_names_file_test_and_field(tmp_path, registry, mini_suite_data):
    del mini_suite_data["tests"][1]["test_cases"][1]["expected"]
    text = _error(tmp_path, registry, mini_suite_data)
    assert "test 'mini_medium_rev'" in text
    assert "field 'test_cases[1].expected'" in text or "field 'test_cases[1]'" in text


def test_wrong_type_is_reported(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][0]["hints"] = "not a list"
    text = _error(tmp_path, registry, mini_suite_data)
    assert "test 'mini_easy_add': field 'hints': expected an array, got string" in text


def test_wrong_type_of_a_nested_field_names_file_test_and_field(tmp_path, registry,
                                                                mini_suite_data):
    mini_suite_data["tests"][2]["test_cases"][1]["calls"][0]["method"] = 7
    path = write_suite(tmp_path, "typed.json", mini_suite_data)
    with pytest.raises(SuiteError) as info:
        load_suite(path, registry)
    assert info.value.problems == [
        f"{path}: test 'mini_hard_stack': field 'test_cases[1].calls[0].method': "
        "expected a string, got integer"]


def test_unknown_difficulty(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][2]["difficulty"] = "extreme"
    text = _error(tmp_path, registry, mini_suite_data)
    assert "test 'mini_hard_stack': field 'difficulty'" in text and '"extreme"' in text


def test_duplicate_id(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][1]["id"] = "mini_easy_add"
    text = _error(tmp_path, registry, mini_suite_data)
    assert "test 'mini_easy_add': field 'id': is a duplicate" in text


def test_ids_that_sanitise_to_the_same_name_clash(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][0]["id"] = "a b"
    mini_suite_data["tests"][1]["id"] = "a_b"
    assert "clashes with 'a b'" in _error(tmp_path, registry, mini_suite_data)


def test_malformed_json_gives_line_and_column(tmp_path, registry):
    path = tmp_path / "broken.json"
    path.write_text('{"language": "python",\n "tests": [}', encoding="utf-8")
    with pytest.raises(SuiteError, match=r"broken.json: malformed JSON at line 2, column 12"):
        load_suite(path, registry)


def test_unknown_language(tmp_path, registry, mini_suite_data):
    mini_suite_data["language"] = "cobol"
    assert "field 'language': unknown language 'cobol'" in _error(tmp_path, registry,
                                                                 mini_suite_data)


def test_missing_test_id_uses_position(tmp_path, registry, mini_suite_data):
    del mini_suite_data["tests"][1]["id"]
    assert "test #2: field 'id': is required but missing" in _error(tmp_path, registry,
                                                                    mini_suite_data)


def test_case_of_no_known_shape(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][0]["test_cases"][0] = {"inputs": [1, 2]}
    text = _error(tmp_path, registry, mini_suite_data)
    assert "field 'test_cases[0]': needs `input`/`expected` or `args` or `calls`" in text


def test_seed_and_typed_fields_do_not_mix(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][0]["test_cases"][0] = {"input": "(1, 2)", "expected": "3",
                                                    "args": [1, 2]}
    assert "cannot also have typed fields" in _error(tmp_path, registry, mini_suite_data)


def test_every_error_is_listed(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][0]["difficulty"] = "x"
    mini_suite_data["tests"][1]["description"] = 3
    text = _error(tmp_path, registry, mini_suite_data)
    assert "mini_easy_add" in text and "mini_medium_rev" in text


def test_unreadable_signature(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][0]["signature"] = "add two numbers"
    assert "field 'signature'" in _error(tmp_path, registry, mini_suite_data)


def test_not_a_file(tmp_path, registry):
    with pytest.raises(SuiteError, match="cannot read the file"):
        load_suite(tmp_path / "nope.json", registry)


def test_top_level_not_an_object(tmp_path, registry):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([1, 2]), encoding="utf-8")
    with pytest.raises(SuiteError, match="field '\\(top level\\)': expected an object"):
        load_suite(path, registry)


@pytest.mark.parametrize(("raw", "name"), [("two sum", "two_sum"), ("a#b[1]", "a_b_1_"),
                                          ("ok-1.2", "ok-1.2")])
def test_item_names_fit_the_k_grammar(raw, name):
    assert item_name(raw) == name


# ---------------------------------------------------------------- values beyond the limits


def _raw_error(tmp_path, registry, text: str, name: str = "bad.json") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SuiteError) as info:
        load_suite(path, registry)
    assert all(p.startswith(f"{path}: ") for p in info.value.problems)
    return [p[len(f"{path}: "):] for p in info.value.problems]


@pytest.mark.parametrize("name", list(BAD_SUITES))
def test_values_beyond_the_limits_are_one_clean_line_naming_the_field(tmp_path, registry, name):
    text, message = BAD_SUITES[name]
    (problem,) = _raw_error(tmp_path, registry, text)
    assert problem.startswith(message), problem


def test_values_at_the_limits_load(tmp_path, registry):
    deepest = 95  # 100 levels in all: the case's value sits inside five levels of the file
    text = suite_text({(*ADD_CASE, "expected"): nested(deepest),
                       ("tests", 0, "test_cases", 1, "expected"): "9" * 4300})
    add = load_suite(write_text(tmp_path, text), registry).problems[0]
    value = add.cases[0].expected
    for _ in range(deepest):
        value = value[0]
    assert value == 1
    assert add.cases[1].expected == 10 ** 4300 - 1


@pytest.mark.parametrize(("raw", "field", "message"), [
    ({(*ADD_CASE, "args"): "[-Infinity, 1]"}, "test_cases[0].args[0]", "-Infinity is not"),
    ({(*ADD_CASE, "kwargs"): '{"b": 1e400}'}, "test_cases[0].kwargs.b", "Infinity is not"),
    ({("tests", 2, "test_cases", 0, "calls", 3, "expected"): "NaN"},
     "test_cases[0].calls[3].expected", "NaN is not"),
    ({("tests", 0, "tolerance"): "NaN"}, "tolerance", "NaN is not"),
])
def test_non_finite_numbers_anywhere_name_the_field(tmp_path, registry, raw, field, message):
    (problem,) = _raw_error(tmp_path, registry, suite_text(raw))
    assert f": field '{field}': {message}" in problem


def test_every_value_beyond_the_limits_is_listed(tmp_path, registry):
    text = suite_text({(*ADD_CASE, "expected"): nested(300),
                       ("tests", 1, "test_cases", 0, "expected"): "Infinity",
                       ("tests", 2, "id"): "7" * 5000})
    problems = _raw_error(tmp_path, registry, text)
    assert [p.split(": field")[0] for p in problems] == [
        "test 'mini_easy_add'", "test 'mini_medium_rev'", "test #3"]


def test_a_deep_value_under_a_duplicate_key_is_still_located(tmp_path, registry):
    text = '{"language": "python", "tests": [{"x": ' + nested(200) + '}], "tests": 5}'
    (problem,) = _raw_error(tmp_path, registry, text)
    assert problem.startswith("test #1: field 'x': nested more than 100 levels deep")


def test_data_from_another_loader_is_checked_too(tmp_path, registry, mini_suite_data):
    mini_suite_data["tests"][0]["tolerance"] = float("inf")
    with pytest.raises(SuiteError, match="test 'mini_easy_add': field 'tolerance': Infinity"):
        suite_from_data(mini_suite_data, tmp_path / "other.yaml", registry)


@pytest.mark.parametrize(("expected", "reason"), [
    ("NaN", "NaN is not allowed"),
    ("[1, Infinity]", "Infinity is not allowed"),
    (nested(150), "nested more than 100 levels deep"),
    ("-" * 5000 + "1", "nested too deeply to read"),
    ("0x" + "f" * 4000, "an integer of more than 4300 digits"),
])
def test_seed_values_beyond_the_limits_are_not_executable(tmp_path, registry, expected, reason):
    case = {"input": "[1, 2]", "expected": expected}
    text = suite_text({ADD_CASE: json.dumps(case)}, _seed_add())
    (case,) = load_suite(write_text(tmp_path, text), registry).problems[0].cases
    assert not case.executable and reason in case.reason
    assert len(case.reason) < 500  # the text itself is shortened


def _seed_add() -> dict:
    data = json.loads(json.dumps(MINI_SUITE))
    data["tests"] = data["tests"][:1]
    data["tests"][0]["signature"] = "def add(xs: list[int]) -> int:"
    data["tests"][0]["test_cases"] = [None]
    return data


def write_text(directory, text: str, name: str = "suite.json"):
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path
