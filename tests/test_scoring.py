"""Weights and the weighted score."""

import pytest

from pytest_agentbench.models import DimensionScore
from pytest_agentbench.scoring import DEFAULT_WEIGHTS, parse_weights, weighted_score


def test_defaults():
    assert DEFAULT_WEIGHTS == {"correctness": 0.4, "idiomaticity": 0.25, "performance": 0.2,
                               "best_practices": 0.15}
    assert parse_weights("") == DEFAULT_WEIGHTS


def test_partial_override_keeps_other_defaults():
    w = parse_weights("correctness=0.5, idiomaticity=0.2")
    assert w["correctness"] == 0.5 and w["idiomaticity"] == 0.2 and w["performance"] == 0.2


@pytest.mark.parametrize(("text", "message"), [
    ("speed=1", "unknown dimension 'speed'"),
    ("correctness=-1", "must not be negative"),
    ("correctness=abc", "not a number"),
    ("correctness", "not name=value"),
    ("correctness=0,idiomaticity=0,performance=0,best_practices=0", "above zero"),
])
def test_bad_weights(text, message):
    with pytest.raises(ValueError, match=message):
        parse_weights(text)


def test_weighted_score_renormalises_over_measured_dimensions():
    scores = [DimensionScore("correctness", 8.0, 0.4),
              DimensionScore("idiomaticity", None, 0.25),
              DimensionScore("performance", 10.0, 0.2),
              DimensionScore("best_practices", None, 0.15)]
    assert weighted_score(scores) == pytest.approx((8 * 0.4 + 10 * 0.2) / 0.6, abs=0.01)


def test_weighted_score_of_nothing_measured_is_none():
    assert weighted_score([DimensionScore("correctness", None, 0.4)]) is None


def test_only_correctness_measured_equals_correctness():
    scores = [DimensionScore("correctness", 6.67, 0.4), DimensionScore("idiomaticity", None, 0.25)]
    assert weighted_score(scores) == 6.67
