"""The Ruby runner end to end on plain data: one ruby process per problem (plus one for
minitest), no build step; the harness compiles the solution itself."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from pytest_agentbench.agents import Agent, ReferenceAgent
from pytest_agentbench.analysis import analyse
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, RubyRunner, default_registry
from pytest_agentbench.languages.ruby import ruby_dirs, ruby_literal
from pytest_agentbench.languages.ruby.analysers import RuboCop, warning_rule
from pytest_agentbench.models import AgentReply, Timing, TimingSize
from pytest_agentbench.pipeline import BenchSettings, run_problem, skip_reason
from pytest_agentbench.prompt import render_example, render_prompt
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.scoring import builtin_evaluators
from pytest_agentbench.suite import load_suite

from .helpers import assert_mini_suite_shape, assert_timing_mechanics, write_suite
from .hostile.ruby import ATTACKS as HOSTILE

REG = default_registry()
RB = REG.get("ruby")
FAST = ExecSettings(solution_limits(10))
SHORT = ExecSettings(solution_limits(1.5))
SUITE = Path(__file__).resolve().parent.parent / "suites" / "ruby_mini.json"

pytestmark = pytest.mark.skipif(
    not RB.toolchain().available,
    reason=f"Ruby toolchain not installed ({RB.toolchain().reason}); install it with: "
           f"{RB.toolchain().install_hint}",
)


def problem(id_, signature, cases=(), native=None, **extra):
    return {"id": id_, "difficulty": "easy", "description": "d", "signature": signature,
            "test_cases": list(cases), **({"native_tests": native} if native else {}), **extra}


ADD_SIG = "# @param a [Integer]\n# @param b [Integer]\n# @return [Integer]\ndef add(a, b)\nend\n"
ADD = "# frozen_string_literal: true\n\n# Adds.\ndef add(a, b)\n  a + b\nend\n"

SKIPPING = """require 'minitest/autorun'

class AddTest < Minitest::Test
  def test_adds
    assert_equal 4, add(2, 2)
  end

  def test_skipped_before_it_checks
    skip 'not required yet'
    assert_equal 2, add(1, 1)
  end

  def test_skipped_until_a_date
    skip_until 2999, 1, 1, 'not before 2999'
    assert_equal 2, add(1, 1)
  end

  def test_raises_the_skip_itself
    raise Minitest::Skip, 'by hand' if add(1, 1) != 2
  end
end

describe 'add' do
  it 'is pending'

  it 'adds' do
    _(add(2, 2)).must_equal 4
  end
