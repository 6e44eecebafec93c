"""Reading JavaScript (languages/javascript/source.py, on the tree-sitter JavaScript grammar,
and TypeScript's for signatures' headers) from plain strings: no Node.js toolchain needed."""

from __future__ import annotations

import subprocess
import sys

from pytest_agentbench.languages.javascript import source as js

#: comments, strings, template literals and regular expressions holding keywords and braces
TRICKY = """\
// export function commented() {}
/* import x from "y"; class Nope {} */
const s = "export { fake }; function inString() {", t = '}';
const tpl = `
export function inTemplate() {}
${"{"} import.meta
`;
const re = /export \\{ regex \\}|function inRegex\\(/g;
function real(a, b) {
  const nested = () => "}";
  function inner() {}
  return a + b;
}
class Shape {}
let counter = 0, other = 1;
var legacy = function () {};
"""


def test_keywords_and_braces_in_comments_strings_templates_and_regexes_are_no_code():
    assert js.top_level_names(TRICKY) == [
        "s", "t", "tpl", "re", "real", "Shape", "counter", "other", "legacy"]
    assert not js.is_module(TRICKY)
    assert js.exported_names(TRICKY) == set()
    for name in ("commented", "inString", "inTemplate", "inRegex", "fake", "Nope"):
        assert not js.defines(TRICKY, name), name
    assert js.defines(TRICKY, "real") and js.defines(TRICKY, "Shape")
    assert not js.defines(TRICKY, "inner")  # nested: not the file's
    assert js.looks_like_code(TRICKY)


def test_es_modules_by_import_export_and_import_meta():
    assert js.is_module('import fs from "node:fs";\nfunction f() {}\n')
    assert js.is_module("import './side-effect.js';\n")
    assert js.is_module("export default 42;\n")
    assert js.is_module("const here = new URL('.', import.meta.url);\n")  # not at a line start
    assert not js.is_module("function F() { return new.target; }\n")  # the other meta property
    assert not js.is_module("const m = await import('node:fs');\n")  # a dynamic import
    assert not js.is_module('const fs = require("node:fs");\nmodule.exports = { fs };\n')
    # a module that does not parse is still one: node --check reports its real error
    assert js.is_module('import fs from "node:fs";\nfunction f( {\n')


ESM = """\
export function add(a, b) { return a + b; }
export default function main() {}
export const PI = 3.14, E = 2.71;
export class Stack {}
function sub(a, b) { return a - b; }
const mul = (a, b) => a * b;
export { sub as minus, mul };
export * from "./other.js";
export { shared } from "./shared.js";
"""


def test_exported_names_of_declarations_clauses_and_defaults():
    assert js.exported_names(ESM) == {"add", "main", "PI", "E", "Stack", "minus", "mul",
                                      "shared"}
    assert js.top_level_names(ESM) == ["add", "main", "PI", "E", "Stack", "sub", "mul"]


def test_with_exposed_exports_what_an_es_module_declares_and_does_not_export():
    code = "function sub(a, b) { return a - b; }\nexport const add = (a, b) => a + b;\n"
    exposed = js.with_exposed(code, ["add", "sub", "missing"])
    assert exposed == code + ";export { sub };\n"
    assert js.with_exposed(ESM, ["add", "main", "mul"]) == ESM  # all exported already


def test_commonjs_exports_define_and_get_exposed():
    code = ("const helper = (x) => x;\n"
            "exports.double = (x) => 2 * x;\n"
            "module.exports.triple = function (x) { return 3 * x; };\n"
            "module.exports = { helper };\n")
    assert js.defines(code, "double") and js.defines(code, "triple")
    assert js.defines(code, "helper") and not js.defines(code, "module")
    assert js.looks_like_code("module.exports = { f };\n")
    exposed = js.with_exposed(code, ["double"])
    assert exposed.startswith(code) and "module.exports.double = double" in exposed
    assert len(exposed.splitlines()) == len(code.splitlines()) + 1  # lines keep numbers


