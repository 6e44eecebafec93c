"""The built-in analysers of each language, for the built-in language bundles."""

from __future__ import annotations

from functools import cache

from .base import Analyser


@cache
def builtin_analysers() -> dict[str, tuple[Analyser, ...]]:
    """Language name -> its analysers (lizard's cyclomatic complexity for every language)."""
    from .lizard_tool import Lizard
    from .python_tools import Pylint, Ruff

    return {
        "python": (Ruff(), Pylint(), Lizard()),
    }