end
"""

PROBLEMS = [
    problem("add", ADD_SIG, [
        {"args": [1, 2], "expected": 3},
        {"args": [-1, 1], "expected": 0},
        {"args": [0, 0], "expected": 0},
    ]),
    problem("echo", "def echo(value, wrap: false)\nend\n", [
        {"name": "values", "args": [[1, -2.5, "héllo", None, True, {"a": [1, {"b": False}]}]],
         "expected": [1, -2.5, "héllo", None, True, {"a": [1, {"b": False}]}]},
        {"name": "keywords", "args": [7], "kwargs": {"wrap": True}, "expected": [7]},
    ]),
    problem("convert", "# @param kind [String]\ndef convert(kind)\nend\n", [
        {"name": kind, "args": [kind], "expected": None} for kind in (
            "symbol", "set", "keys", "floats", "struct", "lazy", "object", "range", "bignum")
    ]),
    problem("counter", "# Counts.\nclass Counter\n  # @param start [Integer]\n"
            "  def initialize(start, step: 1)\n  end\n\n  def incr(by = nil, times: 1)\n  end\n"
            "end\n", [
                {"init": [5], "calls": [
                    {"method": "incr", "expected": 6},
                    {"method": "incr", "args": [10], "expected": 16},
                    {"method": "incr", "args": [1], "kwargs": {"times": 3}, "expected": 19},
                    {"method": "nope", "raises": "NoMethodError"},
                    {"method": "incr", "kwargs": {"bad": 1}, "raises": "ArgumentError"},
                    {"method": "incr", "expected": 20}]},
                {"init": [0], "calls": [{"method": "count", "expected": 0}]},
            ]),
    problem("point", "class Point\n  def initialize(x, y)\n  end\nend\n", [
        {"input": "(1, 2)", "expected": "{'x': 1, 'y': 2}"},
    ]),
    problem("trees", "# @param root [TreeNode, nil]\n# @param head [ListNode]\n"
            "# @return [TreeNode, nil]\ndef mirror(root, head)\nend\n", [
                {"args": [[4, 2, 7, 1, 3, None, 9], [1, 2]], "expected": [4, 7, 2, 9, None, 3, 1]},
                {"args": [[], []], "expected": []},
                {"args": [[1, None, 2, 3], [5]], "expected": [1, 2, None, None, 3]},
            ]),
    problem("reverse", "# @param head [ListNode, nil]\n# @return [ListNode, nil]\n"
            "def reverse(head)\nend\n", [
                {"args": [[1, 2, 3]], "expected": [3, 2, 1]},
                {"args": [[]], "expected": []},
            ]),
    problem("native", ADD_SIG, [{"args": [2, 3], "expected": 5}], native=(
        "require 'minitest/autorun'\n"
        "require_relative 'solution'\n\n"
        "class AddTest < Minitest::Test\n"
        "  def test_small\n    assert_equal 4, add(2, 2)\n  end\n\n"
        "  def test_fails\n    assert_equal 5, add(2, 2), 'two and two'\n  end\n\n"
        "  def test_raises\n    add(nil, 1)\n  end\n\n"
        "  def test_skipped\n    skip 'later'\n  end\nend\n")),
    problem("native_only", ADD_SIG, native=(
        "class AddTest < Minitest::Test\n"
        "  def test_one\n    assert_equal 2, add(1, 1)\n  end\n\n"
        "  def test_hangs\n    loop { add(1, 1) }\n  end\n\n"
        "  def test_after\n    assert true\n  end\nend\n"
        "class OtherTest < Minitest::Test\n"
        "  def test_one\n    assert_equal 0, add(0, 0)\n  end\nend\n")),
    problem("counter_init", "# Counts.\nclass Counter\n  # @param start [Integer]\n"
            "  def initialize(start, step: 1)\n  end\nend\n", [
                {"init": [5], "init_kwargs": {"step": 3}, "calls": [
                    {"method": "incr", "expected": 8},
                    {"method": "incr", "kwargs": {"times": 2}, "expected": 14},
                    {"method": "count=", "args": [0], "raises": "NoMethodError"}]},
                {"init": [1], "init_kwargs": {"stride": 2}, "init_raises": "ArgumentError"},
                {"init": [], "init_raises": "ArgumentError"},
            ]),
    problem("native_broken", ADD_SIG, [{"args": [1, 1], "expected": 2}], native=(
        "class AddTest < Minitest::Test\n  def test_one\n    assert_equal(2, add(1, 1)\n"
        "  end\nend\n")),
    problem("skipping", ADD_SIG, native=SKIPPING),
    problem("all_skipped", ADD_SIG, native=(
        "class AddTest < Minitest::Test\n  def test_later\n    skip 'later'\n"
        "    assert_equal 2, add(1, 1)\n  end\nend\n\n"
        "describe 'add' do\n  it 'is pending'\nend\n")),
    problem("native_strict", ADD_SIG, native=(
        "class AddTest < Minitest::Test\n  def test_adds\n    assert_equal 4, add(2, 2)\n"
        "  end\nend\n")),
    problem("deep", "def depth(n)\nend\n", [
        {"args": [30000], "expected": 30000},
        {"args": [5000], "expected": 5000},
    ]),
]


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    path = write_suite(tmp_path_factory.mktemp("ruby"), "ruby_test.json",
                       {"language": "rb", "tests": PROBLEMS})
    loaded = load_suite(path, REG)
    return {p.id: p for p in loaded.problems}


def run(problem, code, settings=FAST):
    return judge(problem, RB.run(problem, code, settings))


def statuses(ex):
    return [o.status for o in ex.outcomes]


# ---------------------------------------------------------------- functions


def test_correct_solution_passes_every_case(suite):
    ex = run(suite["add"], ADD)
    assert statuses(ex) == ["passed"] * 3 and ex.failure is None


def test_wrong_answer_has_expected_and_actual(suite):
    ex = run(suite["add"], "def add(a, b)\n  a - b\nend\n")
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]
    assert ex.failure.value == "wrong_answer"
    assert (ex.outcomes[0].expected, ex.outcomes[0].actual) == ("3", "-1")


def test_syntax_error_is_a_compile_error(suite):
    ex = run(suite["add"], "def add(a, b)\n  a +\nend\n")
    assert ex.failure.value == "compile_error" and ex.outcomes == ()
    assert "solution.rb:3: syntax error" in ex.message


def test_exception_is_a_runtime_error_with_its_type(suite):
    code = "def add(a, b)\n  raise ArgumentError, 'negative' if a.negative?\n\n  a + b\nend\n"
    ex = run(suite["add"], code)
    assert statuses(ex) == ["passed", "error", "passed"]
    assert ex.failure.value == "runtime_error"
    assert ex.outcomes[1].actual == "raised ArgumentError"
    assert ex.outcomes[1].message.startswith("ArgumentError: negative\nsolution.rb:2")


def test_infinite_loop_times_out_keeping_finished_cases(suite):
    code = "def add(a, b)\n  loop {} if a.negative?\n  a + b\nend\n"
    ex = run(suite["add"], code, SHORT)
    assert statuses(ex) == ["passed", "timeout", "not_run"]
    assert ex.failure.value == "timeout"


def test_missing_entry_point_and_errors_at_load_are_named(suite):
    ex = run(suite["add"], "def plus(a, b)\n  a + b\nend\n")
    assert ex.failure.value == "runtime_error"
    assert "does not define the method `add` (it defines: plus)" in ex.message
    ex = run(suite["add"], "require 'no_such_library'\n")
    assert ex.failure.value == "runtime_error" and "LoadError" in ex.message


def test_exit_and_output_are_contained(suite):
    code = "def add(a, b)\n  exit 3 if a.negative?\n  exit!(4) if a.zero?\n" \
           "  puts '{\"event\": \"done\"}'\n  a + b\nend\n"
    ex = run(suite["add"], code)
    assert statuses(ex) == ["passed", "error", "error"]
    assert ex.outcomes[1].actual == "raised SystemExit"
    assert "status 4" in ex.outcomes[2].message and ex.failure.value == "runtime_error"
    assert '"event": "done"' in ex.stdout


def test_leetcode_layout_and_bundled_gems(suite):
    code = "require 'prime'\n\n# LeetCode style.\nclass Solution\n  def add(a, b)\n" \
           "    a + b + Prime.first(1).first - 2\n  end\nend\n"
    assert run(suite["add"], code).failure is None


def test_values_and_keyword_arguments_cross_as_json(suite):
    code = "def echo(value, wrap: false)\n  wrap ? [value] : value\nend\n"
    ex = run(suite["echo"], code)
    assert ex.failure is None, ex.message


def test_results_are_converted_to_plain_data(suite):
    code = """
require 'set'

Pair = Struct.new(:left, :right)

