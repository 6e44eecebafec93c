"""The JavaScript analysers: Biome (lint and format, the TypeScript runner's analyser, which
reads JavaScript too) and lizard.

Biome rather than ESLint: it implements ESLint's core rules and the common plugins' (unicorn,
sonar) under one rule namespace, in one native binary already pinned in ``package.json`` for
TypeScript, with Prettier's layout as its formatter; ESLint would add a second linter, a second
rule vocabulary and a formatter of its own, for no rule this table needs (``rules.json`` says
which Biome rules are on and what each costs). The Biome analyser is the TypeScript one
(:class:`pytest_agentbench.languages.typescript.analysers.Biome`): it neutralises ``biome-ignore``
comments, exports top-level names for the analysis (a plain ``function twoSum`` is the entry
point, not an unused function) and tries the accepted layouts.
"""

from __future__ import annotations

from ...analysis.base import Analyser


def javascript_analysers() -> tuple[Analyser, ...]:
    from ...analysis.lizard_tool import Lizard
    from ..typescript.analysers import Biome

    return (Biome(), Lizard())
