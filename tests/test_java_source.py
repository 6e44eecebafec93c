"""Reading Java source (languages/java/source.py, on the tree-sitter Java grammar) from plain
strings: no JDK needed."""

from __future__ import annotations

from pytest_agentbench.languages.java import source as java
from pytest_agentbench.models import Param


def shapes(params: tuple[Param, ...]) -> list[tuple[str, str, str]]:
    return [(p.name, p.type, p.kind) for p in params]


def test_comments_strings_chars_and_text_blocks_are_blanked_in_place():
    text = ('String s = "a { class X \\" }"; // class Y {\n'
            "char c = '{'; /* interface Z\n{ */ int x;\n"
            'String t = """\n  record R(int a) { \\""" }\n  """; int y;\n')
    blank = java.blank_comments_and_strings(text)
    assert len(blank) == len(text) and blank.count("\n") == text.count("\n")
    assert blank.splitlines() == [
        'String s = "' + " " * 16 + '";' + " " * 13,
        "char c = ' ';" + " " * 15,
        "     int x;",
        "String t =    ",
        " " * 26,
        "     ; int y;"]
    # ``//`` and ``/*`` inside a string are no comments
    assert java.blank_comments_and_strings('s = "//" + "/*"; int k;') == 's = "  " + "  "; int k;'


def test_a_literal_or_comment_the_grammar_cannot_close_stays():
    # the hand-written scanner blanked them to the end of the line or the text; such a file
    # does not compile, and the compiler says why
    assert java.blank_comments_and_strings("int a; /* open {") == "int a; /* open {"
    assert java.blank_comments_and_strings('s = "open {\nint b;') == 's = "open {\nint b;'
    # prose is no Java: an apostrophe opens no char literal
    assert java.blank_comments_and_strings("Here's the code") == "Here's the code"


def test_parameters_with_generics_wildcards_annotations_varargs_and_arrays():
    text = """
        @NonNull Map<String,List<Integer>> byName,  // a comment (with a bracket
        final List<? extends Number> numbers,
        int[][] grid, char c[],
        /* why */ Map.Entry<K, V> entry,
        @SuppressWarnings("unused") final String... rest"""
    assert shapes(java.parse_params(text)) == [
        ("byName", "Map<String, List<Integer>>", "other"),
        ("numbers", "List<? extends Number>", "other"),
        ("grid", "int[][]", "other"), ("c", "char[]", "other"),
        ("entry", "Map.Entry<K, V>", "other"), ("rest", "String...", "other")]
    assert java.parse_params("") == () and java.parse_params("  ") == ()
    assert shapes(java.parse_params("TreeNode root, ListNode head, CharSequence s")) == [
        ("root", "TreeNode", "tree"), ("head", "ListNode", "linked_list"),
        ("s", "CharSequence", "str")]


def test_type_arguments_split_at_the_top_level_only():
    assert java.type_arguments("Map<String, List<Integer>>") == ["String", "List<Integer>"]
    assert java.type_arguments("Optional<Map<K, List<? super V>>>") == [
        "Map<K, List<? super V>>"]
    assert java.type_arguments("java.util.Map.Entry<int[], String>") == ["int[]", "String"]
    for plain in ("int", "String[]", "List<Integer>[]", "int...", ""):
        assert java.type_arguments(plain) == []


SIGNATURE = """\
import java.util.*;

/** A class with { braces } in its doc, and the word class. */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class Cache<K extends Comparable<K>, V> implements Iterable<V> {
  private static final String OPEN = "{ class Fake { void fake() {} }";
  private final char brace = '}';
  private final Map<K, V> map = new HashMap<>();

  public Cache(int capacity) {}

  private Cache() { this(0); }

  @Override
  public Iterator<V> iterator() { return map.values().iterator(); }

  public static <T extends Comparable<? super T>> List<T> sorted(
      Collection<? extends T> items,
      Comparator<T> order) {
    return new ArrayList<>(items);
  }

  public Optional<V> get(K key) {
    if (map.containsKey(key)) { return Optional.of(map.get(key)); }
    return Optional.empty();
  }

  static class Node {
    Node(int value) {}
    int value() { return 0; }
  }

  record Entry<A, B>(A key, @Deprecated B value) {
    Entry { }
    record Inner(long[] xs) {}
  }
}

interface Shape {
  double area();

  default String describe(String prefix) { return prefix + "}"; }

  static Shape unit() { return () -> 1.0; }
}

enum Suit { HEARTS, SPADES; int rank() { return ordinal(); } }

record Point(int x, int y) {
  Point {
    if (x < 0) throw new IllegalArgumentException("x < 0 {");
  }

  double norm() { return Math.hypot(x, y); }
}
"""