def convert(kind)
  case kind
  when 'symbol' then %i[a b]
  when 'set' then Set[3, 1, 2]
  when 'keys' then { a: 1, 2 => 'two', nil => 0 }
  when 'floats' then [Float::NAN, -Float::INFINITY, 0.5]
  when 'struct' then Pair.new(1, :x)
  when 'lazy' then (1..).lazy.map { |x| x * 2 }.first(3).each
  when 'object' then Object.new
  when 'range' then (1..3)
  when 'bignum' then 2**70
  end
end
"""
    ex = run(suite["convert"], code)
    actual = [o.actual for o in ex.outcomes]
    assert actual[:6] == ["['a', 'b']", "[1, 2, 3]", "{'a': 1, '2': 'two', 'null': 0}",
                          "[nan, -inf, 0.5]", "{'left': 1, 'right': 'x'}", "[2, 4, 6]"]
    assert actual[6].startswith("#<Object:0x") and actual[7] == "1..3"
    assert actual[8] == str(2**70)


def test_deep_recursion_is_allowed(suite):
    code = "def depth(n)\n  n.zero? ? 0 : 1 + depth(n - 1)\nend\n"
    assert run(suite["deep"], code).failure is None
    blocks = "def depth(n)\n  n.zero? ? 0 : [n].sum { |k| 1 + depth(k - 1) }\nend\n"
    ex = run(suite["deep"], blocks)
    assert statuses(ex)[1] == "passed"  # 5000 levels through blocks fit the raised stack


# ---------------------------------------------------------------- classes, trees


COUNTER = """
# Counts.
class Counter
  attr_reader :count

  def initialize(start, step: 1)
    @count = start
    @step = step
  end

  def incr(by = nil, times: 1)
    @count += (by || @step) * times
  end
end
"""


def test_class_calls_with_keyword_arguments(suite):
    ex = run(suite["counter"], COUNTER)
    assert ex.failure is None, ex.message
    ex = run(suite["counter"], COUNTER.replace("* times", "* 1"))
    assert statuses(ex) == ["wrong_answer", "passed"]
    assert "call 3 incr" in ex.outcomes[0].message


def test_constructor_error_and_attributes(suite):
    ex = run(suite["counter"], COUNTER.replace("@count = start", "raise KeyError, 'no'"))
    assert statuses(ex) == ["error", "error"]
    assert "constructor raised KeyError: no" in ex.outcomes[0].message
    point = "Point = Struct.new(:x, :y)\n"
    assert run(suite["point"], point).failure is None
    ex = run(suite["point"], "class Point\n  def initialize(x, y)\n    @x = x\n  end\nend\n")
    assert ex.failure.value == "wrong_answer" and "missing" in ex.outcomes[0].actual


def test_constructor_keywords_and_expected_constructor_errors(suite):
    ex = run(suite["counter_init"], COUNTER)
    assert statuses(ex) == ["passed"] * 3, [o.message for o in ex.outcomes]
    lenient = COUNTER.replace("def initialize(start, step: 1)",
                              "def initialize(start = 0, step: 1, **)")
    ex = run(suite["counter_init"], lenient)
    assert statuses(ex) == ["passed", "wrong_answer", "wrong_answer"]
    assert ex.outcomes[1].actual == "the constructor returned"


def test_trees_and_lists_are_built_and_read_back(suite):
    code = """
def mirror(root, head)
  return nil if root.nil?

  raise 'not a list' unless head.is_a?(ListNode) && head.next.nil? == (head.val == 5)

  root.left, root.right = mirror(root.right, head), mirror(root.left, head)
  root
end
"""
    ex = run(suite["trees"], code)
    assert ex.failure is None, ex.message
    reverse = """
def reverse(head)
  previous = nil
  head, head.next, previous = head.next, previous, head while head
  previous
end
"""
    assert run(suite["reverse"], reverse).failure is None


def test_own_node_classes_are_used(suite):
    code = """
# A node of the agent's own.
class ListNode
  attr_reader :val
  attr_accessor :next

  def initialize(val)
    @val = val
  end
end

def reverse(head, previous = nil)
  return previous if head.nil?

  rest = head.next
  head.next = previous
  reverse(rest, head)
