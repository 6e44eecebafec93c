"""The Java runner end to end on plain data: one JVM per problem, one outcome per case or test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_agentbench.agents import ReferenceAgent
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.java import JavaRunner, java_literal, read_types
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.prompt import render_prompt
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.scoring import Correctness, Performance
from pytest_agentbench.suite import load_suite

from .helpers import assert_mini_suite_shape, assert_timing_mechanics, run_answer, write_suite

REG = default_registry()
JAVA = REG.get("java")
TOOLCHAIN = JAVA.toolchain()
needs_jdk = pytest.mark.skipif(
    not TOOLCHAIN.available,
    reason=f"Java toolchain not available: {TOOLCHAIN.reason}; install it with: "
           f"{TOOLCHAIN.install_hint}")
FAST = ExecSettings(solution_limits(20))
SUITE = Path(__file__).resolve().parents[1] / "suites" / "java_mini.json"

TWO_SUM = """\
class Solution {
  public int[] twoSum(int[] nums, int target) {
    // ...
  }
}"""

TWO_SUM_CODE = """\
import java.util.HashMap;
import java.util.Map;

class Solution {
  public int[] twoSum(int[] nums, int target) {
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < nums.length; i++) {
      Integer j = seen.get(target - nums[i]);
      if (j != null) {
        return new int[] {j, i};
      }
      seen.put(nums[i], i);
    }
    throw new IllegalArgumentException("no pair sums to " + target);
  }
}
"""


def problem(tmp_path, signature, cases=None, native=None, **extra):
    test = {"id": "t", "difficulty": "easy", "description": "d", "signature": signature, **extra}
    if cases is not None:
        test["test_cases"] = cases
    if native is not None:
        test["native_tests"] = native
    data = {"language": "java", "tests": [test]}
    return load_suite(write_suite(tmp_path, "s.json", data), REG).problems[0]


def run(prob, code, settings=FAST):
    return judge(prob, JAVA.run(prob, code, settings))


def statuses(ex):
    return [o.status for o in ex.outcomes]


@pytest.fixture
def two_sum(tmp_path):
    return problem(tmp_path, TWO_SUM, [
        {"args": [[2, 7, 11, 15], 9], "expected": [0, 1]},
        {"args": [[3, 2, 4], 6], "expected": [1, 2]},
        {"args": [[-3, 3], 0], "expected": [0, 1]},
        {"args": [[1, 2], 7], "raises": "IllegalArgumentException"},
    ])


# ---------------------------------------------------------------- running solutions


@needs_jdk
def test_correct_solution_passes_every_case(two_sum):
    ex = run(two_sum, TWO_SUM_CODE)
    assert statuses(ex) == ["passed"] * 4 and ex.failure is None


@needs_jdk
def test_wrong_answer_shows_expected_and_actual(two_sum):
    code = TWO_SUM_CODE.replace("return new int[] {j, i};", "return new int[] {i, j};")
    ex = run(two_sum, code)
    assert statuses(ex) == ["wrong_answer"] * 3 + ["passed"]
    assert ex.failure.value == "wrong_answer"
    assert ex.outcomes[0].expected == "[0, 1]" and ex.outcomes[0].actual == "[1, 0]"


@needs_jdk
def test_compile_error_names_the_compiler_message(two_sum):
    ex = run(two_sum, "class Solution {\n  public int[] twoSum(int[] nums, int target) {\n"
                      "    return missing;\n  }\n}\n")
    assert ex.failure.value == "compile_error" and ex.outcomes == ()
    assert "Solution.java:3: error: cannot find symbol" in ex.message
    assert "symbol:   variable missing" in ex.message


@needs_jdk
def test_infinite_loop_times_out_keeping_finished_cases(two_sum):
    code = TWO_SUM_CODE.replace("for (int i = 0;", "while (target == 6) {}\n    for (int i = 0;")
    ex = run(two_sum, code, ExecSettings(solution_limits(4)))
    assert statuses(ex) == ["passed", "timeout", "not_run", "not_run"]
    assert ex.failure.value == "timeout"


@needs_jdk
def test_exception_is_a_runtime_error_with_the_type_name(two_sum):
    code = TWO_SUM_CODE.replace("seen = new HashMap<>();",
                                "seen = target == 0 ? null : new HashMap<>();")
    ex = run(two_sum, code)
    assert statuses(ex) == ["passed", "passed", "error", "passed"]
    assert ex.failure.value == "runtime_error"
    assert ex.outcomes[2].message.startswith("NullPointerException")
    assert "at Solution.twoSum(Solution.java:" in ex.outcomes[2].message


@needs_jdk
def test_exit_and_missing_entry_point(two_sum):
    ex = run(two_sum, TWO_SUM_CODE.replace("for (int i", "System.exit(7);\n    for (int i"))
    assert ex.failure.value == "runtime_error" and "status 7" in ex.outcomes[0].message
    ex = run(two_sum, TWO_SUM_CODE.replace("twoSum", "twoSums"))
    assert ex.failure.value == "runtime_error"
    assert "no method twoSum with 2 parameter(s)" in ex.message and "twoSums" in ex.message


@needs_jdk
def test_any_class_name_static_methods_and_packages_work(two_sum):
    code = "package com.example;\n\n" + TWO_SUM_CODE.replace(
        "class Solution", "public class Pairs").replace("public int[]", "public static int[]")
    assert run(two_sum, code).failure is None


@needs_jdk
def test_a_subclass_of_the_expected_exception_counts(tmp_path):
    prob = problem(tmp_path, "class Solution {\n  public long parse(String s) {}\n}", [
        {"args": ["42"], "expected": 42},
        {"args": ["x"], "raises": "IllegalArgumentException"},
    ])
    ex = run(prob, "class Solution {\n  public long parse(String s) {\n"
                   "    return Long.parseLong(s);\n  }\n}\n")
    assert ex.failure is None
    assert ex.outcomes[1].actual == "raised IllegalArgumentException"


@needs_jdk
def test_deep_recursion_is_allowed(tmp_path):
    prob = problem(tmp_path, "class Solution {\n  public int depth(int n) {}\n}",
                   [{"args": [200000], "expected": 200000}])
    code = ("class Solution {\n  public int depth(int n) {\n"
            "    return n == 0 ? 0 : 1 + depth(n - 1);\n  }\n}\n")
    assert run(prob, code).failure is None


@needs_jdk
def test_class_cases_call_constructor_and_methods(tmp_path):
    signature = ("class Counter {\n  public Counter(int start) {}\n"
                 "  public int add(String key) {}\n  public Map<String, Integer> counts() {}\n}")
    prob = problem(tmp_path, signature, [
        {"init": [1], "calls": [{"method": "add", "args": ["a"], "expected": 2},
                                {"method": "add", "args": ["a"], "expected": 3},
                                {"method": "counts", "expected": {"a": 3}}]},
        {"init": [0], "calls": [
            {"method": "add", "args": [""], "raises": "IllegalArgumentException"},
            {"method": "counts", "expected": {}}]},
    ])
    assert prob.signature.kind == "class" and prob.entry_point == "Counter"
    code = """\
