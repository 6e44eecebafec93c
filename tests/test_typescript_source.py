"""Reading TypeScript declarations (languages/typescript/source.py, on the tree-sitter
TypeScript grammar) from plain strings: no Node.js toolchain needed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pytest_agentbench.languages.typescript import source as ts
from pytest_agentbench.models import Param


def shapes(params: tuple[Param, ...]) -> list[tuple[str, str, bool]]:
    return [(p.name, p.type, p.required) for p in params]


def test_comments_go_strings_template_literals_and_regexes_stay():
    text = ('const a = "// no comment", b = \'/* nor this */\'; // gone\n'
            "const c = `${a /* gone */} // kept ${`/*`}`; /* gone\n  on two lines */ f();\n"
            "const r = /[\"'`]/g; // the regex holds quotes: the comment after it goes\n")
    assert ts.strip_comments(text) == (
        'const a = "// no comment", b = \'/* nor this */\'; \n'
        "const c = `${a  } // kept ${`/*`}`; \n f();\n"
        "const r = /[\"'`]/g; \n")
    assert ts.strip_comments("a/**/b") == "a b"  # two tokens stay two


def test_an_unterminated_block_comment_is_no_comment():
    """The grammar does not read an unterminated ``/*`` as a comment: the text stays, and the
    compiler says what is wrong."""
    assert "/* open" in ts.strip_comments("f(); /* open\n")


def test_generic_functions_with_arrows_and_angle_brackets_in_their_types():
    sig = ts.ts_signature(
        "export function pipe<T, R extends Map<string, T[]>>(\n"
        "  f: (x: T) => Promise<R>, // the step\n"
        "  g: <U>(y: U) => U = (y) => y,\n"
        "): Promise<Map<string, (a: T) => R>> {\n  return f(1 < 2 ? x : y);\n}\n", None)
    assert sig.entry_point == "pipe" and sig.kind == "function" and sig.is_async
    assert shapes(sig.params) == [("f", "(x: T) => Promise<R>", True),
                                  ("g", "<U>(y: U) => U", False)]
    assert sig.returns == "Promise<Map<string, (a: T) => R>>" and sig.returns_kind == "other"


def test_optional_union_rest_destructured_and_this_parameters():
    params = ts.parse_params(
        "this: Window, a?: string | null, {x, y}: Point = ORIGIN, [h, ...t]: number[],\n"
        "  readonly b: 'a,b' | \"(\", ...rest: Array<[number, string]>")
    assert shapes(params) == [
        ("a", "string | null", False), ("{x, y}", "Point", False), ("[h, ...t]", "number[]", True),
        ("b", "'a,b' | \"(\"", True), ("rest", "...Array<[number, string]>", False)]
    assert [p.kind for p in params][:2] == ["str", "other"]
    assert ts.parse_params("") == ()


def test_arrow_functions_function_expressions_and_signatures_without_body():
    text = ("declare function first(xs: string[]): string;\n"
            "export const twice = async <T,>(x: T): Promise<T[]> => [x, x];\n"
            "const count = function* (n: number): Iterable<number> {};\n"
            "let id = x => x;\n")
    assert ts.ts_signature(text, None).entry_point == "first"
    assert ts.ts_signature(text, None).returns_kind == "str"
    twice = ts.ts_signature(text, "twice")
    assert twice.is_async and twice.returns == "Promise<T[]>" and shapes(twice.params) == [
        ("x", "T", True)]
    assert ts.ts_signature(text, "count").returns == "Iterable<number>"
    assert shapes(ts.ts_signature(text, "id").params) == [("x", "", True)]
    assert ts.ts_signature(text, "missing").entry_point == "missing"  # the first one, named so


def test_overloads_are_read_from_the_first_declaration():
    sig = ts.ts_signature("function parse(s: string): number;\n"
                          "function parse(s: string[]): number[];\n"
                          "function parse(s: unknown): unknown { return s; }\n", "parse")
    assert shapes(sig.params) == [("s", "string", True)] and sig.returns == "number"


CLASS = """\
/** A cache. */
export class Cache<K, V> extends Base implements Store {
  static readonly LIMIT = 10;
  #hits = 0;
  private items = new Map<K, V>(); // `<` here is a type's
  [key: string]: unknown;

  constructor(private readonly capacity: number, name = "cache") {
    super();
  }

