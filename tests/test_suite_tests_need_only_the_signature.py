"""Every starter file is valid code, and every suite's tests depend on the signature alone.

An answer is the signature filled in; a test that calls a helper only the reference solution
defines (``go_medium_02``'s ``sign``) fails every correct answer that has no such helper, and a
signature that is not valid code (``php_medium_03``'s classes without their interface's
methods) makes an agent that keeps it fail. So each problem's cases and tests are run against
its starter file (the signature with bodies that raise or panic "not implemented"): they must
build, and what fails must be the stub, never a name the starter lacks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_agentbench.agents.workspace import layout_for
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.models import FailureKind
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.suite import load_suite

ROOT = Path(__file__).resolve().parents[1]
REG = default_registry()
SUITES = sorted((ROOT / "suites").glob("*_mini.json"))
# what each runtime says about a name that does not exist at all (not about a stub that raises,
# or returns nothing to call a method on): Python, PHP, Ruby; the compiled languages' tests
# do not build then, which is a compile error
UNDEFINED = re.compile(r"name '\w+' is not defined|Call to undefined function|"
                       r"Class \"?[\w\\]+\"? not found|undefined method `\w+' for main:Object|"
                       r"undefined local variable or method|uninitialized constant")


def _problems():
    for path in SUITES:
        for problem in load_suite(path, REG).problems:
            yield pytest.param(problem, id=problem.id)


@pytest.mark.parametrize("problem", list(_problems()))
def test_cases_and_tests_build_against_the_starter_alone(problem):
    runner = REG.get(problem.language)
    if not runner.toolchain().available:
        pytest.skip(f"{problem.language} toolchain not installed")
    starter = layout_for(problem.language, problem.signature_text, problem.entry_point,
                         maker=REG.bundle(problem.language).layout).starter_text
    ex = judge(problem, runner.run(problem, starter, ExecSettings(solution_limits(30))))
    assert ex.failure is not FailureKind.COMPILE_ERROR, ex.message
    named = [o.message for o in ex.outcomes if UNDEFINED.search(o.message or "")]
    assert not named, named[:3]
