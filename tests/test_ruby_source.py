"""Reading Ruby signatures (languages/ruby/source.py, on the tree-sitter Ruby grammar) from
plain strings: no Ruby needed."""

from __future__ import annotations

import subprocess
import sys

from pytest_agentbench.languages.ruby import source as rb
from pytest_agentbench.models import Param


def shapes(params: list[Param]) -> list[tuple[str, bool]]:
    return [(p.name, p.required) for p in params]


def params_of(text: str, line: int) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    positional, keywords, _ = rb.def_params(text.expandtabs(2).splitlines(), line)
    return shapes(positional), shapes(keywords)


def test_classes_and_modules_with_several_methods():
    text = """\
# A counter.
module Outer
  class Counter < Base
    # @param start [Integer]
    # @param root [TreeNode, nil]
    def initialize(start, root = nil)
    end

    def self.build(n) = new(n)

    class << self
      def default; end
    end

    def value=(v); end
    def [](key); end
  end

  class A::B
    def inner(x)
    end
  end

  def helper(y)
  end
end

def top(z)
end
"""
    classes, defs = rb.outline(text)
    assert classes == [("Outer", 1), ("Outer::Counter", 2), ("Outer::A::B", 18)]
    assert defs == [("initialize", "Outer::Counter", 5), ("build", "Outer::Counter", 8),
                    ("default", "Outer::Counter", 11), ("value=", "Outer::Counter", 14),
                    ("[]", "Outer::Counter", 15), ("inner", "Outer::A::B", 19),
                    ("helper", "Outer", 23), ("top", None, 27)]
    positional, keywords, returns = rb.def_params(text.splitlines(), 5)
    assert positional == [Param("start", "Integer", "other", True),
                          Param("root", "TreeNode, nil", "tree", False)]
    assert keywords == [] and returns == ""
    assert params_of(text, 8) == ([("n", True)], [])
    assert params_of(text, 15) == ([("key", True)], [])


def test_comments_strings_and_heredocs_holding_def_end_and_brackets():
    text = """\
# def fake(x)
class Calc
  NOTE = "end ) ( def hidden(y)"
  # end
  def add(a, b = "(,") # (
    a + b
  end

  def doc
    <<~TEXT
      def inside(a)
      end
      class Inside
    TEXT
  end

  WORDS = %w[
    def
    end
  ]

  def pick(words = %w[( x], n = 1)
  end
end
"""
    classes, defs = rb.outline(text)
    assert classes == [("Calc", 1)]
    assert defs == [("add", "Calc", 4), ("doc", "Calc", 8), ("pick", "Calc", 21)]
    assert params_of(text, 4) == ([("a", True), ("b", False)], [])
    assert params_of(text, 21) == ([("words", False), ("n", False)], [])


def test_multi_line_parameter_lists_keywords_splats_and_blocks():
    text = """\
# @param a [String]
# @return [ListNode]
def f(a, # the first
      b = {x: 1},
      *rest,
      key:, opt: "a,b", **kw, &blk)
end
"""
    positional, keywords, returns = rb.def_params(text.splitlines(), 2)
    assert positional == [Param("a", "String", "str", True), Param("b", "", "other", False),
                          Param("rest", "", "other", False)]
    assert keywords == [Param("key", "", "other", True), Param("opt", "", "other", False)]
    assert rb.param_kind(returns) == "linked_list"
    # a parameter list on its own
    assert rb.split_params("a, b = 1, *c, d:, e: 2, **f, &g", {"d": "String"}) == (
        [Param("a", "", "other", True), Param("b", "", "other", False),
         Param("c", "", "other", False)],
        [Param("d", "String", "str", True), Param("e", "", "other", False)])
    # anonymous splats, argument forwarding and destructuring are not read
    assert rb.split_params("*, **, &", {}) == ([], [])
    assert rb.split_params("...", {}) == ([], [])
    assert shapes(rb.split_params("(x, y), z", {})[0]) == [("z", True)]
    assert rb.split_params("", {}) == ([], [])


