"""Comparison rules and the judging of raw outcomes."""

import pytest

from pytest_agentbench.judge import judge, values_match
from pytest_agentbench.models import Compare, ProcessResult, RawOutcome, RunOutput

EXACT = Compare("exact")


@pytest.mark.parametrize(
    ("actual", "expected", "rule", "ok"),
    [
        ([0, 1], [0, 1], "exact", True),
        ((0, 1), [0, 1], "exact", True),
        ([1, 0], [0, 1], "exact", False),
        (True, 1, "exact", False),
        (1, True, "exact", False),
        (2.0, 2, "exact", True),
        ({"a": [1, (2,)]}, {"a": [1, [2]]}, "exact", True),
        ([1, 0], [0, 1], "unordered", True),
        ([1, 1, 0], [0, 1], "unordered", False),
        ([[1, 2], [3]], [[3], [2, 1]], "unordered", False),
        ([[1, 2], [3]], [[3], [2, 1]], "unordered_nested", True),
        ([["eat", "tea"], ["bat"]], [["bat"], ["tea", "eat"]], "unordered_nested", True),
        (0.1 + 0.2, 0.3, "exact", False),
        (0.1 + 0.2, 0.3, "approx", True),
        ([1.0000001, 2.0], [1.0, 2.0], "approx", True),
        ([1.1, 2.0], [1.0, 2.0], "approx", False),
        ({1, 2}, {2, 1}, "exact", True),
    ],
)
def test_values_match(actual, expected, rule, ok):
    assert values_match(actual, expected, Compare(rule)) is ok


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError, match="unknown comparison rule"):
        values_match(1, 1, Compare("fuzzy"))


def _proc(**kw):
    return ProcessResult(returncode=0, seconds=0.1, **kw)


def test_judge_names_each_outcome(mini_suite):
    problem = mini_suite.problems[0]  # add(a, b): three cases
    run = RunOutput(
        outcomes=(
            RawOutcome(0, "value", 3),
            RawOutcome(1, "value", 5),
            RawOutcome(2, "exception", error_type="TypeError", message="boom"),
        ),
        process=_proc(),
    )
    ex = judge(problem, run)
    assert [o.status for o in ex.outcomes] == ["passed", "wrong_answer", "error"]
    assert ex.outcomes[1].expected == "0" and ex.outcomes[1].actual == "5"
    assert ex.failure is not None and ex.failure.value == "runtime_error"
    assert ex.message.startswith("1/3 cases passed")


def test_wrong_answers_only_give_wrong_answer(mini_suite):
    problem = mini_suite.problems[0]
    run = RunOutput((RawOutcome(0, "value", 3), RawOutcome(1, "value", 1),
                     RawOutcome(2, "value", 0)), _proc())
    ex = judge(problem, run)
    assert ex.failure.value == "wrong_answer"
    assert "case 2: expected 0, got 1" in ex.message


def test_all_passing_has_no_failure(mini_suite):
    problem = mini_suite.problems[0]
    run = RunOutput((RawOutcome(0, "value", 3), RawOutcome(1, "value", 0),
                     RawOutcome(2, "value", 0)), _proc())
    ex = judge(problem, run)
    assert ex.failure is None and ex.passed_count == 3


def test_class_calls_are_checked_in_order(mini_suite):
    problem = mini_suite.problems[2]  # MinStack
    good = [{"value": None}] * 3 + [{"value": 1}, {"value": 5}, {"value": 1}, {"value": 3}]
    bad = [{"value": None}] * 3 + [{"value": 5}, {"value": 5}, {"value": 1}, {"value": 3}]
    raised = [{"error_type": "IndexError", "message": "pop from empty list"}]
    ex = judge(problem, RunOutput((RawOutcome(0, "calls", good), RawOutcome(1, "calls", raised)),
                                  _proc()))
    assert [o.status for o in ex.outcomes] == ["passed", "passed"]
    ex = judge(problem, RunOutput((RawOutcome(0, "calls", bad), RawOutcome(1, "calls", [])),
                                  _proc()))
    assert ex.outcomes[0].status == "wrong_answer"
    assert "call 4 min" in ex.outcomes[0].message
    assert ex.outcomes[1].status == "error"


def test_timeout_and_not_run_are_kept(mini_suite):
    problem = mini_suite.problems[0]
    run = RunOutput((RawOutcome(0, "value", 3), RawOutcome(1, "timeout"),
                     RawOutcome(2, "not_run")), _proc(timed_out=True))
    ex = judge(problem, run)
    assert [o.status for o in ex.outcomes] == ["passed", "timeout", "not_run"]
    assert ex.failure.value == "timeout"