import java.util.Map;
import java.util.TreeMap;

class Counter {
  private final int start;
  private final Map<String, Integer> counts = new TreeMap<>();

  Counter(int start) {
    this.start = start;
  }

  int add(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty key");
    }
    return counts.merge(key, start + 1, (a, b) -> a + 1);
  }

  Map<String, Integer> counts() {
    return counts;
  }
}
"""
    ex = run(prob, code)
    assert ex.failure is None and statuses(ex) == ["passed", "passed"]
    ex = run(prob, code.replace("(a, b) -> a + 1", "(a, b) -> a"))
    assert statuses(ex) == ["wrong_answer", "passed"]
    assert "call 2 add" in ex.outcomes[0].message


@needs_jdk
def test_trees_and_linked_lists_cross_as_lists(tmp_path):
    prob = problem(tmp_path, "class Solution {\n  public TreeNode invert(TreeNode root) {}\n}", [
        {"args": [[4, 2, 7, 1, 3, 6, 9]], "expected": [4, 7, 2, 9, 6, 3, 1]},
        {"args": [[1, None, 2]], "expected": [1, 2]},
        {"args": [[]], "expected": []},
    ])
    code = """\
class Solution {
  public TreeNode invert(TreeNode root) {
    if (root == null) {
      return null;
    }
    TreeNode left = invert(root.left);
    root.left = invert(root.right);
    root.right = left;
    return root;
  }
}
"""
    assert run(prob, code).failure is None
    lists = problem(tmp_path, "class Solution {\n  public ListNode reverse(ListNode head) {}\n}", [
        {"args": [[1, 2, 3]], "expected": [3, 2, 1]}, {"args": [[]], "expected": []}])
    code = """\
class Solution {
  public ListNode reverse(ListNode head) {
    ListNode done = null;
    while (head != null) {
      ListNode next = head.next;
      head.next = done;
      done = head;
      head = next;
    }
    return done;
  }
}
"""
    assert run(lists, code).failure is None


@needs_jdk
def test_typed_arguments_and_results_round_trip(tmp_path):
    signature = """\
class Solution {
  public record Point(int x, long y) {}

  public Map<String, Object> echo(int[][] grid, List<List<Integer>> nested, Map<String, Long> map,
      Set<Character> chars, Optional<String> maybe, double x, Point point, List<Point> points,
      boolean flag, Map<Integer, String> byNumber) {}
}"""
    args = [[[1, 2], [3]], [[1], []], {"a": 5000000000}, ["x", "y"], None, 0.5, [1, 2],
            [{"x": 3, "y": 4}], True, {"7": "seven"}]
    expected = {"grid": [[1, 2], [3]], "nested": [[1], []], "map": {"a": 5000000000},
                "chars": ["x", "y"], "maybe": None, "x": 0.5, "point": {"x": 1, "y": 2},
                "points": [{"x": 3, "y": 4}], "flag": True, "byNumber": {"7": "seven"},
                "empty": None}
    prob = problem(tmp_path, signature, [
        {"args": args, "expected": expected},
        {"args": [[[1.5]], [], {}, [], "s", 1, [0, 0], [], False, {}], "raises": "ArgumentError"},
    ])
    code = """\
import java.util.*;

class Solution {
  public record Point(int x, long y) {}

