"""The TypeScript runner end to end on plain data: a strict type check (compile server) and one
Node.js process per problem, one outcome per case and per node:test test."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from pytest_agentbench import isolation
from pytest_agentbench.extract import extract_solution
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages import typescript as tsmod
from pytest_agentbench.languages.typescript import compiler as tscompiler
from pytest_agentbench.languages.typescript import native_results, ts_literal, ts_signature
from pytest_agentbench.models import ProcessResult
from pytest_agentbench.prompt import render_prompt
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.suite import load_suite

from .helpers import assert_mini_suite_shape, assert_timing_mechanics, run_answer, write_suite

REG = default_registry()
TS = REG.get("typescript")
FAST = ExecSettings(solution_limits(10))
SHORT = ExecSettings(solution_limits(3))
SUITE = Path(__file__).resolve().parent.parent / "suites" / "typescript_mini.json"

pytestmark = pytest.mark.skipif(
    not TS.toolchain().available,
    reason=f"TypeScript toolchain not installed ({TS.toolchain().reason}); install it with: "
           f"{TS.toolchain().install_hint}",
)


def problem(id_, signature, cases=(), native=None, **extra):
    data = {"id": id_, "difficulty": "easy", "description": "d", "signature": signature,
            "test_cases": list(cases), **extra}
    if native:
        data["native_tests"] = native
    return data


PROBLEMS = [
    problem("add", "function add(a: number, b: number): number", [
        {"args": [1, 2], "expected": 3},
        {"args": [-1, 1], "expected": 0},
        {"args": [0, 0], "expected": 0},
    ]),
    problem("checked", "function checkedSqrt(x: number): number", [
        {"args": [4], "expected": 2},
        {"args": [-1], "raises": "DomainError"},
    ]),
    problem("later", "async function later(ms: number, value: string): Promise<string>", [
        {"args": [1, "a"], "expected": "a"},
        {"args": [0, ""], "expected": ""},
    ]),
    problem("depth", "function maxDepth(root: TreeNode | null): number", [
        {"args": [[3, 9, 20, None, None, 15, 7]], "expected": 3},
        {"args": [[]], "expected": 0},
    ]),
    problem("mirror", "function mirror(root: TreeNode | null): TreeNode | null", [
        {"args": [[1, 2, 3, None, 4]], "expected": [1, 3, 2, None, None, 4]},
        {"args": [[]], "expected": []},
    ]),
    problem("reverse", "function reverseList(head: ListNode | null): ListNode | null", [
        {"args": [[1, 2, 3]], "expected": [3, 2, 1]},
        {"args": [[]], "expected": []},
    ]),
    problem("counter", "class Counter {\n  constructor(start: number)\n"
            "  add(amounts: ReadonlyMap<string, number>): number\n  get value(): number\n"
            "  fail(): void\n}", [
        {"init": [2], "calls": [
            {"method": "add", "args": [{"a": 1, "b": 2}], "expected": 5},
            {"method": "value", "expected": 5},
            {"method": "fail", "raises": "RangeError"},
            {"method": "nope", "raises": "TypeError"},
        ]},
        {"init": [0], "calls": [{"method": "value", "expected": 0}]},
    ]),
    problem("echo", "function echo(m: Map<number, string[]>, s: Set<string>, big: bigint,\n"
            "  pair: [number, ListNode | null], rec: Record<string, Set<number>>): unknown[]", [
        {"args": [{"1": ["x"], "20": []}, ["a", "b", "a"], 2 ** 64 + 1, [7, [1, 2]],
                  {"k": [3, 3, 4]}],
         "expected": [[["number", 1, ["x"]], ["number", 20, []]], ["Set", 2], "bigint",
                      2 ** 65 + 2, 7, "ListNode", [1, 2], ["Set", [3, 4]]]},
    ]),
    problem("values", "function values(): unknown[]", [
        {"args": [], "expected": None},
    ]),
    problem("timed", "function sortCopy(xs: readonly number[]): number[]", [
        {"args": [[2, 1]], "expected": [1, 2]},
    ], timing={"sizes": [{"n": 4, "args": [[4, 3, 2, 1]]}], "repeat": 3}),
    problem("two_sizes", "function sortCopy(xs: readonly number[]): number[]", [
        {"args": [[2, 1]], "expected": [1, 2]},
    ], timing={"sizes": [{"n": 4, "args": [[4, 3, 2, 1]]},
                         {"n": 6, "args": [[6, 5, 4, 3, 2, 1]]}], "repeat": 3}),
    problem("pop_all", "function popAll(xs: number[]): number", [
        {"args": [[1, 2]], "expected": 3},
    ], timing={"sizes": [{"n": 5, "args": [[1, 2, 3, 4, 5]]}], "repeat": 3}),
    problem("cut_list", "function cutList(head: ListNode | null): number", [
        {"args": [[1, 2]], "expected": 2},
    ], timing={"sizes": [{"n": 3, "args": [[1, 2, 3]]}], "repeat": 3}),
    problem("pages", "class Pages {\n  constructor(size: number)\n  add(items: number[]): this\n"
            "  pages(): Iterable<number[]>\n  get count(): number\n}", [
        {"init": [2], "calls": [{"method": "add", "args": [[1, 2, 3]]},
                                {"method": "count", "expected": 3}]},
    ], timing={"sizes": [{"n": 3, "init": [2], "calls": [
        {"method": "add", "args": [[1, 2, 3]]}, {"method": "count", "args": []},
        {"method": "pages", "args": []}]}], "repeat": 2}),
    problem("evens", "function evens(limit: number): Iterable<number>", [
        {"args": [3], "expected": [0, 2]},
    ], timing={"sizes": [{"n": 10, "args": [10]}], "repeat": 2}),
    problem("account", "class Account {\n  constructor(owner: string, overdraft?: number)\n"
            "  withdraw(amount: number, note?: string): number\n  get balance(): number\n}", [
        {"init": ["ann"], "init_kwargs": {"overdraft": 50}, "calls": [
            {"method": "withdraw", "args": [30], "kwargs": {"note": "rent"}, "expected": -30},
            {"method": "balance", "expected": -30},
            {"method": "withdraw", "args": [100], "raises": "RangeError"},
        ]},
        {"init": [""], "init_raises": "ValidationError"},
    ]),
    problem("pad", "function pad(text: string, width?: number, fill?: string): string", [
        {"args": ["ab"], "kwargs": {"fill": "."}, "expected": "ab.."},
        {"args": ["ab", 3], "expected": "ab "},
        {"args": ["", -1], "raises": "RangeError"},
    ]),
]

ACCOUNT = """\
class ValidationError extends Error {}
class EmptyOwnerError extends ValidationError {}
class OverdraftError extends RangeError {}

