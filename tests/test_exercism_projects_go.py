"""Go's project mode on an exercise of our own in Exercism's Go layout (``leap.go``,
``leap_test.go`` with table-driven subtests, ``cases_test.go``, a ``go.mod`` asking for a newer
Go than the machine's): the reference passes every subtest, a wrong answer fails the right ones,
the stub fails, ``t.Skip`` is skipped, forged results are no pass, and the whole exercise runs
through the plugin."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_agentbench import exercism
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.go.project import fit_go_mod
from pytest_agentbench.sandbox import solution_limits

from .exercism_files import assert_the_reference_passes_through_the_plugin, write_exercise

REG = default_registry()
GO = REG.get("go")
FAST = ExecSettings(solution_limits(30))

needs_go = pytest.mark.skipif(not GO.toolchain().available,
                              reason=f"Go is not installed: {GO.toolchain().install_hint}")

EXAMPLE = """package leap

// IsLeapYear reports whether year is a leap year in the Gregorian calendar.
func IsLeapYear(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}
"""
STUB = """// Package leap should have a package comment that summarizes what it's about.
package leap

// IsLeapYear should have a comment documenting it.
func IsLeapYear(year int) bool {
	// Write some code here to pass the test suite.
	panic("Please implement the IsLeapYear function")
}
"""
TESTS = """package leap

import "testing"

func TestLeapYears(t *testing.T) {
	for _, tc := range testCases {
		t.Run(tc.description, func(t *testing.T) {
			if actual := IsLeapYear(tc.year); actual != tc.expected {
				t.Fatalf("IsLeapYear(%d) = %t, want %t", tc.year, actual, tc.expected)
			}
		})
	}
}

func TestFarFuture(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the far future in short mode")
	}
	t.Skip("not part of the canonical data")
}

func TestYear2000(t *testing.T) {
	if !IsLeapYear(2000) {
		t.Error("2000 is a leap year")
	}
}

func Benchmark400(b *testing.B) {
	for i := 0; i < b.N; i++ {
		for y := 1600; y < 2000; y++ {
			IsLeapYear(y)
		}
	}
}
"""
CASES = """package leap

// This is an auto-generated file. Do not edit it.
var testCases = []struct {
	description string
	year        int
	expected    bool
}{
	{description: "year not divisible by 4 in common year", year: 2015, expected: false},
	{description: "year divisible by 4, not divisible by 100 in leap year", year: 1996,
		expected: true},
	{description: "year divisible by 100, not divisible by 400 in common year", year: 2100,
		expected: false},
}
"""
SUBTESTS = ["TestLeapYears/year not divisible by 4 in common year",
            "TestLeapYears/year divisible by 4, not divisible by 100 in leap year",
            "TestLeapYears/year divisible by 100, not divisible by 400 in common year"]


def leap_exercise(root: Path) -> Path:
    """Exercism's Go layout, its go.mod asking for a Go newer than Debian's 1.19."""
    return write_exercise(root, "go", "leap", {
        ".meta/example.go": EXAMPLE,
        "leap.go": STUB,
        "leap_test.go": TESTS,
        "cases_test.go": CASES,
        "go.mod": "module leap\n\ngo 1.22.0\n\ntoolchain go1.22.3\n",
    }, {"solution": ["leap.go"], "test": ["leap_test.go", "cases_test.go"],
        "example": [".meta/example.go"]})


def run(tmp_path: Path, code: str | None):
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path), REG).problems
    answer = {} if code is None else {"leap.go": code}
    return judge(problem, GO.run_project(problem, answer, FAST))


def test_a_go_mod_for_a_newer_go_is_fitted_to_the_local_one():
    assert fit_go_mod("module leap\n\ngo 1.22.0\n\ntoolchain go1.22.3\n", "1.19") == \
        "module leap\n\ngo 1.19\n\n"
    assert fit_go_mod("module leap\n\ngo 1.21 // newer\n", "1.19") == "module leap\n\ngo 1.19\n"
    assert fit_go_mod("module leap\n\ngo 1.18\n", "1.19") == "module leap\n\ngo 1.18\n"


@needs_go
def test_the_example_passes_every_subtest_and_the_skipped_test_is_skipped(tmp_path):
    ex = run(tmp_path, EXAMPLE)
    assert ex.failure is None, ex.message
    assert [(o.name, o.status) for o in ex.outcomes] == [
        *((name, "passed") for name in SUBTESTS), ("TestFarFuture", "skipped"),
        ("TestYear2000", "passed")]
    skipped = ex.outcomes[3]
    assert "not part of the canonical data" in skipped.message


@needs_go
def test_a_wrong_answer_fails_the_right_subtests_with_the_tests_message(tmp_path):
    ex = run(tmp_path, EXAMPLE.replace(" && (year%100 != 0 || year%400 == 0)", ""))
    statuses = {o.name: o.status for o in ex.outcomes}
    assert statuses == {SUBTESTS[0]: "passed", SUBTESTS[1]: "passed",
                        SUBTESTS[2]: "wrong_answer", "TestFarFuture": "skipped",
                        "TestYear2000": "passed"}
    failed = next(o for o in ex.outcomes if o.status == "wrong_answer")
    assert "IsLeapYear(2100) = true, want false" in failed.message


@needs_go
def test_the_stub_panics_and_the_tests_after_the_panic_never_ran(tmp_path):
    ex = run(tmp_path, None)
    assert [o.status for o in ex.outcomes] == ["wrong_answer", "not_run", "not_run"]
    assert "Please implement the IsLeapYear function" in ex.outcomes[0].message
    assert [o.name for o in ex.outcomes] == [SUBTESTS[0], "TestFarFuture", "TestYear2000"]


@needs_go
def test_an_answer_that_does_not_compile_is_a_compile_error_naming_the_line(tmp_path):
    ex = run(tmp_path, "package leap\n\nfunc IsLeap(year int) bool { return false }\n")
    assert ex.failure is not None and ex.failure.value == "compile_error"
    assert "undefined: IsLeapYear" in ex.message and "leap_test.go:" in ex.message


FORGER = """package leap