end
"""
    assert run(suite["reverse"], code).failure is None


# ---------------------------------------------------------------- native tests


def test_native_tests_one_outcome_each(suite):
    ex = run(suite["native"], ADD)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("case 1", "passed"), ("test_small", "passed"), ("test_fails", "wrong_answer"),
        ("test_raises", "error"), ("test_skipped", "skipped")]
    assert ex.outcomes[4].message == "later"
    assert "two and two" in ex.outcomes[2].message and "tests.rb:10" in ex.outcomes[2].message
    assert ex.outcomes[3].message.startswith("NoMethodError: undefined method `+' for nil")
    assert "solution.rb:5:in `add'" in ex.outcomes[3].message
    assert ex.failure.value == "runtime_error"


def test_tests_in_the_solution_are_not_outcomes(suite):
    code = ADD + ("\nrequire 'minitest/autorun'\n\n# The agent's own test.\n"
                  "class MyTest < Minitest::Test\n  def test_mine\n    flunk\n  end\nend\n")
    ex = run(suite["native"], code)
    assert [o.name for o in ex.outcomes] == [
        "case 1", "test_small", "test_fails", "test_raises", "test_skipped"]


def test_native_test_that_hangs_times_out_keeping_the_others(suite):
    ex = run(suite["native_only"], ADD, SHORT)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("AddTest#test_one", "passed"), ("AddTest#test_hangs", "timeout"),
        ("AddTest#test_after", "not_run"), ("OtherTest#test_one", "not_run")]
    assert ex.outcomes[1].message.endswith("did not finish within the time limit")
    assert "not run" in ex.outcomes[2].message
    assert ex.failure.value == "timeout"


def test_syntax_errors_with_native_tests_are_compile_errors(suite):
    broken = "def add(a, b)\n  a +\nend\n"
    for name in ("native_only", "native"):
        ex = run(suite[name], broken)
        assert ex.failure.value == "compile_error", name
        assert ex.message == "solution.rb:3: syntax error, unexpected `end'", name


def test_native_tests_that_do_not_parse_are_a_compile_error(suite):
    ex = run(suite["native_broken"], ADD)
    assert ex.failure.value == "compile_error"
    assert ex.message.startswith("SyntaxError: tests.rb:4: syntax error"), ex.message


def test_a_skipped_test_is_never_a_pass(suite):
    """A wrong solution whose only failing tests skip themselves: those are "skipped", counted
    neither as passed nor in the pass rate; the tests that ran decide. A spec's one-word
    description names its test well enough to count as a pass."""
    ex = run(suite["skipping"], "def add(a, b)\n  a == 2 ? 4 : 0\nend\n")
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("AddTest#test_adds", "passed"), ("AddTest#test_skipped_before_it_checks", "skipped"),
        ("AddTest#test_skipped_until_a_date", "skipped"),
        ("AddTest#test_raises_the_skip_itself", "skipped"),
        ("add#test_0001 is pending", "skipped"), ("add#test_0002 adds", "passed")]
    assert [o.message for o in ex.outcomes[1:5]] == [
        "not required yet", "not before 2999", "by hand", "(no tests defined)"]
    assert ex.passed_count == 2 and len(ex.counted) == 2 and ex.failure is None


def test_only_the_tests_file_can_skip(suite):
    """A solution that raises the skip itself, calls the test's `skip`, or evaluates it
    somewhere named like the tests file gets an error, not a skip."""
    for body in ("raise Minitest::Skip, 'dodged'", "skip 'dodged'",
                 "eval(\"skip 'dodged'\")",
                 "instance_eval(\"skip 'dodged'\", File.expand_path('tests.rb'), 2)"):
        ex = run(suite["native_strict"], f"def add(a, b)\n  {body}\nend\n")
        assert statuses(ex) == ["error"], body
        assert "a skip raised outside the tests file" in ex.outcomes[0].message, body
        assert ex.failure.value == "runtime_error", body


def test_an_item_whose_tests_all_skip_is_skipped(suite):
    settings = BenchSettings(exec_settings=FAST, evaluators=tuple(
        e for e in builtin_evaluators() if e.name == "correctness"), weights={"correctness": 1})
    result = run_problem(suite["all_skipped"], Answer("def add(a, b)\n  0\nend\n"), RB, REG,
                         settings)
    assert result.status == "skipped", result.message
    assert "every test of the problem was skipped" in result.message
    assert statuses(result.execution) == ["skipped", "skipped"]


# ---------------------------------------------------------------- the outcome channel


FORGE = HOSTILE["forge_outcomes_on_every_descriptor"][0]  # wrong, and forges passes


def test_reports_go_through_the_channel_not_the_work_directory(suite, tmp_path):
    """Nothing is written into the (read-only) work directory at run time, and lines forged
    without the token, on every descriptor, void the run, for the cases and the tests."""
    keep = tmp_path / "kept"
    ex = run(suite["native"], ADD, ExecSettings(solution_limits(10), keep_dir=keep))
    assert ex.failure.value == "runtime_error" and statuses(ex)[:2] == ["passed", "passed"]
    assert sorted(p.name for p in keep.iterdir()) == [
        "agentbench_common.rb", "agentbench_harness.rb", "agentbench_minitest.rb", "job.json",
        "solution.rb", "tests.rb"]
    for name in ("add", "native_strict"):
        ex = run(suite[name], FORGE)
        assert ex.failure.value == "runtime_error", name
        assert "without its token" in ex.message, (name, ex.message)
        assert "passed" not in statuses(ex), name


def test_the_solution_finds_neither_the_token_nor_its_variables(suite):
    """The harness has read the token, closed its pipe and removed both variables before the
    solution loads: a solution that finds any of them answers wrong."""
    code = """found = ENV.keys.grep(/AGENTBENCH/).size
(3..255).each do |fd|
  io = IO.new(fd, 'r', autoclose: false)
  found += 1 if io.read_nonblock(64, exception: false).to_s.match?(/\\A\\h{32}\\z/)
rescue StandardError
  nil
end
FOUND = found

def add(a, b)
  a + b + FOUND
