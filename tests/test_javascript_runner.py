"""The JavaScript runner end to end on plain data: a syntax check and one Node.js process per
problem (the TypeScript harness), one outcome per case and per Jest test; either module
system; JSDoc types; Biome's findings."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from pytest_agentbench.agents.workspace import layout_for
from pytest_agentbench.analysis import analyse
from pytest_agentbench.analysis.rules import load_rules
from pytest_agentbench.extract import extract_solution
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.javascript import RULES
from pytest_agentbench.languages.javascript.jest import jest_results
from pytest_agentbench.languages.javascript.source import (
    is_module,
    typed_source,
    with_exposed,
)
from pytest_agentbench.models import ProcessResult
from pytest_agentbench.prompt import render_example, render_prompt
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.suite import load_suite

from .helpers import assert_mini_suite_shape, write_suite

REG = default_registry()
BUNDLE = REG.bundle("javascript")
JS = BUNDLE.runner
FAST = ExecSettings(solution_limits(10))
SHORT = ExecSettings(solution_limits(3))
SUITE = Path(__file__).resolve().parent.parent / "suites" / "javascript_mini.json"

pytestmark = pytest.mark.skipif(
    not JS.toolchain().available,
    reason=f"JavaScript toolchain not installed ({JS.toolchain().reason}); install it with: "
           f"{JS.toolchain().install_hint}",
)

ADD_SIG = ("/**\n * @param {number} a\n * @param {number} b\n * @returns {number}\n */\n"
           "function add(a, b)")


def problem(id_, signature, cases=(), native=None, **extra):
    data = {"id": id_, "difficulty": "easy", "description": "d", "signature": signature,
            "test_cases": list(cases), **extra}
    if native:
        data["native_tests"] = native
    return data


ACCOUNT_SIG = """class Account {
  /**
   * @param {string} owner
   * @param {number} balance
   */
  constructor(owner, balance = 0)
  /**
   * @param {number} amount
   * @returns {number}
   */
  withdraw(amount)
  /** @returns {number} */
  get balance()
}"""

NATIVE = """\
import { add } from "./solution";

describe("add", () => {
  test("small", () => {
    expect(add(1, 2)).toBe(3);
  });
  it("negative", () => {
    expect(add(-1, -2)).toBe(-3);
  });
});
"""

SKIPS = """\
const { add } = require("./solution");

test("runs", () => {
  expect(add(1, 2)).toBe(3);
});
xtest("xtest is skipped", () => {
  expect(add(1, 1)).toBe(2);
});
test.skip("test.skip is skipped", () => {
  expect(add(2, 2)).toBe(4);
});
test.todo("todo is skipped");
describe.skip("a skipped block", () => {
  it("inner", () => {
    expect(add(0, 0)).toBe(0);
  });
});
"""

PROBLEMS = [
    problem("add", ADD_SIG, [{"args": [1, 2], "expected": 3}, {"args": [-1, 1], "expected": 0},
                             {"args": [0, 0], "expected": 0}]),
    problem("checked", "/** @param {number} x */\nfunction checkedSqrt(x)", [
        {"args": [4], "expected": 2}, {"args": [-1], "raises": "DomainError"}]),
    problem("later", "/**\n * @param {number} ms\n * @param {string} value\n"
                     " * @returns {Promise<string>}\n */\nasync function later(ms, value)",
            [{"args": [1, "a"], "expected": "a"}, {"args": [0, ""], "expected": ""}]),
    problem("typed", "/**\n * @param {Set<number>} items\n * @param {Map<string, number>} m\n"
                     " * @param {bigint} big\n * @returns {[string, boolean, string]}\n */\n"
                     "function describe(items, m, big)",
            [{"args": [[1, 2, 2], {"a": 1}, 123456789012345678901],
              "expected": ["Set 2", True, "123456789012345678902"]}]),
    problem("depth", "/**\n * @param {TreeNode | null} root\n * @returns {number}\n */\n"
                     "function maxDepth(root)",
            [{"args": [[3, 9, 20, None, None, 15, 7]], "expected": 3},
             {"args": [[]], "expected": 0}]),
    problem("account", ACCOUNT_SIG, [
        {"init": ["ann", 50], "calls": [{"method": "withdraw", "args": [30], "expected": 20},
                                         {"method": "balance", "expected": 20},
                                         {"method": "withdraw", "args": [100],
                                          "raises": "RangeError"}]},
        {"init": ["bob"], "calls": [{"method": "balance", "expected": 0}]}]),
    problem("native", ADD_SIG, [{"args": [1, 2], "expected": 3}], NATIVE),
    problem("only_native", ADD_SIG, [], NATIVE),
    problem("skips", ADD_SIG, [], SKIPS),
]

ADD_PLAIN = "function add(a, b) {\n  return a + b;\n}\n"
ADD_ESM = "export function add(a, b) {\n  return a + b;\n}\n"
ADD_CJS = "const add = (a, b) => a + b;\n\nmodule.exports = { add };\n"
ACCOUNT = """\
export class Account {
  #balance;

