"""Language runners, looked up by name or alias in a registry the plugin fills through hooks."""

from __future__ import annotations

from collections.abc import Iterable

from .base import ExecSettings, LanguageRunner, Toolchain
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
    "LanguageRegistry",
    "LanguageRunner",
    "PhpRunner",
    "PythonRunner",
    "RubyRunner",
    "RustRunner",
    "Toolchain",
    "TypeScriptRunner",
    "builtin_runners",
    "default_registry",
]


def builtin_runners() -> list[LanguageRunner]:
    return [PythonRunner(), GoRunner(), RubyRunner(), PhpRunner(), RustRunner(), JavaRunner(),
            TypeScriptRunner()]


class LanguageRegistry:
    """Runners by language name; every alias (``py``, ``golang``, ...) finds the same runner."""

    def __init__(self, runners: Iterable[LanguageRunner] = ()) -> None:
        self._by_name: dict[str, LanguageRunner] = {}
        self._canonical: dict[str, str] = {}
        for runner in runners:
            self.add(runner)

    def add(self, runner: LanguageRunner) -> None:
        self._by_name[runner.name] = runner
        for alias in (runner.name, *runner.aliases):
            self._canonical[alias.lower()] = runner.name

    def canonical(self, name: str) -> str | None:
        return self._canonical.get(name.strip().lower())

    def get(self, name: str) -> LanguageRunner:
        canonical = self.canonical(name)
        if canonical is None:
            known = ", ".join(sorted(self._by_name))
            raise KeyError(f"unknown language {name!r} (known: {known})")
        return self._by_name[canonical]

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def runners(self) -> list[LanguageRunner]:
        return [self._by_name[n] for n in self.names()]


def default_registry() -> LanguageRegistry:
    return LanguageRegistry(builtin_runners())