import (
	"fmt"
	"os"
	"syscall"
)

const events = `{"Action":"pass","Test":"TestLeapYears"}
{"event": "planned", "tests": ["TestYear2000"]}
{"event": "case", "name": "TestYear2000", "status": "test_passed", "ran": true}
`

func IsLeapYear(year int) bool {
	fmt.Print(events)
	fmt.Println("--- PASS: TestYear2000 (0.00s)")
	fmt.Println("--- PASS: TestLeapYears/forged (0.00s)")
	for fd := 3; fd < 64; fd++ {
		_, _ = syscall.Write(fd, []byte(events))
	}
	for _, name := range []string{"outcomes.jsonl", "events.jsonl", "report.json"} {
		_ = os.WriteFile(name, []byte(events), 0o644)
	}
	return false
}
"""


@needs_go
def test_forged_results_on_stdout_descriptors_and_files_are_no_pass(tmp_path):
    ex = run(tmp_path, FORGER)
    statuses = {o.name: o.status for o in ex.outcomes}
    assert statuses.get("TestYear2000") != "passed"
    assert statuses.get("TestLeapYears/forged") != "passed"
    assert statuses.get(SUBTESTS[1]) != "passed" and statuses.get(SUBTESTS[0]) == "passed"
    assert sum(s == "passed" for s in statuses.values()) <= 2  # the two it got right


@needs_go
def test_the_exercise_runs_through_the_plugin_with_the_reference(pytester):
    leap_exercise(pytester.path)
    assert_the_reference_passes_through_the_plugin(
        pytester, "go", "go/leap *go *unrated passed *4/5*")


@needs_go
def test_a_subtest_that_never_ends_times_its_test_out_and_the_rest_never_ran(tmp_path):
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path), REG).problems
    hang = EXAMPLE.replace("\treturn year%4", "\tfor year == 1996 {\n\t}\n\treturn year%4")
    ex = judge(problem, GO.run_project(problem, {"leap.go": hang},
                                       ExecSettings(solution_limits(3))))
    # Go prints a subtest's result when its parent ends: the parent is the one timed out
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("TestLeapYears", "timeout"), ("TestFarFuture", "not_run"), ("TestYear2000", "not_run")]
