"""What one language brings to the plugin, in one object a plugin returns from one hook.

A :class:`LanguageBundle` holds the language's runner and everything else the plugin needs to
know about it: the analysers behind idiomaticity and best practices, the rule table that files
their findings, the workspace a ``cmd:`` agent works in, and how a comment line starts (for
counting code lines). The built-in languages come through the same hook a user's
``conftest.py`` implements (``pytest_agentbench_language_bundles``), so a language a plugin
adds gets analysers, a real workspace and reports exactly as the built-in ones do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..agents.workspace import LayoutMaker
    from ..analysis.base import Analyser
    from .base import LanguageRunner

#: how a comment line starts in the C family's syntax (C++, Go, Java, JavaScript, Rust,
#: TypeScript)
C_COMMENTS = ("//", "*", "/*")


@dataclass(frozen=True)
class LanguageBundle:
    """One language: its runner and what scores and workspaces need to know about it.

    ``rules`` is the rule table's path (JSON, ``languages/python/rules.json`` shows the format);
    None means every finding counts against best practices. ``layout`` None gives a generic
    workspace (a starter file named after the runner's ``file_name``, holding the signature).
    """

    runner: LanguageRunner
    analysers: tuple[Analyser, ...] = ()
    rules: Path | None = None
    layout: LayoutMaker | None = None
    comments: tuple[str, ...] = ("#", "//")

    @property
    def name(self) -> str:
        return self.runner.name


@dataclass(frozen=True)
class LazyBundle:
    """A language known by name and aliases whose bundle is built by ``load`` the first time
    the run needs it, so a run imports only the languages it uses (the built-in ones come this
    way; a plugin's language may too). ``aliases`` must be the runner's own."""

    name: str
    aliases: tuple[str, ...]
    load: Callable[[], LanguageBundle]


def with_lizard(runner: LanguageRunner, analysers: tuple[Analyser, ...], rules: Path,
                layout: LayoutMaker, comments: tuple[str, ...] = C_COMMENTS) -> LanguageBundle:
    """A built-in language's bundle: its own analysers, then lizard (complexity, read alike
    in every language)."""
    from ..analysis.lizard_tool import Lizard

    return LanguageBundle(runner, (*analysers, Lizard()), rules, layout, comments)
