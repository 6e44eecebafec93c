"""The PHP runner on plain data: signatures, prompts, one php process per problem, outcomes."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from pytest_agentbench.agents import Agent, ReferenceAgent
from pytest_agentbench.analysis import analyse
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.php import PhpRunner, php_literal
from pytest_agentbench.languages.php.analysers import (
    PhpCodeSniffer,
    PhpMessDetector,
    phpcs_ruleset,
    phpmd_ruleset,
)
from pytest_agentbench.languages.php.toolchain import find_phpunit
from pytest_agentbench.models import AgentReply
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.prompt import render_example, render_prompt
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.scoring import builtin_evaluators
from pytest_agentbench.suite import load_suite

from .helpers import (
    assert_benchmark_mechanics,
    assert_mini_suite_shape,
    assert_timing_mechanics,
    write_suite,
)

REG = default_registry()
PHP = REG.get("php")
FAST = ExecSettings(solution_limits(10))
SUITE = Path(__file__).resolve().parents[1] / "suites" / "php_mini.json"

needs_php = pytest.mark.skipif(
    not PHP.toolchain().available,
    reason=f"PHP toolchain not installed ({PHP.toolchain().reason}); "
           f"install it with: {PHP.toolchain().install_hint}")
#: native tests run under PHPUnit 9 (Debian's phpunit)
needs_phpunit = pytest.mark.skipif(
    not PHP.toolchain().available or isinstance(find_phpunit(), str),
    reason=f"PHP or PHPUnit not installed: {find_phpunit()}")


def problem(tmp_path, signature, cases=None, native=None, entry_point=None):
    raw = {"id": "t", "difficulty": "easy", "description": "d", "signature": signature}
    if cases is not None:
        raw["test_cases"] = cases
    if native is not None:
        raw["native_tests"] = native
    if entry_point:
        raw["entry_point"] = entry_point
    data = {"language": "php", "tests": [raw]}
    return load_suite(write_suite(tmp_path, "s.json", data), REG).problems[0]


def run(prob, code, settings=FAST):
    return judge(prob, PHP.run(prob, code, settings))


def statuses(ex):
    return [o.status for o in ex.outcomes]


ADD_CASES = [{"args": [1, 2], "expected": 3}, {"args": [-1, 1], "expected": 0},
             {"args": [5, 0], "expected": 5}]
ADD = "<?php\ndeclare(strict_types=1);\n\nfunction add(int $a, int $b): int\n{\n    {body}\n}\n"


def add_code(body):
    return ADD.replace("{body}", body)


@pytest.fixture
def add(tmp_path):
    return problem(tmp_path, "function add(int $a, int $b): int", ADD_CASES)


# ---------------------------------------------------------------- reading signatures


def test_function_signature_with_types_defaults_and_docs():
    sig = PHP.read_signature(
        "/**\n * @param list<?ListNode> $lists\n */\n"
        "function merge(array $lists, ?TreeNode $root, string $sep = ', ', int|float ...$rest)"
        ": ?ListNode", None)
    assert sig.entry_point == "merge" and sig.kind == "function"
    assert [(p.name, p.type, p.kind, p.required) for p in sig.params] == [
        ("lists", "array", "other", True), ("root", "?TreeNode", "tree", True),
        ("sep", "string", "str", False), ("rest", "int|float", "other", False)]
    assert sig.returns == "?ListNode" and sig.returns_kind == "linked_list"


def test_class_signature_reads_the_promoted_constructor():
    text = ("final class Money\n{\n    public function __construct(public readonly int $amount,"
            " #[SensitiveParameter] private string $currency = 'EUR') {}\n\n"
            "    public function add(Money $other): Money {}\n}\n\n"
            "final class CurrencyMismatch extends InvalidArgumentException {}\n")
    sig = PHP.read_signature(text, None)
    assert (sig.entry_point, sig.kind) == ("Money", "class")
    assert [(p.name, p.type, p.required) for p in sig.params] == [
        ("amount", "int", True), ("currency", "string", False)]


def test_methods_are_not_functions_and_entry_point_wins():
    text = ("enum Suit: string\n{\n    case Hearts = 'H';\n\n"
            "    public static function fromChar(string $c): self {}\n}\n\n"
            "function parseSuit(string $c): Suit\n")
    assert PHP.read_signature(text, None).entry_point == "parseSuit"
    assert PHP.read_signature(text, "Suit").kind == "class"
    with pytest.raises(ValueError):
        PHP.read_signature("$x = 1;", None)


def test_defines_and_looks_like_code():
    code = "<?php\nfinal class LruCache\n{\n}\nfunction twoSum(array $n): array {}\n"
    assert PHP.defines(code, "LruCache") and PHP.defines(code, "twoSum")
    assert not PHP.defines(code, "threeSum")
    assert PHP.defines(code, "twosum")  # PHP's function names are case-insensitive
    # read from the tree: a comment, a string or a method does not define a function
    tricky = ("<?php\n// function ghost() {}\n$s = 'function quote() {}';\n"
              "class Box {\n    function inner() {}\n}\n")
    assert not any(PHP.defines(tricky, name) for name in ("ghost", "quote", "inner"))
    assert PHP.looks_like_code("<?php echo 1;") and PHP.looks_like_code("function f() {}")
    assert not PHP.looks_like_code("Here is my answer: it works.")


# ---------------------------------------------------------------- prompting


def test_php_literals():
    assert php_literal({"a": [1, 2.0, None, True]}) == "['a' => [1, 2.0, null, true]]"
    assert php_literal("it's") == "'it\\'s'"
    assert php_literal("a\n$b") == '"a\\n\\$b"'
    assert php_literal(float("inf")) == "INF"
    assert php_literal([3, None, 4], "?TreeNode") == "tree([3, null, 4])"


def test_prompt_uses_php_syntax_and_names_predefined_nodes(tmp_path):
    prob = problem(tmp_path, "function maxDepth(?TreeNode $root): int",
                   [{"args": [[3, 9, 20, None, None, 15, 7]], "expected": 3}])
    text = render_prompt(prob, PHP)
    assert "maxDepth(tree([3, 9, 20, null, null, 15, 7]))  // -> 3" in text
    assert "`TreeNode` is predefined" in text and "declare(strict_types=1);" in text
    assert "```php" in text


def test_examples_are_php_statements_with_named_arguments(tmp_path):
    fn = problem(tmp_path, "function slugify(string $title, string $separator = '-'): string",
                 [{"args": ["A b"], "kwargs": {"separator": "_"}, "expected": "a_b"},
                  {"args": ["x"], "kwargs": {"separator": "+"},
                   "raises": "InvalidArgumentException"}])
    assert [render_example(fn, c, PHP) for c in fn.cases] == [
        "slugify('A b', separator: '_')  // -> 'a_b'",
        "slugify('x', separator: '+')  // throws InvalidArgumentException"]
    (tmp_path / "c").mkdir()
    sig = ("final class Money\n{\n    public function __construct(public readonly int $amount,"
           " public readonly string $currency = 'EUR') {}\n\n"
           "    public function add(Money $other): Money {}\n\n"
           "    public function split(int $parts, bool $round = true): array {}\n}\n")
    cls = problem(tmp_path / "c", sig, [
        {"init": [5], "init_kwargs": {"currency": "USD"},
         "calls": [{"method": "add", "args": [{"amount": 1, "currency": "USD"}],
                    "expected": {"amount": 6, "currency": "USD"}},
                   {"method": "split", "args": [2], "kwargs": {"round": False}},
                   {"method": "add", "args": [{"amount": 1, "currency": "GBP"}],
                    "raises": "CurrencyMismatchException"}]},
        {"init": [5, "usd"], "init_raises": "InvalidArgumentException"}])
    assert render_example(cls, cls.cases[0], PHP).splitlines() == [
        "$obj = new Money(5, currency: 'USD');",
        "$obj->add(new Money(amount: 1, currency: 'USD'));  "
        "// -> ['amount' => 6, 'currency' => 'USD']",
        "$obj->split(2, round: false);",
        "$obj->add(new Money(amount: 1, currency: 'GBP'));  // throws CurrencyMismatchException"]
    assert render_example(cls, cls.cases[1], PHP) == (
        "new Money(5, 'usd');  // throws InvalidArgumentException")


# ---------------------------------------------------------------- running


@needs_php
def test_correct_solution_passes_every_case(add):
    ex = run(add, add_code("return $a + $b;"))
    assert statuses(ex) == ["passed"] * 3 and ex.failure is None


@needs_php
def test_opening_tag_is_added_when_missing(add):
    assert run(add, "function add(int $a, int $b): int { return $a + $b; }\n").failure is None


@needs_php
def test_wrong_answer_shows_expected_and_actual(add):
    ex = run(add, add_code("return $a - $b;"))
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]
    assert ex.failure.value == "wrong_answer"
    assert (ex.outcomes[0].expected, ex.outcomes[0].actual) == ("3", "-1")


@needs_php
def test_parse_error_is_a_compile_error(add):
    ex = run(add, add_code("return $a + $b"))
    assert ex.failure.value == "compile_error" and ex.outcomes == ()
    assert "syntax error" in ex.message and "solution.php on line 7" in ex.message


@needs_php
def test_compile_time_fatal_error_is_a_compile_error(add):
    code = add_code("return $a + $b;") + "\nfunction add(int $a): int { return $a; }\n"
    ex = run(add, code)
    assert ex.failure.value == "compile_error" and "Cannot redeclare add()" in ex.message
    assert "/tmp/" not in ex.message


@needs_php
def test_exception_is_a_runtime_error_with_its_class_name(add):
    ex = run(add, add_code("if ($a < 0) {\n        throw new DomainException('negative');\n"
                           "    }\n    return $b === 0 ? intdiv($a, $b) : $a + $b;"))
    assert statuses(ex) == ["passed", "error", "error"]
    assert ex.failure.value == "runtime_error"
    assert ex.outcomes[1].message.startswith("DomainException: negative")
    assert "solution.php:" in ex.outcomes[1].message
    assert ex.outcomes[2].message.startswith("DivisionByZeroError")


@needs_php
def test_strict_types_type_error(add):
    ex = run(add, "<?php\ndeclare(strict_types=1);\nfunction add(int $a, int $b): string "
                  "{ return $a + $b; }\n")
    assert statuses(ex) == ["error"] * 3 and "TypeError" in ex.outcomes[0].message


@needs_php
def test_infinite_loop_times_out_keeping_finished_cases(add):
    ex = run(add, add_code("while ($a < 0) {\n    }\n    return $a + $b;"),
             ExecSettings(solution_limits(2)))
    assert statuses(ex) == ["passed", "timeout", "not_run"]
    assert ex.failure.value == "timeout"


@needs_php
def test_fatal_error_and_exit_inside_a_case(add):
    twice = add_code("$declare = static function (): void {\n"
                     "        eval('function inner() {}');\n    };\n    if ($a < 0) {\n"
                     "        $declare();\n        $declare();\n    }\n    return $a + $b;")
    ex = run(add, twice)
    assert statuses(ex) == ["passed", "error", "not_run"]
    assert "FatalError: Cannot redeclare inner()" in ex.outcomes[1].message
    ex = run(add, add_code("if ($a < 0) {\n        exit(7);\n    }\n    return $a + $b;"))
    assert statuses(ex) == ["passed", "error", "not_run"]
    assert "exit()" in ex.outcomes[1].message and ex.failure.value == "runtime_error"


@needs_php
def test_missing_entry_point_is_named(add):
    ex = run(add, "<?php\nfunction plus(int $a, int $b): int { return $a + $b; }\n")
    assert ex.failure.value == "runtime_error"
    assert "does not define the function 'add'" in ex.message and "plus()" in ex.message


@needs_php
def test_output_of_the_solution_does_not_disturb_results(add):
    ex = run(add, add_code('echo "{\\"event\\": \\"case\\"}\\n";\n    return $a + $b;'))
    assert ex.failure is None and "event" in ex.stdout


@needs_php
def test_arguments_are_converted_to_the_declared_types(tmp_path):
    sig = ("/** @param list<?ListNode> $lists */\n"
           "function f(?TreeNode $root, array $lists, float $x, int|string $u, Suit $s, "
           "array $m, string $tail = 'z'): array")
    cases = [{"args": [[1, None, 2, 3], [[1, 2], []], 2, "7", "H", {"b": [1.0]}],
              "kwargs": {"tail": "k"}, "expected": None},
             {"args": [[], [], 0.5, 3, "S", {}], "expected": None}]
    prob = problem(tmp_path, sig, cases)
    code = (
        "<?php\ndeclare(strict_types=1);\n"
        "enum Suit: string { case Hearts = 'H'; case Spades = 'S'; }\n"
        "enum Dir { case Up; }\n"
        "function f(?TreeNode $root, array $lists, float $x, int|string $u, Suit $s, array $m,"
        " string $tail = 'z'): array {\n"
        "    $types = array_map('get_debug_type', [$root, $lists[0] ?? null, $lists[1] ?? null,"
        " $x, $u, $s]);\n"
        "    $gen = (static function () { yield 1; yield 2; })();\n"
        "    return ['root' => $root, 'lists' => $lists, 'm' => $m, 'tail' => $tail,"
        " 'types' => $types, 'nan' => NAN, 'inf' => -INF, 'gen' => $gen, 'pure' => Dir::Up,"
        " 'keys' => [3 => 'a', 5 => 'b'], 'obj' => new ArrayObject(['k' => 1.0])];\n}\n")
    first, second = (o.value for o in PHP.run(prob, code, FAST).outcomes)
    assert first == {
        "root": [1, None, 2, 3], "lists": [[1, 2], None], "m": {"b": [1.0]}, "tail": "k",
        "types": ["TreeNode", "ListNode", "null", "float", "string", "Suit"],
        "nan": {"$float": "nan"}, "inf": {"$float": "-inf"}, "gen": [1, 2], "pure": "Up",
        "keys": {"3": "a", "5": "b"}, "obj": {"k": 1.0}}
    assert second["root"] is None and second["lists"] == [] and second["m"] == []
    assert second["types"] == ["null", "null", "null", "float", "int", "Suit"]
    assert second["tail"] == "z"


@needs_php
def test_element_types_convert_what_they_name_and_pass_the_rest_through(tmp_path):
    """A list whose element type converts nothing (a template, a string) is passed as it is,
    not walked (10^5 elements of a timing input); one of floats, ints or nodes is converted."""
    sig = ("/**\n * @template T\n * @param list<float> $xs\n * @param array<string, list<int>> $m\n"
           " * @param iterable<T> $it\n * @param list<ListNode> $ls\n */\n"
           "function f(array $xs, array $m, iterable $it, array $ls): array")
    cases = [{"args": [[1, 2], {"a": [1.0, 2]}, [1, 2.5, "x"], [[1], []]], "expected": None}]
    code = ("<?php\n" + sig + "\n{\n    return array_map('get_debug_type', [$xs[0], $m['a'][0], "
            "$it[0], $it[1], $ls[0], $ls[1]]);\n}\n")
    outcome = PHP.run(problem(tmp_path, sig, cases), code, FAST).outcomes[0]
    assert outcome.value == ["float", "int", "int", "float", "ListNode", "null"], outcome


@needs_php
def test_class_cases_one_result_or_error_per_call(tmp_path):
    sig = ("final class Stack\n{\n    public function __construct(int $limit) {}\n"
           "    public function push(int $x): void {}\n    public function pop(): int {}\n}\n")
    cases = [{"init": [2], "calls": [{"method": "push", "args": [1]},
                                     {"method": "push", "args": [2]},
                                     {"method": "push", "args": [3], "raises": "OverflowException"},
                                     {"method": "pop", "expected": 2},
                                     {"method": "pop", "expected": 1},
                                     {"method": "pop", "raises": "UnderflowException"}]},
             {"init": [1], "calls": [{"method": "size"}]}]
    prob = problem(tmp_path, sig, cases)
    code = ("<?php\ndeclare(strict_types=1);\nfinal class Stack {\n"
            "    /** @var list<int> */\n    private array $items = [];\n"
            "    public function __construct(private readonly int $limit) {}\n"
            "    public function push(int $x): void {\n"
            "        if (count($this->items) >= $this->limit) { throw new OverflowException(); }\n"
            "        $this->items[] = $x;\n    }\n"
            "    public function pop(): int {\n"
            "        return array_pop($this->items) ?? throw new UnderflowException('empty');\n"
            "    }\n}\n")
    ex = run(prob, code)
    assert statuses(ex) == ["passed", "error"]
    assert "Call to undefined method Stack::size()" in ex.outcomes[1].message
    broken = run(prob, code.replace("array_pop($this->items)", "array_shift($this->items)"))
    assert statuses(broken)[0] == "wrong_answer" and "pop" in broken.outcomes[0].message


@needs_php
def test_class_cases_with_named_constructor_arguments_and_a_raising_constructor(tmp_path):
    sig = ("final class Counter\n{\n    public function __construct(int $start = 0, "
           "int $step = 1) {}\n    public function next(int $times = 1): int {}\n}\n")
    cases = [{"init": [], "init_kwargs": {"step": 5},
              "calls": [{"method": "next", "expected": 5},
                        {"method": "next", "kwargs": {"times": 2}, "expected": 15}]},
             {"init": [1], "init_kwargs": {"step": 0}, "init_raises": "DomainException"},
             {"init": [1], "init_raises": "DomainException"}]
    prob = problem(tmp_path, sig, cases)
    code = ("<?php\ndeclare(strict_types=1);\nfinal class Counter {\n"
            "    public function __construct(private int $start = 0, private int $step = 1) {\n"
            "        if ($step === 0) { throw new DomainException('a zero step'); }\n    }\n"
            "    public function next(int $times = 1): int {\n"
            "        return $this->start += $this->step * $times;\n    }\n}\n")
    assert statuses(run(prob, code)) == ["passed", "passed", "wrong_answer"]


@needs_php
def test_top_level_variables_of_the_solution_are_globals(add):
    code = ("<?php\n$offset = 0;\n$calls = [];\n\nfunction add($a, $b)\n{\n"
            "    global $offset, $calls;\n    $calls[] = $a;\n"
            "    return $a + $b + $offset + $GLOBALS['offset'];\n}\n")
    assert run(add, code).failure is None


@needs_php
def test_running_out_of_memory_is_a_resource_limit(add):
    ex = run(add, add_code("$hog = str_repeat('x', 8 * 1024 ** 3);\n    return $a + $b;"))
    assert ex.failure.value == "resource_limit" and "Allowed memory size" in ex.message
    lifted = add_code("ini_set('memory_limit', '-1');\n"
                      "    $hog = str_repeat('x', 8 * 1024 ** 3);\n    return $a + $b;")
    ex = run(add, lifted)
    assert ex.failure.value == "resource_limit" and "Out of memory" in ex.message
    assert statuses(ex) == ["error", "not_run", "not_run"]


@needs_php
def test_trees_and_linked_lists_round_trip(tmp_path):
    tree = problem(tmp_path, "function invert(?TreeNode $root): ?TreeNode",
                   [{"args": [[4, 2, 7, 1, 3, 6, 9]], "expected": [4, 7, 2, 9, 6, 3, 1]},
                    {"args": [[1, None, 2]], "expected": [1, 2]},
                    {"args": [[]], "expected": []}])
    code = ("<?php\ndeclare(strict_types=1);\n"
            "function invert(?TreeNode $root): ?TreeNode {\n"
            "    if ($root !== null) {\n"
            "        [$root->left, $root->right] = [invert($root->right), invert($root->left)];\n"
            "    }\n    return $root;\n}\n")
    assert run(tree, code).failure is None
    (tmp_path / "l").mkdir()
    lst = problem(tmp_path / "l", "function reverse(?ListNode $head): ?ListNode",
                  [{"args": [[1, 2, 3]], "expected": [3, 2, 1]}, {"args": [[]], "expected": []}])
    code = ("<?php\ndeclare(strict_types=1);\n"
            "function reverse(?ListNode $head): ?ListNode {\n    $prev = null;\n"
            "    while ($head !== null) {\n        [$head->next, $prev, $head] = "
            "[$prev, $head, $head->next];\n    }\n    return $prev;\n}\n")
    assert run(lst, code).failure is None


NATIVE = """<?php
declare(strict_types=1);

