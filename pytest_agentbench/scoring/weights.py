"""Dimension weights: defaults, parsing ``name=value,...`` and the renormalised weighted score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..models import DimensionScore

DEFAULT_WEIGHTS: dict[str, float] = {
    "correctness": 0.40,
    "idiomaticity": 0.25,
    "performance": 0.20,
    "best_practices": 0.15,
}


def parse_weights(text: str, known: Iterable[str] | None = DEFAULT_WEIGHTS) -> dict[str, float]:
    """``"correctness=0.5,idiomaticity=0.2"`` -> weights; unnamed dimensions keep their default.

    Raises ValueError for an unknown name (unless ``known`` is None: the plugin checks names
    against the evaluators in use, a user's included), a value that is not a number, or a
    negative weight.
    """
    known = list(known) if known is not None else None
    weights = dict(DEFAULT_WEIGHTS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep:
            raise ValueError(f"{part!r} is not name=value")
        if known is not None and name not in known:
            raise ValueError(f"unknown dimension {name!r} (known: {', '.join(known)})")
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"weight of {name!r} is not a number: {value.strip()!r}") from None
        if number < 0 or number != number:
            raise ValueError(f"weight of {name!r} must not be negative: {number}")
        weights[name] = number
    if not any(weights.values()):
        raise ValueError("at least one weight must be above zero")
    return weights


def weighted_score(scores: Iterable[DimensionScore]) -> float | None:
    """Weighted mean over the dimensions that were measured (n/a ones are left out); 0 for a
    worthless answer (no code, not compiling, no case passed), whatever else was measured."""
    scores = list(scores)
    if any(s.name == "correctness" and s.details.get("worthless") for s in scores):
        return 0.0
    measured = [s for s in scores if s.score is not None and s.weight > 0]
    total = sum(s.weight for s in measured)
    if not measured or total == 0:
        return None
    return round(sum((s.score or 0.0) * s.weight for s in measured) / total, 2)


def normalised(weights: Mapping[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {k: v / total for k, v in weights.items()} if total else dict(weights)