  public Map<String, Object> echo(int[][] grid, List<List<Integer>> nested, Map<String, Long> map,
      Set<Character> chars, Optional<String> maybe, double x, Point point, List<Point> points,
      boolean flag, Map<Integer, String> byNumber) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("grid", grid);
    out.put("nested", nested);
    out.put("map", map);
    out.put("chars", new TreeSet<>(chars));
    out.put("maybe", maybe);
    out.put("x", x);
    out.put("point", point);
    out.put("points", points);
    out.put("flag", flag);
    byNumber.forEach((k, v) -> {
      if (k != 7) {
        throw new IllegalStateException("the key is not an Integer 7");
      }
    });
    out.put("byNumber", byNumber);
    out.put("empty", Optional.empty());
    return out;
  }
}
"""
    ex = run(prob, code)
    assert ex.failure is None, ex.message
    assert ex.outcomes[1].actual == "raised ArgumentError"


@needs_jdk
def test_native_tests_give_one_outcome_per_test(tmp_path, two_sum):
    native = """\
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TwoSumTest {
  @Test
  void findsThePair() {
    assertArrayEquals(new int[] {0, 1}, new Solution().twoSum(new int[] {1, 2}, 3));
  }

  @Test
  void failsOnPurpose() {
    assertEquals(5, new Solution().twoSum(new int[] {1, 2}, 3).length, "pair length");
  }

  @Test
  void throwsWithoutAPair() {
    assertThrows(IllegalArgumentException.class, () -> new Solution().twoSum(new int[] {}, 1));
  }

  @Test
  void crashes() {
    new Solution().twoSum(null, 1);
  }
}
"""
    prob = problem(tmp_path, TWO_SUM, [{"args": [[2, 7], 9], "expected": [0, 1]}], native)
    ex = run(prob, TWO_SUM_CODE)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("case 1", "passed"), ("findsThePair", "passed"), ("failsOnPurpose", "wrong_answer"),
        ("throwsWithoutAPair", "passed"), ("crashes", "error")]
    assert "pair length ==> expected: <5> but was: <2>" in ex.outcomes[2].message
    assert "TwoSumTest.failsOnPurpose(NativeTests.java:15)" in ex.outcomes[2].message
    assert ex.outcomes[4].message.startswith("NullPointerException")
    assert ex.failure.value == "runtime_error"


@needs_jdk
def test_native_tests_that_do_not_compile_keep_the_data_outcomes(tmp_path):
    native = "import org.junit.jupiter.api.Test;\n\nclass T {\n  @Test\n  void t() {\n" \
             "    new Solution().noSuchMethod();\n  }\n}\n"
    prob = problem(tmp_path, TWO_SUM, [{"args": [[2, 7], 9], "expected": [0, 1]}], native)
    ex = run(prob, TWO_SUM_CODE)
    assert ex.failure.value == "compile_error" and statuses(ex) == ["passed"]
    assert "NativeTests.java:6: error: cannot find symbol" in ex.message


# ---------------------------------------------------------------- reading and prompting


def test_signature_of_a_method():
    sig = JAVA.read_signature(TWO_SUM, None)
    assert (sig.entry_point, sig.kind, sig.returns) == ("twoSum", "function", "int[]")
    assert [(p.name, p.type, p.kind) for p in sig.params] == [
        ("nums", "int[]", "other"), ("target", "int", "other")]
    sig = JAVA.read_signature(
        "import java.util.*;\n\n/** Docs mention class Foo. */\nfinal class Futures {\n"
        "  public static <T extends Comparable<T>> List<T> sorted(final List<? extends T> items,"
        " String... names) {\n    // {\n  }\n}", None)
    assert (sig.entry_point, sig.kind, sig.returns) == ("sorted", "function", "List<T>")
    assert [(p.type, p.kind) for p in sig.params] == [("List<? extends T>", "other"),
                                                      ("String...", "other")]
    sig = JAVA.read_signature("public TreeNode prune(TreeNode root, String label)", None)
    assert sig.returns_kind == "tree" and [p.kind for p in sig.params] == ["tree", "str"]


def test_signature_of_a_class():
    sig = JAVA.read_signature("class LruCache<K, V> {\n  public LruCache(int capacity) {}\n"
                              "  public Optional<V> get(K key) {}\n}", None)
    assert (sig.entry_point, sig.kind) == ("LruCache", "class")
    assert [(p.name, p.type) for p in sig.params] == [("capacity", "int")]
    sig = JAVA.read_signature("final class EventBus {\n  public interface Sub {\n"
                              "    void close();\n  }\n\n  public int publish(Object e) {}\n}",
                              None)
    assert (sig.entry_point, sig.kind, sig.params) == ("EventBus", "class", ())
    sig = JAVA.read_signature("record Money(long cents, String currency) {}\n"
                              "class Solution {\n  public Money add(Money a, Money b) {}\n}", None)
    assert (sig.entry_point, sig.kind) == ("add", "function")
    assert JAVA.read_signature(TWO_SUM, "twoSum").entry_point == "twoSum"
    with pytest.raises(ValueError):
        JAVA.read_signature("// nothing here", None)


def test_defines_and_looks_like_code():
    assert JAVA.defines(TWO_SUM_CODE, "twoSum") and JAVA.defines(TWO_SUM_CODE, "Solution")
    assert not JAVA.defines("int x = twoSum(a, b);", "twoSum")
    assert not JAVA.defines("// class Solution\n", "Solution")
    # read from the tree: nested types and methods count, statements and headers do not
    code = ("class Outer {\n  record Point(int x) {}\n  int f(int a) {\n    if (a > 0) {\n"
            "      return 1;\n    } else if (a < 0) {\n      return -1;\n    }\n"
            "    Runnable r = new Runnable() {\n      public void run() {}\n    };\n"
            "    return 0;\n  }\n  abstract int g();\n}\n")
    assert all(JAVA.defines(code, n) for n in ("Outer", "Point", "f", "run"))
    assert not any(JAVA.defines(code, n) for n in ("if", "Runnable", "g"))
    assert JAVA.looks_like_code(TWO_SUM_CODE)
    assert not JAVA.looks_like_code("Use a class Solution with a hash map.")


def test_java_literals():
    assert java_literal([2, 7], "int[]") == "new int[] {2, 7}"
    assert java_literal([[1, 2], [3]], "int[][]") == "new int[][] {{1, 2}, {3}}"
    assert java_literal([[1], []], "List<List<Integer>>") == "List.of(List.of(1), List.of())"
    assert java_literal({"a": 1}, "Map<String, Long>") == 'Map.of("a", 1L)'
    assert java_literal({"7": "x"}, "Map<Integer, String>") == 'Map.of(7, "x")'
    assert java_literal("a\"b\n", "String") == '"a\\"b\\n"'
    assert java_literal("c", "char") == "'c'"
    assert java_literal(None, "Optional<String>") == "Optional.empty()"
    assert java_literal([3, 9, None, 1], "TreeNode") == "TreeNode.of(3, 9, null, 1)"
    assert java_literal([1, None], "List<Integer>") == "Arrays.asList(1, null)"
    assert java_literal(2.5, "double") == "2.5" and java_literal(2, "double") == "2.0"
    assert java_literal(float("nan")) == "Double.NaN"
    records = {"Point": JAVA.read_signature("record Point(int x, int y) {}", None).params}
    assert java_literal([[1, 2]], "List<Point>", records) == "List.of(new Point(1, 2))"


def test_prompt_uses_java_syntax(two_sum):
    prompt = render_prompt(two_sum, JAVA)
    assert "twoSum(new int[] {2, 7, 11, 15}, 9)  // -> new int[] {0, 1}" in prompt
    assert "twoSum(new int[] {1, 2}, 7)  // throws IllegalArgumentException" not in prompt
    assert "```java" in prompt and "class Solution" in prompt
    text = JAVA.answer_instructions(two_sum)
    assert "`class Solution` with the method `twoSum`" in text and "package" in text


def test_examples_are_java(tmp_path):
    prob = problem(tmp_path, "class Cache<K, V> {\n  public Cache(int capacity) {}\n"
                   "  public Optional<V> get(K key) {}\n  public void put(K key, V value) {}\n}", [
                       {"init": [2], "calls": [{"method": "put", "args": [1, "a"]},
                                               {"method": "get", "args": [1], "expected": "a"},
                                               {"method": "get", "args": [2], "expected": None}]},
                       {"init": [0], "init_raises": "IllegalArgumentException"}])
    prompt = render_prompt(prob, JAVA)
    assert ("var cache = new Cache<>(2);\ncache.put(1, \"a\");\n"
            "cache.get(1);  // -> Optional.of(\"a\")\n"
            "cache.get(2);  // -> Optional.empty()") in prompt
    assert "new Cache<>(0);  // throws IllegalArgumentException" in prompt


@needs_jdk
def test_a_constructor_that_must_refuse(tmp_path):
    prob = problem(tmp_path, "class Box {\n  public Box(int size) {}\n  public int size() {}\n}", [
        {"init": [-1], "init_raises": "IllegalArgumentException"},
        {"init": [2], "calls": [{"method": "size", "expected": 2}]}])
    code = ("class Box {\n  private final int size;\n\n  Box(int size) {\n"
            "    if (size < 0) {\n      throw new IllegalArgumentException(\"negative\");\n    }\n"
            "    this.size = size;\n  }\n\n  int size() {\n    return size;\n  }\n}\n")
    assert run(prob, code).failure is None
    ex = run(prob, code.replace("size < 0", "size < -5"))
    assert statuses(ex) == ["wrong_answer", "passed"]


def test_answer_instructions_name_predefined_nodes(tmp_path):
    prob = problem(tmp_path, "class Solution {\n  public TreeNode f(TreeNode root) {}\n}",
                   [{"args": [[]], "expected": []}])
    assert "`TreeNode` (fields `int val`" in JAVA.answer_instructions(prob)


def test_types_of_a_source_file():
    types = read_types(TWO_SUM_CODE)
    assert [(t.kind, t.name) for t in types] == [("class", "Solution")]
    assert [m.name for m in types[0].members] == ["twoSum"]


def test_missing_toolchain_is_reported_with_the_install_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    found = JavaRunner().toolchain()
    assert not found.available and "javac" in found.reason
    assert found.install_hint == "apt-get install openjdk-17-jdk-headless"


# ---------------------------------------------------------------- the suite


def test_the_java_suite_is_complete():
    suite = load_suite(SUITE, REG)
    assert suite.language == "java" and len(suite.problems) == 12
    assert_mini_suite_shape(suite, JAVA, lambda code: code.count("@Test"))


# ---------------------------------------------------------------- native tests: hangs and crashes


ADD_SIG = "class Solution {\n  public int add(int a, int b) {}\n}"
ADD_NATIVE = """\
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AddTest {
  @Test
  void cFine() {
    assertEquals(2, new Solution().add(1, 1));
  }

  @Test
  void bHangs() {
    assertEquals(0, new Solution().add(-1, 1));
  }

  @Test
  void aAfter() {
    assertEquals(1, new Solution().add(0, 1));
  }
}
"""


@needs_jdk
def test_native_test_that_hangs_times_out_and_the_rest_are_not_run(tmp_path):
    prob = problem(tmp_path, ADD_SIG, [{"args": [2, 3], "expected": 5}], ADD_NATIVE)
    code = ("class Solution {\n  public int add(int a, int b) {\n    while (a < 0) {\n"
            "      Thread.onSpinWait();\n    }\n    return a + b;\n  }\n}\n")
    # 8 s: the JVM, the compile and JUnit's discovery come first, and a loaded machine is slow
    ex = run(prob, code, ExecSettings(solution_limits(8)))
    # in the order written (not by name), the data case first
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("case 1", "passed"), ("cFine", "passed"), ("bHangs", "timeout"), ("aAfter", "not_run")]
    assert ex.failure.value == "timeout"
    assert "time limit" in ex.outcomes[2].message


def test_parse_native_names_the_test_that_was_running_and_those_never_started(tmp_path):
    from pytest_agentbench.languages.harness_runner import NativeCompileError
    from pytest_agentbench.models import ProcessResult

    # the cases' events share the channel: parse_native reads only the native_* ones
    events = [{"event": "compiled", "seconds": 0.5}, {"event": "start", "index": 0},
              {"event": "case", "index": 0, "status": "value", "value": 1}, {"event": "done"},
              {"event": "native_tests", "names": ["first", "second", "third", "fourth"]},
              {"event": "native_start", "name": "first"},
              {"event": "native_test", "name": "first", "status": "passed", "seconds": 0.25},
              {"event": "native_test", "name": "second", "status": "skipped",
               "message": "second() is @Disabled", "seconds": 0.0},
              {"event": "native_start", "name": "third"}]
    died = JAVA.parse_native(ProcessResult(134, 1.0, signal=6), events, tmp_path)
    assert [t[:2] for t in died] == [("first", "passed"), ("second", "skipped"),
                                     ("third", "error"), ("fourth", "not_run")]
    assert died[0][3] == 0.25 and "killed or ended during this test" in died[2][2]
    killed = JAVA.parse_native(ProcessResult(None, 4.0, timed_out=True), events, tmp_path)
    assert [t[1] for t in killed] == ["passed", "skipped", "timeout", "not_run"]
    broken = [{"event": "native_compile_error", "message": "NativeTests.java:3: error: boom"}]
    with pytest.raises(NativeCompileError, match=r"NativeTests\.java:3: error: boom"):
        JAVA.parse_native(ProcessResult(0, 1.0), broken, tmp_path)
    empty = [{"event": "native_error", "message": "no @Test method found"}]
    assert JAVA.parse_native(ProcessResult(0, 1.0), empty, tmp_path) == [
        ("(native tests)", "error", "no @Test method found")]


# ---------------------------------------------------------------- native tests that skip


SKIPS_NATIVE = """\
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assumptions.assumingThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class AddTest {
  @Test
  void checked() {
    assertEquals(2, new Solution().add(1, 1));
  }

  @Test
  @Disabled("not on this machine")
  void disabled() {
    assertEquals(6, new Solution().add(3, 3));
  }

  @Test
  void assumed() {
    assumeTrue(System.getenv("AGENTBENCH_NO_SUCH_VARIABLE") != null, "needs a network");
    assertEquals(6, new Solution().add(3, 3));
  }

  @Test
  void assumedFalse() {
    assumeFalse(true);
  }

  @Test
  void aborted() {
    Assumptions.abort("later");
  }

  @Test
  void onlyWhen() {
    assumingThat(false, () -> assertEquals(6, new Solution().add(3, 3)));
    assertEquals(4, new Solution().add(2, 2));
  }

  static class Elsewhere {
    @BeforeEach
    void onlyOnLinux() {
      assumeTrue(false, () -> "not here");
    }

    @Test
    void afterSetUp() {
      assertEquals(6, new Solution().add(3, 3));
    }
  }

  static class NeverSetUp {
    @BeforeAll
    static void before() {
      assumeTrue(false);
    }

    @Test
    void underBeforeAll() {
      assertEquals(6, new Solution().add(3, 3));
    }
  }

  @Disabled
  static class Switched {
    @Test
    void off() {
      assertEquals(6, new Solution().add(3, 3));
    }
  }
}
"""
ALL_SKIPPED_NATIVE = """\
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class AddTest {
  @Test
  @Disabled
  void later() {
    assertEquals(2, new Solution().add(1, 1));
  }

  @Test
  void never() {
    assumeTrue(false);
    assertEquals(2, new Solution().add(1, 1));
  }
}
"""
ADD_CODE = "class Solution {\n  public int add(int a, int b) {\n    return a + b;\n  }\n}\n"
# wrong only for 3 + 3, which only the skipped tests check
ADD_WRONG_FOR_THREES = ADD_CODE.replace("return a + b;", "return a == 3 ? 0 : a + b;")


@needs_jdk
def test_tests_that_skip_themselves_are_skipped_never_passed(tmp_path):
    prob = problem(tmp_path, ADD_SIG, native=SKIPS_NATIVE)
    ex = run(prob, ADD_CODE)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("checked", "passed"), ("disabled", "skipped"), ("assumed", "skipped"),
        ("assumedFalse", "skipped"), ("aborted", "skipped"), ("onlyWhen", "passed"),
        ("afterSetUp", "skipped"), ("underBeforeAll", "skipped"), ("off", "skipped")]
    assert ex.outcomes[1].message == "not on this machine"
    assert "Assumption failed: needs a network" in ex.outcomes[2].message
    assert "Assumption failed: assumption is not false" in ex.outcomes[3].message
    assert ex.outcomes[4].message.startswith("later")
    assert "not here" in ex.outcomes[6].message
    assert "class Switched is @Disabled" in ex.outcomes[8].message
    assert ex.failure is None and ex.passed_count == 2 and len(ex.counted) == 2


@needs_jdk
def test_a_wrong_solution_gets_no_pass_from_a_skipped_test(tmp_path):
    prob = problem(tmp_path, ADD_SIG, [{"args": [1, 2], "expected": 3}], native=SKIPS_NATIVE)
    ex = run(prob, ADD_WRONG_FOR_THREES)
    # the data case, then the tests: every one that would catch the bug skips itself
    assert [o.status for o in ex.outcomes] == [
        "passed", "passed", "skipped", "skipped", "skipped", "skipped", "passed", "skipped",
        "skipped", "skipped"]
    assert not any(o.passed for o in ex.outcomes if o.status == "skipped")
    assert ex.failure is None  # the item passes on what was checked ...
    assert ex.passed_count == 3 and len(ex.counted) == 3  # ... 3 of 10; 7 skipped
    not_skipped = SKIPS_NATIVE.replace('@Disabled("not on this machine")\n', "")
    prob = problem(tmp_path, ADD_SIG, [{"args": [1, 2], "expected": 3}], native=not_skipped)
    ex = run(prob, ADD_WRONG_FOR_THREES)  # the same test, enabled, fails it
    assert ("disabled", "wrong_answer") in [(o.name, o.status) for o in ex.outcomes]
    assert ex.failure.value == "wrong_answer"


@needs_jdk
def test_native_tests_alone_compile_in_the_run_and_report_through_the_channel(tmp_path):
    prob = problem(tmp_path, ADD_SIG, native=ADD_NATIVE.replace("add(-1, 1)", "add(-1, 2)"))
    ex = run(prob, ADD_CODE)
    assert statuses(ex) == ["passed", "wrong_answer", "passed"]
    assert ex.compile_seconds > 0  # the harness's in-process compile, reported as such
    ex = run(prob, ADD_CODE.replace("return a + b;", "return a + c;"))
    assert ex.failure.value == "compile_error" and ex.outcomes == ()
    assert "Solution.java:3: error: cannot find symbol" in ex.message


@needs_jdk
def test_an_item_whose_every_test_skips_itself_is_skipped(tmp_path):
    prob = problem(tmp_path, ADD_SIG, native=ALL_SKIPPED_NATIVE)
    ex = run(prob, ADD_CODE)
    assert [(o.name, o.status) for o in ex.outcomes] == [("later", "skipped"),
                                                        ("never", "skipped")]
    assert ex.only_skipped
    result = run_answer(prob, JAVA, REG, ADD_CODE, "java", FAST)
    assert result.status == "skipped", result.message
    assert "every test of the problem was skipped" in result.message


# ---------------------------------------------------------------- analysers (javac, Checkstyle)


def _java_analysers_missing() -> str | None:
    from pytest_agentbench.languages.java.analysers import Checkstyle, JavacLint

    missing = [a.name for a in (JavacLint(), Checkstyle()) if a.availability()[0] is None]
    return f"not installed: {', '.join(missing)}" if missing else None


ANALYSERS_MISSING = _java_analysers_missing()
needs_analysers = pytest.mark.skipif(
    ANALYSERS_MISSING is not None,
    reason=f"javac/checkstyle {ANALYSERS_MISSING}; install: apt-get install "
           "openjdk-17-jdk-headless checkstyle")


def java_analysis(code: str):
    from pytest_agentbench.analysis import analyse

    return analyse("java", code, JAVA.file_name)


def found(result) -> set[tuple[str, str, int, str]]:
    return {(f.tool, f.rule, f.line, f.dimension) for f in result.findings}


BEGINNER_JAVA = """\
import java.util.*;