def test_top_level_types_with_their_members():
    types = java.read_types(SIGNATURE)
    assert [(t.kind, t.name) for t in types] == [
        ("class", "Cache"), ("interface", "Shape"), ("enum", "Suit"), ("record", "Point")]
    cache, shape, suit, point = types
    assert [(m.name, m.returns, m.static, m.is_constructor, m.private) for m in cache.members] == [
        ("Cache", "", False, True, False), ("Cache", "", False, True, True),
        ("iterator", "Iterator<V>", False, False, False),
        ("sorted", "List<T>", True, False, False), ("get", "Optional<V>", False, False, False)]
    assert shapes(cache.members[0].params) == [("capacity", "int", "other")]
    assert shapes(cache.members[3].params) == [
        ("items", "Collection<? extends T>", "other"), ("order", "Comparator<T>", "other")]
    # an interface's methods with or without bodies; an enum's members are not read
    assert [(m.name, m.returns, m.static) for m in shape.members] == [
        ("area", "double", False), ("describe", "String", False), ("unit", "Shape", True)]
    assert suit.members == ()
    # a record: its components, its methods (a compact constructor is none)
    assert shapes(point.components) == [("x", "int", "other"), ("y", "int", "other")]
    assert [m.name for m in point.members] == ["norm"]


def test_records_nested_ones_included():
    assert {name: shapes(params) for name, params in java.read_records(SIGNATURE).items()} == {
        "Entry": [("key", "A", "other"), ("value", "B", "other")],
        "Inner": [("xs", "long[]", "other")],
        "Point": [("x", "int", "other"), ("y", "int", "other")]}
    assert java.read_records("class A { void f() { record Local(String s) {} } }") == {
        "Local": (Param("s", "String", "str"),)}


def test_method_headers_without_bodies_are_read_as_a_signature_writes_them():
    # no body and no semicolon is no Java: the grammar's error recovery still reads each header
    text = "class Solution {\npublic int add(int a, int b)\npublic int[] twice(int... xs)\n}"
    (solution,) = java.read_types(text)
    assert [(m.name, m.returns, shapes(m.params)) for m in solution.members] == [
        ("add", "int", [("a", "int", "other"), ("b", "int", "other")]),
        ("twice", "int[]", [("xs", "int...", "other")])]
    # bare headers declare no type: the runner reads them in a ``class Solution`` of its own
    assert java.read_types("public int add(int a, int b)") == []


def test_a_text_that_does_not_parse_gives_what_can_be_read():
    assert java.read_types("Here is my answer: it uses a class") == []
    (broken,) = java.read_types("class A {\n  int f(int x) { return x +; }\n  int g() {}\n}")
    assert [m.name for m in broken.members] == ["f", "g"]
    assert java.read_records("no records (at all)") == {}


def test_predefined_types_used_and_not_declared():
    uses_tree = "class Solution { int depth(TreeNode root) { return 0; } }"
    assert java.predefined_needed(uses_tree) == ["TreeNode"]
    assert java.predefined_needed("class Solution {}", "ListNode reverse(ListNode head)") == [
        "ListNode"]
    # declared by the answer, at the top or nested
    assert java.predefined_needed(uses_tree + "\nclass TreeNode { int val; }") == []
    assert java.predefined_needed(
        "class Solution { static class TreeNode {} TreeNode t; }") == []
    # named only in a comment or a string: not used
    assert java.predefined_needed('class S { // no TreeNode here\n String s = "ListNode"; }') \
        == []
