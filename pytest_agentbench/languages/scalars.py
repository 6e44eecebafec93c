"""JSON scalars as literals of a language, for the prompt printers (``php_literal``,
``ruby_literal``, ``ts_literal``): null, booleans, integers, floats and strings read alike in
those languages but for the names of null, NaN and infinity and the way strings are quoted;
containers, and types that change a scalar's form (a ``bigint``), stay each printer's own."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


def float_literal(value: float, nan: str, inf: str) -> str:
    """``value`` as a float literal: ``nan`` for NaN, ``inf`` or ``-inf`` for infinities,
    else Python's shortest round-tripping form."""
    if math.isnan(value):
        return nan
    if math.isinf(value):
        return inf if value > 0 else f"-{inf}"
    return repr(value)


def scalar_literal(value: Any, *, null: str, nan: str, inf: str,
                   string: Callable[[str], str]) -> str | None:
    """``value`` as a literal when it is None, a boolean, an integer, a float or a string
    (``true``/``false``, ``null`` for None, :func:`float_literal`, ``string`` quoting a
    string); None for anything else."""
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_literal(value, nan, inf)
    if isinstance(value, str):
        return string(value)
    return None