  constructor(owner, balance = 0) {
    this.owner = owner;
    this.#balance = balance;
  }

  withdraw(amount) {
    if (amount > this.#balance) {
      throw new RangeError("insufficient funds");
    }
    this.#balance -= amount;
    return this.#balance;
  }

  get balance() {
    return this.#balance;
  }
}
"""


@pytest.fixture(scope="module")
def problems(tmp_path_factory):
    path = write_suite(tmp_path_factory.mktemp("js"), "js.json",
                       {"language": "javascript", "tests": PROBLEMS})
    return {p.id: p for p in load_suite(path, REG).problems}


def run(problem, code, settings=FAST):
    return judge(problem, JS.run(problem, code, settings))


def statuses(ex):
    return [o.status for o in ex.outcomes]


# ---------------------------------------------------------------- reading JavaScript


def test_signatures_take_their_types_from_jsdoc(problems):
    typed = problems["typed"].signature
    assert [p.type for p in typed.params] == ["Set<number>", "Map<string, number>", "bigint"]
    assert typed.returns == "[string, boolean, string]"
    assert problems["later"].signature.is_async
    assert problems["depth"].signature.params[0].kind == "tree"
    account = problems["account"].signature
    assert account.kind == "class" and [p.name for p in account.params] == ["owner", "balance"]
    assert not account.params[1].required
    sig = JS.read_signature("/**\n * @param {Array.<number>} xs\n * @param {?string} name\n"
                            " * @param {number=} n\n * @param {...string} rest\n"
                            " * @returns {Object.<string, *>}\n */\n"
                            "function f(xs, name, n, ...rest)", None)
    assert [(p.type, p.required) for p in sig.params] == [
        ("Array<number>", True), ("string | null", True), ("number", False),
        ("...(string)[]", False)]
    assert sig.returns == "Record<string, any>"
    with pytest.raises(ValueError, match="JavaScript"):
        JS.read_signature("const x = 1;", None)


def test_typed_source_leaves_undocumented_code_alone():
    text = "function f(a, b) {}\n/** not a tag */\nclass C {}\n"
    assert typed_source(text) == text


def test_module_system_and_exposed_names():
    assert is_module(ADD_ESM) and is_module('import fs from "node:fs";\nfunction f() {}\n')
    assert not is_module(ADD_CJS) and not is_module(ADD_PLAIN)
    assert not is_module("// export function f() {}\nconst s = 'import x';\n")
    esm = with_exposed('import fs from "node:fs";\nfunction add() {}\nfunction sub() {}\n'
                       "export { sub };\n", ["add", "sub", "missing"])
    assert esm.endswith(";export { add };\n")
    assert with_exposed(ADD_ESM, ["add"]) == ADD_ESM
    cjs = with_exposed(ADD_PLAIN, ["add"])
    assert cjs.startswith(ADD_PLAIN) and "module.exports.add = add" in cjs
    assert len(cjs.splitlines()) == len(ADD_PLAIN.splitlines()) + 1  # lines keep numbers


def test_extraction_finds_javascript_blocks(problems):
    p = problems["add"]
    for fence in ("javascript", "js", "node", "mjs", "cjs"):
        answer = f"Here:\n```{fence}\n{ADD_PLAIN}```\n"
        solution = extract_solution(answer, JS, p.entry_point, REG)
        assert solution is not None and "return a + b" in solution.code, fence
    assert JS.defines("exports.add = (a, b) => a + b;\n", "add")
    assert JS.defines(ADD_CJS, "add") and not JS.defines(ADD_CJS, "sub")
    assert JS.looks_like_code(ADD_CJS) and not JS.looks_like_code("This is how it works here.")


def test_the_starter_parses_and_runs_into_not_implemented(problems):
    for pid in ("add", "account", "later"):
        p = problems[pid]
        starter = layout_for("javascript", p.signature_text, p.entry_point,
                             maker=BUNDLE.layout).starter_text
        assert 'throw new Error("not implemented");' in starter
        ex = run(p, starter)
        assert ex.failure is None or ex.failure.value != "compile_error", ex.message
        assert "not implemented" in ex.outcomes[0].message


def test_prompt_uses_javascript_literals_and_instructions(problems):
    p = problems["typed"]
    assert render_example(p, p.cases[0], JS) == (
        'describe(new Set([1, 2, 2]), new Map([["a", 1]]), 123456789012345678901n)'
        '  // -> ["Set 2", true, "123456789012345678902"]')
    account = problems["account"]
    assert render_example(account, account.cases[0], JS) == (
        'const account = new Account("ann", 50);\n'
        "account.withdraw(30);  // -> 20\n"
        "account.balance;  // -> 20\n"
        "account.withdraw(100);  // throws RangeError")
    prompt = render_prompt(problems["native"], JS)
    assert "```javascript" in prompt and "module.exports" in prompt and "Jest" in prompt


# ---------------------------------------------------------------- running data cases


@pytest.mark.parametrize("code", [ADD_PLAIN, ADD_ESM, ADD_CJS,
                                  "exports.add = function add(a, b) {\n  return a + b;\n};\n",
                                  "export default function add(a, b) {\n  return a + b;\n}\n"])
def test_every_module_system_passes(problems, code):
    ex = run(problems["add"], code)
    assert statuses(ex) == ["passed"] * 3 and ex.failure is None, ex.message


def test_wrong_answer_has_expected_and_actual(problems):
    ex = run(problems["add"], "function add(a, b) {\n  return a - b;\n}\n")
    assert ex.failure.value == "wrong_answer"
    assert ex.outcomes[0].expected == "3" and ex.outcomes[0].actual == "-1"


@pytest.mark.parametrize("code", ["function add(a, b) {\n  return a +;\n}\n",
                                  "export function add(a, b) {\n  return a +;\n}\n"])
def test_syntax_error_is_a_compile_error_with_its_line(problems, code):
    ex = run(problems["add"], code)
    assert ex.failure.value == "compile_error"
    assert "solution.js:2" in ex.message and "SyntaxError" in ex.message


def test_thrown_errors_are_named_by_their_class(problems):
    code = ("class DomainError extends RangeError {}\n"
            "function checkedSqrt(x) {\n  if (x < 0) throw new DomainError('negative');\n"
            "  return Math.sqrt(x);\n}\n")
    ex = run(problems["checked"], code)
    assert statuses(ex) == ["passed", "passed"], ex.message
    ex = run(problems["checked"], "function checkedSqrt(x) {\n  throw new TypeError('no');\n}\n")
    assert ex.outcomes[1].status == "error" and "TypeError" in ex.outcomes[1].message


def test_missing_entry_point_and_errors_at_load(problems):
    ex = run(problems["add"], "function sum(a, b) {\n  return a + b;\n}\n")
    assert ex.failure.value == "runtime_error" and "does not define" in ex.message
    ex = run(problems["add"], "throw new Error('at load');\nfunction add(a, b) {}\n")
    assert ex.failure.value == "runtime_error" and "at load" in ex.message


def test_infinite_loop_times_out_keeping_finished_cases(problems):
    code = "function add(a, b) {\n  while (a === -1) {}\n  return a + b;\n}\n"
    ex = run(problems["add"], code, SHORT)
    assert statuses(ex) == ["passed", "timeout", "not_run"]


def test_async_typed_trees_and_classes(problems):
    later = ("const later = async (ms, value) => {\n"
             "  await new Promise((resolve) => setTimeout(resolve, ms));\n  return value;\n};\n"
             "module.exports = { later };\n")
    assert run(problems["later"], later).failure is None
    typed = ("function describe(items, m, big) {\n"
             "  return [`Set ${items.size}`, m instanceof Map, String(big + 1n)];\n}\n")
    ex = run(problems["typed"], typed)
    assert ex.failure is None, ex.message
    depth = ("function maxDepth(root) {\n"
             "  return root === null ? 0 : 1 + Math.max(maxDepth(root.left), maxDepth(root.right));"
             "\n}\n")
    assert run(problems["depth"], depth).failure is None
    ex = run(problems["account"], ACCOUNT)
    assert ex.failure is None, ex.message


def test_the_work_directory_is_read_only_and_tmpdir_is_writable(problems):
    code = ('import { writeFileSync } from "node:fs";\nimport { tmpdir } from "node:os";\n'
            "export function add(a, b) {\n"
            '  writeFileSync(`${tmpdir()}/scratch`, "ok");\n'
            "  try {\n    writeFileSync(\"here\", \"no\");\n    return 0;\n  } catch {\n"
            "    return a + b;\n  }\n}\n")
    ex = run(problems["add"], code)
    assert ex.failure is None, ex.message


# ---------------------------------------------------------------- native tests (Jest)


def test_jest_tests_give_one_outcome_each(problems):
    ex = run(problems["native"], ADD_ESM)
    assert [(o.name, o.status) for o in ex.outcomes[1:]] == [
        ("add > small", "passed"), ("add > negative", "passed")]
    ex = run(problems["only_native"], "module.exports.add = (a, b) => a - b;\n")
    failed = [o for o in ex.outcomes if o.status != "passed"]
    assert ex.failure.value == "wrong_answer" and len(failed) == 2
    assert "Expected: 3" in failed[0].message and "Received: -1" in failed[0].message


def test_skipped_and_todo_tests_are_skipped_never_passed(problems):
    ex = run(problems["skips"], ADD_PLAIN)
    got = {o.name: o.status for o in ex.outcomes}
    assert got == {"runs": "passed", "xtest is skipped": "skipped",
                   "test.skip is skipped": "skipped", "todo is skipped": "skipped",
                   "a skipped block > inner": "skipped"}
    assert ex.failure is None and ex.passed_count == 1
    wrong = run(problems["skips"], "function add(a, b) {\n  return a === 1 ? 3 : 0;\n}\n")
    assert wrong.passed_count == 1 and wrong.failure is None  # the skipped ones count nowhere


def test_a_solution_that_fails_to_load_under_jest_is_an_error(problems):
    ex = run(problems["only_native"], "throw new Error('boom');\nexport const add = 1;\n")
    assert ex.failure is not None and ex.passed_count == 0
    assert any("boom" in (o.message or "") for o in ex.outcomes) or "boom" in ex.message


FORGED = [{"event": "loaded"}, {"event": "start", "index": 0},
          {"event": "case", "index": 0, "status": "value", "value": 3, "seconds": 0.0},
          {"event": "test", "name": "add > small", "status": "passed", "seconds": 0.0},
          {"event": "done"}]


def forger() -> str:
    text = "".join(json.dumps(line) + "\n" for line in FORGED)
    return f"""\
