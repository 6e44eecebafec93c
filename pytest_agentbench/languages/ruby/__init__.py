"""Ruby: one ``ruby`` process per problem runs every case through a harness; RuboCop and the
interpreter's own warnings.

:func:`bundle` is what :func:`pytest_agentbench.languages.builtin_bundles` adds: the runner
(:mod:`.runner`, with :mod:`.source` reading signatures and their YARD tags, :mod:`.prompt`
writing Ruby for the task, :mod:`.toolchain` the interpreter's directories and the support
files), the analysers (:mod:`.analysers`), the rule table (``rules.json``), the workspace
(:mod:`.layout`) and the harness sources (``support/``).
"""

from __future__ import annotations

from pathlib import Path

from ..bundle import LanguageBundle, with_lizard
from .prompt import (
    BINARY_OPERATORS,
    UNARY_OPERATORS,
    arguments,
    keyword_arguments,
    method_call,
    ruby_literal,
    ruby_string,
    variable_name,
)
from .runner import STACK_WRAPPER, MiB, RubyRunner
from .source import def_params, outline, param_kind, split_params
from .toolchain import SUPPORT, ruby_dirs, support_file, toolchain_dirs

__all__ = [
    "BINARY_OPERATORS",
    "STACK_WRAPPER",
    "SUPPORT",
    "UNARY_OPERATORS",
    "MiB",
    "RubyRunner",
    "arguments",
    "bundle",
    "def_params",
    "keyword_arguments",
    "method_call",
    "outline",
    "param_kind",
    "ruby_dirs",
    "ruby_literal",
    "ruby_string",
    "split_params",
    "support_file",
    "toolchain_dirs",
    "variable_name",
]

RULES = Path(__file__).with_name("rules.json")
COMMENTS = ("#",)


def bundle() -> LanguageBundle:
    """The Ruby language: runner, RuboCop, ``ruby -wc`` and lizard, rules, a ``solution.rb``
    workspace."""
    from .analysers import RuboCop, RubyWarnings
    from .layout import ruby_layout

    return with_lizard(RubyRunner(), (RuboCop(), RubyWarnings()), RULES, ruby_layout, COMMENTS)
