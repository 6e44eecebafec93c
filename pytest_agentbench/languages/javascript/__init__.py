"""JavaScript (Node.js 20, ES modules or CommonJS, Jest for native tests), as one language
bundle: the runner (:mod:`.runner`), its signature reader (:mod:`.source`), Jest
(:mod:`.jest`), the workspace (:mod:`.layout`), the analysers (:mod:`.analysers`) and the
rule table (``rules.json``)."""

from __future__ import annotations

from pathlib import Path

from ..bundle import C_COMMENTS, LanguageBundle
from .analysers import javascript_analysers
from .layout import javascript_layout
from .runner import JavaScriptRunner

RULES = Path(__file__).with_name("rules.json")

__all__ = ["JavaScriptRunner", "bundle"]


def bundle() -> LanguageBundle:
    """The JavaScript language: runner, Biome and lizard, rules, ``solution.js`` workspace."""
    return LanguageBundle(JavaScriptRunner(), javascript_analysers(), RULES, javascript_layout,
                          C_COMMENTS)
