"""Rust (rustc, no Cargo, standard library only), as one language bundle: the runner
(:mod:`.runner`), source reading (:mod:`.source`, :mod:`.types`), the generated harness entry
(:mod:`.codegen`, against the support crate ``harness/rust_harness.rs``) and timing glue
(:mod:`.timing`), prompts (:mod:`.prompts`), the toolchain (:mod:`.toolchain`), Exercism
projects (:mod:`.project`), the workspace (:mod:`.layout`), clippy and rustfmt
(:mod:`.analysers`) and the rule table (``rules.json``)."""

from __future__ import annotations

from pathlib import Path

from ..bundle import LanguageBundle, with_lizard
from .codegen import predefined_types
from .layout import rust_layout, rust_stub
from .prompts import rust_literal
from .runner import RustRunner, explain_abort
from .source import NativeTestFn, blank_literals, native_tests_of, scan_items
from .toolchain import find_rust_tools, sysroot_paths
from .types import parse_type, render

RULES = Path(__file__).with_name("rules.json")

__all__ = ["NativeTestFn", "RustRunner", "blank_literals", "bundle", "explain_abort",
           "find_rust_tools", "native_tests_of", "parse_type",
           "predefined_types", "render", "rust_layout", "rust_literal", "rust_stub",
           "scan_items", "sysroot_paths"]


def bundle() -> LanguageBundle:
    """The Rust language: runner, clippy, rustfmt and lizard, rules, a Cargo crate workspace."""
    from .analysers import Clippy, Rustfmt

    return with_lizard(RustRunner(), (Clippy(), Rustfmt()), RULES, rust_layout)