function test_adds(): void
{
    assert(add(2, 2) === 4);
}

function test_fails(): void
{
    assert(add(2, 2) === 5, 'two and two');
}

final class AddTest
{
    private int $base = 0;

    public function setUp(): void
    {
        $this->base = 10;
    }

    public function testWithSetUp(): void
    {
        assert(add($this->base, 1) === 11);
    }

    public function testThrows(): void
    {
        throw new LogicException('oops');
    }
}
"""


@needs_phpunit
def test_native_tests_give_one_outcome_each(tmp_path):
    prob = problem(tmp_path, "function add(int $a, int $b): int", ADD_CASES, NATIVE)
    ex = run(prob, add_code("return $a + $b;"))
    assert [(o.name, o.status) for o in ex.outcomes[3:]] == [
        ("test_adds", "passed"), ("test_fails", "wrong_answer"),
        ("AddTest::testWithSetUp", "passed"), ("AddTest::testThrows", "error")]
    assert ex.outcomes[4].message == "tests.php:11: two and two"
    assert ex.outcomes[6].message.startswith("LogicException: oops")
    assert ex.failure.value == "runtime_error"


@needs_phpunit
def test_native_only_problem_compile_error_and_hang(tmp_path):
    native = ("<?php\nfunction test_one(): void { assert(add(1, 1) === 2); }\n"
              "function test_hangs(): void { while (true) {} }\n"
              "function test_after(): void {}\n")
    prob = problem(tmp_path, "function add(int $a, int $b): int", None, native)
    ex = run(prob, add_code("return $a + $b"))
    assert ex.failure.value == "compile_error" and "syntax error" in ex.message
    ex = run(prob, add_code("return $a + $b;"), ExecSettings(solution_limits(2)))
    assert statuses(ex) == ["passed", "timeout", "not_run"]
    assert ex.failure.value == "timeout"


@needs_phpunit
def test_native_only_problem_load_error_is_named_once(tmp_path):
    native = "<?php\nfunction test_one(): void { assert(add(1, 1) === 2); }\n"
    prob = problem(tmp_path, "function add(int $a, int $b): int", None, native)
    ex = run(prob, "<?php\nfunction plus(int $a, int $b): int { return $a + $b; }\n")
    assert ex.failure.value == "runtime_error" and len(ex.outcomes) == 1
    assert "does not define the function 'add'" in ex.message
    (tmp_path / "c").mkdir()
    with_cases = problem(tmp_path / "c", "function add(int $a, int $b): int", ADD_CASES, native)
    ex = run(with_cases, "<?php\nthrow new LogicException('at load time');\n")
    assert ex.failure.value == "runtime_error" and ex.outcomes == ()
    assert ex.message.count("LogicException: at load time") == 1


SKIPPING = """<?php
declare(strict_types=1);