def test_bare_endless_and_singleton_methods():
    text = """\
class Geo
  def area w, h = 1
  end
  def sq(x) = x * x
  def self.pi = 3.14
  private def hidden(k: 1)
  end
end
"""
    _, defs = rb.outline(text)
    assert defs == [("area", "Geo", 1), ("sq", "Geo", 3), ("pi", "Geo", 4),
                    ("hidden", "Geo", 5)]
    # without parentheses a default is a default (the hand reader cut the list at "=")
    assert params_of(text, 1) == ([("w", True), ("h", False)], [])
    assert params_of(text, 3) == ([("x", True)], [])
    assert params_of(text, 4) == ([], [])
    assert params_of(text, 5) == ([], [("k", False)])
    assert params_of(text, 0) == ([], [])  # not a def


def test_lines_are_those_of_the_tab_expanded_text():
    text = "class A\r\n\tdef f(x)\r\n\tend\r\nend\r\n"
    assert rb.outline(text) == ([("A", 0)], [("f", "A", 1)])
    assert params_of(text, 1) == ([("x", True)], [])


def test_a_signature_left_open_or_that_does_not_parse():
    """A signature may leave its def or class open (no ``end``): it is read closed. What
    does not parse at all is not read (the hand-written reader read what the lines looked
    like: Python too)."""
    assert rb.outline("# @param n [Integer]\ndef f(n, m = 2)\n") == ([], [("f", None, 1)])
    assert params_of("# @param n [Integer]\ndef f(n, m = 2)\n", 1) == (
        [("n", True), ("m", False)], [])
    open_class = "module M\n  class Foo\n    def initialize(x)\n    end\n\n    def go(y)\n"
    assert rb.outline(open_class) == ([("M", 0), ("M::Foo", 1)],
                                      [("initialize", "M::Foo", 2), ("go", "M::Foo", 5)])
    assert rb.outline("def f(a\n") == ([], [])
    assert rb.outline("def add(a, b):\n    return a + b\n") == ([], [])
    assert rb.outline("reverse a string") == ([], [])
    # several defs on one line: def_params reads the first
    one_line = "class P; def a(x); end; def b(y, z); end; end"
    assert rb.outline(one_line) == ([("P", 0)], [("a", "P", 0), ("b", "P", 0)])
    assert params_of(one_line, 0) == ([("x", True)], [])


def test_the_ruby_package_loads_without_the_grammar():
    """The grammar is imported by the first read, not by the language package (start-up is
    benchmarked)."""
    script = "; ".join([
        "import sys, pytest_agentbench.plugin, pytest_agentbench.languages.ruby as rb",
        "before = 'tree_sitter_ruby' in sys.modules", "rb.outline('def f(a)\\nend')",
        "print(before, 'tree_sitter_ruby' in sys.modules)"])
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "True"]


def test_defines_reads_defs_classes_constants_and_define_method_not_comments():
    text = """\
# def ghost(x) -- only a comment
module Shapes
  class Geo::Circle
    def self.unit = new(1)
    def area; end
  end
  Point = Struct.new(:x, :y)
  Plain = Object.new
  %i[up down].each { |m| define_method(:"#{m}") {} }
  define_method(:spin) { 1 }
  [1].each { define_method(:twirl) { 2 } }
end
"""
    for name in ("area", "unit", "Circle", "Geo::Circle", "Shapes", "Point", "spin", "twirl"):
        assert rb.defines(text, name), name
    # a comment, a constant that holds no class, and ``self`` of ``def self.unit``
    for name in ("ghost", "Plain", "self", "up", "Geo"):
        assert not rb.defines(text, name), name


def test_defines_on_a_signature_left_open():
    assert rb.defines("class Stack\n  def push(x)\n", "push")
    assert not rb.defines("class Stack\n  def push(x)\n", "pop")
