"""Reading JavaScript: signatures typed by their JSDoc, the module system a file uses, and the
names a solution must expose, read by the tree-sitter JavaScript grammar (:mod:`..syntax`).

A JavaScript signature is a function or class header with JSDoc comments, whose types are
TypeScript's syntax (as TypeScript's own ``checkJs`` reads them)::

    /**
     * @param {number[]} nums
     * @param {Map<string, number>} counts
     * @returns {number[][]}
     */
    function group(nums, counts)

:func:`typed_source` writes those types into the declarations (``function group(nums:
number[], counts: Map<string, number>): number[][]``), so the TypeScript runner's reader, its
literals for prompts and its harness, which decodes JSON arguments into the declared types,
serve JavaScript unchanged. JSDoc's own spellings are read too: ``Array.<T>``, ``Object.<K,
V>``, ``*``, ``?T`` (nullable), ``T=`` and ``[name]`` (optional), ``...T`` (rest).

A signature's headers have no bodies, which JavaScript's grammar cannot read: the TypeScript
grammar reads them (as declarations without body, JavaScript's syntax being TypeScript's), so
signatures are read through it. A JSDoc comment is one comment token: its tags are read as
text (:func:`read_doc`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import syntax

if TYPE_CHECKING:
    from tree_sitter import Node

_TAG = re.compile(r"@(?P<tag>param|arg|argument|returns?|type)\b\s*"
                  r"(?:\{(?P<type>(?:[^{}]|\{[^{}]*\})*)\})?\s*(?P<name>\[[^\]]*\]|[\w$.]+)?")

_FUNCTIONS = ("function_declaration", "generator_function_declaration")
_DECLARATIONS = (*_FUNCTIONS, "class_declaration", "lexical_declaration", "variable_declaration")
#: what a JSDoc comment may document, in either grammar: a signature's header (TypeScript's
#: ``function_signature``, ``method_signature``) or a declaration with its body
_DOCUMENTED = (*_FUNCTIONS, "function_signature", "method_definition", "method_signature")
_FUNCTION_VALUES = ("arrow_function", "function_expression", "generator_function")


@dataclass(frozen=True)
class DocTypes:
    """The types one JSDoc comment gives: per parameter name, and the return type."""

    params: dict[str, tuple[str, bool]]  # name -> (type, optional)
    returns: str


def jsdoc_type(text: str) -> str:
    """A JSDoc type in TypeScript's syntax: ``Array.<T>`` -> ``Array<T>``, ``Object.<K, V>``
    -> ``Record<K, V>``, ``*`` -> ``any``, ``?T`` -> ``T | null``, ``!T`` -> ``T``."""
    t = " ".join(text.split()).replace(".<", "<")
    t = re.sub(r"\bObject<", "Record<", t)
    t = re.sub(r"(?<![\w$])\*(?![\w$])", "any", t)
    if t in ("?", ""):
        return "any" if t else ""
    if t.startswith("?"):
        return f"{t[1:].strip()} | null"
    return t.removeprefix("!").strip()


def read_doc(body: str) -> DocTypes:
    """The ``@param`` and ``@returns`` types of the text of a JSDoc comment."""
    params: dict[str, tuple[str, bool]] = {}
    returns = ""
    for m in _TAG.finditer(body):
        raw = (m.group("type") or "").strip()
        if m.group("tag") in ("returns", "return"):
            returns = jsdoc_type(raw)
            continue
        name = m.group("name") or ""
        if not name or m.group("tag") == "type":
            continue
        optional = raw.endswith("=") or name.startswith("[")
        name = name.strip("[]").split("=")[0].strip()
        raw = raw.removesuffix("=")
        if raw.startswith("..."):
            raw = f"({raw[3:]})[]"
        if "." not in name:  # a property of a destructured parameter is not a parameter
            params[name] = (jsdoc_type(raw), optional)
    return DocTypes(params, returns)


def _tree(code: str) -> Node:
    return syntax.parse(code, "javascript")


def _signature_tree(text: str) -> Node:
    return syntax.parse(text, "typescript")


def _code_or_signature(text: str) -> Node:
    """The tree of ``text``, code or a signature: a signature's headers, which JavaScript's
    grammar cannot read, are read by TypeScript's."""
    tree = _tree(text)
    if syntax.has_errors(tree):
        header = _signature_tree(text)
        if not syntax.has_errors(header):
            return header
    return tree