function test_adds(): void
{
    assert(add(2, 2) === 4);
}

function test_skipped_by_a_helper(): void
{
    \\AgentBench\\skip('not required yet');
    assert(add(2, 2) === 4);
}

#[\\AgentBench\\Skip('disabled')]
function test_disabled(): void
{
    assert(add(1, 1) === 2);
}

final class AddTest extends \\AgentBench\\TestCase
{
    public function setUp(): void
    {
        if (PHP_INT_SIZE < 4) {
            $this->markTestSkipped('no integers');
        }
    }

    public function testIncomplete(): void
    {
        $this->markTestIncomplete('later');
    }
}
"""


@needs_phpunit
def test_a_skipped_test_is_never_a_pass(tmp_path):
    """A wrong solution whose only failing test skips itself: that test is "skipped", counted
    neither as passed nor in the pass rate; the one real test decides."""
    prob = problem(tmp_path, "function add(int $a, int $b): int", None, SKIPPING)
    ex = run(prob, add_code("return $a === 2 ? 4 : 0;"))  # wrong for add(1, 1) only
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("test_adds", "passed"), ("test_skipped_by_a_helper", "skipped"),
        ("test_disabled", "skipped"), ("AddTest::testIncomplete", "skipped")]
    assert ex.outcomes[1].message == "not required yet"
    assert ex.outcomes[2].message == "disabled: disabled"
    assert ex.outcomes[3].message == "incomplete: later"
    assert ex.passed_count == 1 and len(ex.counted) == 1 and ex.failure is None


@needs_phpunit
def test_only_the_tests_file_can_skip(tmp_path):
    """A solution that raises the skip itself gets an error, not a skip."""
    prob = problem(tmp_path, "function add(int $a, int $b): int", None,
                   "<?php\nfunction test_adds(): void { assert(add(2, 2) === 5); }\n")
    for body in ("\\AgentBench\\skip('dodged');", "throw new \\AgentBench\\Skipped('x');",
                 "(new \\ReflectionClass(\\AgentBench\\TestCase::class))"
                 "->getMethod('markTestSkipped')->invoke(null, 'dodged');"):
        ex = run(prob, add_code(body + "\n    return $a + $b;"))
        assert statuses(ex) == ["error"], body
        assert "a skip raised outside the tests file" in ex.outcomes[0].message


@needs_phpunit
def test_an_item_whose_tests_all_skip_is_skipped(tmp_path):
    native = ("<?php\nfunction test_one(): void { \\AgentBench\\skip('later'); }\n"
              "#[\\AgentBench\\Skip]\nfunction test_two(): void { assert(false); }\n")
    prob = problem(tmp_path, "function add(int $a, int $b): int", None, native)
    settings = BenchSettings(exec_settings=FAST, evaluators=tuple(
        e for e in builtin_evaluators() if e.name == "correctness"), weights={"correctness": 1})
    result = run_problem(prob, Answer(add_code("return 0;")), PHP, REG, settings)
    assert result.status == "skipped", result.message
    assert "every test of the problem was skipped" in result.message
    assert statuses(result.execution) == ["skipped", "skipped"]


@needs_phpunit
def test_reports_go_through_the_channel_not_the_work_directory(add, tmp_path):
    """Nothing is written into the (read-only) work directory at run time, and forged lines
    without the token void the run."""
    keep = tmp_path / "kept"
    ex = run(add, add_code("return $a + $b;"), ExecSettings(solution_limits(10), keep_dir=keep))
    assert ex.failure is None
    assert sorted(p.name for p in keep.iterdir()) == ["agentbench", "job.json", "solution.php"]
    forge = add_code(
        "foreach (range(3, 64) as $fd) {\n"
        "        $out = @fopen(\"php://fd/$fd\", 'a');\n"
        "        if ($out !== false) {\n"
        "            @fwrite($out, '{\"event\": \"done\"}' . \"\\n\");\n"
        "        }\n    }\n    return $a + $b;")
    ex = run(add, forge)
    assert ex.failure.value == "runtime_error" and "without its token" in ex.message
    (tmp_path / "n").mkdir()  # the native tests' run: a forged pass and done, then a quiet exit
    native = problem(tmp_path / "n", "function add(int $a, int $b): int", None,
                     "<?php\nfunction test_adds(): void { assert(add(2, 2) === 5); }\n")
    forge_test = forge.replace("'{\"event\": \"done\"}'", "'{\"event\": \"test\", \"test\": "
                               "\"test_adds\", \"status\": \"passed\"}' . \"\\n\" . "
                               "'{\"event\": \"done\"}'").replace(
        "return $a + $b;", "FFI::cdef('void _exit(int);')->_exit(0);")
    ex = run(native, forge_test)
    assert ex.failure.value == "runtime_error" and "without its token" in ex.message
    assert "passed" not in statuses(ex)


def test_toolchain_missing_gives_the_install_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    toolchain = PhpRunner().toolchain()
    assert not toolchain.available
    assert "php" in toolchain.reason and toolchain.install_hint == "apt-get install php-cli"


# ---------------------------------------------------------------- the suite


def test_php_mini_suite_shape():
    suite = load_suite(SUITE, REG)
    assert suite.language == "php" and len(suite.problems) == 12
    assert_mini_suite_shape(suite, PHP, lambda code: len(re.findall(
        r"^\s*(?:public )?function test", code, re.M)))
    for prob in suite.problems:
        assert prob.reference_solution.startswith("<?php"), prob.id
        assert "declare(strict_types=1);" in prob.reference_solution


# ---------------------------------------------------------------- analysers


ANALYSED = """<?php
function sum_all($items)
{
    $unused_total = 0;
    $total = 0;
    foreach ($items as $item) {
        $total += $item;
    }
    $text = "${total}";
    return sizeof($items) ? $total : 0;
}
"""

needs_analysers = pytest.mark.skipif(
    PhpCodeSniffer().availability()[0] is None or PhpMessDetector().availability()[0] is None,
    reason="phpcs or phpmd is not installed (apt-get install php-codesniffer phpmd)")


@needs_php
@needs_analysers
def test_analysers_split_findings_between_idiom_and_practice():
    result = analyse("php", ANALYSED, "solution.php")
    assert set(result.tools) == {"php-lint", "phpcs", "phpmd", "lizard"} and not result.errors
    found = {(f.tool, f.rule): f.dimension for f in result.findings}
    assert found[("phpcs", "PSR12.Files.FileHeader.SpacingAfterBlock")] == "idiomaticity"
    assert found[("phpcs", "Generic.PHP.ForbiddenFunctions.FoundWithAlternative")] == \
        "idiomaticity"
    assert found[("phpmd", "CamelCaseVariableName")] == "idiomaticity"
    assert found[("phpcs", "Generic.PHP.RequireStrictTypes.MissingDeclaration")] == \
        "best_practices"
    assert found[("phpcs", "Squiz.Commenting.FunctionComment.Missing")] == "best_practices"
    assert found[("phpmd", "UnusedLocalVariable")] == "best_practices"
    assert found[("php-lint", "Deprecated")] == "best_practices"  # "${var}" in a string
    keys = [(f.tool, f.rule, f.line, f.message) for f in result.findings]
    assert len(keys) == len(set(keys))  # PHPMD's repeats of one naming violation count once


@needs_php
@needs_analysers
def test_a_file_phpmd_cannot_parse_is_shown_at_no_cost():
    code = ("<?php\n\ndeclare(strict_types=1);\n\nconst KNOWN = ['a' => true];\n\n"
            "/**\n * Whether a name is known.\n */\nfunction known(string $name): bool\n{\n"
            "    return isset(KNOWN[$name]);\n}\n")
    result = analyse("php", code, "solution.php")
    assert not result.errors
    (finding,) = [f for f in result.findings if f.tool == "phpmd"]
    assert (finding.rule, finding.weight, finding.line) == ("ParseError", 0.0, 12)
    assert "its rules were not applied" in finding.message


@needs_php
@needs_analysers
def test_an_answer_without_the_opening_tag_is_analysed_as_it_runs():
    result = analyse("php", "function add($a, $b)\n{\n    return $a + $b;\n}\n", "solution.php")
    found = {(f.rule, f.line) for f in result.findings}
    assert ("PSR12.Files.OpenTag.NotAlone", 1) in found
    assert ("Squiz.Commenting.FunctionComment.Missing", 1) in found  # line numbers unchanged


def test_rulesets_are_written_from_the_rule_table():
    xml = phpcs_ruleset({"standard": "PSR12", "exclude": ["PSR1.Classes.ClassDeclaration"],
                         "sniffs": ["Generic.PHP.RequireStrictTypes"],
                         "properties": {"Generic.Files.LineLength": {"lineLimit": 100}}})
    assert '<exclude name="PSR1.Classes.ClassDeclaration"/>' in xml
    assert '<rule ref="Generic.PHP.RequireStrictTypes"/>' in xml
    assert '<property name="lineLimit" value="100"/>' in xml
    xml = phpmd_ruleset({"rules": ["naming/ShortVariable", "design/EvalExpression"],
                         "properties": {"naming/ShortVariable": {"minimum": 2}}})
    assert '<rule ref="rulesets/naming.xml/ShortVariable">' in xml
    assert '<property name="minimum" value="2"/>' in xml
    assert '<rule ref="rulesets/design.xml/EvalExpression"/>' in xml


def test_a_hidden_analyser_makes_its_dimensions_n_a(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = analyse("php", "<?php\n\ndeclare(strict_types=1);\n\nfunction hidden(): void\n{\n}\n",
                     "solution.php")
    assert "apt-get install php-codesniffer" in result.missing["phpcs"]
    assert "apt-get install phpmd" in result.missing["phpmd"]
    assert "apt-get install php-cli" in result.missing["php-lint"]
    assert {"phpcs", "phpmd"} <= set(result.blockers("idiomaticity"))
    assert {"php-lint", "phpcs", "phpmd"} <= set(result.blockers("best_practices"))


# ---------------------------------------------------------------- timing


class Answer(Agent):
    spec = "answer"

    def __init__(self, code: str) -> None:
        self.code = code

    def solve(self, request):
        return AgentReply(f"```php\n{self.code}\n```", 0.0)


TIMED_ONLY = BenchSettings(
    exec_settings=ExecSettings(solution_limits(30)),
    evaluators=tuple(e for e in builtin_evaluators() if e.name in ("correctness", "performance")),
    weights={"correctness": 0.4, "performance": 0.2})

# correct, but counts words in a list searched linearly: O(n * k) for k distinct words
QUADRATIC_TOP_WORDS = """<?php

