"""Reading PHP source (languages/php/source.py, on the tree-sitter PHP grammar) from plain
strings: no PHP needed."""

from __future__ import annotations

import pytest

from pytest_agentbench.languages.php import source as php
from pytest_agentbench.models import Param


def shapes(text: str) -> list[tuple[str, str, str, bool]]:
    return [(p.name, p.type, p.kind, p.required) for p in php.read_params(text)]


def test_multi_line_parameter_lists_with_defaults_nullable_union_and_variadic_types():
    text = """
    #[SensitiveParameter] string $secret,  // a comment (with a bracket
    ?TreeNode $root = null,
    int | float $scale = 1.5,
    \\App\\ListNode &$head,
    array $options = ['a' => [1, 2], 'b' => ')'],
    (Countable&Traversable)|null $items = null,
    int|string ...$rest
"""
    assert shapes(text) == [
        ("secret", "string", "str", True), ("root", "?TreeNode", "tree", False),
        ("scale", "int | float", "other", False), ("head", "\\App\\ListNode", "linked_list", True),
        ("options", "array", "other", False),
        ("items", "(Countable&Traversable)|null", "other", False),
        ("rest", "int|string", "other", False)]
    assert php.read_params("") == () and php.read_params("  ") == ()
    assert php.read_params("$x, $y = 2,") == (Param("x", ""), Param("y", "", required=False))


def test_promoted_constructor_parameters_lose_their_modifiers():
    text = ("public readonly int $amount, private(set) string $currency = 'EUR', "
            "protected /* why */ ?Money $base = null")
    assert shapes(text) == [("amount", "int", "other", True),
                            ("currency", "string", "str", False),
                            ("base", "?Money", "other", False)]


def test_a_parameter_list_that_does_not_parse_is_an_error():
    for broken in ("iterable PARAM, int $size", "int $a = , $b", "int $a) { } function g(",
                   "string $s = 'open"):
        with pytest.raises(ValueError, match="cannot read the parameters"):
            php.read_params(broken)


SIGNATURE = """\
/**
 * @param list<int> $xs
 */
function total(array $xs, int $start = 0): int
/** not this one */ // but a line comment between
function &pick(array &$xs,
               int $at): ?int

abstract class Shape
{
    /** @param float $scale the factor */
    public function __construct(protected float $scale) {}

    #[Pure]
    /** The area. */
    abstract public function area(): float;

    public static function unit(): static {}
}

interface Named { public function name(): string; }
trait Describes { public function describe(): string {} }
enum Suit: string
{
    case Hearts = 'H';

    public function colour(): string {}
}
"""


def test_functions_without_bodies_and_class_likes_with_their_methods():
    functions, types = php.declarations(SIGNATURE)
    assert [(f.name, f.params, f.returns) for f in functions] == [
        ("total", "array $xs, int $start = 0", "int"),
        ("pick", "array &$xs,\n               int $at", "?int")]
    assert functions[0].doc == "/**\n * @param list<int> $xs\n */" and functions[1].doc == ""
    assert [(t.kind, t.name, t.abstract) for t in types] == [
        ("class", "Shape", True), ("interface", "Named", False), ("trait", "Describes", False),
        ("enum", "Suit", False)]
    shape = types[0]
    assert [(m.name, m.params, m.returns, m.doc) for m in shape.methods] == [
        ("__construct", "protected float $scale", "", "/** @param float $scale the factor */"),
        ("area", "", "float", "/** The area. */"), ("unit", "", "static", "")]
    assert php.doc_param_types(shape.methods[0].doc) == {"scale": "float"}
    assert [m.name for m in types[1].methods] == ["name"]
    assert [m.name for m in types[3].methods] == ["colour"]
    # a class body is its braces, as offsets into the text
    start, end = shape.body or (0, 0)
    assert SIGNATURE[start] == "{" and SIGNATURE[end] == "}"
    assert SIGNATURE[start:end + 1].count("function") == 3


def test_comments_and_strings_holding_brackets_and_keywords_are_not_read():
    text = """<?php
// class Fake {
/* function fake( */
function real(string $s = ') { function g(', string $t = "class Nope {"): string
{
    $x = Foo::class;
    $o = new class { public function inner(): void {} };
    $f = function ($y) { return $y; };
    if (!function_exists('helper')) {
        function helper(): void {}
    }
    return <<<EOT
    function heredoc() { class Inside {}
    it's {$s}
    EOT;
}
"""
    functions, types = php.declarations(text)
    assert [(f.name, f.params) for f in functions] == [
        ("real", "string $s = ') { function g(', string $t = \"class Nope {\"")]
    assert types == []
    # declared in a block (a conditional, a namespace) but not in a function: still read
    guarded = "if (!function_exists('helper')) {\n    function helper(): void {}\n}\n"
    assert [f.name for f in php.declarations(guarded)[0]] == ["helper"]
    ns = "namespace App {\n    final class A {}\n    function b(): int {}\n}\n"
    assert [t.name for t in php.declarations(ns)[1]] == ["A"]
    assert [f.name for f in php.declarations(ns)[0]] == ["b"]


def test_a_text_that_does_not_parse_is_read_where_it_can_be():
    """Error recovery keeps what is whole: a declaration after a broken one is read."""
    functions, types = php.declarations(
        "function broken(int $a {\n}\nfunction fine(string $s): string {}\nclass C {")
    assert "fine" in [f.name for f in functions]
    assert [(t.name, t.body) for t in types][-1][0] == "C"
    assert php.declarations("Here is my answer: it works.") == ([], [])
    assert php.declarations("") == ([], [])


def test_non_ascii_text_gives_offsets_in_characters():
    text = "// é ü\nfunction f(string $s = 'ö'): string\nclass A { public function g() {} }\n"
    functions, (cls,) = php.declarations(text)
    assert functions[0].params == "string $s = 'ö'"
    start, end = cls.body or (0, 0)
    assert (text[start], text[end]) == ("{", "}")
    assert [m.name for m in cls.methods] == ["g"]


def test_param_kind():
    assert [php.param_kind(t) for t in ("string", "\\String", "?TreeNode", "ListNode", "int")] \
        == ["str", "str", "tree", "linked_list", "other"]