const fs = require("node:fs");

function forge() {{
  const names = ["AGENTBENCH_TOKEN_FD", "AGENTBENCH_EVENTS_FD"];
  if (names.some((n) => process.env[n] !== undefined)) throw new Error("channel in env");
  for (let fd = 3; fd < 256; fd += 1) {{
    try {{
      if (fs.fstatSync(fd).isFile()) fs.writeSync(fd, {json.dumps(text)});
    }} catch {{
      // not open, or not writable
    }}
  }}
  process.exit(0);
}}

function add(a, b) {{
  forge();
  return a - b;
}}

module.exports = {{ add }};
"""


def test_forged_events_without_the_token_void_the_run(problems):
    for pid in ("add", "only_native"):
        ex = run(problems[pid], forger())
        assert ex.failure.value == "runtime_error", (pid, ex.message)
        assert "without its token" in ex.message and ex.passed_count == 0


def test_jest_results_from_events():
    ok = ProcessResult(0, 1.0)
    events = [{"event": "test_start", "name": "a"},
              {"event": "test", "name": "a", "status": "passed", "seconds": 0.01},
              {"event": "test", "name": "b", "status": "failed", "assertion": True,
               "message": "\x1b[31mExpected: 1\x1b[0m"},
              {"event": "test", "name": "c", "status": "failed", "message": "TypeError: x"},
              {"event": "test", "name": "d", "status": "failed",
               "message": "thrown: \"Exceeded timeout of 5000 ms for a test.\""},
              {"event": "test", "name": "e", "status": "pending"},
              {"event": "test", "name": "f", "status": "todo"},
              {"event": "test_start", "name": "g"}]
    got = [(n, s) for n, s, _, _ in jest_results([*events, {"event": "done"}], ok)]
    assert got == [("a", "passed"), ("b", "failed"), ("c", "error"), ("d", "timeout"),
                   ("e", "skipped"), ("f", "skipped"), ("g", "error")]
    assert jest_results(events, ok)[1][2] == "Expected: 1"
    killed = ProcessResult(None, 10.0, timed_out=True)
    assert jest_results(events, killed)[-1][:2] == ("g", "timeout")
    early = jest_results(events[:2], ok)
    assert early[-1][:2] == ("Jest", "error")
    assert jest_results([{"event": "file_error", "message": "SyntaxError"}, {"event": "done"}],
                        ok) == [("solution.test.js", "error", "SyntaxError", 0.0)]


# ---------------------------------------------------------------- the suite and timing


def _native_count(source: str) -> int:
    return len(re.findall(r"^\s*(?:test|it)\(\s*[\"'`]", source, re.M))


def test_the_suite_file():
    suite = load_suite(SUITE, REG)
    assert suite.language == "javascript" and len(suite.problems) == 12
    assert_mini_suite_shape(suite, JS, _native_count)


def test_the_suite_has_timing_inputs_with_two_sizes_or_says_why_not():
    problems = load_suite(SUITE, REG).problems
    timed = [p for p in problems if p.timing is not None]
    assert {p.id for p in timed} == {
        "javascript_easy_01", "javascript_easy_02", "javascript_easy_03", "javascript_easy_04",
        "javascript_medium_01", "javascript_medium_02", "javascript_medium_04",
        "javascript_hard_01", "javascript_hard_02"}
    for p in timed:
        assert len(p.timing.sizes) == 2 and all(s.n for s in p.timing.sizes), p.id
        assert (p.signature.kind == "class") == all(s.calls for s in p.timing.sizes), p.id
    assert all(p.extra.get("no_timing") for p in problems if p.timing is None)


def test_timing_mode_times_solution_and_reference():
    problem = next(p for p in load_suite(SUITE, REG).problems if p.id == "javascript_easy_02")
    quadratic = ("function moveZeros(nums) {\n  const out = [...nums];\n"
                 "  for (let i = out.length - 1; i >= 0; i--) {\n"
                 "    if (out[i] === 0) {\n      out.splice(i, 1);\n      out.push(0);\n    }\n"
                 "  }\n  return out;\n}\n")
    timing = JS.benchmark(problem, quadratic, problem.reference_solution, FAST)
    assert timing.error or timing.sizes
    if timing.sizes:
        size = timing.sizes[0]
        assert len(size.solution) == len(size.reference) == problem.timing.repeat
        assert sorted(size.solution)[len(size.solution) // 2] > sorted(size.reference)[
            len(size.reference) // 2]
    step = JS.run_step(Path("."), None)
    assert "--single-threaded" in step.argv


SORT_COPY_SIG = ("/**\n * @param {number[]} xs\n * @returns {number[]}\n */\n"
                 "function sortCopy(xs)")

#: counts its calls at each size (by the input's length) in its module, and throws past LIMIT
COUNTS_ITS_CALLS = """\
const calls = new Map();