class Solution {
  public int Count_Words(List words, String target) {
    ArrayList<String> copy = new ArrayList<String>(words);
    int n = 0;
    for (int i = 0; i < copy.size(); i++) {
      String w = (String) copy.get(i);
      if (w == "x") n++;
      switch (w.length()) {
        case 0:
          n--;
        case 1:
          n = n + 42;
          break;
      }
    }
    try {
      System.out.println(Integer.valueOf(n).MAX_VALUE);
    } catch (Exception e) {
    }
    return n;
  }
}
"""

CLEAN_JAVA = """\
import java.util.List;

/** Sums. */
class Solution {
  /**
   * Returns the sum of {@code values}.
   *
   * @param values the numbers to add
   * @return their sum
   */
  public long total(List<Integer> values) {
    long sum = 0;
    for (int value : values) {
      sum += value;
    }
    return sum;
  }
}
"""


@needs_analysers
def test_javac_and_checkstyle_findings_split_between_idiom_and_practice():
    result = java_analysis(BEGINNER_JAVA)
    assert not result.errors and not result.missing, (result.errors, result.missing)
    assert {"javac", "checkstyle", "lizard"} <= set(result.tools)
    rules = found(result)
    for expected in [("javac", "rawtypes", 4, "best_practices"),
                     ("javac", "unchecked", 5, "best_practices"),
                     ("javac", "fallthrough", 13, "best_practices"),
                     ("javac", "cast", 8, "idiomaticity"),
                     ("javac", "static", 19, "idiomaticity"),
                     ("checkstyle", "imports.AvoidStarImport", 1, "idiomaticity"),
                     ("checkstyle", "naming.MethodName", 4, "idiomaticity"),
                     ("checkstyle", "coding.IllegalType", 5, "idiomaticity"),
                     ("checkstyle", "blocks.NeedBraces", 9, "idiomaticity"),
                     ("checkstyle", "javadoc.MissingJavadocType", 3, "best_practices"),
                     ("checkstyle", "javadoc.MissingJavadocMethod", 4, "best_practices"),
                     ("checkstyle", "coding.StringLiteralEquality", 9, "best_practices"),
                     ("checkstyle", "coding.MissingSwitchDefault", 10, "best_practices"),
                     ("checkstyle", "coding.FallThrough", 13, "best_practices"),
                     ("checkstyle", "coding.MagicNumber", 14, "best_practices"),
                     ("checkstyle", "regexp.ConsolePrinting", 19, "best_practices"),
                     ("checkstyle", "blocks.EmptyCatchBlock", 20, "best_practices"),
                     ("checkstyle", "coding.IllegalCatch", 20, "best_practices")]:
        assert expected in rules, (expected, sorted(rules))
    assert all(f.message and f.line > 0 for f in result.findings)
    # each finding costs its severity's points (rules/java.json): layout and documentation
    # are nits, missed idioms a point, bug risks two
    points = {"nit": 0.5, "idiom": 1.0, "risk": 2.0}
    assert all(f.weight == points[f.severity] for f in result.findings)
    severity = {(f.tool, f.rule): f.severity for f in result.findings}
    for key, expected in [(("javac", "rawtypes"), "risk"), (("javac", "fallthrough"), "risk"),
                          (("checkstyle", "coding.StringLiteralEquality"), "risk"),
                          (("checkstyle", "blocks.EmptyCatchBlock"), "risk"),
                          (("checkstyle", "javadoc.MissingJavadocMethod"), "nit"),
                          (("checkstyle", "naming.MethodName"), "idiom"),
                          (("checkstyle", "coding.IllegalCatch"), "idiom")]:
        assert severity[key] == expected, (key, severity[key])
    messages = {(f.tool, f.rule): f.message for f in result.findings}
    assert messages[("javac", "rawtypes")] == "found raw type: List"
    assert "Count_Words" in messages[("checkstyle", "naming.MethodName")]
    assert "'42' is a magic number" in messages[("checkstyle", "coding.MagicNumber")]


@needs_analysers
def test_clean_answer_has_no_findings():
    assert java_analysis(CLEAN_JAVA).findings == ()
    # indented by 4 instead of 2: the answer's own unit, not a finding
    four = re.sub(r"(?m)^( +)", lambda m: " " * (len(m[1]) // 2 * 4 + len(m[1]) % 2), CLEAN_JAVA)
    assert "\n            sum += value;" in four and java_analysis(four).findings == ()
    # indented with tabs: one finding for the tabs, not one per line for the indentation
    tabs = re.sub(r"(?m)^( +)", lambda m: "\t" * (len(m[1]) // 2) + " " * (len(m[1]) % 2),
                  CLEAN_JAVA)
    assert "\n\t\t\tsum += value;" in tabs
    assert [f.rule for f in java_analysis(tabs).findings] == ["whitespace.FileTabCharacter"]


@needs_analysers
def test_public_classes_packages_and_predefined_nodes_compile_alone():
    tree = ("/** Depths. */\nclass Solution {\n  /** Returns the depth of {@code root}. */\n"
            "  public int depth(TreeNode root) {\n"
            "    return root == null ? 0 : 1 + Math.max(depth(root.left), depth(root.right));\n"
            "  }\n}\n")
    assert java_analysis(tree).findings == ()
    # the public class goes in a file of its name; the package line does not hide TreeNode
    assert java_analysis(tree.replace("class Solution", "public class Depths")).findings == ()
    assert java_analysis("package com.example;\n\n" + tree).findings == ()
    broken = ("/** B. */\nclass Solution {\n  /** F. */\n  int one() {\n    return \"one\";\n"
              "  }\n}\n")
    assert ("javac", "error", 5, "best_practices") in found(java_analysis(broken))


@needs_analysers
def test_sealed_types_are_checked_without_their_clauses_at_no_cost():
    code = ("/** Shapes. */\nclass Solution {\n  /** A shape. */\n"
            "  sealed interface Shape permits Circle, Square {}\n\n"
            "  /** A circle. */\n  record Circle(double r) implements Shape {}\n\n"
            "  /** A square. */\n  record Square(double side) implements Shape {}\n\n"
            "  /** Returns the area. */\n  double area(Shape s) {\n"
            "    if (s instanceof Circle c) {\n      return Math.PI * c.r() * c.r();\n    }\n"
            "    Square q = (Square) s;\n    return q.side() * q.side() * 3;\n  }\n}\n")
    result = java_analysis(code)
    parse = [f for f in result.findings if f.rule == "ParseError"]
    assert len(parse) == 1 and parse[0].weight == 0 and parse[0].line == 4
    assert "sealed, non-sealed and permits clauses taken out" in parse[0].message
    # the other checks still ran on the rest of the file
    assert ("checkstyle", "coding.MagicNumber", 18, "best_practices") in found(result)


def test_reading_the_answer_for_the_analysers():
    from pytest_agentbench.languages.java.analysers import (
        indentation_unit,
        public_top_level_type,
        without_sealed,
    )

    assert public_top_level_type("class A {\n  public class B {}\n}\npublic final class C {}"
                                 ) == "C"
    assert public_top_level_type("// public class X\nclass Solution {}") is None
    assert indentation_unit(CLEAN_JAVA) == 2
    assert indentation_unit(CLEAN_JAVA.replace("  ", "    ")) == 4
    code = "sealed interface S permits A, B {}\nnon-sealed class A implements S {}\n"
    assert without_sealed(code) == "interface S {}\nclass A implements S {}\n"
    assert without_sealed("class Sealed {}\n") is None


@needs_jdk
def test_missing_checkstyle_makes_its_dimensions_n_a_with_the_install_command(monkeypatch,
                                                                             tmp_path):
    import shutil

    from pytest_agentbench.languages.java.analysers import Checkstyle, JavacLint
    from pytest_agentbench.models import Solution
    from pytest_agentbench.scoring.evaluators import EvalContext
    from pytest_agentbench.scoring.quality import QualityEvaluator

    with monkeypatch.context() as patch:
        patch.setenv("PATH", str(tmp_path))
        version, why = Checkstyle().availability()
        assert version is None and "apt-get install checkstyle" in why
        version, why = JavacLint().availability()
        assert version is None and "apt-get install openjdk-17-jdk-headless" in why
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: (
        None if name == "checkstyle" else which(name, *args, **kwargs)))
    prob = problem(tmp_path, TWO_SUM, [{"args": [[2, 7], 9], "expected": [0, 1]}])
    ex = run(prob, TWO_SUM_CODE)  # a working answer: quality is measured (else n/a as worthless)
    for dim in ("idiomaticity", "best_practices"):
        ctx = EvalContext(prob, Solution(TWO_SUM_CODE, "java", ""), ex, JAVA, FAST, 0.25, {})
        score = QualityEvaluator(dim).evaluate(ctx)
        assert score.score is None, (dim, score)
        assert "checkstyle: `checkstyle` not found on PATH (apt-get install checkstyle)" in (
            score.reason), score.reason


# ---------------------------------------------------------------- timing


TOTAL_SIG = "class Solution {\n  public long total(int[] xs) {}\n}"
TOTAL_FAST = ("class Solution {\n  public long total(int[] xs) {\n    long sum = 0;\n"
              "    for (int x : xs) {\n      sum += x;\n    }\n    return sum;\n  }\n}\n")
TOTAL_SLOW = ("class Solution {\n  public long total(int[] xs) {\n    long sum = 0;\n"
              "    for (int i = 0; i < xs.length; i++) {\n      long upTo = 0;\n"
              "      long before = 0;\n      for (int j = 0; j <= i; j++) {\n"
              "        upTo += xs[j];\n        before += j < i ? xs[j] : 0;\n      }\n"
              "      sum += upTo - before;\n    }\n    return sum;\n  }\n}\n")


@needs_jdk
def test_benchmark_times_both_in_one_jvm_on_each_size(tmp_path):
    assert JAVA.supports_timing
    prob = problem(tmp_path, TOTAL_SIG, [{"args": [[1, 2]], "expected": 3}],
                   timing={"sizes": [{"n": 10, "args": [{"$gen": "range", "stop": 10}]},
                                     {"n": 20000, "args": [{"$gen": "range", "stop": 20000}]}],
                           "repeat": 3})
    assert run(prob, TOTAL_SLOW).failure is None  # slow but correct
    result = JAVA.benchmark(prob, TOTAL_SLOW, TOTAL_FAST, FAST)
    assert result.error == "" and not result.cut, result.error
    assert [s.label for s in result.sizes] == ["n=10", "n=20000"]
    assert [s.n for s in result.sizes] == [10, 20000]
    for size in result.sizes:  # one timed call of each per round
        assert len(size.solution) == len(size.reference) == 3
        assert all(t >= 0 for t in size.solution + size.reference)
    # how much slower the quadratic answer is: benchmarks/performance_discrimination.py
    same = JAVA.benchmark(prob, TOTAL_FAST, TOTAL_FAST, FAST)  # e.g. the reference agent
    assert same.error == "" and [len(s.solution) for s in same.sizes] == [3, 3]


@needs_jdk
def test_benchmark_reports_what_the_solution_raised_or_failed_to_compile(tmp_path):
    prob = problem(tmp_path, TOTAL_SIG, [{"args": [[1, 2]], "expected": 3}],
                   timing={"sizes": [{"n": 5, "args": [{"$gen": "range", "stop": 5}]},
                                     {"n": 50, "args": [{"$gen": "range", "stop": 50}]}],
                           "repeat": 2})
    throwing = TOTAL_FAST.replace("long sum = 0;", "long sum = xs.length > 10 ? xs[99] : 0;")
    result = JAVA.benchmark(prob, throwing, TOTAL_FAST, FAST)
    assert "the solution raised ArrayIndexOutOfBoundsException" in result.error
    assert [s.label for s in result.sizes] == ["n=5"] and not result.cut
    broken = JAVA.benchmark(prob, TOTAL_FAST.replace("return sum;", "return missing;"),
                            TOTAL_FAST, FAST)
    assert "the solution raised CompileError" in broken.error and broken.sizes == ()


def test_java_suite_has_timing_inputs_with_two_sizes():
    problems = load_suite(SUITE, REG).problems
    timed = [p for p in problems if p.timing is not None]
    assert {p.id for p in timed} == {
        "java_easy_01", "java_easy_02", "java_easy_03", "java_easy_04", "java_medium_01",
        "java_medium_02", "java_medium_03", "java_medium_05", "java_hard_01", "java_hard_03"}
    # the two left take callbacks (an event bus's handlers, a memoizer's function)
    assert {p.id: bool(p.extra.get("no_timing")) for p in problems if p.timing is None} == {
        "java_medium_04": True, "java_hard_02": True}
    for p in timed:
        assert len(p.timing.sizes) == 2 and all(s.n for s in p.timing.sizes), p.id
        small, large = p.timing.sizes
        assert 4 * small.n <= large.n <= 10 * small.n, p.id
        if p.signature.kind == "class":  # a construction and a call sequence
            assert small.calls is not None and large.calls is not None and not small.args, p.id
        else:
            assert len(small.args) == len(large.args) == len(p.signature.params), p.id


def shrunk(tmp_path, problem_id, sizes):
    """A problem of the suite with its generated call sequences cut to ``sizes`` calls."""
    raw = json.loads(SUITE.read_text(encoding="utf-8"))
    test = next(t for t in raw["tests"] if t["id"] == problem_id)
    for size, n in zip(test["timing"]["sizes"], sizes, strict=True):
        size["n"] = size["calls"]["n"] = n
    return load_suite(write_suite(tmp_path, "s.json", {**raw, "tests": [test]}), REG).problems[0]


@needs_jdk
def test_a_class_problem_of_the_suite_is_timed_as_its_construction_and_calls(tmp_path):
    """Mechanics only: the suite's MinStack (shorter call sequences) is measured like a
    function; no timing outcome is asserted."""
    assert JAVA.supports_class_timing
    prob = shrunk(tmp_path, "java_easy_02", (500, 2000))
    settings = BenchSettings(exec_settings=FAST, evaluators=(Correctness(), Performance()))
    result = run_problem(prob, ReferenceAgent(), JAVA, REG, settings)
    score = next(s for s in result.scores if s.name == "performance")
    assert score.score is not None, score.reason
    assert [s["n"] for s in score.details["sizes"]] == [500, 2000]
    assert "paired ratio" in score.details["ratio_text"]


LAZY_SIG = ("import java.util.stream.Stream;\n\nclass Solution {\n"
            "  public Stream<Integer> halves(int[] xs) {}\n}")
LAZY = ("import java.util.Arrays;\nimport java.util.stream.Stream;\n\nclass Solution {\n"
        "  public Stream<Integer> halves(int[] xs) {\n"
        "    return Arrays.stream(xs).mapToObj(x -> 100 / (x - 7) / 2);\n  }\n}\n")


@needs_jdk
def test_a_lazy_result_is_read_inside_the_timed_call(tmp_path):
    """A stream nobody reads would be timed as free: the harness reads it, so what reading
    it throws is the timed call's error (for a class problem's calls alike)."""
    prob = problem(tmp_path, LAZY_SIG, [{"args": [[1, 3]], "expected": [-9, -12]}],
                   timing={"sizes": [{"n": 5, "args": [{"$gen": "range", "stop": 5}]},
                                     {"n": 20, "args": [{"$gen": "range", "stop": 20}]}],
                           "repeat": 2})
    result = JAVA.benchmark(prob, LAZY, LAZY.replace("(x - 7)", "(x - 70)"), FAST)
    assert result.error.startswith("the solution raised ArithmeticException"), result.error
    assert [s.label for s in result.sizes] == ["n=5"]


SLOW_MERGE = """\
import java.util.ArrayList;
import java.util.List;