end
"""
    for name in ("add", "native_strict"):
        ex = run(suite[name], code)
        assert ex.failure is None, (name, ex.message)


# ---------------------------------------------------------------- reading and prompting


def sig(text, entry=None):
    return RB.read_signature(text, entry)


def test_signature_of_methods():
    s = sig(ADD_SIG)
    assert (s.entry_point, s.kind, s.returns) == ("add", "function", "Integer")
    assert [(p.name, p.type, p.kind, p.required) for p in s.params] == [
        ("a", "Integer", "other", True), ("b", "Integer", "other", True)]
    s = sig("# @param [String] name\n# @param root [TreeNode, nil]\n# @param head [ListNode]\n"
            "# @param rest [Array<TreeNode>]\n# @return [TreeNode]\n"
            "def f(name, root = nil, head = foo(1, 2), *rest, key:, opt: {}, **kw, &blk) = 1\n")
    assert [(p.name, p.kind, p.required) for p in s.params] == [
        ("name", "str", True), ("root", "tree", False), ("head", "linked_list", False),
        ("rest", "other", False)]
    assert (s.returns, s.returns_kind) == ("TreeNode", "tree")
    helper_first = "def helper(x)\nend\n\ndef main(y)\nend\n"
    assert sig(helper_first).entry_point == "helper"
    assert sig(helper_first, "main").params[0].name == "y"


def test_signature_of_classes_and_modules():
    s = sig("# Doc.\nclass LRUCache\n  # @param capacity [Integer]\n  def initialize(capacity)\n"
            "  end\n\n  def get(key)\n  end\nend\n")
    assert (s.entry_point, s.kind, [p.name for p in s.params]) == ("LRUCache", "class",
                                                                   ["capacity"])
    s = sig("class Ledger\n  class Error < StandardError; end\n\n  def initialize(limit: 0)\n"
            "  end\nend\n")
    assert (s.entry_point, s.kind, s.params) == ("Ledger", "class", ())
    s = sig("module Memo\n  def self.call(x)\n  end\nend\n")
    assert (s.entry_point, s.kind) == ("Memo", "class")
    with pytest.raises(ValueError):
        sig("x = 1\n")


def test_keyword_parameters_and_their_kinds(suite):
    params = RubyRunner.keyword_params(suite["counter"])
    assert [(p.name, p.required) for p in params] == [("step", False)]
    job = RB.job_for(suite["counter"])
    assert job["cases"][0]["calls"][2]["kwargs"] == {"times": 3}


def test_defines_and_looks_like_code():
    assert RB.defines(ADD, "add") and not RB.defines(ADD, "ad")
    assert RB.defines("class Foo::Bar < Base\nend\n", "Bar")
    assert RB.defines("Point = Struct.new(:x, :y)\n", "Point")
    assert RB.defines("  def self.valid?(x)\n  end\n", "valid?")
    assert RB.looks_like_code(ADD)
    assert not RB.looks_like_code("def add(a, b):\n    return a + b\n")
    assert not RB.looks_like_code("Here is my answer: define add and end it.\n")


def test_ruby_literals():
    assert ruby_literal([1, None, True, 2.5, "it's", {"k": [1]}]) == \
        "[1, nil, true, 2.5, 'it\\'s', { 'k' => [1] }]"
    assert ruby_literal("a\n#{x}") == '"a\\n\\#{x}"'
    assert ruby_literal({}) == "{}" and ruby_literal(float("inf")) == "Float::INFINITY"


def test_prompt_uses_ruby_syntax(suite):
    text = render_prompt(suite["trees"], RB)
    assert "mirror(TreeNode.from_a([4, 2, 7, 1, 3, nil, 9]), ListNode.from_a([1, 2]))" in text
    assert "`TreeNode` (`attr_accessor :val, :left, :right`" in text
    assert "`ListNode`" in text and "```ruby" in text
    assert "the top-level method `mirror`" in text
    assert "the class or module `Counter`" in render_prompt(suite["counter"], RB)


def test_examples_are_ruby_code(suite):
    echo = suite["echo"]
    assert render_example(echo, echo.executable_cases[1], RB) == "echo(7, wrap: true)  # => [7]"
    counter = suite["counter"]
    assert render_example(counter, counter.executable_cases[0], RB).splitlines()[:4] == [
        "counter = Counter.new(5)", "counter.incr  # => 6", "counter.incr(10)  # => 16",
        "counter.incr(1, times: 3)  # => 19"]
    init = suite["counter_init"]
    assert render_example(init, init.executable_cases[0], RB).splitlines() == [
        "counter = Counter.new(5, step: 3)", "counter.incr  # => 8",
        "counter.incr(times: 2)  # => 14", "counter.count = 0  # raises NoMethodError"]
    assert render_example(init, init.executable_cases[1], RB) == \
        "Counter.new(1, stride: 2)  # raises ArgumentError"
    assert render_example(init, init.executable_cases[2], RB) == \
        "Counter.new  # raises ArgumentError"
    point = suite["point"]
    money = load_suite(SUITE, REG).problems[3]
    assert render_example(money, money.executable_cases[5], RB).splitlines() == [
        "money = Money.new(100, 'USD')", "money <=> 100  # => nil", "money == 100  # => false"]
    assert render_example(point, point.executable_cases[0], RB) is not None
    assert "trees" in suite and render_example(suite["trees"], suite["trees"].cases[0], RB) == \
        "mirror(TreeNode.from_a([4, 2, 7, 1, 3, nil, 9]), ListNode.from_a([1, 2]))  " \
        "# => [4, 7, 2, 9, nil, 3, 1]"


def test_missing_toolchain_skips_with_the_install_command(suite, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    tc = RubyRunner().toolchain()
    assert not tc.available and tc.install_hint == "apt-get install ruby"
    reason = skip_reason(suite["add"], RubyRunner())
    assert "Ruby toolchain not available" in reason and "apt-get install ruby" in reason


# ---------------------------------------------------------------- the suite


def native_test_names(code: str | None) -> list[str]:
    return re.findall(r"^\s*def (test_\w+)", code or "", re.M)


def test_ruby_mini_suite_shape():
    suite = load_suite(SUITE, REG)
    assert suite.language == "ruby" and len(suite.problems) == 12
    assert_mini_suite_shape(suite, RB, lambda code: len(native_test_names(code)))
    for p in suite.problems:
        assert p.reference_solution.startswith("# frozen_string_literal: true\n"), p.id


# ---------------------------------------------------------------- analysers


ANALYSED = """# rubocop:disable all
def sumAll(items)
  unusedTotal = 0
  pattern = /[a-z]]/
  begin
    items.sum
  rescue Exception
    pattern
  end
