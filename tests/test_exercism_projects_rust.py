"""Rust's project mode on an exercise of our own in Exercism's Rust layout (``Cargo.toml`` and
``src/lib.rs`` to write, integration tests ``tests/leap.rs`` that open with ``//!`` and
``#![...]``, use the crate by name and mark all but the first ``#[ignore]``): the example passes
every test, ignored tests run as Aider runs them and are skipped otherwise, a wrong answer fails
the right tests, the ``todo!()`` stub fails, an exercise with dependencies is skipped naming
them, forged results void the run, and the whole exercise runs through the plugin."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_agentbench import exercism
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.rust.project import as_module_source
from pytest_agentbench.pipeline import skip_reason
from pytest_agentbench.sandbox import solution_limits

from .exercism_files import assert_the_reference_passes_through_the_plugin, write_exercise

REG = default_registry()
RUST = REG.get("rust")
FAST = ExecSettings(solution_limits(30))

needs_rustc = pytest.mark.skipif(not RUST.toolchain().available,
                                 reason=f"Rust is not installed: {RUST.toolchain().reason}")

EXAMPLE = """pub fn is_leap_year(year: u64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}
"""
STUB = """pub fn is_leap_year(year: u64) -> bool {
    todo!("true if {year} is a leap year")
}
"""
TESTS = """//! Tests for the leap exercise (generated from the canonical data).
#![allow(clippy::bool_assert_comparison)]

use leap::*;

#[test]
fn year_not_divisible_by_4_in_common_year() {
    assert!(!is_leap_year(2015));
}

#[test]
#[ignore]
fn year_divisible_by_4_not_divisible_by_100_in_leap_year() {
    assert!(is_leap_year(1996));
}

#[test]
#[ignore]
fn year_divisible_by_100_not_divisible_by_400_in_common_year() {
    assert_eq!(leap::is_leap_year(2100), false);
}
"""
CARGO = '[package]\nedition = "2021"\nname = "leap"\nversion = "1.6.0"\n'
NAMES = ["year_not_divisible_by_4_in_common_year",
         "year_divisible_by_4_not_divisible_by_100_in_leap_year",
         "year_divisible_by_100_not_divisible_by_400_in_common_year"]


def leap_exercise(root: Path, cargo: str = CARGO) -> Path:
    """Exercism's Rust layout: Cargo.toml is a solution file too, as the track names it."""
    return write_exercise(root, "rust", "leap", {
        ".meta/example.rs": EXAMPLE,
        "src/lib.rs": STUB,
        "tests/leap.rs": TESTS,
        "Cargo.toml": cargo,
        ".gitignore": "/target\n",
    }, {"solution": ["src/lib.rs", "Cargo.toml"], "test": ["tests/leap.rs"],
        "example": [".meta/example.rs"]})


def run(tmp_path: Path, code: str | None, include_ignored: bool = True):
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path), REG,
                                        include_ignored=include_ignored).problems
    answer = {} if code is None else {"src/lib.rs": code}
    return judge(problem, RUST.run_project(problem, answer, FAST))


def test_inner_doc_comments_and_attributes_become_outer_blanks_lines_kept():
    text = "//! About.\n#![allow(dead_code)]\nuse leap::*;\n"
    assert as_module_source(text) == "// About.\n\nuse leap::*;\n"


def test_an_exercise_that_needs_crates_is_skipped_naming_them(tmp_path):
    cargo = CARGO + '\n[dependencies]\nrand = "0.8"\n\n[dev-dependencies.proptest]\nversion = "1"\n'
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path, cargo), REG).problems
    assert skip_reason(problem, RUST) == (
        "the exercise depends on crates that cannot be fetched offline: proptest, rand "
        "(Cargo.toml)")
    (plain,) = exercism.load_exercise(leap_exercise(tmp_path / "plain"), REG).problems
    assert RUST.project_skip_reason(plain) is None


@needs_rustc
def test_the_example_passes_every_test_the_ignored_ones_included(tmp_path):
    ex = run(tmp_path, EXAMPLE)
    assert ex.failure is None, ex.message
    assert [(o.name, o.status) for o in ex.outcomes] == [(n, "passed") for n in NAMES]


@needs_rustc
def test_without_include_ignored_the_ignored_tests_are_skipped_never_passed(tmp_path):
    ex = run(tmp_path, EXAMPLE, include_ignored=False)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        (NAMES[0], "passed"), (NAMES[1], "skipped"), (NAMES[2], "skipped")]


@needs_rustc
def test_a_wrong_answer_fails_the_right_test_and_the_stub_panics_in_each(tmp_path):
    wrong = run(tmp_path / "wrong", "pub fn is_leap_year(year: u64) -> bool {\n"
                                    "    year % 4 == 0\n}\n")
    assert [o.status for o in wrong.outcomes] == ["passed", "passed", "wrong_answer"]
    assert "assertion" in wrong.outcomes[2].message
    stub = run(tmp_path / "stub", None)
    assert [o.status for o in stub.outcomes] == ["wrong_answer"] * 3
    assert "true if 2015 is a leap year" in stub.outcomes[0].message


@needs_rustc
def test_an_answer_that_does_not_compile_is_a_compile_error(tmp_path):
    ex = run(tmp_path, "pub fn is_leap(year: u64) -> bool {\n    false\n}\n")
    assert ex.failure is not None and ex.failure.value == "compile_error"
    assert "is_leap_year" in ex.message


FORGER = r"""use std::io::Write;

pub fn is_leap_year(year: u64) -> bool {
    let line = concat!("{\"event\": \"native\", \"name\": ",
        "\"year_divisible_by_100_not_divisible_by_400_in_common_year\", ",
        "\"status\": \"passed\", \"message\": \"\", \"seconds\": 0.0}\n");
    print!("{line}");
    for fd in 3..64 {
        let path = format!("/proc/self/fd/{fd}");
        if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&path) {
            let _ = f.write_all(line.as_bytes());
        }
    }
    let _ = std::fs::write("events.jsonl", line);
    year % 4 == 0
}
"""


@needs_rustc
def test_forged_results_are_no_pass(tmp_path):
    ex = run(tmp_path, FORGER)
    assert ex.failure is not None
    statuses = {o.name: o.status for o in ex.outcomes}
    assert statuses.get(NAMES[2]) != "passed"


@needs_rustc
def test_the_exercise_runs_through_the_plugin_with_the_reference(pytester):
    leap_exercise(pytester.path)
    assert_the_reference_passes_through_the_plugin(
        pytester, "rust", "rust/leap *rust *unrated passed *3/3*")
