"""Rust's project mode: an Exercism exercise (``Cargo.toml``, ``src/lib.rs``,
``tests/leap.rs``) built with ``rustc`` as Cargo would build it, offline, without Cargo.

The crate (``src/lib.rs``) is compiled as a library under its package's name (``-`` as ``_``)
and edition; the integration tests (``tests/*.rs``, which use the crate by name: ``use
leap::*;`` or ``leap::is_leap_year(...)``) become the native tests of a binary linked with
it and with the runner's support library, so they run as native tests do: each test in a
process of its own, reported through the outcome channel. A test file's inner doc comments
and attributes (``//!``, ``#![...]``, which Exercism's generated tests open with) are made
outer ones' blanks, since the tests are a module there. ``#[ignore]`` tests run when
``include_ignored`` (``cargo test -- --include-ignored``, as Aider runs them) and are
``skipped`` otherwise. An exercise whose ``Cargo.toml`` names dependencies cannot build
offline: it is skipped with the crates it needs (:func:`skip_reason`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ...models import Problem

MANIFEST = "Cargo.toml"
LIBRARY = "src/lib.rs"
DEPENDENCY_TABLES = ("dependencies", "dev-dependencies", "build-dependencies")


_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"'-]+?)\s*=\s*(.*?)\s*$")


def manifest(problem: Problem) -> dict[str, dict[str, str]]:
    """The exercise's ``Cargo.toml``, read as far as this needs (Python 3.10 has no TOML
    reader): each table's keys and raw values; ``[dependencies.rand]`` counts as the key
    ``rand`` of ``dependencies``."""
    assert problem.project is not None
    text = problem.project.support.get(MANIFEST) or problem.project.stubs.get(MANIFEST, "")
    tables: dict[str, dict[str, str]] = {}
    table = ""
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            for kind in DEPENDENCY_TABLES:  # [dependencies.rand], [target.x.dependencies]
                if table.startswith(kind + "."):
                    tables.setdefault(kind, {})[table[len(kind) + 1:]] = ""
            continue
        key = _KEY.match(line)
        if key and not line.lstrip().startswith("#"):
            kind = table.rsplit(".", 1)[-1] if table.rsplit(".", 1)[-1] in DEPENDENCY_TABLES \
                else table
            tables.setdefault(kind, {})[key.group(1).strip("\"'")] = key.group(2)
    return tables


def _string(value: str | None) -> str | None:
    found = re.match(r"""^["']([^"']*)["']""", value or "")
    return found.group(1) if found else None


def skip_reason(problem: Problem) -> str | None:
    """Why the exercise cannot build offline: the crates its ``Cargo.toml`` depends on."""
    data = manifest(problem)
    crates = sorted({name for table in DEPENDENCY_TABLES for name in data.get(table, {})})
    if not crates:
        return None
    return ("the exercise depends on crates that cannot be fetched offline: "
            f"{', '.join(crates)} (Cargo.toml)")


def crate_name(problem: Problem) -> str:
    """The crate the tests use: the package's name, ``-`` as ``_`` (the slug without one)."""
    name = _string(manifest(problem).get("package", {}).get("name"))
    fallback = str(problem.extra.get("slug", "solution"))
    return re.sub(r"\W", "_", str(name or fallback).replace("-", "_"))


def edition(problem: Problem) -> str:
    value = _string(manifest(problem).get("package", {}).get("edition"))
    return value if value in ("2015", "2018", "2021", "2024") else "2015"


_INNER = re.compile(r"^([ \t]*)(//!|#!\[[^\n]*\][ \t]*$)", re.M)


def as_module_source(text: str) -> str:
    """Test source that can be a module's body after other items: ``//!`` comments as ``//``
    ones, one-line ``#![...]`` attributes blanked (line numbers kept)."""
    return _INNER.sub(lambda m: m.group(1) + ("//" if m.group(2) == "//!" else ""), text)


def test_source(problem: Problem) -> str:
    """The integration tests (``tests/*.rs``), as one module's body."""
    assert problem.project is not None
    files = [rel for rel in problem.project.tests if rel.endswith(".rs")]
    return "\n".join(as_module_source(problem.project.tests[rel]) for rel in files)


def as_native_problem(problem: Problem) -> Problem:
    """The exercise as a problem whose native tests are its integration tests (no cases),
    ``include_ignored`` as the project says."""
    assert problem.project is not None
    return replace(problem, cases=(), timing=None, native_tests=test_source(problem),
                   extra={**problem.extra, "include_ignored": problem.project.include_ignored})


def library_argv(rustc: str, problem: Problem, flags: list[str]) -> list[str]:
    """Compile the crate (``src/lib.rs``) as ``lib<crate>.rlib`` in its own edition;
    ``flags`` are the runner's, less its edition."""
    crate = crate_name(problem)
    rest = [f for i, f in enumerate(flags)
            if f != "--edition" and (i == 0 or flags[i - 1] != "--edition")]
    return [rustc, "--edition", edition(problem), *rest, "--cap-lints", "allow",
            "--crate-type", "lib", "--crate-name", crate, "-o", f"lib{crate}.rlib", LIBRARY]


def work_paths(work: Path, problem: Problem) -> list[str]:
    """``--extern`` for the crate the tests link with."""
    crate = crate_name(problem)
    return ["--extern", f"{crate}={work / f'lib{crate}.rlib'}"]