end
"""

needs_rubocop = pytest.mark.skipif(RuboCop().availability()[0] is None,
                                   reason="rubocop is not installed (apt-get install rubocop)")


@needs_rubocop
def test_analysers_split_findings_between_idiom_and_practice():
    result = analyse("ruby", ANALYSED, "solution.rb")
    assert set(result.tools) == {"rubocop", "ruby-warnings", "lizard"} and not result.errors
    found = {(f.tool, f.rule): f.dimension for f in result.findings}
    # the disable comment is ignored; each (cop, line, message) counts once
    assert found[("rubocop", "Naming/MethodName")] == "idiomaticity"
    assert found[("rubocop", "Lint/RescueException")] == "best_practices"
    assert found[("rubocop", "Style/FrozenStringLiteralComment")] == "best_practices"
    assert found[("rubocop", "Style/DocumentationMethod")] == "best_practices"
    assert found[("ruby-warnings", "regexp-character-class")] == "best_practices"
    # `ruby -w` says "assigned but unused variable" as Lint/UselessAssignment does: once
    assert ("rubocop", "Lint/UselessAssignment") in found
    assert ("ruby-warnings", "unused-variable") not in found
    keys = [(f.tool, f.rule, f.line, f.message) for f in result.findings]
    assert len(keys) == len(set(keys))
    layout = [f for f in result.findings if f.rule.startswith("Layout/")]
    assert all(f.weight == 0.5 for f in layout)


def test_ruby_warnings_are_named_by_their_message():
    assert warning_rule("assigned but unused variable - x") == "unused-variable"
    assert warning_rule("mismatched indentations at 'end' with 'def' at 1") == \
        "mismatched-indentation"
    assert warning_rule("ambiguous first argument; put parentheses or a space even after "
                        "`-' operator") == "ambiguous-argument"
    assert warning_rule("something new") == "warning"


def test_sandboxes_read_the_interpreters_own_directories(tmp_path):
    """A Ruby or gems outside the system paths (rbenv under a home, `gem install` into
    /var/lib/gems) are bound into the sandbox: the directories the interpreter names."""
    bin_dir, gems = tmp_path / "bin", tmp_path / "gems"
    bin_dir.mkdir()
    gems.mkdir()
    fake = bin_dir / "ruby"
    fake.write_text(f"#!/bin/sh\necho {gems}\necho {tmp_path}/missing\necho relative\n")
    fake.chmod(0o755)
    assert ruby_dirs(str(bin_dir)) == (gems,)
    lib = subprocess.run(["ruby", "-e", "print RbConfig::CONFIG['rubylibprefix']"],
                         capture_output=True, text=True, check=True).stdout
    assert Path(lib) in RB.readable_paths()


def test_a_hidden_analyser_makes_its_dimensions_n_a(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = analyse("ruby", "# frozen_string_literal: true\n\n# Hidden.\ndef hidden; end\n",
                     "solution.rb")
    assert "apt-get install rubocop" in result.missing["rubocop"]
    assert "apt-get install ruby" in result.missing["ruby-warnings"]
    assert "rubocop" in result.blockers("idiomaticity")
    assert {"rubocop", "ruby-warnings"} <= set(result.blockers("best_practices"))


# ---------------------------------------------------------------- timing


class Answer(Agent):
    spec = "answer"

    def __init__(self, code: str) -> None:
        self.code = code

    def solve(self, request):
        return AgentReply(f"```ruby\n{self.code}\n```", 0.0)


TIMED_ONLY = BenchSettings(
    exec_settings=ExecSettings(solution_limits(30)),
    evaluators=tuple(e for e in builtin_evaluators() if e.name in ("correctness", "performance")),
    weights={"correctness": 0.4, "performance": 0.2})

QUADRATIC_RLE = """# frozen_string_literal: true

# Run-length encodes +text+, copying the whole result for every run (quadratic).
def rle_encode(text)
  raise ArgumentError, 'text must not contain digits' if text.match?(/\\d/)

  encoded = ''
  text.each_char.chunk_while { |a, b| a == b }.each do |run|
    encoded += run.size == 1 ? run.first : "#{run.first}#{run.size}"
  end
  encoded