export function sortCopy(xs) {
  const count = (calls.get(xs.length) ?? 0) + 1;
  calls.set(xs.length, count);
  if (count > LIMIT) throw new RangeError(`call ${count} at n=${xs.length}`);
  return [...xs].sort((a, b) => a - b);
}
"""


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory):
    timed = problem("two_sizes", SORT_COPY_SIG, [{"args": [[2, 1]], "expected": [1, 2]}],
                    timing={"sizes": [{"n": 4, "args": [[4, 3, 2, 1]]},
                                      {"n": 6, "args": [[6, 5, 4, 3, 2, 1]]}], "repeat": 3})
    path = write_suite(tmp_path_factory.mktemp("js"), "sizes.json",
                       {"language": "javascript", "tests": [timed]})
    return load_suite(path, REG).problems[0]


@pytest.mark.parametrize("module", ["es", "commonjs"])
def test_each_contender_is_a_module_of_its_own_timed_on_each_size(two_sizes, module):
    """Mechanics: at each size each contender makes ten warm-up calls (calls this short never
    reach the warm-up's 0.1 s) and one per round (3), 13 calls that its own module counts:
    the reference is loaded apart even with the same code, an ES module as a CommonJS one (a
    shared module would count 26), and a contender that throws is named."""
    counts = COUNTS_ITS_CALLS
    if module == "commonjs":
        counts = counts.replace("export function", "function") + "module.exports = { sortCopy };\n"
    exact = counts.replace("LIMIT", "13")
    result = JS.benchmark(two_sizes, exact, exact, FAST)
    assert result.error == ""
    assert [(s.n, len(s.solution), len(s.reference)) for s in result.sizes] == [(4, 3, 3),
                                                                               (6, 3, 3)]
    short = counts.replace("LIMIT", "12")
    assert JS.benchmark(two_sizes, exact, short, FAST).error == (
        "the reference raised RangeError: call 13 at n=4")


def test_an_endless_solution_is_cut_off_and_a_failing_one_named(two_sizes):
    """The watchdog ends a solution call past max(1 s, 25 times the reference's); a solution
    whose input was sorted in place by the reference would throw (each unit's own input)."""
    good = "function sortCopy(xs) {\n  return [...xs].sort((a, b) => a - b);\n}\n"
    endless = good.replace("  return", "  for (;;) {}\n  return")
    result = JS.benchmark(two_sizes, endless, good, FAST)
    assert result.cut and not result.timed_out and "25 times the reference" in result.error
    sorts = "function sortCopy(xs) {\n  return xs.sort((a, b) => a - b);\n}\n"
    checks = good.replace("  return", "  if (xs[0] < xs[1]) throw new RangeError(`${xs}`);\n"
                                      "  return")
    assert JS.benchmark(two_sizes, checks, sorts, FAST).error == ""
    assert JS.benchmark(two_sizes, sorts, checks, FAST).error == ""
    assert JS.benchmark(two_sizes, checks.replace("<", ">"), good, FAST).error.startswith(
        "the solution raised RangeError")


def _fewer_calls(problem, *ns):
    """A class problem of the suite with its own timing input at fewer calls (the same call
    generator with another n), two rounds at each size: the mechanics, quickly."""
    sizes = tuple(replace(size, label=f"n={n}", n=n, calls={**size.calls, "n": n})
                  for size, n in zip(problem.timing.sizes, ns, strict=True))
    return replace(problem, timing=replace(problem.timing, sizes=sizes, repeat=2))


def test_the_suite_s_class_problem_is_timed_as_its_construction_and_calls():
    """Mechanics only (no timing outcome): the LRU cache's timing input, a capacity and a
    generated sequence of set and get calls, is measured at both sizes; a method that
    throws stops timing."""
    problem = next(p for p in load_suite(SUITE, REG).problems if p.id == "javascript_medium_01")
    assert JS.supports_class_timing and problem.signature.kind == "class"
    assert all(s.init and s.calls["$gen"] == "cycle" for s in problem.timing.sizes)
    small = _fewer_calls(problem, 200, 1000)
    ref = small.reference_solution
    result = JS.benchmark(small, ref, ref, FAST)
    assert result.error == "" and [s.n for s in result.sizes] == [200, 1000]
    assert all(len(s.solution) == len(s.reference) == 2 for s in result.sizes)
    broken = ref.replace("  get(key) {", "  get(key) {\n    throw new RangeError('get');")
    assert "RangeError: get" in JS.benchmark(small, broken, ref, FAST).error


def test_a_generator_result_is_read_inside_the_timed_call(tmp_path):
    """A generator's work is timed: one that throws when read is an error, not a free call."""
    evens = problem("evens", "/**\n * @param {number} limit\n * @returns {Iterable<number>}\n */\n"
                    "function evens(limit)", [{"args": [3], "expected": [0, 2]}],
                    timing={"sizes": [{"n": 10, "args": [10]}], "repeat": 2})
    timed = load_suite(write_suite(tmp_path, "evens.json", {"language": "javascript",
                                                            "tests": [evens]}), REG).problems[0]
    good = "export function* evens(limit) {\n  for (let i = 0; i < limit; i += 2) yield i;\n}\n"
    assert JS.benchmark(timed, good, good, FAST).error == ""
    lazy = good.replace("for (let", "throw new RangeError('read');\n  for (let")
    assert "RangeError: read" in JS.benchmark(timed, lazy, good, FAST).error


# ---------------------------------------------------------------- analysers


def _analysed(code):
    missing = [a.name for a in BUNDLE.analysers if a.availability()[0] is None]
    if missing:
        pytest.skip(f"analysers not installed: {missing}")
    result = analyse("javascript", code, "solution.js", BUNDLE.analysers, load_rules(
        "javascript", RULES), BUNDLE.comments)
    assert not result.errors, result.errors
    return result


def test_biome_findings_split_between_idiom_and_practice():
    code = ('var fs = require("fs");\n\nfunction total(items) {\n  var sum = 0;\n'
            "  for (var i = 0; i < items.length; i++) {\n    if (items[i] != 0) {\n"
            "      sum = sum + items[i];\n    }\n  }\n  console.log(\"sum \" + sum);\n"
            "  return sum;\n}\n\nmodule.exports = { total };\n")
    found = {(f.rule, f.dimension) for f in _analysed(code).findings}
    assert ("suspicious/noVar", "idiomaticity") in found
    assert ("style/useNodejsImportProtocol", "idiomaticity") in found
    assert ("style/useTemplate", "idiomaticity") in found
    assert ("suspicious/noDoubleEquals", "best_practices") in found
    assert ("suspicious/noConsole", "best_practices") in found
    assert ("correctness/noInnerDeclarations", "best_practices") in found  # var in a block


def test_idiomatic_javascript_has_no_findings_in_either_module_system():
    esm = ('import { readFileSync } from "node:fs";\n\n/**\n * Lines of a file.\n'
           " * @param {string} path\n * @returns {string[]}\n */\n"
           "export function lines(path) {\n"
           '  return readFileSync(path, "utf8").split("\\n");\n}\n')
    assert _analysed(esm).findings == ()
    cjs = esm.replace('import { readFileSync } from "node:fs";',
                      'const { readFileSync } = require("node:fs");').replace(
        "export function", "function") + "\nmodule.exports = { lines };\n"
    assert _analysed(cjs).findings == ()
    semicolonless = "function add(a, b) {\n  return a + b\n}\n"  # a layout Prettier offers
    assert _analysed(semicolonless).findings == ()


def test_rule_table_severities_and_stub_rules():
    table = load_rules("javascript", RULES)
    assert table.classify("biome", "format").severity == "nit"
    assert table.classify("biome", "suspicious/noDoubleEquals").severity == "risk"
    assert table.classify("biome", "suspicious/noLoopFunc") is None
    assert table.stub_only("biome", "correctness/noUnusedFunctionParameters")
    assert table.classify("lizard", "CCN").dimension == "best_practices"


def test_missing_toolchain_is_reported_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv("AGENTBENCH_NODE_MODULES", str(tmp_path))
    tc = JS.toolchain()
    assert not tc.available and "npm ci" in tc.install_hint
    (tmp_path / "typescript").mkdir()
    (tmp_path / "typescript" / "package.json").write_text('{"version": "6.0.3"}')
    tc = JS.toolchain()
    assert not tc.available and "jest not installed" in tc.reason
    monkeypatch.delenv("AGENTBENCH_NODE_MODULES")
    monkeypatch.setenv("PATH", str(tmp_path))
    tc = JS.toolchain()
    assert not tc.available and "node" in tc.reason and tc.install_hint == "apt-get install nodejs"
