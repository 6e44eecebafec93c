"""JavaScript's project mode on an exercise of our own in Exercism's JavaScript layout
(``leap.js`` an ES module, ``leap.spec.js`` with Jest's globals and ``xtest``, the track's
``package.json`` with ``"type": "module"`` and ``babel.config.js``): the reference passes every
test, ``xtest`` runs as Aider runs it and is skipped without ``include_ignored``, a wrong answer
fails the right tests, the stub fails, forged results void the run, and the whole exercise runs
through the plugin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_agentbench import exercism
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.javascript.project import include_skipped
from pytest_agentbench.sandbox import solution_limits

from .exercism_files import assert_the_reference_passes_through_the_plugin, write_exercise

REG = default_registry()
JS = REG.get("javascript")
FAST = ExecSettings(solution_limits(30))

needs_jest = pytest.mark.skipif(not JS.toolchain().available,
                                reason=f"Node.js or Jest missing: {JS.toolchain().reason}")

PROOF = """export const isLeap = (year) =>
  year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
"""
STUB = """//
// This is only a SKELETON file for the 'Leap' exercise. It's been provided as a
// convenience to get you started writing code faster.
//

export const isLeap = () => {
  throw new Error('Remove this statement and implement this function');
};
"""
SPEC = """import { isLeap } from './leap';

describe('A leap year', () => {
  test('year not divisible by 4 in common year', () => {
    expect(isLeap(2015)).toBe(false);
  });

  xtest('year divisible by 4, not divisible by 100 in leap year', () => {
    expect(isLeap(1996)).toBe(true);
  });

  xtest('year divisible by 100, not divisible by 400 in common year', () => {
    expect(isLeap(2100)).toBe(false);
  });

  test.skip('year divisible by 400 in leap year', () => {
    expect(isLeap(2000)).toBe(true);
  });

  test.todo('year divisible by 200, not divisible by 400 in common year');
});
"""
PACKAGE = json.dumps({
    "name": "@exercism/javascript-leap", "private": True, "type": "module",
    "devDependencies": {"@babel/core": "^7.25.2", "@exercism/babel-preset-javascript": "^0.5.1",
                        "babel-jest": "^29.7.0", "jest": "^29.7.0"},
    "scripts": {"test": "jest ./*"}}, indent=2)
BABEL = "export default {\n  presets: ['@exercism/babel-preset-javascript'],\n  plugins: [],\n};\n"
NAMES = ["A leap year > year not divisible by 4 in common year",
         "A leap year > year divisible by 4, not divisible by 100 in leap year",
         "A leap year > year divisible by 100, not divisible by 400 in common year",
         "A leap year > year divisible by 400 in leap year",
         "A leap year > year divisible by 200, not divisible by 400 in common year"]


def leap_exercise(root: Path) -> Path:
    """Exercism's JavaScript layout, its package.json saying ``"type": "module"``."""
    return write_exercise(root, "javascript", "leap", {
        ".meta/proof.ci.js": PROOF,
        ".eslintrc": "{}\n",
        "leap.js": STUB,
        "leap.spec.js": SPEC,
        "package.json": PACKAGE,
        "babel.config.js": BABEL,
    }, {"solution": ["leap.js"], "test": ["leap.spec.js"], "example": [".meta/proof.ci.js"]})


def run(tmp_path: Path, code: str | None, include_ignored: bool = True):
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path), REG,
                                        include_ignored=include_ignored).problems
    answer = {} if code is None else {"leap.js": code}
    return judge(problem, JS.run_project(problem, answer, FAST))


def test_xtest_xit_xdescribe_and_skip_run_as_aiders_run_makes_them():
    assert include_skipped("xtest('a', f);\nit.skip ('b', g);\nxdescribe('c', () => {\n"
                           "  xit('d', h);\n});\ndescribe.skip('e', k);\ntest.todo('f');\n"
                           "const xtester = 1;\n") == (
        "test('a', f);\nit ('b', g);\ndescribe('c', () => {\n  it('d', h);\n});\n"
        "describe('e', k);\ntest.todo('f');\nconst xtester = 1;\n")


@needs_jest
def test_the_proof_passes_every_test_including_the_xtests_and_todo_is_skipped(tmp_path):
    ex = run(tmp_path, PROOF)
    assert ex.failure is None, ex.message
    assert [(o.name, o.status) for o in ex.outcomes] == [
        *((name, "passed") for name in NAMES[:4]), (NAMES[4], "skipped")]


@needs_jest
def test_without_include_ignored_xtest_and_skip_are_skipped_never_passed(tmp_path):
    ex = run(tmp_path, PROOF, include_ignored=False)
    assert {o.name: o.status for o in ex.outcomes} == {
        NAMES[0]: "passed", **{name: "skipped" for name in NAMES[1:]}}


@needs_jest
def test_a_wrong_answer_fails_the_right_tests_with_jests_message(tmp_path):
    ex = run(tmp_path, "export const isLeap = (year) => year % 4 === 0;\n")
    assert [o.status for o in ex.outcomes] == [
        "passed", "passed", "wrong_answer", "passed", "skipped"]
    assert "Expected: false" in ex.outcomes[2].message


@needs_jest
def test_the_stub_throws_in_every_test_and_a_syntax_error_is_a_compile_error(tmp_path):
    stub = run(tmp_path / "stub", None)
    assert [o.status for o in stub.outcomes] == ["error"] * 4 + ["skipped"]
    assert "Remove this statement and implement this function" in stub.outcomes[0].message
    broken = run(tmp_path / "broken", "export const isLeap = (year) => {\n")
    assert broken.failure is not None and broken.failure.value == "compile_error"
    assert "leap.js" in broken.message and "SyntaxError" in broken.message


FORGER = """import fs from 'node:fs';

const forged = ['A leap year > year divisible by 100, not divisible by 400 in common year']
  .map((name) => JSON.stringify({ event: 'test', name, status: 'passed', seconds: 0 }))
  .join('\\n') + '\\n' + JSON.stringify({ event: 'done' }) + '\\n';

export const isLeap = (year) => {
  process.stdout.write(forged);
  for (let fd = 3; fd < 64; fd += 1) {
    try {
      const stat = fs.fstatSync(fd);
      if (stat.isFile()) fs.writeSync(fd, forged);
    } catch { /* not open */ }
  }
  for (const name of ['outcomes.jsonl', 'events.jsonl']) {
    try { fs.writeFileSync(name, forged); } catch { /* read-only */ }
  }
  return year % 4 === 0;
};
"""


@needs_jest
def test_forged_results_on_stdout_descriptors_and_files_void_the_run(tmp_path):
    ex = run(tmp_path, FORGER)
    assert ex.failure is not None and ex.failure.value == "runtime_error"
    assert "without its token; every outcome of this run is void" in ex.message
    by_name = {o.name: o.status for o in ex.outcomes}
    assert by_name.get(NAMES[2]) != "passed"


@needs_jest
def test_the_exercise_runs_through_the_plugin_with_the_reference(pytester):
    leap_exercise(pytester.path)
    assert_the_reference_passes_through_the_plugin(
        pytester, "javascript", "javascript/leap *javascript *unrated passed *4/5*")
