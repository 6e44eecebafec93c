"""Scoring: one evaluator per dimension, and the weighting that combines them."""

from .evaluators import Correctness, EvalContext, Evaluator, NotMeasured, builtin_evaluators
from .weights import DEFAULT_WEIGHTS, parse_weights, weighted_score

__all__ = [
    "DEFAULT_WEIGHTS",
    "Correctness",
    "EvalContext",
    "Evaluator",
    "NotMeasured",
    "builtin_evaluators",
    "parse_weights",
    "weighted_score",
]
