"""The built-in analysers of each language, for the built-in language bundles."""

from __future__ import annotations

from functools import cache

from .base import Analyser


@cache
def builtin_analysers() -> dict[str, tuple[Analyser, ...]]:
    """Language name -> its analysers, for a built-in language that does not bring them in its
    bundle (every built-in language brings them now: the table is empty)."""
    return {}