def _annotate_params(plist: Node, doc: DocTypes) -> str:
    """The text of a parameter list (TypeScript's ``formal_parameters``) with the types of
    ``doc`` written into the parameters it names (``a: T``, ``a?: T`` when optional without
    a default, ``...a: T``), without its parentheses and one ``, `` between parameters. A
    comment inside the list is left out."""
    out = []
    for param in syntax.children(plist, "required_parameter", "optional_parameter"):
        pattern = param.child_by_field_name("pattern")
        rest = pattern is not None and pattern.type == "rest_pattern"
        name = pattern.named_children[0] if pattern is not None and rest else pattern
        if (param.type == "optional_parameter" or name is None or name.type != "identifier"
                or syntax.text(name) not in doc.params):
            out.append(syntax.text(param))
            continue
        type_, optional = doc.params[syntax.text(name)]
        default = (param.text or b"")[name.end_byte - param.start_byte:].decode("utf-8")
        mark = "?" if optional and not default and not rest else ""
        annotation = f": {type_}" if type_ else ""
        out.append(f"{'...' if rest else ''}{syntax.text(name)}{mark}{annotation}{default}")
    return ", ".join(out)


def _documented(comment: Node) -> Node | None:
    """The function (or method) a JSDoc comment documents: the declaration right after it,
    exported or not, or the function a ``const``/``let``/``var`` declaration's first
    variable holds; not a method with a computed name (``[Symbol.iterator]``)."""
    node = comment.next_named_sibling
    if node is not None and node.type == "export_statement":
        node = node.child_by_field_name("declaration")
    if node is not None and node.type in ("lexical_declaration", "variable_declaration"):
        first = syntax.children(node, "variable_declarator")
        node = first[0].child_by_field_name("value") if first else None
        if node is None or node.type not in _FUNCTION_VALUES:
            return None
    elif node is None or node.type not in _DOCUMENTED:
        return None
    name = node.child_by_field_name("name")
    return None if name is not None and name.type == "computed_property_name" else node


def typed_source(text: str) -> str:
    """``text`` with each documented declaration's JSDoc types written into it in
    TypeScript's syntax (see the module doc); the comments stay."""
    data = text.encode("utf-8")
    out: list[bytes] = []
    pos = 0
    for comment in syntax.descendants(_signature_tree(text), "comment"):
        body = syntax.text(comment)
        node = _documented(comment) if body.startswith("/**") and body != "/**/" else None
        plist = node.child_by_field_name("parameters") if node is not None else None
        if node is None or plist is None or plist.type != "formal_parameters":
            continue
        types = read_doc(body[3:-2])
        typed = f"({_annotate_params(plist, types)})"
        if types.returns and node.child_by_field_name("return_type") is None:
            typed += f": {types.returns}"
        out += [data[pos:plist.start_byte], typed.encode("utf-8")]
        pos = plist.end_byte
    out.append(data[pos:])
    return b"".join(out).decode("utf-8")


def _names(decl: Node) -> list[str]:
    """The names a declaration declares: a function's, a class's, or its variables' (those
    bound to a value, not destructured)."""
    if decl.type in ("lexical_declaration", "variable_declaration"):
        return [syntax.text(var.child_by_field_name("name"))
                for var in syntax.children(decl, "variable_declarator")
                if var.child_by_field_name("value") is not None
                and (var.child_by_field_name("name") or var).type == "identifier"]
    return [syntax.text(decl.child_by_field_name("name"))]