def test_defines_arrow_functions_classes_and_generators():
    code = ("export const twice = async (x) => [x, x];\n"
            "export default class Queue {}\n"
            "function* evens() {}\n"
            "let declaredLater;\n")
    for name in ("twice", "Queue", "evens"):
        assert js.defines(code, name), name
    assert not js.defines(code, "declaredLater")  # no value: not a definition
    assert not js.defines(code, "twic")


def test_text_that_does_not_parse():
    """Prose does not parse: it is no code. A declaration keeps being found when the error is
    inside its body; a header without body (a signature) defines nothing."""
    assert not js.looks_like_code("This is how it works here.")
    assert not js.looks_like_code("Here is the solution:\nfunction f() {}\n")
    assert not js.looks_like_code("function add(a, b) {\n  return a +;\n}\n")
    assert js.defines("function add(a, b) {\n  return a +;\n}\n", "add")
    assert not js.defines("/** @param {number} a */\nfunction add(a)", "add")


def test_typed_source_writes_jsdoc_types_into_headers():
    sig = ("/**\n * @param {Array.<number>} xs\n * @param {?string} name\n"
           " * @param {number=} n\n * @param {...string} rest\n"
           " * @returns {Object.<string, *>}\n */\n"
           "function f(xs, name, n, ...rest)")
    assert js.typed_source(sig).endswith(
        "function f(xs: Array<number>, name: string | null, n?: number, ...rest: (string)[])"
        ": Record<string, any>")
    multi = ("/**\n * @param {number} a\n * @param {number=} b\n */\n"
             "function g(\n  a,\n  b = 2\n) {}\n")
    assert js.typed_source(multi).endswith("function g(a: number, b: number = 2) {}\n")


def test_typed_source_reads_classes_arrows_and_exports():
    text = ("class Account {\n"
            "  /** @param {string} owner\n   * @param {number} balance */\n"
            "  constructor(owner, balance = 0)\n"
            "  /** @returns {number} */\n  get balance()\n"
            "  /** @param {string} k */\n  [Symbol.iterator](k)\n"
            "}\n"
            "/** @param {number} x @returns {number} */\nexport const sq = (x) => x * x;\n"
            "/** @param {number} x */\nconst bare = x => x;\n"
            "/** @param {string} s */\nexport default async function parse(s) {}\n"
            "/** @type {number} */\nfoo(a, b);\n")
    assert js.typed_source(text) == (
        "class Account {\n"
        "  /** @param {string} owner\n   * @param {number} balance */\n"
        "  constructor(owner: string, balance: number = 0)\n"
        "  /** @returns {number} */\n  get balance(): number\n"
        "  /** @param {string} k */\n  [Symbol.iterator](k)\n"
        "}\n"
        "/** @param {number} x @returns {number} */\n"
        "export const sq = (x: number): number => x * x;\n"
        "/** @param {number} x */\nconst bare = x => x;\n"
        "/** @param {string} s */\nexport default async function parse(s: string) {}\n"
        "/** @type {number} */\nfoo(a, b);\n")


def test_typed_source_leaves_undocumented_code_and_docs_in_strings_alone():
    for text in ("function f(a, b) {}\n/** not a tag */\nclass C {}\n",
                 "const s = '/** @param {number} a */'; function g(a) {}\n",
                 "/** @param {number} a */\n// another comment between\nfunction g(a) {}\n",
                 "/** @param {number} a */\nlet a;\n/** @param {number} b */\nconst c = 1;\n"):
        assert js.typed_source(text) == text


def test_top_level_names_of_a_signature_s_headers():
    """A signature's headers have no bodies: TypeScript's grammar reads them."""
    assert js.top_level_names("/** @param {number} a */\nfunction add(a)\nclass DomainError {}\n"
                              ) == ["add", "DomainError"]


def test_the_grammar_is_not_imported_with_the_plugin():
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import pytest_agentbench.plugin"],
        capture_output=True, text=True, check=True).stderr
    assert "tree_sitter" not in out
