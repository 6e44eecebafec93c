"""Scoring: one evaluator per dimension, and the weighting that combines them."""

from .evaluators import Correctness, EvalContext, Evaluator, NotMeasured
from .performance import Performance
from .quality import QualityEvaluator
from .weights import DEFAULT_WEIGHTS, parse_weights, weighted_score


def builtin_evaluators() -> list[Evaluator]:
    return [
        Correctness(),
        QualityEvaluator("idiomaticity"),
        Performance(),
        QualityEvaluator("best_practices"),
    ]


__all__ = [
    "DEFAULT_WEIGHTS",
    "Correctness",
    "EvalContext",
    "Evaluator",
    "NotMeasured",
    "Performance",
    "QualityEvaluator",
    "builtin_evaluators",
    "parse_weights",
    "weighted_score",
]
