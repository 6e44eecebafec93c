"""The built-in analysers of each language (imported once, on first use)."""

from __future__ import annotations

from . import register_analyser
from .lizard_tool import Lizard
from .python_tools import Pylint, Ruff

register_analyser("python", Ruff())
register_analyser("python", Pylint())
register_analyser("python", Lizard())