export class Account {
  #balance = 0;

  constructor(readonly owner: string, readonly overdraft = 0) {
    if (owner === "") throw new EmptyOwnerError("no owner");
  }

  withdraw(amount: number, note?: string): number {
    if (this.#balance - amount < -this.overdraft) throw new OverdraftError(`${amount}`);
    if (note === undefined) throw new TypeError("a withdrawal needs a note");
    this.#balance -= amount;
    return this.#balance;
  }

  get balance(): number {
    return this.#balance;
  }
}
"""

ADD = "function add(a: number, b: number): number {\n  return a + b;\n}\n"


@pytest.fixture(scope="module")
def problems(tmp_path_factory):
    path = write_suite(tmp_path_factory.mktemp("ts"), "ts.json",
                       {"language": "typescript", "tests": PROBLEMS})
    return {p.id: p for p in load_suite(path, REG).problems}


def run(problem, code, settings=FAST):
    return judge(problem, TS.run(problem, code, settings))


def statuses(ex):
    return [o.status for o in ex.outcomes]


# ---------------------------------------------------------------- running data cases


def test_correct_solution_passes_every_case(problems):
    ex = run(problems["add"], ADD)
    assert statuses(ex) == ["passed"] * 3 and ex.failure is None


def test_exported_and_arrow_solutions_work_too(problems):
    assert run(problems["add"], "export function add(a: number, b: number) {\n"
                                "  return a + b;\n}\n").failure is None
    assert run(problems["add"], "export const add = (a: number, b: number): number => "
                                "a + b;\n").failure is None


def test_wrong_answer_has_expected_and_actual(problems):
    ex = run(problems["add"], ADD.replace("a + b", "a - b"))
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]
    assert ex.failure.value == "wrong_answer"
    assert ex.outcomes[0].expected == "3" and ex.outcomes[0].actual == "-1"


def test_type_error_is_a_compile_error_with_the_diagnostic(problems):
    ex = run(problems["add"], "function add(a: number, b: number): number {\n"
                              "  const s: string = a;\n  return a + b;\n}\n")
    assert ex.failure.value == "compile_error" and ex.outcomes == ()
    assert "solution.ts(2,9): error TS2322" in ex.message


def test_strict_mode_is_on(problems):
    ex = run(problems["add"], "function add(a, b) {\n  return a + b;\n}\n")
    assert ex.failure.value == "compile_error"
    assert "TS7006" in ex.message  # parameter implicitly has an 'any' type


def test_syntax_error_is_a_compile_error(problems):
    ex = run(problems["add"], "function add(a: number, b: number): number {\n  return a +;\n")
    assert ex.failure.value == "compile_error" and "solution.ts(" in ex.message


def test_infinite_loop_times_out_keeping_finished_cases(problems):
    code = ADD.replace("return", "while (a < 0) {}\n  return")
    ex = run(problems["add"], code, SHORT)
    assert statuses(ex) == ["passed", "timeout", "not_run"]
    assert ex.failure.value == "timeout"


def test_thrown_error_is_a_runtime_error_named_by_its_class(problems):
    ex = run(problems["add"], ADD.replace(
        "return", "if (a < 0) {\n    throw new RangeError(`negative: ${a}`);\n  }\n  return"))
    assert statuses(ex) == ["passed", "error", "passed"]
    assert ex.failure.value == "runtime_error"
    assert "RangeError: negative: -1" in ex.outcomes[1].message
    assert "solution.ts:3" in ex.outcomes[1].message  # source-mapped to the TypeScript line


def test_custom_error_class_matches_raises(problems):
    code = ("class DomainError extends Error {}\n"
            "export function checkedSqrt(x: number): number {\n"
            "  if (x < 0) throw new DomainError(`sqrt of ${x}`);\n  return Math.sqrt(x);\n}\n")
    assert run(problems["checked"], code).failure is None
    plain = code.replace("new DomainError", "new Error")
    ex = run(problems["checked"], plain)
    assert statuses(ex) == ["passed", "error"] and "Error: sqrt of -1" in ex.outcomes[1].message


def test_missing_entry_point_is_named(problems):
    ex = run(problems["add"], ADD.replace("function add", "function plus"))
    assert ex.failure.value == "runtime_error"
    assert "does not define function add" in ex.message and "plus" in ex.message


def test_error_at_load_is_a_runtime_error(problems):
    ex = run(problems["add"], ADD + "throw new TypeError('at load');\n")
    assert ex.failure.value == "runtime_error" and "TypeError: at load" in ex.message


def test_process_exit_inside_solution_is_contained(problems):
    ex = run(problems["add"], ADD.replace("return", "process.exit(7);\n  return"))
    assert ex.failure.value == "runtime_error"
    assert statuses(ex)[0] == "error" and "status 7" in ex.outcomes[0].message


def test_deep_recursion_is_allowed(problems):
    code = ("function depth(n: number): number {\n  return n === 0 ? 0 : 1 + depth(n - 1);\n}\n"
            "function add(a: number, b: number): number {\n"
            "  return depth(200_000) - 200_000 + a + b;\n}\n")
    assert run(problems["add"], code).failure is None


def test_async_entry_point_is_awaited(problems):
    code = ("import { setTimeout as sleep } from 'node:timers/promises';\n"
            "export async function later(ms: number, value: string): Promise<string> {\n"
            "  await sleep(ms);\n  return value;\n}\n")
    assert run(problems["later"], code).failure is None


def test_a_promise_that_never_settles_fails_its_case_only(problems):
    code = ("export function later(ms: number, value: string): Promise<string> {\n"
            "  return ms > 0 ? new Promise(() => {}) : Promise.resolve(value);\n}\n")
    ex = run(problems["later"], code)
    assert statuses(ex) == ["error", "passed"]
    assert "StalledPromise" in ex.outcomes[0].message


def test_trees_and_linked_lists(problems):
    depth = ("function maxDepth(root: TreeNode | null): number {\n"
             "  return root === null ? 0 : 1 + Math.max(maxDepth(root.left), "
             "maxDepth(root.right));\n}\n")
    assert run(problems["depth"], depth).failure is None
    mirror = ("function mirror(root: TreeNode | null): TreeNode | null {\n"
              "  if (root === null) return null;\n"
              "  return new TreeNode(root.val, mirror(root.right), mirror(root.left));\n}\n")
    assert run(problems["mirror"], mirror).failure is None
    reverse = ("function reverseList(head: ListNode | null): ListNode | null {\n"
               "  let prev: ListNode | null = null;\n"
               "  while (head) {\n    [head.next, prev, head] = [prev, head, head.next];\n  }\n"
               "  return prev;\n}\n")
    assert run(problems["reverse"], reverse).failure is None


def test_class_cases_with_getters_typed_arguments_and_raises(problems):
    code = ("export class Counter {\n  #value: number;\n"
            "  constructor(start: number) {\n    this.#value = start;\n  }\n"
            "  add(amounts: ReadonlyMap<string, number>): number {\n"
            "    for (const amount of amounts.values()) this.#value += amount;\n"
            "    return this.#value;\n  }\n"
            "  get value(): number {\n    return this.#value;\n  }\n"
            "  fail(): void {\n    throw new RangeError('no');\n  }\n}\n")
    assert run(problems["counter"], code).failure is None
    ex = run(problems["counter"], code.replace("this.#value += amount", "this.#value = amount"))
    assert statuses(ex) == ["wrong_answer", "passed"]
    assert "call 1 add" in ex.outcomes[0].message


def test_keyword_arguments_init_raises_and_subclasses_of_the_expected_error(problems):
    ex = run(problems["account"], ACCOUNT)
    assert ex.failure is None, ex.message
    assert statuses(ex) == ["passed", "passed"]
    # the overdraft (constructor) and the note (method) came as keyword arguments
    assert "a withdrawal needs a note" in ACCOUNT and "readonly overdraft = 0" in ACCOUNT
    accepting = ACCOUNT.replace('if (owner === "") throw new EmptyOwnerError("no owner");', "")
    ex = run(problems["account"], accepting)
    assert statuses(ex) == ["passed", "wrong_answer"]
    assert ex.outcomes[1].actual == "the constructor returned"
    pad = ('export function pad(text: string, width = 4, fill = " "): string {\n'
           '  if (width < 0) throw new (class NegativeWidth extends RangeError {})("w");\n'
           "  return text.padEnd(width, fill);\n}\n")
    ex = run(problems["pad"], pad)
    assert ex.failure is None, ex.message


def test_arguments_are_decoded_into_the_declared_types(problems):
    code = ("export function echo(m: Map<number, string[]>, s: Set<string>, big: bigint,\n"
            "  pair: [number, ListNode | null], rec: Record<string, Set<number>>): unknown[] {\n"
            "  return [[...m].map(([k, v]) => [typeof k, k, v]), [s.constructor.name, s.size],\n"
            "    typeof big, big * 2n, pair[0], pair[1]?.constructor.name, pair[1],\n"
            "    [rec.k.constructor.name, rec.k]];\n}\n")
    ex = run(problems["echo"], code)
    assert ex.failure is None, ex.message


def test_results_that_json_cannot_say_are_tagged(problems):
    code = ("export function values(): unknown[] {\n"
            "  return [NaN, -Infinity, new Map([[1, 'a']]), new Set([2, 1]), undefined, -0,\n"
            "    10n ** 30n, [1, , 3], () => 1, new Date(0)];\n}\n")
    raw = TS.run(problems["values"], code, FAST)
    value = raw.outcomes[0].value
    assert value[:7] == [{"$float": "nan"}, {"$float": "-inf"}, {"1": "a"}, [2, 1], None, 0,
                         10 ** 30]
    assert value[7] == [1, None, 3]
    assert value[8]["$type"] == "function" and value[9]["$type"] == "Date"


def test_solution_output_does_not_disturb_results(problems):
    ex = run(problems["add"], ADD.replace(
        "return", "console.log('{\"event\": \"case\"}');\n  return"))
    assert ex.failure is None


def test_timing_mode_times_solution_and_reference(problems):
    code = ("export function sortCopy(xs: readonly number[]): number[] {\n"
            "  return [...xs].sort((a, b) => a - b);\n}\n")
    result = TS.benchmark(problems["timed"], code, code, FAST)
    assert result.error == "" and len(result.sizes) == 1
    size = result.sizes[0]
    assert len(size.solution) == len(size.reference) == 3  # one unit of each per round
    assert all(t >= 0 for t in size.solution + size.reference)
    broken = TS.benchmark(problems["timed"], code.replace("return", "throw new RangeError('x');"
                                                          "\n  return"), code, FAST)
    assert broken.error.startswith("the solution raised RangeError")


SORT_COPY = ("export function sortCopy(xs: readonly number[]): number[] {\n"
             "  return [...xs].sort((a, b) => a - b);\n}\n")

#: counts its calls at each size (by the input's length) in its module, and throws past LIMIT
COUNTS_ITS_CALLS = """\
const calls = new Map<number, number>();

export function sortCopy(xs: readonly number[]): number[] {
  const count = (calls.get(xs.length) ?? 0) + 1;
  calls.set(xs.length, count);
  if (count > LIMIT) throw new RangeError(`call ${count} at n=${xs.length}`);
  return [...xs].sort((a, b) => a - b);
}
"""


def test_each_contender_is_a_module_of_its_own_timed_on_each_size(problems):
    """Mechanics: at each size each contender makes ten warm-up calls (calls this short never
    reach the warm-up's 0.1 s) and one per round (3), 13 calls that its own module counts:
    the reference is loaded apart even with the same code (one shared module would count 26),
    a contender's 13th call is not the other's, and a contender that throws is named."""
    timed = problems["two_sizes"]
    exact = COUNTS_ITS_CALLS.replace("LIMIT", "13")
    result = TS.benchmark(timed, exact, exact, FAST)
    assert result.error == ""
    assert [(s.n, len(s.solution), len(s.reference)) for s in result.sizes] == [(4, 3, 3),
                                                                               (6, 3, 3)]
    short = COUNTS_ITS_CALLS.replace("LIMIT", "12")
    assert TS.benchmark(timed, short, exact, FAST).error == (
        "the solution raised RangeError: call 13 at n=4")
    assert TS.benchmark(timed, exact, short, FAST).error == (
        "the reference raised RangeError: call 13 at n=4")
    missing = "export function other(): void {}\n"
    assert TS.benchmark(timed, exact, missing, FAST).error.startswith(
        "the reference raised ReferenceError: the reference does not define function sortCopy")


def test_a_contender_sorting_its_input_in_place_leaves_the_other_s_whole(problems):
    """Each unit gets arguments of its own: the reference goes first in even rounds and the
    solution in odd ones, and neither sees the input the other sorted in place."""
    sorts = ("export function sortCopy(xs: readonly number[]): number[] {\n"
             "  return (xs as number[]).sort((a, b) => a - b);\n}\n")
    checks = SORT_COPY.replace("  return", "  if (xs[0] !== 4) throw new RangeError(`${xs}`);\n"
                                           "  return")
    assert TS.benchmark(problems["timed"], sorts, checks, FAST).error == ""
    assert TS.benchmark(problems["timed"], checks, sorts, FAST).error == ""


def test_an_endless_solution_is_cut_off_by_the_watchdog(problems):
    """A solution call past max(1 s, 25 times the reference's) is ended from outside the
    call (the main thread's watchdog): the cut-off, not the run's time limit."""
    endless = SORT_COPY.replace("  return", "  for (;;) {}\n  return")
    result = TS.benchmark(problems["timed"], endless, SORT_COPY, FAST)
    assert result.cut and not result.timed_out and "25 times the reference" in result.error


CHECKS_ITS_INPUT = """\
let first: number | undefined;

function check(length: number): void {
  first ??= length;
  if (length !== first) throw new RangeError(`the input changed: ${length} of ${first}`);
}
"""


@pytest.mark.parametrize("name, body", [
    ("pop_all", "export function popAll(xs: number[]): number {\n  check(xs.length);\n"
                "  let sum = 0;\n  while (xs.length > 0) sum += xs.pop()!;\n  return sum;\n}\n"),
    ("cut_list", "export function cutList(head: ListNode | null): number {\n  let n = 0;\n"
                 "  for (let node = head; node; node = node.next) n += 1;\n  check(n);\n"
                 "  if (head) head.next = null;\n  return n;\n}\n"),
], ids=["plain-array-copied", "list-nodes-decoded-again"])
def test_every_timed_call_gets_the_same_input_even_when_a_call_changes_it(problems, name, body):
    """Arguments are decoded once and reused as the same primitives, copies of plain arrays,
    or decoded again (class instances): a call that empties its array or cuts its list leaves
    the next call's input whole (the solution checks, and throws)."""
    code = CHECKS_ITS_INPUT + body
    result = TS.benchmark(problems[name], code, code, FAST)
    assert result.error == "" and len(result.sizes[0].solution) == 3


PAGES = """\
export class Pages {
  #items: number[] = [];

  constructor(readonly size: number) {}

  add(items: number[]): this {
    this.#items.push(...items);
    return this;
  }

  *pages(): Iterable<number[]> {
    for (let i = 0; i < this.#items.length; i += this.size) {
      yield this.#items.slice(i, i + this.size);
    }
  }

  get count(): number {
    return this.#items.length;
  }
}
"""


def test_a_class_problem_is_timed_as_its_construction_and_calls(problems):
    """Mechanics only: each measurement builds the object and makes every call (a getter
    read, a generator read to its end); an error in any of them stops timing."""
    timed = problems["pages"]
    assert TS.supports_class_timing and timed.signature.kind == "class"
    result = TS.benchmark(timed, PAGES, PAGES, FAST)
    assert result.error == "" and len(result.sizes) == 1
    assert len(result.sizes[0].solution) == len(result.sizes[0].reference) == 2
    lazy = PAGES.replace("for (let i", "throw new RangeError('read');\n    for (let i")
    assert "RangeError: read" in TS.benchmark(timed, lazy, PAGES, FAST).error
    missing = replace(timed, timing=replace(timed.timing, sizes=(replace(
        timed.timing.sizes[0], calls=[{"method": "nope", "args": []}]),)))
    assert "has no method nope" in TS.benchmark(missing, PAGES, PAGES, FAST).error


def test_a_lazy_result_is_read_inside_the_timed_call(problems):
    """A function returning an iterator is timed with the iterator read to its end: one that
    throws when read is an error, not a free call."""
    good = ("export function* evens(limit: number): Iterable<number> {\n"
            "  for (let i = 0; i < limit; i += 2) yield i;\n}\n")
    assert TS.benchmark(problems["evens"], good, good, FAST).error == ""
    lazy = good.replace("for (let", "throw new RangeError('read');\n  for (let")
    assert "RangeError: read" in TS.benchmark(problems["evens"], lazy, good, FAST).error


def _fewer_calls(problem, *ns):
    """A class problem of the suite with its own timing input at fewer calls (the same call
    generator with another n), two rounds at each size: the mechanics, quickly."""
    sizes = tuple(replace(size, label=f"n={n}", n=n, calls={**size.calls, "n": n})
                  for size, n in zip(problem.timing.sizes, ns, strict=True))
    return replace(problem, timing=replace(problem.timing, sizes=sizes, repeat=2))


def test_the_suite_s_class_problem_is_measured():
    """Mechanics only (no timing outcome): the LRU cache's timing input, a capacity and a
    generated sequence of set, get and has calls, is measured at both sizes."""
    problem = next(p for p in load_suite(SUITE, REG).problems if p.id == "typescript_medium_02")
    assert all(s.init and s.calls["$gen"] == "cycle" for s in problem.timing.sizes)
    small = _fewer_calls(problem, 300, 1500)
    result = TS.benchmark(small, small.reference_solution, small.reference_solution, FAST)
    assert result.error == "" and [s.n for s in result.sizes] == [300, 1500]
    assert all(len(s.solution) == len(s.reference) == 2 for s in result.sizes)


# ---------------------------------------------------------------- native tests


NATIVE = """\
import assert from "node:assert/strict";
import { describe, it, test } from "node:test";

import { add } from "./solution";

test("small", () => {
  const total: number = add(2, 2);
  assert.equal(total, 4);
});

test("fails", () => {
  assert.equal(add(2, 2), 5, "two and two");
});

describe("group", () => {
  it("async", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    assert.equal(add(1, 1), 2);
  });
  it("throws", () => {
    throw new TypeError("bad");
  });
});
"""


@pytest.fixture(scope="module")
def native_problem(tmp_path_factory):
    data = {"language": "typescript", "tests": [
        problem("nat", "function add(a: number, b: number): number",
                [{"args": [1, 2], "expected": 3}], NATIVE),
        problem("only_native", "function add(a: number, b: number): number", [],
                'import assert from "node:assert";\nimport { test } from "node:test";\n'
                'import { add } from "./solution";\n\n'
                'test("adds", () => {\n  assert.strictEqual(add(1, 1), 2);\n});\n'),
    ]}
    path = write_suite(tmp_path_factory.mktemp("tsn"), "n.json", data)
    return {p.id: p for p in load_suite(path, REG).problems}


def test_native_tests_give_one_outcome_each(native_problem):
    ex = run(native_problem["nat"], ADD)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("case 1", "passed"), ("small", "passed"), ("fails", "wrong_answer"),
        ("group > async", "passed"), ("group > throws", "error")]
    assert "two and two" in ex.outcomes[2].message
    assert "solution.test.ts:12:10" in ex.outcomes[2].message
    assert "TypeError: bad" in ex.outcomes[4].message
    assert ex.failure.value == "runtime_error"


def test_native_tests_without_data_cases(native_problem):
    assert run(native_problem["only_native"], ADD).failure is None
    ex = run(native_problem["only_native"], ADD.replace("a + b", "a - b"))
    assert statuses(ex) == ["wrong_answer"]


def test_native_tests_that_do_not_type_check_keep_the_data_outcomes(native_problem):
    ex = run(native_problem["nat"], "export function add(a: number, b: number): string {\n"
                                    "  return String(a + b);\n}\n")
    assert ex.failure.value == "compile_error"
    assert "solution.test.ts(" in ex.message
    assert statuses(ex) == ["wrong_answer"]


SKIPS = """\
import assert from "node:assert/strict";
import { describe, it, test } from "node:test";

import { add } from "./solution";

test("small", () => {
  assert.equal(add(1, 1), 2);
});

test.skip("tens", () => {
  assert.equal(add(10, 1), 11);
});

test("option", { skip: "not on this machine" }, () => {
  assert.equal(add(10, 2), 12);
});

test("context", (t) => {
  t.skip("later");
  assert.equal(add(10, 3), 13);
});

test.todo("todo", () => {
  assert.equal(add(10, 4), 14);
});

test("todo option", { todo: true }, () => {
  assert.equal(add(10, 5), 15);
});

describe.skip("skipped block", () => {
  it("inside", () => {
    assert.equal(add(10, 6), 16);
  });
});

describe.todo("todo block", () => {
  it("inside too", () => {
    assert.equal(add(10, 7), 17);
  });
});
"""

ALL_SKIPPED = """\
import assert from "node:assert/strict";
import { test } from "node:test";

import { add } from "./solution";

test.skip("one", () => {
  assert.equal(add(1, 1), 2);
});

test("two", (t) => {
  t.skip();
});
"""


@pytest.fixture(scope="module")
def skip_problems(tmp_path_factory):
    data = {"language": "typescript", "tests": [
        problem("skips", "function add(a: number, b: number): number",
                [{"args": [1, 2], "expected": 3}], SKIPS),
        problem("all_skipped", "function add(a: number, b: number): number", [], ALL_SKIPPED),
    ]}
    path = write_suite(tmp_path_factory.mktemp("tss"), "s.json", data)
    return {p.id: p for p in load_suite(path, REG).problems}


def test_tests_that_skip_themselves_are_skipped_never_passed(skip_problems):
    ex = run(skip_problems["skips"], ADD)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("case 1", "passed"), ("small", "passed"), ("tens", "skipped"), ("option", "skipped"),
        ("context", "skipped"), ("todo", "skipped"), ("todo option", "skipped"),
        ("skipped block", "skipped"), ("todo block > inside too", "skipped")]
    assert "not on this machine" in ex.outcomes[3].message
    assert ex.failure is None and ex.passed_count == 2 and len(ex.counted) == 2


def test_a_wrong_solution_gets_no_pass_from_a_skipped_test(skip_problems):
    # wrong only from 10 on, which only the skipped and todo tests check (some of them run)
    wrong = ADD.replace("return a + b", "return a >= 10 ? 0 : a + b")
    ex = run(skip_problems["skips"], wrong)
    assert [o.status for o in ex.outcomes] == ["passed", "passed", *["skipped"] * 7]
    assert not any(o.passed for o in ex.outcomes[2:])
    assert ex.failure is None  # the item passes on what was checked ...
    assert ex.passed_count == 2 and len(ex.counted) == 2  # ... 2 of 9; 7 skipped


def test_an_item_whose_every_test_skips_itself_is_skipped(skip_problems):
    ex = run(skip_problems["all_skipped"], ADD)
    assert [o.status for o in ex.outcomes] == ["skipped", "skipped"] and ex.only_skipped
    result = run_answer(skip_problems["all_skipped"], TS, REG, ADD, "ts", FAST)
    assert result.status == "skipped", result.message
    assert "every test of the problem was skipped" in result.message


FORGED = [{"event": "loaded"}, {"event": "start", "index": 0},
          {"event": "case", "index": 0, "status": "value", "value": 3, "seconds": 0.0},
          {"event": "test", "name": "small", "leaf": True, "passed": True, "seconds": 0.0},
          {"event": "done"}]


def forger() -> str:
    text = "".join(json.dumps(line) + "\n" for line in FORGED)
    return f"""\
import {{ fstatSync, writeSync }} from "node:fs";
import {{ workerData }} from "node:worker_threads";

function forge(): void {{
  const names = ["AGENTBENCH_TOKEN_FD", "AGENTBENCH_EVENTS_FD"];
  if (names.some((n) => process.env[n] !== undefined)) throw new Error("channel in env");
  if (JSON.stringify(workerData ?? {{}}).includes("token")) throw new Error("token in reach");
  for (let fd = 3; fd < 256; fd += 1) {{
    try {{  // every open file (node's own pipes and event descriptors are left alone)
      if (fstatSync(fd).isFile()) writeSync(fd, {json.dumps(text)});
    }} catch {{
      // not open, or not writable
    }}
  }}
  process.exit(0);
}}

export function add(a: number, b: number): number {{
  forge();
  return a - b;
}}

if (process.argv.some((a) => a.endsWith("solution.test.js"))) forge();
"""


def test_forged_events_without_the_token_void_the_run(problems, native_problem):
    ex = run(problems["add"], forger())
    assert ex.failure.value == "runtime_error"
    assert "without its token" in ex.message and ex.passed_count == 0
    ex = run(native_problem["only_native"], forger())
    assert ex.failure.value == "runtime_error"
    assert "without its token" in ex.message and ex.passed_count == 0


def test_a_test_run_that_ends_early_is_no_pass(native_problem):
    # process.exit(0) as the tests load: node:test reports nothing, which passes nothing
    code = ADD + ('\nif (process.argv.some((a) => a.endsWith("solution.test.js"))) '
                  'process.exit(0);\n')
    ex = run(native_problem["only_native"], code)
    assert ex.failure is not None and ex.passed_count == 0
    assert "before node:test reported every test" in ex.message


def test_calling_the_reporter_from_the_solution_is_no_pass(native_problem):
    code = ADD.replace("function add", "export function add") + """
// eslint-disable-next-line
const reporter = require("./reporter.js") as (s: AsyncIterable<unknown>) => AsyncGenerator;
async function* fake(): AsyncGenerator<unknown> {
  yield { type: "test:start", data: { name: "adds", nesting: 0 } };
  yield { type: "test:pass", data: { name: "adds", nesting: 0, details: {} } };
}
void (async () => {
  for await (const _ of reporter(fake())) {
    // nothing is yielded
  }
})();
"""
    ex = run(native_problem["only_native"], code.replace("a + b", "a - b"))
    assert ex.failure is not None and "started twice" in ex.message, ex.message


def test_the_work_directory_is_read_only_and_tmpdir_is_writable(problems):
    code = """\
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function add(a: number, b: number): number {
  writeFileSync(join(tmpdir(), "scratch.txt"), "ok");
  try {
    writeFileSync("solution.js", "overwritten");
  } catch {
    return a + b;
  }
  return a + b + 1;
}
"""
    assert run(problems["add"], code).failure is None


def _test(name, passed=True, leaf=True, **fields):
    return {"event": "test", "name": name, "passed": passed, "leaf": leaf, "skip": False,
            "todo": False, "seconds": 0.001, **fields}


def test_native_results_nested_skipped_and_unfinished():
    events = [
        {"event": "test_start", "name": "ok one"}, _test("ok one"),
        {"event": "test_start", "name": "suite"},
        {"event": "test_start", "name": "suite > inner"},
        _test("suite > inner", False, failure_type="testCodeFailure",
              error_name="AssertionError", error_code="ERR_ASSERTION",
              error="Expected values to be strictly equal:\n\n1 !== 2\n",
              stack="AssertionError [ERR_ASSERTION]: in solution\n\n"
                    "    at TestContext.<anonymous> (/w/solution.test.ts:4:10)\n"
                    "    at Test.runInAsyncScope (node:async_hooks:206:9)"),
        _test("suite > skipped", skip=True, skip_reason="later"),
        _test("suite", False, leaf=False, failure_type="subtestsFailed"),
        _test("hook", False, failure_type="hookFailed", error_name="Error",
              error="before failed", location="/w/solution.test.ts:9:1"),
        _test("todo block > fails", False, failure_type="testCodeFailure", error="no"),
        _test("todo block", False, leaf=False, todo=True, failure_type="subtestsFailed"),
        _test("todo", False, todo=True, failure_type="testCodeFailure", error="no"),
        {"event": "test_start", "name": "stuck"},
    ]
    ended = ProcessResult(1, 1.0)
    assert native_results([*events, {"event": "done"}], ended) == [
        ("ok one", "passed", "", 0.001),
        ("suite > inner", "failed",
         "AssertionError: Expected values to be strictly equal:\n1 !== 2\n"
         "  at /w/solution.test.ts:4:10", 0.001),
        ("suite > skipped", "skipped", "later", 0.001),
        ("hook", "error", "before failed\n  at /w/solution.test.ts:9:1", 0.001),
        ("todo block > fails", "skipped", "in a skipped or todo block", 0.001),
        ("todo", "skipped", "", 0.001),
        ("stuck", "error", "did not finish (the test process ended)", 0.0),
    ]
    killed = ProcessResult(None, 10.0, timed_out=True)
    assert native_results(events, killed)[-1] == ("stuck", "timeout",
                                                  "did not finish within the time limit", 0.0)
    # ended without the reporter's "done": the tests it never reported are no pass
    assert native_results(events[:2], ProcessResult(0, 1.0))[-1][:2] == ("node:test", "error")
    assert native_results([], ProcessResult(0, 1.0))[-1][:2] == ("node:test", "error")
    assert native_results([], ProcessResult(1, 1.0, stderr="SyntaxError")) == []


# ---------------------------------------------------------------- compiling


def test_without_the_compile_server_the_step_runs_sandboxed(problems, monkeypatch):
    monkeypatch.setenv("AGENTBENCH_TS_SERVER", "0")
    assert run(problems["add"], ADD).failure is None
    ex = run(problems["add"], ADD.replace("a + b", "a + 'b'"))
    assert ex.failure.value == "compile_error" and "TS2322" in ex.message


def test_a_dead_or_overrunning_compile_server_is_replaced(problems, tmp_path):
    assert run(problems["add"], ADD).failure is None
    server = next(iter(tscompiler._SERVERS.values()))
    assert server._proc is not None
    server._proc.kill()
    server._proc.wait()
    assert run(problems["add"], ADD).failure is None
    (tmp_path / "solution.ts").write_text(ADD, encoding="utf-8")
    request = {"roots": ["solution.ts"], "emit": ["solution.ts"], "expose": "solution.ts"}
    late = server.compile(tmp_path, request, timeout=0.0001)
    assert late is not None and late.timed_out and server._proc is None
    assert run(problems["add"], ADD).failure is None


def test_the_compiler_files_stay_readable_where_the_sandbox_hides_tmp(monkeypatch, tmp_path):
    modules = tmp_path / "node_modules"
    (modules / "typescript").mkdir(parents=True)
    (modules / "typescript" / "package.json").write_text('{"version": "0"}', encoding="utf-8")
    monkeypatch.setenv("AGENTBENCH_NODE_MODULES", str(modules))
    assert TS.readable_paths() == (modules.resolve(), tsmod.SUPPORT)
    if isolation.detect().method == "bwrap":
        argv = isolation.wrap(["node"], tmp_path / "work",
                              readable=TS.readable_paths()).argv
        assert ["--ro-bind", str(modules.resolve()), str(modules.resolve())] == \
            argv[argv.index(str(modules.resolve())) - 1:][:3]


def test_the_compiler_sees_only_the_work_directory_and_node_modules(problems, tmp_path):
    outside = tmp_path / "outside.d.ts"
    outside.write_text("declare const leaked: number;\n", encoding="utf-8")
    code = f'/// <reference path="{outside}" />\n' + ADD.replace("a + b", "a + b + leaked")
    ex = run(problems["add"], code)
    assert ex.failure.value == "compile_error" and "TS6053" in ex.message, ex.message


# ---------------------------------------------------------------- reading and prompting


def test_signatures():
    sig = ts_signature("export async function fetchAll<T>(urls: readonly string[], "
                       "limit = 4, opts?: { retry: number }): Promise<Map<string, T>> {", None)
    assert (sig.entry_point, sig.kind, sig.is_async) == ("fetchAll", "function", True)
    assert [(p.name, p.type, p.required) for p in sig.params] == [
        ("urls", "readonly string[]", True), ("limit", "", False),
        ("opts", "{ retry: number }", False)]
    assert sig.returns == "Promise<Map<string, T>>"
    tree = ts_signature("function f(root: TreeNode | null, s: string): ListNode | null", None)
    assert [p.kind for p in tree.params] == ["tree", "str"] and tree.returns_kind == "linked_list"
    arrow = ts_signature("const twice = (xs: number[]): number[] => xs.map((x) => x * 2);", None)
    assert arrow.entry_point == "twice" and arrow.returns == "number[]"
    union = ts_signature('type R = { ok: true } | { ok: false };\n'
                         'function parse(text: string): R', None)
    assert union.entry_point == "parse" and union.params[0].kind == "str"
    cls = ts_signature("class LRU<K, V> {\n  private map = new Map<K, V>();\n"
                       "  constructor(private readonly capacity: number) {}\n"
                       "  get(key: K): V | undefined\n  get size(): number\n}", None)
    assert cls.kind == "class" and [p.name for p in cls.params] == ["capacity"]
    assert ts_signature("function a(): void\nfunction b(): void", "b").entry_point == "b"
    with pytest.raises(ValueError):
        ts_signature("interface Nothing {}", None)


def test_class_methods_are_read_for_typed_arguments():
    found = tsmod.read_class("class Cache {\n  constructor(n: number)\n"
                             "  set(key: bigint, value: Set<number>): this;\n"
                             "  async flush(): Promise<void> {}\n}", "Cache")
    assert found is not None
    assert found[1]["set"] == {"params": [{"name": "key", "type": "bigint"},
                                          {"name": "value", "type": "Set<number>"}],
                               "returns": "this"}
    assert found[1]["flush"]["returns"] == "Promise<void>"


def test_literals_in_typescript_syntax():
    assert ts_literal([1, None, True], "number[]") == "[1, null, true]"
    assert ts_literal({"a": 1, "b-c": "x"}) == '{ a: 1, "b-c": "x" }'
    assert ts_literal({"1": "x"}, "Map<number, string>") == 'new Map([[1, "x"]])'
    assert ts_literal(["a"], "ReadonlySet<string>") == 'new Set(["a"])'
    assert ts_literal(12, "bigint") == "12n"
    assert ts_literal([3, None, 4], "TreeNode | null") == "tree([3, null, 4])"
    assert ts_literal([1, 2], "ListNode | null") == "list([1, 2])"
    assert ts_literal([1, "a"], "[number, string]") == '[1, "a"]'
    assert ts_literal(float("nan")) == "NaN"


def test_prompt_uses_typescript_literals_and_instructions(problems):
    text = render_prompt(problems["echo"], TS)
    assert "```typescript" in text
    assert 'echo(new Map([[1, ["x"]], [20, []]]), new Set(["a", "b", "a"]), ' \
           "18446744073709551617n, [7, list([1, 2])]" in text
    assert "strict" in TS.answer_instructions(problems["echo"])
    depth = TS.answer_instructions(problems["depth"])
    assert "`TreeNode` is predefined" in depth and "tree([...])" in depth
    assert "awaited" in TS.answer_instructions(problems["later"])


def test_extraction_finds_typescript_blocks(problems):
    answer = f"Here it is:\n\n```ts\n{ADD}```\n"
    solution = extract_solution(answer, TS, "add", REG)
    assert solution is not None and solution.code == ADD
    assert TS.defines(ADD, "add") and TS.defines("export class Add {}", "Add")
    assert not TS.defines(ADD, "addition")
    assert TS.looks_like_code(ADD)
    assert not TS.looks_like_code("The function add returns the sum of its arguments.")


def test_missing_toolchain_is_reported_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv("AGENTBENCH_NODE_MODULES", str(tmp_path))
    tc = TS.toolchain()
    assert not tc.available and "typescript not installed" in tc.reason
    assert "npm ci" in tc.install_hint
    monkeypatch.delenv("AGENTBENCH_NODE_MODULES")
    monkeypatch.setenv("PATH", str(tmp_path))
    tc = TS.toolchain()
    assert not tc.available and "node" in tc.reason and tc.install_hint == "apt-get install nodejs"


# ---------------------------------------------------------------- the suite


def _native_count(source: str) -> int:
    return len(re.findall(r"^\s*(?:test|it)\(\s*[\"'`]", source, re.M))


def test_the_suite_file():
    suite = load_suite(SUITE, REG)
    assert suite.language == "typescript" and len(suite.problems) == 12
    assert_mini_suite_shape(suite, TS, _native_count)



def test_examples_are_typescript(problems):
    from pytest_agentbench.prompt import render_example

    account = problems["account"]
    assert render_example(account, account.cases[0], TS) == (
        'const account = new Account("ann", 50);\n'
        'account.withdraw(30, "rent");  // -> -30\n'
        "account.balance;  // -> -30\n"
        "account.withdraw(100);  // throws RangeError")
    assert render_example(account, account.cases[1], TS) == (
        'new Account("");  // throws ValidationError')
    pad = problems["pad"]
    assert render_example(pad, pad.cases[0], TS) == 'pad("ab", undefined, ".")  // -> "ab.."'
    assert render_example(pad, pad.cases[2], TS) == 'pad("", -1)  // throws RangeError'
    later = problems["later"]
    assert render_example(later, later.cases[0], TS) == 'await later(1, "a")  // -> "a"'
    assert render_example(problems["echo"], problems["echo"].cases[0], TS).startswith(
        'echo(new Map([[1, ["x"]], [20, []]]), new Set(["a", "b", "a"]), 18446744073709551617n')
    lru = ts_signature("class LRUCache<K, V> {\n  constructor(capacity: number)\n"
                       "  get(key: K): V | undefined\n}", None)
    assert lru.kind == "class" and tsmod.variable_name("LRUCache") == "lruCache"
    assert tsmod.result_literal(None, "V | undefined") == "undefined"
    assert tsmod.result_literal(None, "Promise<void>") == "undefined"
    assert tsmod.result_literal(None, "TreeNode | null") == "null"


# ---------------------------------------------------------------- performance


QUADRATIC_CHUNK = """\
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`size must be a positive integer, got ${size}`);
  }
  let chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    // a new array of every chunk so far for each chunk: O(n^2 / size^2) copies
    chunks = [...chunks, items.slice(start, start + size)];
  }
  return chunks;
}
"""


def test_the_suite_has_timing_inputs_with_two_sizes():
    timed = [p for p in load_suite(SUITE, REG).problems if p.timing is not None]
    assert {p.id for p in timed} == {
        "typescript_easy_01", "typescript_easy_02", "typescript_easy_03", "typescript_easy_04",
        "typescript_medium_01", "typescript_medium_02", "typescript_medium_04",
        "typescript_medium_05", "typescript_hard_01", "typescript_hard_03"}
    for p in timed:
        assert len(p.timing.sizes) == 2 and all(s.n for s in p.timing.sizes), p.id
        assert (p.signature.kind == "class") == all(s.calls for s in p.timing.sizes), p.id
    assert all(p.extra.get("no_timing") for p in load_suite(SUITE, REG).problems
               if p.timing is None)


def test_an_asymptotically_slower_solution_is_timed_on_both_sizes():
    """Mechanics only: the quadratic chunk is correct, measured and scored (that it loses
    points is what benchmarks/performance_discrimination.py shows)."""
    problem = next(p for p in load_suite(SUITE, REG).problems if p.id == "typescript_easy_01")
    result = run_answer(problem, TS, REG, QUADRATIC_CHUNK, "ts",
                        ExecSettings(solution_limits(30)))
    assert result.status == "passed", result.message  # correct on every case
    assert_timing_mechanics(next(s for s in result.scores if s.name == "performance"), problem)


def test_timing_is_cpu_time_in_one_thread():
    step = TS.run_step(Path("."), None)
    assert "--single-threaded" in step.argv  # V8's GC and compiler: in the timed thread
    source = (tsmod.SUPPORT / "harness.ts").read_text(encoding="utf-8")
    assert "process.cpuUsage()" in source and "WARMUP" in source


# ---------------------------------------------------------------- analysers


def _analysed(code, *tools):
    from pytest_agentbench.analysis import analyse, analysers_for

    chosen = [a for a in analysers_for("typescript") if not tools or a.name in tools]
    missing = [a.name for a in chosen if a.availability()[0] is None]
    if missing:
        pytest.skip(f"analysers not installed: {missing}")
    result = analyse("typescript", code, "solution.ts", chosen)
    assert not result.errors, result.errors
    return result


def _rules(result):
    return {(f.tool, f.rule, f.line, f.dimension) for f in result.findings}


STRICTER = """\
abstract class Shape {
  abstract area(): number;
  describe(): string {
    return "shape";
  }
}

export class Square extends Shape {
  constructor(readonly side: number) {
    super();
  }
  area(): number {
    return this.side ** 2;
  }
  describe(): string {
    return "square";
  }
}

interface Options {
  label?: string;
}

export function run(kind: number, unused: string, options: Options): string {
  const spare = 1;
  const copy: Options = { label: options.label ?? undefined };
  outer: for (const x of [1]) {
    console.assert(x === 1);
  }
  switch (kind) {
    case 1:
      copy.label = "one";
    case 2:
      return "two".substr(1);
  }
  if (kind > 2) {
    return "big";
    kind += 1;
  }
  // @ts-ignore
  const wrong: number = "not a number";
  return String(wrong);
}

export function sign(n: number): number | undefined {
  if (n > 0) {
    return 1;
  }
}
"""


def test_the_stricter_compiler_checks_are_practice_findings():
    found = {(r, line) for tool, r, line, dim in _rules(_analysed(STRICTER, "tsc"))
             if tool == "tsc" and dim == "best_practices"}
    assert {("noImplicitOverride", 15), ("noUnusedParameters", 24), ("noUnusedLocals", 25),
            ("exactOptionalPropertyTypes", 26), ("allowUnusedLabels", 27),
            ("noFallthroughCasesInSwitch", 31), ("deprecated", 34), ("allowUnreachableCode", 38),
            ("error", 41), ("noImplicitReturns", 45)} == found, found


def test_top_level_declarations_are_not_unused_but_locals_are():
    code = ("function twice(x: number): number {\n  return x * 2;\n}\n\n"
            "type Pair = [number, number];\n\n"
            "function sumPair([a, b]: Pair): number {\n  const unused = 0;\n"
            "  return twice(a) + b;\n}\n")
    rules = {(t, r, line) for t, r, line, _ in _rules(_analysed(code, "tsc", "biome"))}
    assert ("tsc", "noUnusedLocals", 8) in rules
    assert ("biome", "correctness/noUnusedVariables", 8) in rules
    assert not {r for r in rules if r[2] in (1, 5, 7)}, rules
    assert tstools().with_exports("function a() {}\nexport function b() {}\ninterface C {}\n"
                                  "const d = 1, e = 2;\n").endswith(
        "export { a, d };\nexport type { C };\n")


def tstools():
    from pytest_agentbench.languages.typescript import analysers as typescript_tools

    return typescript_tools


def test_biome_findings_split_between_idiom_and_practice():
    code = ("// biome-ignore lint: hidden\n"
            "export function total(values: any): number {\n"
            "  var sum = 0;\n"
            "  for (let i = 0; i < values.length; i++) {\n"
            "    if (values[i] == null) continue;\n"
            "    sum += values[i]!;\n"
            "  }\n"
            "  return sum;\n"
            "}\n")
    rules = {(r, line): dim for tool, r, line, dim in _rules(_analysed(code, "biome"))}
    assert rules[("suspicious/noExplicitAny", 2)] == "best_practices"
    assert rules[("suspicious/noVar", 3)] == "idiomaticity"
    assert rules[("style/useForOf", 4)] == "idiomaticity"
    assert rules[("style/noNonNullAssertion", 6)] == "best_practices"


def test_biome_format_accepts_prettier_choices_but_not_unformatted_code():
    consistent = ("export function greet(name: string): string {\n"
                  "    const greeting = 'hello';\n"
                  "    return `${greeting}, ${name}`;\n"
                  "}\n")
    assert not [f for f in _analysed(consistent, "biome").findings if f.rule == "format"]
    messy = ("export function greet(name: string): string {\n"
             "  const greeting = 'hello'\n"
             "     return `${greeting}, ${name}`}\n")
    formats = [f for f in _analysed(messy, "biome").findings if f.rule == "format"]
    assert formats and all(f.dimension == "idiomaticity" for f in formats)
    assert "biome format reformats" in formats[0].message


def test_a_missing_linter_makes_its_dimensions_n_a_with_the_install_command(monkeypatch):
    from pytest_agentbench.analysis import analyse, analysers_for

    monkeypatch.setattr(tstools(), "biome_program", lambda: None)
    biome = next(a for a in analysers_for("typescript") if a.name == "biome")
    version, why = biome.availability()
    assert version is None and "npm ci" in why
    result = analyse("typescript", ADD, "solution.ts")
    assert "biome" in result.blockers("idiomaticity")
    assert "biome" in result.blockers("best_practices")