/** Interval merging by insertion into a sorted list: O(n^2). */
class Solution {
  /**
   * A closed interval.
   *
   * @param start the first point
   * @param end the last point
   */
  public record Interval(int start, int end) {
    /** Checks that the interval is not empty. */
    public Interval {
      if (start > end) {
        throw new IllegalArgumentException("start " + start + " is after end " + end);
      }
    }
  }

  /** Merges the intervals that share a point. */
  public List<Interval> merge(List<Interval> intervals) {
    List<Interval> sorted = new ArrayList<>();
    for (Interval next : intervals) {
      int at = 0;
      while (at < sorted.size() && sorted.get(at).start() <= next.start()) {
        at++;
      }
      sorted.add(at, next);
    }
    List<Interval> merged = new ArrayList<>();
    for (Interval next : sorted) {
      int last = merged.size() - 1;
      if (last >= 0 && next.start() <= merged.get(last).end()) {
        Interval current = merged.get(last);
        merged.set(last, new Interval(current.start(), Math.max(current.end(), next.end())));
      } else {
        merged.add(next);
      }
    }
    return merged;
  }
}
"""


@needs_jdk
def test_an_asymptotically_slower_solution_is_timed_on_both_sizes():
    """Mechanics only: the O(n^2) merge is correct, measured and scored (that it loses points
    is what benchmarks/performance_discrimination.py shows)."""
    prob = next(p for p in load_suite(SUITE, REG).problems if p.id == "java_easy_03")
    result = run_answer(prob, JAVA, REG, SLOW_MERGE, "java", ExecSettings(solution_limits(30)))
    assert result.status == "passed", result.message  # correct on every case
    assert_timing_mechanics(next(s for s in result.scores if s.name == "performance"), prob)
