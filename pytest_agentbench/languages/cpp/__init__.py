"""C++: g++ with Catch2 v2 and nlohmann/json from Debian, clang-tidy and clang-format.

:func:`bundle` is what :func:`pytest_agentbench.languages.builtin_bundles` adds: the runner
(:mod:`.runner`), the analysers (:mod:`.analysers`), the rule table (``rules.json``) and the
workspace (:func:`layout`, a ``solution.cpp`` holding the signature with stub bodies).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..bundle import LanguageBundle, with_lizard
from .runner import CppRunner
from .source import stub

if TYPE_CHECKING:
    from ...agents.workspace import Layout

__all__ = ["CppRunner", "bundle", "layout"]

RULES = Path(__file__).with_name("rules.json")


def layout(signature: str, entry_point: str, language: str) -> Layout:
    """The workspace: ``solution.cpp``, the signature with bodies that throw."""
    from ...agents.workspace import Layout

    return Layout(language, "solution.cpp", {"solution.cpp": stub(signature)},
                  (".cpp", ".cc", ".cxx", ".hpp", ".h"),
                  ("*_test.cpp", "test_*.cpp", "*_tests.cpp", "tests.cpp"),
                  "a C++20 source file compiled with g++")


def bundle() -> LanguageBundle:
    """The C++ language: runner, analysers, rule table, workspace and comment syntax."""
    from .analysers import ClangFormat, ClangTidy

    return with_lizard(CppRunner(), (ClangTidy(), ClangFormat()), RULES, layout)
