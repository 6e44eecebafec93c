"""Languages, looked up by name or alias in a registry the plugin fills through hooks: each a
:class:`LanguageBundle` (its runner, analysers, rule table, workspace, comment syntax)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache, partial
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .base import ExecSettings, LanguageRunner, Toolchain
from .bundle import LanguageBundle, LazyBundle

if TYPE_CHECKING:
    from ..agents.workspace import LayoutMaker
    from .go import GoRunner
    from .java import JavaRunner
    from .php import PhpRunner
    from .python import PythonRunner
    from .ruby import RubyRunner
    from .rust import RustRunner
    from .typescript import TypeScriptRunner

__all__ = [
    "BUILTIN_LANGUAGES",
    "ExecSettings",
    "GoRunner",
    "JavaRunner",
    "LanguageBundle",
    "LanguageRegistry",
    "LanguageRunner",
    "LazyBundle",
    "PhpRunner",
    "PythonRunner",
    "RubyRunner",
    "RustRunner",
    "Toolchain",
    "TypeScriptRunner",
    "builtin_bundle",
    "builtin_bundles",
    "builtin_lazy_bundles",
    "builtin_runners",
    "default_registry",
]


# The built-in languages: name, package, and the aliases its runner declares (repeated here so
# that a name resolves without importing the package; a test holds the two equal).
BUILTIN_LANGUAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("python", "python", ("py", "python3", "py3", "python2", "ipython", "pycon")),
    ("go", "go", ("golang",)),
    ("ruby", "ruby", ("rb",)),
    ("php", "php", ("php8", "phtml")),
    ("rust", "rust", ("rs",)),
    ("java", "java", ()),
    ("typescript", "typescript", ("ts",)),
    ("javascript", "javascript", ("js", "node", "nodejs", "mjs", "cjs")),
    ("cpp", "cpp", ("c++", "cxx", "cc", "hpp")),
)
_RUNNER_EXPORTS = {"GoRunner": "go", "JavaRunner": "java", "PhpRunner": "php",
                   "PythonRunner": "python", "RubyRunner": "ruby", "RustRunner": "rust",
                   "TypeScriptRunner": "typescript"}


def __getattr__(name: str) -> Any:
    """The runner classes, imported on first use (a run pays only for its languages)."""
    if name in _RUNNER_EXPORTS:
        return getattr(import_module(f"{__name__}.{_RUNNER_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load_builtin(package: str) -> LanguageBundle:
    return import_module(f"{__name__}.{package}").bundle()  # type: ignore[no-any-return]


def builtin_lazy_bundles() -> list[LazyBundle]:
    """The built-in languages as names and aliases; each package (its runner, analysers,
    toolchain code) is imported the first time the run needs that language."""
    return [LazyBundle(name, aliases, partial(_load_builtin, package))
            for name, package, aliases in BUILTIN_LANGUAGES]


def builtin_runners() -> list[LanguageRunner]:
    """The runners of the built-in languages."""
    return [bundle.runner for bundle in builtin_bundles()]


def builtin_bundles() -> list[LanguageBundle]:
    """The built-in languages, each a package whose ``bundle()`` brings its runner, analysers,
    rule table, workspace and comment syntax, as a plugin's language does (all imported)."""
    return [lazy.load() for lazy in builtin_lazy_bundles()]


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

    def __init__(self, items: Iterable[LanguageRunner | LanguageBundle | LazyBundle] = ()
                 ) -> None:
        self._by_name: dict[str, LanguageBundle | LazyBundle] = {}
        self._loading = threading.Lock()  # items run ahead in threads may ask at once
        self._canonical: dict[str, str] = {}
        for item in items:
            self.add(item)

    def add(self, item: LanguageRunner | LanguageBundle | LazyBundle) -> None:
        """Add a language, replacing one of the same name; a bare runner keeps what the
        language it replaces brought (its analysers, workspace...)."""
        bundle: LanguageBundle | LazyBundle
        if isinstance(item, LanguageBundle | LazyBundle):
            bundle = item
        elif item.name in self._by_name:
            bundle = replace(self._loaded(item.name), runner=item)
        else:
            bundle = LanguageBundle(item)
        self._by_name[bundle.name] = bundle
        aliases = bundle.aliases if isinstance(bundle, LazyBundle) else bundle.runner.aliases
        for alias in (bundle.name, *aliases):
            self._canonical[alias.lower()] = bundle.name

    def _loaded(self, canonical: str) -> LanguageBundle:
        entry = self._by_name[canonical]
        if isinstance(entry, LanguageBundle):
            return entry
        with self._loading:  # one runner per language, however many threads ask first
            entry = self._by_name[canonical]
            if isinstance(entry, LazyBundle):
                entry = entry.load()
                if entry.name != canonical:
                    raise ValueError(f"the language bundle loaded for {canonical!r} is named "
                                     f"{entry.name!r}")
                self._by_name[canonical] = entry
            return entry

    def canonical(self, name: str) -> str | None:
        return self._canonical.get(name.strip().lower())

    def get(self, name: str) -> LanguageRunner:
        return self.bundle(name).runner

    def bundle(self, name: str) -> LanguageBundle:
        canonical = self.canonical(name)
        if canonical is None:
            known = ", ".join(sorted(self._by_name))
            raise KeyError(f"unknown language {name!r} (known: {known})")
        return self._loaded(canonical)

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def runners(self) -> list[LanguageRunner]:
        """Every language's runner (this imports every language)."""
        return [self._loaded(n).runner for n in self.names()]

    def bundles(self) -> list[LanguageBundle]:
        """Every language's bundle (this imports every language)."""
        return [self._loaded(n) for n in self.names()]

    def layouts(self) -> Mapping[str, LayoutMaker]:
        """The workspace layouts by language name, each language loaded when it is asked."""
        return _Layouts(self)


class _Layouts(Mapping[str, "LayoutMaker"]):
    def __init__(self, registry: LanguageRegistry) -> None:
        self._registry = registry

    def __getitem__(self, name: str) -> LayoutMaker:
        if self._registry.canonical(name) is None:
            raise KeyError(name)
        layout = self._registry.bundle(name).layout
        if layout is None:
            raise KeyError(name)
        return layout

    def __iter__(self) -> Iterator[str]:
        return iter([n for n in self._registry.names() if self._registry.bundle(n).layout])

    def __len__(self) -> int:
        return sum(1 for _ in self)


def default_registry() -> LanguageRegistry:
    return LanguageRegistry(builtin_lazy_bundles())
