"""TypeScript: a strict type check by the real compiler (a compile server per pytest process),
then one Node.js process runs every case; the compiler's stricter checks and Biome.

:func:`bundle` is what :func:`pytest_agentbench.languages.builtin_bundles` adds: the runner
(:mod:`.runner`, with :mod:`.source` reading declarations, :mod:`.prompt` writing TypeScript
for the task, :mod:`.job` the harness's typed job, :mod:`.compiler` the compile server and the
harness build, :mod:`.native` node:test's outcomes, :mod:`.toolchain` the support files), the
analysers (:mod:`.analysers`), the rule table (``rules.json``), the workspace (:mod:`.layout`)
and the support files (``support/``). What it shares with JavaScript on Node.js (the runner
base, finding ``node`` and ``node_modules``) is :mod:`..node`; JavaScript (:mod:`..javascript`)
runs in the same harness and imports its typed helpers from here.
"""

from __future__ import annotations

from pathlib import Path

from ..bundle import LanguageBundle, with_lizard
from .compiler import CompileServer, built_harness, compile_server, server_enabled
from .job import typed_job
from .native import native_results
from .prompt import example_lines, result_literal, ts_call, ts_literal, variable_name
from .runner import TypeScriptRunner
from .source import (
    bare_type,
    class_members,
    matching,
    parse_params,
    read_class,
    split_top,
    strip_comments,
    ts_signature,
    type_kind,
    unwrap_promise,
)
from .toolchain import COMPILER, SUPPORT, toolchain_paths

__all__ = [
    "COMPILER",
    "SUPPORT",
    "CompileServer",
    "TypeScriptRunner",
    "bare_type",
    "built_harness",
    "bundle",
    "class_members",
    "compile_server",
    "example_lines",
    "matching",
    "native_results",
    "parse_params",
    "read_class",
    "result_literal",
    "server_enabled",
    "split_top",
    "strip_comments",
    "toolchain_paths",
    "ts_call",
    "ts_literal",
    "ts_signature",
    "type_kind",
    "typed_job",
    "unwrap_promise",
    "variable_name",
]

RULES = Path(__file__).with_name("rules.json")


def bundle() -> LanguageBundle:
    """The TypeScript language: runner, tsc's stricter checks, Biome and lizard, rules, a
    ``solution.ts`` workspace."""
    from .analysers import Biome, TscChecks
    from .layout import typescript_layout

    return with_lizard(TypeScriptRunner(), (TscChecks(), Biome()), RULES, typescript_layout)
