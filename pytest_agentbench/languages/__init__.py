"""Languages, looked up by name or alias in a registry the plugin fills through hooks: each a
:class:`LanguageBundle` (its runner, analysers, rule table, workspace, comment syntax)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from .base import ExecSettings, LanguageRunner, Toolchain
from .bundle import LanguageBundle
from .go import GoRunner
from .java import JavaRunner
from .php import PhpRunner
from .python import PythonRunner
from .ruby import RubyRunner
from .rust import RustRunner
from .typescript import TypeScriptRunner

__all__ = [
    "ExecSettings",
    "GoRunner",
    "JavaRunner",
    "LanguageBundle",
    "LanguageRegistry",
    "LanguageRunner",
    "PhpRunner",
    "PythonRunner",
    "RubyRunner",
    "RustRunner",
    "Toolchain",
    "TypeScriptRunner",
    "builtin_bundle",
    "builtin_bundles",
    "builtin_runners",
    "default_registry",
]


def builtin_runners() -> list[LanguageRunner]:
    """The runners of the built-in languages."""
    return [bundle.runner for bundle in builtin_bundles()]


def builtin_bundles() -> list[LanguageBundle]:
    """The built-in languages, each a package whose ``bundle()`` brings its runner, analysers,
    rule table, workspace and comment syntax, as a plugin's language does."""
    from . import cpp, go, java, javascript, php, python, ruby, rust, typescript

    return [python.bundle(), go.bundle(), ruby.bundle(), php.bundle(), rust.bundle(),
            java.bundle(), typescript.bundle(), javascript.bundle(), cpp.bundle()]


@cache
def builtin_bundle(name: str) -> LanguageBundle | None:
    """The built-in language ``name`` (or an alias), None for a name none has: what the
    defaults of layouts, analysers, rules and comment syntax read for a language whose bundle
    the caller does not pass."""
    registry = default_registry()
    canonical = registry.canonical(name)
    return registry.bundle(canonical) if canonical is not None else None


class LanguageRegistry:
    """Languages by name; every alias (``py``, ``golang``, ...) finds the same one."""

    def __init__(self, items: Iterable[LanguageRunner | LanguageBundle] = ()) -> None:
        self._by_name: dict[str, LanguageBundle] = {}
        self._canonical: dict[str, str] = {}
        for item in items:
            self.add(item)

    def add(self, item: LanguageRunner | LanguageBundle) -> None:
        """Add a language, replacing one of the same name; a bare runner keeps what the
        language it replaces brought (its analysers, workspace...)."""
        if isinstance(item, LanguageBundle):
            bundle = item
        elif item.name in self._by_name:
            bundle = replace(self._by_name[item.name], runner=item)
        else:
            bundle = LanguageBundle(item)
        self._by_name[bundle.name] = bundle
        for alias in (bundle.name, *bundle.runner.aliases):
            self._canonical[alias.lower()] = bundle.name

    def canonical(self, name: str) -> str | None:
        return self._canonical.get(name.strip().lower())

    def get(self, name: str) -> LanguageRunner:
        return self.bundle(name).runner

    def bundle(self, name: str) -> LanguageBundle:
        canonical = self.canonical(name)
        if canonical is None:
            known = ", ".join(sorted(self._by_name))
            raise KeyError(f"unknown language {name!r} (known: {known})")
        return self._by_name[canonical]

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def runners(self) -> list[LanguageRunner]:
        return [self._by_name[n].runner for n in self.names()]

    def bundles(self) -> list[LanguageBundle]:
        return [self._by_name[n] for n in self.names()]


def default_registry() -> LanguageRegistry:
    return LanguageRegistry(builtin_bundles())
