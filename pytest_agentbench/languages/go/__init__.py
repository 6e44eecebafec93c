"""Go: the go command offline, one build per problem, gofmt, go vet and staticcheck.

:func:`bundle` is what :func:`pytest_agentbench.languages.builtin_bundles` adds: the runner
(:mod:`.runner`, with :mod:`.source` reading declarations, :mod:`.prompt` writing Go for the
task, :mod:`.codegen` the generated entry, :mod:`.toolchain`, :mod:`.diagnostics` and
:mod:`.project` for Exercism exercises), the analysers (:mod:`.analysers`), the rule table
(``rules.json``), the workspace (:mod:`.layout`) and the harness sources (``harness/``).
"""

from __future__ import annotations

from pathlib import Path

from ..bundle import LanguageBundle, with_lizard
from .codegen import LIST_TYPES, TREE_TYPES, instantiate, method_bindings
from .diagnostics import explain_fatal, explain_output_flood, solution_frames
from .prompt import go_literal
from .runner import GoRunner
from .source import (
    FuncDecl,
    TypeDecl,
    base_type_name,
    go_kind,
    parse_funcs,
    parse_types,
    result_types,
    split_params,
    strip_comments,
    type_param_names,
)
from .toolchain import build_cache, go_language_version, go_root, offline_go_env

__all__ = [
    "LIST_TYPES",
    "TREE_TYPES",
    "FuncDecl",
    "GoRunner",
    "TypeDecl",
    "base_type_name",
    "build_cache",
    "bundle",
    "explain_fatal",
    "explain_output_flood",
    "go_kind",
    "go_language_version",
    "go_literal",
    "go_root",
    "instantiate",
    "method_bindings",
    "offline_go_env",
    "parse_funcs",
    "parse_types",
    "result_types",
    "solution_frames",
    "split_params",
    "strip_comments",
    "type_param_names",
]

RULES = Path(__file__).with_name("rules.json")


def bundle() -> LanguageBundle:
    """The Go language: runner, gofmt, go vet, staticcheck and lizard, rules, a Go module
    workspace."""
    from .analysers import Gofmt, GoVet, Staticcheck
    from .layout import go_layout

    return with_lizard(GoRunner(), (Gofmt(), GoVet(), Staticcheck()), RULES, go_layout)
