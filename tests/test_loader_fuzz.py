"""Property-based: whatever a suite file holds, loading it either works or raises SuiteError
with messages that name the file and the field; never another exception."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_agentbench.languages import default_registry
from pytest_agentbench.suite import SuiteError, load_suite

from .bad_suites import nested, suite_text
from .helpers import MINI_SUITE

REG = default_registry()
PYTHON_SUITE = json.loads((Path(__file__).parents[1] / "suites" / "python_mini.json").read_text())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@st.composite
def mutated_suites(draw):
    data = copy.deepcopy(draw(st.sampled_from([MINI_SUITE, PYTHON_SUITE])))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return data


def _check(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    try:
        load_suite(path, REG)
    except SuiteError as exc:
        assert exc.problems
        for message in exc.problems:
            assert message.startswith(str(path)), message
            assert re.search(r"field '|malformed JSON|cannot read|not UTF-8", message), message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=mutated_suites())
def test_mutated_suites_give_clear_errors(tmp_path, data):
    _check(tmp_path / "mutated.json", json.dumps(data))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=json_values)
def test_random_json_gives_clear_errors(tmp_path, data):
    _check(tmp_path / "random.json", json.dumps(data))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 4000), junk=st.text(max_size=5))
def test_truncated_files_give_clear_errors(tmp_path, cut, junk):
    text = json.dumps(MINI_SUITE)
    _check(tmp_path / "cut.json", text[:cut] + junk)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=mutated_suites())
def test_problem_errors_name_the_test(tmp_path, data):
    path = tmp_path / "named.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        load_suite(path, REG)
    except SuiteError as exc:
        for message in exc.problems:
            if "field 'tests" not in message and ": test " in message:
                assert re.search(r": test ('[^']*'|#\d+): field '", message), message


hostile_values = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1" + "0" * 4300,
                                  "9" * 4300, nested(99), nested(100), nested(5000),
                                  '"' + "[" * 5000 + '"', '{"a": ' * 2000 + "1" + "}" * 2000])


@st.composite
def hostile_suites(draw):
    data = draw(st.sampled_from([MINI_SUITE, PYTHON_SUITE]))
    paths = [p for p in _paths(data) if p]
    chosen = draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True))
    chosen = [p for p in chosen if not any(p[:len(q)] == q for q in chosen if q != p)]
    return suite_text({p: draw(hostile_values) for p in chosen}, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(text=hostile_suites())
def test_values_beyond_the_limits_give_clear_errors(tmp_path, text):
    _check(tmp_path / "hostile.json", text)
