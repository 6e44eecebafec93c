"""The shared tree-sitter module: grammars by language name, trees, and the helpers every
language's readers use."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from pytest_agentbench.languages import syntax

GO = """\
package main

// Add adds.
func Add(a, b int) int { return a + b }

type (
	A int
	B struct{}
)
"""


def test_a_grammar_is_loaded_once_per_language_and_a_missing_one_names_its_package():
    assert syntax.grammar("go") is syntax.grammar("go")
    with pytest.raises(syntax.GrammarMissing, match=r"needs the tree-sitter-nosuchlang package "
                                                    r"\(pip install tree-sitter-nosuchlang\)"):
        syntax.grammar("nosuchlang")
    assert issubclass(syntax.GrammarMissing, ImportError)


def test_each_thread_parses_with_its_own_parser():
    """A parser is not shared between threads: prefetch threads may read source too."""
    texts = [f"func F{i}(a int) int {{ return a * {i} }}\n" * 200 for i in range(8)]
    with ThreadPoolExecutor(4) as pool:
        roots = list(pool.map(lambda t: syntax.parse(t, "go"), texts))
    for i, root in enumerate(roots):
        assert not syntax.has_errors(root)
        names = {syntax.text(f.child_by_field_name("name"))
                 for f in syntax.top_level(root, "function_declaration")}
        assert names == {f"F{i}"}


def test_a_tree_and_its_top_level_declarations():
    root = syntax.parse(GO, "go")
    assert root.type == "source_file" and not syntax.has_errors(root)
    assert syntax.parse(GO, "go") is root  # cached: a signature is read by several readers
    funcs = syntax.top_level(root, "function_declaration")
    assert [syntax.text(f.child_by_field_name("name")) for f in funcs] == ["Add"]
    (group,) = syntax.top_level(root, "type_declaration")
    assert [syntax.text(s) for s in syntax.children(group, "type_spec")] == ["A int", "B struct{}"]
    assert [c.type for c in syntax.children(root)][:2] == ["package_clause", "comment"]
    assert syntax.text(None) == ""


def test_what_does_not_parse_is_an_error_in_a_tree_that_is_still_made():
    root = syntax.parse("func F( {\n}\nfunc H(x int) bool\n", "go")
    assert syntax.has_errors(root)
    names = [syntax.text(f.child_by_field_name("name"))
             for f in syntax.top_level(root, "function_declaration")]
    assert "H" in names  # what follows the broken piece is read
    # prose is not read as declarations inside ERROR nodes unless asked for
    prose = syntax.parse("A generic type such as `x` is fine", "go")
    assert syntax.has_errors(prose) and not syntax.top_level(prose, "type_declaration")


def test_descendants_in_source_order_not_inside_what_they_yield():
    root = syntax.parse('x := f("a", g("b"))\ny := "c"\n', "go")
    found = [syntax.text(n) for n in syntax.descendants(root, "call_expression")]
    assert found == ['f("a", g("b"))']
    strings = [syntax.text(n) for n in syntax.descendants(root, "interpreted_string_literal")]
    assert strings == ['"a"', '"b"', '"c"']
    first = syntax.children(root)[0]  # a node's own, not its siblings'
    assert [syntax.text(n) for n in syntax.descendants(first, "interpreted_string_literal")] == [
        '"a"', '"b"']
    assert list(syntax.descendants(first, "short_var_declaration")) == [first]
    # a long expression nests deeper than Python's recursion limit
    deep = syntax.parse("x := " + " + ".join(["1"] * 3000) + "\n", "go")
    assert sum(1 for _ in syntax.descendants(deep, "int_literal")) == 3000


def test_descendants_are_named_nodes_not_keywords_of_the_same_name():
    """PHP's ``string`` type keyword is a token of type "string", as its literals are nodes."""
    root = syntax.parse("function f(string $s = 's'): string {}", "php_only")
    assert [syntax.text(n) for n in syntax.descendants(root, "string")] == ["'s'"]
    assert syntax.parse("<?php\nfunction f() {}\n", "php").type == "program"


def test_without_replaces_descendants_and_keeps_lines():
    text = "  x := 1 /* a\nb */ + 2 // c\n"
    root = syntax.parse(text, "go")
    # the root starts at its first token: source= gives the whole text back
    assert syntax.without(root, ("comment",), source=text) == "  x := 1 \n + 2  \n"
    assert syntax.without(root, ("comment",)) == "x := 1 \n + 2  \n"
    assert syntax.without(root, ("comment",), lambda c: "", source=text) == "  x := 1  + 2 \n"
    (assign,) = syntax.descendants(root, "short_var_declaration")
    assert syntax.without(assign, ("int_literal",), lambda n: "N") == "x := N /* a\nb */ + N"
    assert syntax.line_breaks("/* a */") == " " and syntax.line_breaks("/*\n\n*/") == "\n\n"


def test_non_ascii_text_is_cut_at_the_right_places():
    text = 'package main\n\n// é\nvar s = "ü/*"  // ö\n'
    root = syntax.parse(text, "go")
    assert syntax.without(root, ("comment",), lambda c: "", source=text) == \
        'package main\n\n\nvar s = "ü/*"  \n'


def test_the_plugin_loads_without_tree_sitter_and_a_language_loads_it_on_first_parse():
    """Start-up is benchmarked: tree_sitter and a grammar are imported by the first parse,
    not by the plugin nor by a language package."""
    code = ("import sys\n"
            "import pytest_agentbench.plugin\n"
            "loaded = lambda: sorted(m for m in sys.modules if m.startswith('tree_sitter')\n"
            "                        or m == 'pytest_agentbench.languages.syntax')\n"
            "print(loaded())\n"
            "from pytest_agentbench.languages.go import parse_funcs\n"
            "print(loaded())\n"
            "parse_funcs('func F()')\n"
            "print(loaded())\n"
            "from pytest_agentbench.languages.php import declarations\n"
            "print(loaded())\n"
            "declarations('function f(): int')\n"
            "print(loaded())\n"
            "from pytest_agentbench.languages.java import read_types\n"
            "print(loaded())\n"
            "read_types('class A {}')\n"
            "print(loaded())\n"
            "from pytest_agentbench.languages.cpp import CppRunner\n"
            "print(loaded())\n"
            "CppRunner().read_signature('int f(int a);', None)\n"
            "print(loaded())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "[]"
    assert out[1] == "['pytest_agentbench.languages.syntax']"
    assert "'tree_sitter'" in out[2] and "'tree_sitter_go'" in out[2]
    assert "'tree_sitter_php'" not in out[3] and "'tree_sitter_php'" in out[4]
    assert "'tree_sitter_java'" not in out[5] and "'tree_sitter_java'" in out[6]
    assert "'tree_sitter_cpp'" not in out[7] and "'tree_sitter_cpp'" in out[8]
