"""PHP: one ``php`` process per problem runs every case through a PHP harness; ``php -l``,
PHP_CodeSniffer (PSR-12) and PHPMD.

:func:`bundle` is what :func:`pytest_agentbench.languages.builtin_bundles` adds: the runner
(:mod:`.runner`, with :mod:`.source` reading declarations, :mod:`.prompt` writing PHP for the
task, :mod:`.toolchain` PHP, its settings and the harness files, :mod:`.diagnostics` what a
process could not report), the analysers (:mod:`.analysers`), the rule table (``rules.json``),
the workspace (:mod:`.layout`) and the harness (``support/``).
"""

from __future__ import annotations

from pathlib import Path

from ..bundle import LanguageBundle, with_lizard
from .diagnostics import fatal_error_events, out_of_memory_events, work_of
from .prompt import LIST_NOTE, TREE_NOTE, php_literal, php_string
from .runner import PhpRunner
from .source import Decl, declarations, doc_param_types, param_kind, read_params
from .toolchain import (
    HARNESS_DIR,
    INI,
    INSTALL_HINT,
    MIN_VERSION,
    SUPPORT,
    SUPPORT_FILES,
    ini_args,
)

__all__ = [
    "HARNESS_DIR",
    "INI",
    "INSTALL_HINT",
    "LIST_NOTE",
    "MIN_VERSION",
    "SUPPORT",
    "SUPPORT_FILES",
    "TREE_NOTE",
    "Decl",
    "PhpRunner",
    "bundle",
    "declarations",
    "doc_param_types",
    "fatal_error_events",
    "ini_args",
    "out_of_memory_events",
    "param_kind",
    "php_literal",
    "php_string",
    "read_params",
    "work_of",
]

RULES = Path(__file__).with_name("rules.json")
COMMENTS = ("//", "#", "*", "/*")


def bundle() -> LanguageBundle:
    """The PHP language: runner, php -l, PHP_CodeSniffer, PHPMD and lizard, rules, a
    ``solution.php`` workspace."""
    from .analysers import PhpCodeSniffer, PhpLint, PhpMessDetector
    from .layout import php_layout

    return with_lizard(PhpRunner(), (PhpLint(), PhpCodeSniffer(), PhpMessDetector()), RULES,
                       php_layout, COMMENTS)