declare(strict_types=1);

/**
 * The most frequent words, most frequent first, ties in byte-wise order.
 *
 * @return list<string>
 */
function topWords(string $text, int $limit): array
{
    if ($limit < 0) {
        throw new InvalidArgumentException("The limit must not be negative, got {$limit}.");
    }
    preg_match_all('/[a-z0-9]+/', strtolower($text), $matches);
    $words = [];
    $counts = [];
    foreach ($matches[0] as $word) {
        $index = array_search($word, $words, true);
        if ($index === false) {
            $words[] = $word;
            $counts[] = 1;
        } else {
            $counts[$index]++;
        }
    }
    array_multisort($counts, SORT_DESC, SORT_NUMERIC, $words, SORT_ASC, SORT_STRING);

    return array_slice($words, 0, $limit);
}
"""


def performance_of(agent, problem_id="php_easy_02"):
    prob = next(p for p in load_suite(SUITE, REG).problems if p.id == problem_id)
    result = run_problem(prob, agent, PHP, REG, TIMED_ONLY)
    assert result.status == "passed", result.message
    return next(s for s in result.scores if s.name == "performance")


@needs_php
def test_the_reference_and_a_quadratic_answer_are_timed_on_both_sizes():
    """Mechanics only (what the scores are worth: benchmarks/performance_stability.py, and
    benchmarks/performance_discrimination.py for the quadratic answer losing points)."""
    prob = next(p for p in load_suite(SUITE, REG).problems if p.id == "php_easy_02")
    assert [s.n for s in prob.timing.sizes] == [10000, 100000]
    for agent in (ReferenceAgent(), Answer(QUADRATIC_TOP_WORDS)):
        assert_timing_mechanics(performance_of(agent), prob)


@needs_php
def test_an_error_in_the_timing_run_is_reported():
    prob = next(p for p in load_suite(SUITE, REG).problems if p.id == "php_easy_02")
    fussy = QUADRATIC_TOP_WORDS.replace(
        "    preg_match_all(", "    if (strlen($text) > 100) {\n"
        "        throw new LengthException('too long');\n    }\n    preg_match_all(")
    timing = PHP.benchmark(prob, fussy, prob.reference_solution, FAST)
    assert timing.error == "the solution raised LengthException: too long"


CHANGES_ITS_INPUT = """<?php
function chunked(iterable PARAM, int $size): Generator
{
    static $seen = []; // the sizes given: one element more is an input a call changed
    if (isset($seen[count($items) - 1])) {
        throw new LengthException('the input changed: ' . count($items));
    }
    $seen[count($items)] = true;
    $items[] = -1;
    return (static function () use ($items, $size): Generator {
        foreach (array_chunk($items, $size) as $chunk) {
            yield $chunk;
        }
    })();
}
"""


@needs_php
@pytest.mark.parametrize("param", ["$items", "&$items"], ids=["by-value", "by-reference"])
def test_every_timed_call_gets_the_same_input_even_when_a_call_changes_it(param):
    """Arguments without objects are converted once and reused: a call that changes its array,
    by value or by reference, leaves the next call's input as it was (the solution checks, and
    throws)."""
    prob = next(p for p in load_suite(SUITE, REG).problems if p.id == "php_medium_05")
    small = replace(prob, timing=replace(prob.timing, repeat=4, sizes=tuple(
        replace(s, args=({"$gen": "randint", "n": s.n // 100, "lo": 0, "hi": 9, "seed": 1},
                         7)) for s in prob.timing.sizes)))
    timing = PHP.benchmark(small, CHANGES_ITS_INPUT.replace("PARAM", param),
                           prob.reference_solution, FAST)
    assert not timing.error and len(timing.sizes) == 2
    assert all(len(s.solution) == len(s.reference) == 4 for s in timing.sizes)


EMPTIES_ITS_BOX = """<?php
final class Box
{
    /** @param list<int> $items */
    public function __construct(public array $items) {}
}