  @logged()
  get(key: K): V | undefined {
    if (this.#hits < this.capacity && key > 0) this.#hits += 1;  // comparisons, no brackets
    return this.items.get(key);
  }

  put(key: K, value: V): void;
  put(key: K, value: V, ttl?: number): void {}

  get size(): number { return this.items.size; }
  set size(n: number) {}
  async *entries(): AsyncIterable<[K, V]> {}
  #evict(): void {}
  ["computed"](): void {}
  "quoted name"(x: string): string { return `}${x}{`; }
  static of<K, V>(pairs: [K, V][]): Cache<K, V> { return new Cache(pairs.length); }
}
"""


def test_a_class_its_constructor_methods_and_accessors():
    ctor, methods = ts.read_class(CLASS, "Cache")
    assert shapes(ctor) == [("capacity", "number", True), ("name", "", False)]
    assert list(methods) == ["get", "put", "size", "entries", "quoted name", "of"]
    assert methods["get"] == {"params": [{"name": "key", "type": "K"}], "returns": "V | undefined"}
    # an overload's implementation, a setter after its getter: the last declaration wins
    assert methods["put"]["params"][-1] == {"name": "ttl", "type": "number"}
    assert methods["size"] == {"params": [{"name": "n", "type": "number"}], "returns": ""}
    assert methods["entries"]["returns"] == "AsyncIterable<[K, V]>"
    assert methods["of"]["params"] == [{"name": "pairs", "type": "[K, V][]"}]
    sig = ts.ts_signature(CLASS, "Cache")
    assert sig.kind == "class" and sig.params == ctor
    assert ts.class_members(CLASS, CLASS.index("{", CLASS.index("class"))) == (ctor, methods)
    assert ts.read_class(CLASS, "Missing") is None


def test_a_class_signature_without_bodies():
    text = ("class Account {\n  constructor(owner: string, balance: number = 0)\n"
            "  withdraw(amount: number): number\n  get balance(): number\n}\n")
    ctor, methods = ts.read_class(text, "Account")
    assert shapes(ctor) == [("owner", "string", True), ("balance", "number", False)]
    assert methods == {"withdraw": {"params": [{"name": "amount", "type": "number"}],
                                    "returns": "number"},
                       "balance": {"params": [], "returns": "number"}}


def test_only_top_level_declarations_count_not_prose_or_nested_ones():
    text = ("// a class Widget is made below\n"
            'const note = "function fake(a: number) {}";\n'
            "function outer(n: number): number {\n"
            "  function inner(s: string): string { return s; }\n"
            "  class Local {}\n  return n;\n}\n")
    # a nested function is no entry point: the first one (outer's) is read, named so
    assert ts.ts_signature(text, "inner").entry_point == "inner"
    assert ts.ts_signature(text, "inner").params == ts.ts_signature(text, "outer").params
    assert ts.read_class(text, "Widget") is None and ts.read_class(text, "Local") is None
    with pytest.raises(ValueError, match="no TypeScript `function` or `class`"):
        ts.ts_signature("// function f(a) {}\nconst x = 1;\n", None)


def test_a_text_that_does_not_parse():
    """What error recovery still reads as a declaration is read; a header whose body the
    grammar cannot close is not (a signature is valid TypeScript; a solution that is not
    is the compiler's to report)."""
    broken = "function ok(a: number): number\nfunction (b: string\nclass C { m(x: number) {} }\n"
    assert shapes(ts.ts_signature(broken, "ok").params) == [("a", "number", True)]
    with pytest.raises(ValueError):
        ts.ts_signature("function add(a: number): number {\n  return a +;\n", "add")
    assert ts.strip_comments("f( // open\n") == "f( \n"


def test_the_bracket_scanners_of_type_fragments():
    """What callers cut out of a declaration (a type, the text of a parameter list) is no
    TypeScript on its own: those scanners stay hand-written."""
    assert ts.split_top("Map<string, number>, (a: T, b: T) => void, 'x,y'") == [
        "Map<string, number>", " (a: T, b: T) => void", " 'x,y'"]
    assert ts.matching("(a: () => void) | null", 0) == 14
    assert ts.bare_type("(string | null)") == "string"


def test_the_typescript_package_loads_without_the_grammar():
    """The grammar is imported by the first read, not by the language package (start-up is
    benchmarked)."""
    script = "; ".join([
        "import sys, pytest_agentbench.plugin, pytest_agentbench.languages.typescript as ts",
        "before = 'tree_sitter_typescript' in sys.modules",
        "ts.ts_signature('function f() {}', None)",
        "print(before, 'tree_sitter_typescript' in sys.modules)"])
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "True"]