end
"""


def performance_of(agent, problem_id="ruby_easy_03"):
    problem = next(p for p in load_suite(SUITE, REG).problems if p.id == problem_id)
    result = run_problem(problem, agent, RB, REG, TIMED_ONLY)
    assert result.status == "passed", result.message
    return next(s for s in result.scores if s.name == "performance")


def test_the_reference_and_a_quadratic_answer_are_timed_on_both_sizes():
    """Mechanics only (what the scores are worth: benchmarks/performance_stability.py, and
    benchmarks/performance_discrimination.py for the quadratic answer losing points)."""
    problem = next(p for p in load_suite(SUITE, REG).problems if p.id == "ruby_easy_03")
    assert [s.n for s in problem.timing.sizes] == [6000, 60000]
    for agent in (ReferenceAgent(), Answer(QUADRATIC_RLE)):
        assert_timing_mechanics(performance_of(agent), problem)


def test_an_error_in_the_timing_run_is_reported():
    problem = next(p for p in load_suite(SUITE, REG).problems if p.id == "ruby_easy_03")
    fussy = QUADRATIC_RLE.replace("  encoded = ''\n",
                                  "  raise KeyError, 'too long' if text.size > 100\n\n"
                                  "  encoded = ''\n")
    timing = RB.benchmark(problem, fussy, problem.reference_solution, FAST)
    assert timing.error == "the solution raised KeyError: too long"


def test_suite_timing_inputs_have_two_sizes_and_the_rest_say_why_not():
    """9 of 12 timed, the class designs by a construction and a call sequence, the lazy
    pagination read inside the timed unit; the bounded dig, the Memoize mixin and the
    block-taking parallel map say why not."""
    problems = load_suite(SUITE, REG).problems
    timed = [p for p in problems if p.timing is not None]
    assert {p.id for p in timed} == {
        "ruby_easy_01", "ruby_easy_03", "ruby_easy_04", "ruby_medium_01", "ruby_medium_02",
        "ruby_medium_04", "ruby_medium_05", "ruby_hard_01", "ruby_hard_02"}
    for prob in timed:
        small, large = prob.timing.sizes
        assert 4 <= large.n / small.n <= 10, prob.id
        assert all((s.calls is not None) == (prob.signature.kind == "class")
                   for s in prob.timing.sizes), prob.id
    untimed = {p.id: p.extra.get("no_timing") for p in problems if p.timing is None}
    assert set(untimed) == {"ruby_easy_02", "ruby_medium_03", "ruby_hard_03"}
    assert all(untimed.values()), untimed


def _small(prob, *sizes):
    """``prob`` timed on small inputs: mechanics only."""
    return replace(prob, timing=Timing(tuple(sizes), repeat=2))


def _calls_size(n, init, *templates):
    return TimingSize(f"n={n}", (), n, tuple(init), {"$gen": "cycle", "n": n,
                                                      "of": list(templates)})


def test_a_class_problem_is_timed_as_its_construction_and_calls():
    """IntervalSet: each unit builds a set and makes every call; a method's result (self, a
    Boolean) is discarded."""
    intervals = next(p for p in load_suite(SUITE, REG).problems if p.id == "ruby_hard_02")
    start = {"$gen": "int", "lo": 0, "hi": 99, "seed": 3}
    end = {"$gen": "int", "lo": 1, "hi": 100, "seed": 3}  # the same draw plus 1
    timed = _small(intervals, _calls_size(20, [], {"method": "add", "args": [start, end]},
                                          {"method": "cover?", "args": [start]}),
                   _calls_size(80, [], {"method": "add", "args": [start, end]},
                               {"method": "remove", "args": [start, end]},
                               {"method": "each", "args": []}))
    result = RB.benchmark(timed, intervals.reference_solution, intervals.reference_solution,
                          FAST)
    assert result.error == "", result.error
    assert [s.label for s in result.sizes] == ["n=20", "n=80"]
    # one process, `repeat` rounds of one unit each (fewer at a later size only if long)
    assert all(len(s.solution) == len(s.reference) == 2 for s in result.sizes)
    raising = intervals.reference_solution.replace(
        "  def cover?(value)\n", "  def cover?(value)\n    raise KeyError, 'no' if value > 50\n")
    result = RB.benchmark(timed, raising, intervals.reference_solution, FAST)
    assert result.error == "the solution raised KeyError: no"


def test_a_lazy_result_is_read_inside_the_timed_unit():
    """A lazy Enumerator returned by a function or a method is forced in the timing run: one
    that raises when read ends the timing, as it would if the work were done eagerly."""
    pages = next(p for p in load_suite(SUITE, REG).problems if p.id == "ruby_medium_02")
    timed = _small(pages, TimingSize("n=40", ({"$gen": "range", "stop": 40}, 7), 40))
    deferred = pages.reference_solution.replace(
        "source.lazy.drop(skip)", "source.lazy.map { |x| x > 30 ? raise(KeyError, 'read') : x }"
                                  ".drop(skip)")
    result = RB.benchmark(timed, deferred, pages.reference_solution, FAST)
    assert result.error == "the solution raised KeyError: read"
    intervals = next(p for p in load_suite(SUITE, REG).problems if p.id == "ruby_hard_02")
    each = {"method": "each", "args": []}
    timed = _small(intervals, _calls_size(6, [], {"method": "add", "args": [1, 2]}, each))
    lazy_each = intervals.reference_solution.replace(
        "    return enum_for(:each) { @ranges.size } unless block\n",
        "    return @ranges.lazy.map { raise KeyError, 'each read' } unless block\n")
    result = RB.benchmark(timed, lazy_each, intervals.reference_solution, FAST)
    assert result.error == "the solution raised KeyError: each read"


# ------------------------------------------------ timing: both contenders in one process

def _counted(who: str, helper: str) -> str:
    """``add`` that checks it is called on 3 items twice, then on 30 twice (the two sizes'
    rounds, each on its own input), that the units alternate (the reference first in even
    rounds: ``$units`` is the one name both programs share), and that its helper (the same
    name in both programs) is its own: it raises otherwise."""
    return f"""# frozen_string_literal: true

CALLS = []
ORDER = %i[reference solution solution reference reference solution solution reference].freeze

def add(items, _step)
  CALLS << items.size
  ($units ||= []) << :{who}
  raise KeyError, "{who} calls #{{CALLS}}" unless CALLS == [3, 3, 30, 30].first(CALLS.size)
  raise KeyError, "units #{{$units}}" unless $units == ORDER.first($units.size)
  raise KeyError, 'not my helper' unless helper == :{helper}

  items.sum
end

def helper
  :{helper}
end
"""


def _timed_add(suite, repeat=2):
    """``add(items, step)`` timed on 3 then 30 items."""
    return replace(suite["add"], timing=Timing((
        TimingSize("n=3", (list(range(3)), 1), 3), TimingSize("n=30", (list(range(30)), 1), 30)),
        repeat=repeat))


def test_solution_and_reference_are_timed_apart_with_their_own_names(suite):
    """Both define ``add``, ``helper`` and ``CALLS``: the reference's, evaluated in a Module of
    its own, replace none of the solution's; each is called once per round on each size."""
    result = RB.benchmark(_timed_add(suite), _counted("solution", "solution"),
                          _counted("reference", "reference"), FAST)
    assert result.error == "", result.error
    assert [(s.n, len(s.solution), len(s.reference)) for s in result.sizes] == [(3, 2, 2),
                                                                                (30, 2, 2)]


COUNTER_ON = """# frozen_string_literal: true

# Steps of the counter.
class Step
  OWNER = :{who}
end

# Counts.
class Counter
  MADE = []

  def initialize(start)
    MADE << start
    raise KeyError, "{who}: #{{MADE.size}} counters" if MADE.size > 2

    @count = start
  end

  def incr(by = 1)
    raise KeyError, 'not my Step' unless Step::OWNER == :{who}

    @count += by
  end
end
"""