function drain(Box $box): int
{
    if ($box->items === []) {
        throw new LengthException('the box was emptied by an earlier call');
    }
    $count = count($box->items);
    $box->items = [];
    return $count;
}
"""


@needs_php
def test_an_object_argument_is_built_afresh_for_every_timed_call(tmp_path):
    """Objects are shared, not copied, by a call: one the call empties must not be reused."""
    suite = write_suite(tmp_path, "box.json", {"language": "php", "tests": [{
        "id": "php_box", "difficulty": "easy", "description": "Empty the box.",
        "signature": EMPTIES_ITS_BOX.split("function drain")[0] + "function drain(Box $box): int",
        "test_cases": [{"args": [[[1, 2]]], "expected": 2}],
        "reference_solution": EMPTIES_ITS_BOX,
        "timing": {"repeat": 4, "sizes": [{"n": 10, "args": [[list(range(10))]]},
                                          {"n": 100, "args": [[list(range(100))]]}]}}]})
    prob = load_suite(suite, REG).problems[0]
    timing = PHP.benchmark(prob, EMPTIES_ITS_BOX, EMPTIES_ITS_BOX, FAST)
    assert not timing.error and [len(s.solution) for s in timing.sizes] == [4, 4]
    assert [len(s.reference) for s in timing.sizes] == [4, 4]


def timed_problem(tmp_path, signature, reference, sizes, repeat=3, kind_cases=None):
    """A one-problem suite with a timing of ``sizes`` (n and args, or init and calls)."""
    suite = write_suite(tmp_path, "timed.json", {"language": "php", "tests": [{
        "id": "php_timed", "difficulty": "easy", "description": "d", "signature": signature,
        "test_cases": kind_cases or [{"args": [[1, 2]], "expected": 2}],
        "reference_solution": reference, "timing": {"repeat": repeat, "sizes": sizes}}]})
    return load_suite(suite, REG).problems[0]


# each contender counts its own calls per input size, and throws past `repeat` of them: were
# one contender's function timed for the other, or an input cut short, it would throw
TALLY_SOLUTION = """<?php
declare(strict_types=1);