def _top_level(root: Node) -> list[Node]:
    return syntax.top_level(root, *_DECLARATIONS, "function_signature",
                            through=("export_statement",))


def is_module(code: str) -> bool:
    """Whether ``code`` is an ES module by its syntax (``import``/``export`` statements,
    ``import.meta``), as Node.js decides for a ``.js`` file whose package names no type;
    else it is CommonJS. Looked for in the whole tree, ``ERROR`` nodes too: a module that does
    not parse is still one, and ``node --check`` says why it does not."""
    found = syntax.descendants(_tree(code), "import_statement", "export_statement",
                               "meta_property")
    return any(node.type != "meta_property" or syntax.text(node) == "import.meta"
               for node in found)


def top_level_names(code: str) -> list[str]:
    """Functions, classes and variables declared at the top level of code or a signature
    (exported or not), in order."""
    return list(dict.fromkeys(name for decl in _top_level(_code_or_signature(code))
                              for name in _names(decl)))


def exported_names(code: str) -> set[str]:
    """Names an ES module exports by name (``export function f``, ``export { f, g as h }``;
    ``export default function f`` counts ``f``)."""
    names: set[str] = set()
    for export in syntax.descendants(_tree(code), "export_statement"):
        decl = export.child_by_field_name("declaration")
        if decl is not None:
            names.update(_names(decl))
        for clause in syntax.children(export, "export_clause"):
            names.update(syntax.text(spec.child_by_field_name("alias")
                                     or spec.child_by_field_name("name"))
                         for spec in syntax.children(clause, "export_specifier"))
    return names


def with_exposed(code: str, names: list[str]) -> str:
    """``code`` with ``names`` exported when it does not export them itself, after its last
    line (lines keep their numbers): ``export { f }`` in an ES module for those it declares at
    top level, else CommonJS assignments that skip a name the code does not declare or already
    exports. A plain LeetCode-style ``function twoSum`` is then the harness's entry point and
    what native tests import."""
    if is_module(code):
        declared, exported = set(top_level_names(code)), exported_names(code)
        missing = [n for n in names if n in declared and n not in exported]
        tail = f"export {{ {', '.join(missing)} }};" if missing else ""
    else:
        tail = " ".join(
            f"try {{ if (!Object.hasOwn(module.exports, {n!r})) module.exports.{n} = {n}; }} "
            "catch {}" for n in names)
    return code if not tail else code.rstrip("\n") + "\n;" + tail + "\n"


def _assigned(root: Node) -> list[str]:
    """The targets of the top-level assignments (``module.exports``, ``exports.f``...)."""
    return [syntax.text(assignment.child_by_field_name("left"))
            for statement in syntax.children(root, "expression_statement")
            for assignment in syntax.children(statement, "assignment_expression")]


def defines(code: str, entry_point: str) -> bool:
    """Whether ``code`` declares ``entry_point`` at its top level (a function, a class, a
    variable given a value, exported or not) or assigns it to ``exports.<name>``. A
    declaration that error recovery reads into something else (a body that does not parse
    may swallow it) is not found."""
    root = _tree(code)
    return (any(entry_point in _names(decl) for decl in _top_level(root))
            or any(target in (f"exports.{entry_point}", f"module.exports.{entry_point}")
                   for target in _assigned(root)))


def looks_like_code(text: str) -> bool:
    """Whether ``text`` is JavaScript that declares something: it parses, and declares a
    function, class or variable at its top level, imports, or assigns ``module.exports`` or
    ``exports.f`` (prose does not parse)."""
    root = _tree(text)
    if syntax.has_errors(root):
        return False
    return bool(_top_level(root) or syntax.children(root, "import_statement")) or any(
        target == "module.exports" or target.startswith(("module.exports.", "exports."))
        for target in _assigned(root))