def test_a_class_of_the_same_name_is_each_programs_own(suite):
    """Two rounds: each program's Counter is made twice, and sees its own Step."""
    timed = _small(suite["counter"], _calls_size(4, [5], {"method": "incr", "args": [2]}))
    result = RB.benchmark(timed, COUNTER_ON.format(who="solution"),
                          COUNTER_ON.format(who="reference"), FAST)
    assert result.error == "", result.error
    assert [(len(s.solution), len(s.reference)) for s in result.sizes] == [(2, 2)]


EMPTIES_ITS_ITEMS = """# frozen_string_literal: true

def add(items, _step)
  raise KeyError, 'the items were emptied by an earlier call' if items.empty?

  items.clear
  0
end
"""

CUTS_ITS_TREE = """# frozen_string_literal: true

def mirror(root, head)
  raise KeyError, 'cut by an earlier call' if root.left.nil? || head.next.nil?

  root.left = nil
  head.next = nil
  root
end
"""


def test_every_unit_gets_the_whole_input_even_when_a_call_changes_it(suite):
    """Arguments are copied and converted afresh per unit, for each contender: a call that
    empties its Array or cuts its tree and list leaves the next unit's input whole. The
    reference builds its nodes from its own (predefined) node classes, in its Module."""
    result = RB.benchmark(_timed_add(suite, repeat=3), EMPTIES_ITS_ITEMS, EMPTIES_ITS_ITEMS,
                          FAST)
    assert result.error == "" and [len(s.solution) for s in result.sizes] == [3, 3]
    trees = _small(suite["trees"], TimingSize("n=7", ([4, 2, 7, 1, 3, None, 9], [1, 2]), 7))
    result = RB.benchmark(trees, CUTS_ITS_TREE, CUTS_ITS_TREE + "\n", FAST)
    assert result.error == "" and [len(s.reference) for s in result.sizes] == [2]


TAKES = """# frozen_string_literal: true

# Counts.
class Counter
  def initialize(start)
    @count = start
  end

  def incr(by = 1)
    @count += by
  end

  def take(items, text, tags)
    raise KeyError, "changed by an earlier call: #{[items, text, tags]}" unless
      items == [1, [2]] && text == 'abc' && tags == { 'k' => ['v'] }

    items.last.clear
    items.clear
    text.clear
    tags['k'].clear
    @count
  end
end
"""


def test_a_class_problems_calls_get_their_arguments_afresh_in_every_unit(suite):
    """Calls with only numbers share their arguments between units; one with an Array, a
    String or a Hash gets copies, however deep, which it may change."""
    timed = _small(suite["counter"], _calls_size(
        3, [5], {"method": "incr", "args": [2]},
        {"method": "take", "args": [[1, [2]], "abc", {"k": ["v"]}]}))
    result = RB.benchmark(timed, TAKES, TAKES, FAST)
    assert result.error == "", result.error
    assert [(len(s.solution), len(s.reference)) for s in result.sizes] == [(2, 2)]


def test_errors_name_the_program_that_raised(suite):
    timed = _timed_add(suite)
    raising = ADD.replace("  a + b\n", "  raise KeyError, 'past 3' if a.size > 3\n\n  a.sum\n")
    summing = ADD.replace("  a + b\n", "  a.sum\n")
    result = RB.benchmark(timed, summing, raising, FAST)
    assert result.error == "the reference raised KeyError: past 3" and len(result.sizes) == 1
    result = RB.benchmark(timed, raising, summing, FAST)
    assert result.error == "the solution raised KeyError: past 3"
    own = "class Oops < StandardError; end\n" + raising.replace("KeyError", "Oops")
    result = RB.benchmark(timed, summing, own, FAST)  # named without its anonymous Module
    assert result.error == "the reference raised Oops: past 3"
    result = RB.benchmark(timed, summing, "def other; end\n", FAST)
    assert result.error.startswith("the reference raised NameError: the reference does not "
                                   "define the method `add` (it defines: other)"), result.error
    result = RB.benchmark(timed, "raise IOError, 'at load'\n", summing, FAST)
    assert result.error == "the solution raised IOError: at load" and not result.sizes


def test_an_endless_solution_is_cut_by_the_watchdog(suite):
    """Cut at max(1 s, 25 x the reference's shortest unit), while its call still runs."""
    endless = ADD.replace("  a + b\n", "  loop { a.sum }\n")
    result = RB.benchmark(_timed_add(suite), endless, ADD.replace("  a + b\n", "  a.sum\n"),
                          FAST)
    assert result.cut and "more than 1.00 s on one call at n=3" in result.error, result.error
    assert not result.sizes


SPINS = """# frozen_string_literal: true

def add(items, _step)
  start = Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID)
  nil while Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID) - start < 0.02
  items.size
end
"""


def test_a_later_size_makes_as_many_rounds_as_its_budget_allows(suite):
    """``repeat`` rounds at the first size; at n=100 a unit is expected to take 100 x 20 ms of
    CPU (scaled as if linear, though these do not grow), past the 0.25 s call budget, so the
    fewest rounds are made: 3 (harness_runner.calls_per_process's rule)."""
    timed = replace(suite["add"], timing=Timing((TimingSize("n=1", ([0], 1), 1),
                                                 TimingSize("n=100", ([0], 1), 100)), repeat=5))
    result = RB.benchmark(timed, SPINS, SPINS, FAST)
    assert result.error == "", result.error
    assert [(len(s.solution), len(s.reference)) for s in result.sizes] == [(5, 5), (3, 3)]