function tally(array $items): int
{
    static $calls = [];
    $calls[count($items)] = ($calls[count($items)] ?? 0) + 1;
    if (!in_array(count($items), [2, 50, 500], true) || $calls[count($items)] > 3) {
        throw new RangeException('solution call ' . json_encode($calls));
    }
    return array_sum($items);
}
"""

TALLY_REFERENCE = """<?php
declare(strict_types=1);

final class Tally
{
    /** @var array<int, int> */
    public static array $calls = [];
}

function tally(array $items): int
{
    $n = count(new ArrayObject($items));
    Tally::$calls[$n] = (Tally::$calls[$n] ?? 0) + 1;
    if (!in_array($n, [2, 50, 500], true) || Tally::$calls[$n] > 3) {
        throw new LengthException('reference call ' . json_encode(Tally::$calls));
    }
    return array_sum($items);
}
"""

TALLY_SIZES = [{"n": 50, "args": [list(range(50))]}, {"n": 500, "args": [list(range(500))]}]


@needs_php
def test_solution_and_reference_are_timed_apart_in_one_process(tmp_path):
    """Different codes defining the same function: each is called `repeat` times per size on
    the whole input (the reference, namespaced, still finds PHP's own classes)."""
    prob = timed_problem(tmp_path, "function tally(array $items): int", TALLY_REFERENCE,
                         TALLY_SIZES)
    timing = PHP.benchmark(prob, TALLY_SOLUTION, TALLY_REFERENCE, FAST)
    assert not timing.error, timing.error
    assert [(s.n, len(s.solution), len(s.reference)) for s in timing.sizes] == [
        (50, 3, 3), (500, 3, 3)]


@needs_php
@pytest.mark.parametrize("who", ["solution", "reference"])
def test_an_error_names_the_contender_that_raised_it(tmp_path, who):
    broken = TALLY_SOLUTION.replace("    static $calls", "    throw new DomainException('no');"
                                    "\n    static $calls")
    code, reference = (broken, TALLY_REFERENCE) if who == "solution" else (TALLY_SOLUTION,
                                                                           broken)
    prob = timed_problem(tmp_path, "function tally(array $items): int", reference, TALLY_SIZES)
    timing = PHP.benchmark(prob, code, reference, FAST)
    assert timing.error == f"the {who} raised DomainException: no"
    assert not timing.cut and not timing.sizes


@needs_php
def test_a_reference_without_the_entry_point_is_named(tmp_path):
    reference = TALLY_REFERENCE.replace("function tally(", "function tallied(")
    prob = timed_problem(tmp_path, "function tally(array $items): int", TALLY_REFERENCE,
                         TALLY_SIZES)
    timing = PHP.benchmark(prob, TALLY_SOLUTION, reference, FAST)
    assert timing.error == ("the reference raised Error: the reference does not define the "
                            "function 'tally' (it defines: agentbenchreference\\tallied(), "
                            "AgentbenchReference\\Tally)"), timing.error


@needs_php
def test_an_endless_solution_is_cut_off(tmp_path):
    """Past max(1 s, 25 times the reference's time) a watchdog ends the run: score 0."""
    endless = TALLY_SOLUTION.replace("    static $calls", "    while (true) {\n    }\n"
                                     "    static $calls")
    prob = timed_problem(tmp_path, "function tally(array $items): int", TALLY_REFERENCE,
                         TALLY_SIZES)
    timing = PHP.benchmark(prob, endless, TALLY_REFERENCE, FAST)
    assert timing.cut and "25 times the reference" in timing.error, timing.error
    assert "at n=50," in timing.error, timing.error


@needs_php
def test_a_class_problem_is_timed_with_its_objects_made_for_each_contender():
    """Money's methods take Money objects: each contender's arguments are its own class's
    (the same code loaded twice, once namespaced), built afresh for every unit."""
    prob = next(p for p in load_suite(SUITE, REG).problems if p.id == "php_medium_01")
    small = replace(prob, timing=replace(prob.timing, repeat=3, sizes=tuple(
        replace(s, n=s.n // 10, calls={**s.calls, "n": s.n // 10}) for s in prob.timing.sizes)))
    timing = PHP.benchmark(small, prob.reference_solution, prob.reference_solution, FAST)
    assert_benchmark_mechanics(timing, small)
    assert len(timing.sizes[0].solution) == 3


CUTS_ITS_LIST = """<?php
function cut(?ListNode $head): int
{
    $length = 0;
    for ($node = $head; $node !== null; $node = $node->next) {
        $length++;
    }
    if (!in_array($length, [3, 50, 5000], true)) {
        throw new LengthException("a list of {$length} nodes: an earlier call cut it");
    }
    $head->next = null;
    return $length;
}
"""


@needs_php
def test_a_list_the_solution_cuts_is_whole_again_for_every_unit(tmp_path):
    """Object arguments are copied for each unit (unserialized) when short, converted again
    when deeper than a copy goes: both whole every time."""
    prob = timed_problem(tmp_path, "function cut(?ListNode $head): int", CUTS_ITS_LIST,
                         [{"n": 50, "args": [list(range(50))]},
                          {"n": 5000, "args": [list(range(5000))]}],
                         kind_cases=[{"args": [[1, 2, 3]], "expected": 3}])
    timing = PHP.benchmark(prob, CUTS_ITS_LIST, CUTS_ITS_LIST, FAST)
    assert not timing.error, timing.error
    assert [len(s.solution) for s in timing.sizes] == [3, 3]


WAKES_UP = EMPTIES_ITS_BOX.replace(
    "    public function __construct(public array $items) {}",
    "    public function __construct(public array $items) {}\n\n"
    "    public function __wakeup(): void\n    {\n"
    "        throw new LogicException('a Box must not be unserialized');\n    }")


@needs_php
def test_an_object_with_a_serialization_of_its_own_is_converted_not_copied(tmp_path):
    suite = write_suite(tmp_path, "box.json", {"language": "php", "tests": [{
        "id": "php_box", "difficulty": "easy", "description": "Empty the box.",
        "signature": "function drain(Box $box): int",
        "test_cases": [{"args": [[[1, 2]]], "expected": 2}], "reference_solution": WAKES_UP,
        "timing": {"repeat": 3, "sizes": [{"n": 10, "args": [[list(range(10))]]},
                                          {"n": 100, "args": [[list(range(100))]]}]}}]})
    prob = load_suite(suite, REG).problems[0]
    timing = PHP.benchmark(prob, WAKES_UP, WAKES_UP, FAST)
    assert "__wakeup" in WAKES_UP and not timing.error, timing.error
    assert [len(s.solution) for s in timing.sizes] == [3, 3]


@needs_php
def test_suite_timing_inputs_have_two_sizes_and_the_rest_say_why_not():
    """10 of 12 timed, the class designs by a construction and a call sequence; the other two
    say why not."""
    problems = load_suite(SUITE, REG).problems
    timed = [p for p in problems if p.timing is not None]
    assert {p.id for p in timed} == {
        "php_easy_01", "php_easy_02", "php_medium_01", "php_medium_02", "php_medium_03",
        "php_medium_04", "php_medium_05", "php_hard_01", "php_hard_02", "php_hard_03"}
    for prob in timed:
        small, large = prob.timing.sizes
        assert 5 <= large.n / small.n <= 10, prob.id
        assert all((s.calls is not None) == (prob.signature.kind == "class")
                   for s in prob.timing.sizes), prob.id
    assert all(p.extra.get("no_timing") for p in problems if p.timing is None)


def test_rule_table_booleans_reach_phpmd_as_php_reads_them():
    """A JSON true in the rule table's PHPMD properties arrived as "True", which PHPMD reads
    as off."""
    from pytest_agentbench.languages.php.analysers import phpmd_ruleset

    text = phpmd_ruleset({"rules": ["unusedcode/UnusedLocalVariable"], "properties": {
        "unusedcode/UnusedLocalVariable": {"allow-unused-foreach-variables": True}}})
    assert 'value="true"' in text and "True" not in text
