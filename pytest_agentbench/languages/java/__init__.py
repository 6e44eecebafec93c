"""Java: one JVM per problem compiles the solution in-process and runs every case and the
native tests; javac's lints and Checkstyle.

:func:`bundle` is what :func:`pytest_agentbench.languages.builtin_bundles` adds: the runner
(:mod:`.runner`, with :mod:`.source` reading declarations, :mod:`.prompt` writing Java for the
task, :mod:`.jvm` the JVM's options and the harness jar, :mod:`.toolchain` the JDK and
:mod:`.project` for Exercism exercises), the analysers (:mod:`.analysers`, in the long-lived JVM
of :mod:`.analysis_server`), the rule table (``rules.json``), the workspace (:mod:`.layout`)
and the support files (``support/``: the harness, the project harness, the analysis server,
``TreeNode``/``ListNode``, the CDS training run and ``checkstyle.xml``).
"""

from __future__ import annotations

from pathlib import Path

from ..bundle import LanguageBundle, with_lizard
from .jvm import (
    HARNESS_CLASS,
    HARNESS_JAR,
    HARNESS_SOURCES,
    JVM_OPTIONS,
    PREDEFINED,
    SOLUTION_FILE,
    SUPPORT,
    TESTS_FILE,
    TIMING_JVM_OPTIONS,
    TRAINING,
    WARMUP_CALLS,
    WARMUP_SECONDS,
    harness_build,
)
from .prompt import java_literal
from .runner import JavaRunner
from .source import (
    JavaMember,
    JavaType,
    blank_comments_and_strings,
    param_kind,
    parse_params,
    predefined_needed,
    read_records,
    read_types,
    type_arguments,
)
from .toolchain import INSTALL_HINT, MIN_JAVA, compile_jar, java_version, jdk_identity

__all__ = [
    "HARNESS_CLASS",
    "HARNESS_JAR",
    "HARNESS_SOURCES",
    "INSTALL_HINT",
    "JVM_OPTIONS",
    "MIN_JAVA",
    "PREDEFINED",
    "SOLUTION_FILE",
    "SUPPORT",
    "TESTS_FILE",
    "TIMING_JVM_OPTIONS",
    "TRAINING",
    "WARMUP_CALLS",
    "WARMUP_SECONDS",
    "JavaMember",
    "JavaRunner",
    "JavaType",
    "blank_comments_and_strings",
    "bundle",
    "compile_jar",
    "harness_build",
    "java_literal",
    "java_version",
    "jdk_identity",
    "param_kind",
    "parse_params",
    "predefined_needed",
    "read_records",
    "read_types",
    "type_arguments",
]

RULES = Path(__file__).with_name("rules.json")


def bundle() -> LanguageBundle:
    """The Java language: runner, javac's lints, Checkstyle and lizard, rules, a
    ``Solution.java`` workspace."""
    from .analysers import Checkstyle, JavacLint
    from .layout import java_layout

    return with_lizard(JavaRunner(), (JavacLint(), Checkstyle()), RULES, java_layout)
