"""Reading PHP source text: the functions and classes a file declares, their parameters and
the PHPDoc types of them, read by the tree-sitter PHP grammar (:mod:`..syntax`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...models import Param
from .. import syntax
from ..base import node_kind

if TYPE_CHECKING:
    from tree_sitter import Node

_CLASS_LIKES = {"class_declaration": "class", "interface_declaration": "interface",
                "trait_declaration": "trait", "enum_declaration": "enum"}
_PARAMS = ("simple_parameter", "variadic_parameter", "property_promotion_parameter")


def _tree(text: str) -> Node:
    """``text`` parsed as PHP: a file opening with ``<?php`` by the full grammar (which reads
    HTML around the tags), a signature (no tag) by the grammar of bare PHP."""
    return syntax.parse(text, "php" if text.lstrip().startswith("<?") else "php_only")


def param_kind(php_type: str) -> str:
    t = php_type.strip().lstrip("\\")
    if t.lower() == "string":
        return "str"
    return node_kind(t)


def _bare_line(node: Node | None) -> str:
    """The text of ``node`` without comments, on one line ("" for none)."""
    return " ".join(syntax.without(node, ("comment",)).split()) if node is not None else ""


def read_params(text: str) -> tuple[Param, ...]:
    """The parameters of a PHP parameter list (without its parentheses)."""
    before = "function f("
    funcs = syntax.top_level(_tree(before + text + ") {}"), "function_definition")
    plist = funcs[0].child_by_field_name("parameters") if funcs else None
    if (plist is None or syntax.has_errors(plist)  # the list must be all of ``text``
            or plist.end_byte != len((before + text).encode("utf-8")) + 1):
        raise ValueError(f"cannot read the parameters {text.strip()!r}")
    params = []
    for node in syntax.children(plist, *_PARAMS):
        php_type = _bare_line(node.child_by_field_name("type"))
        name = syntax.text(node.child_by_field_name("name")).removeprefix("$")
        required = (node.child_by_field_name("default_value") is None
                    and node.type != "variadic_parameter")
        params.append(Param(name, php_type, param_kind(php_type), required))
    return tuple(params)


def doc_param_types(doc: str) -> dict[str, str]:
    """``@param`` types of a PHPDoc block by parameter name (generics may contain spaces).

    Read by hand: a PHPDoc block is one comment token to the PHP grammar, and no PHPDoc
    grammar is published on PyPI."""
    types: dict[str, str] = {}
    for match in re.finditer(r"@(?:phpstan-|psalm-)?param\s+", doc):
        pos, depth, start = match.end(), 0, match.end()
        while pos < len(doc) and not (doc[pos].isspace() and depth <= 0):
            depth += doc[pos] in "<({"
            depth -= doc[pos] in ">)}"
            pos += 1
        name = re.match(r"\s*(?:\.\.\.)?&?\$(\w+)", doc[pos:])
        if name:
            types.setdefault(name.group(1), " ".join(doc[start:pos].split()))
    return types


@dataclass
class Decl:
    """A function or class-like declaration found in PHP source."""

    kind: str  # "function", "class", "interface", "trait", "enum"
    name: str
    body: tuple[int, int] | None = None
    params: str = ""
    returns: str = ""
    doc: str = ""
    abstract: bool = False
    methods: list[Decl] = field(default_factory=list)


def _doc_before(decl: Node) -> str:
    """The ``/** ... */`` block just before a declaration: before its attributes and modifiers
    (the sibling before it), or between them (inside it, before its name)."""
    name = decl.child_by_field_name("name")
    inside = [c for c in decl.children if c.type == "comment"
              and name is not None and c.end_byte <= name.start_byte]
    comment = inside[-1] if inside else decl.prev_sibling
    doc = syntax.text(comment) if comment is not None and comment.type == "comment" else ""
    return doc if doc.startswith("/**") else ""


_BODY = b" {}"


def _header_end(params: Node) -> int | None:
    """Where a function header ends (its parameter list ``params``, its return type) when it
    has no body: read into an ``ERROR`` node, or with one where its body should be (a class
    after the header: its braces were taken for the body)."""
    owner, end = params.parent, params
    after = params.next_sibling
    if after is not None and after.type == ":" and after.next_named_sibling is not None:
        end = after.next_named_sibling  # the return type
        after = end.next_sibling
    if owner is None or owner.type not in ("ERROR", "function_definition", "method_declaration"):
        return None
    bodiless = owner.type == "ERROR" or (after is not None and after.type == "ERROR")
    return end.end_byte if bodiless else None


def _with_bodies(text: str) -> tuple[Node, list[int]]:
    """The tree of ``text`` with a body given to each function header that has none
    (``function f(int $a): int``, how a signature declares a function), and the byte offsets
    where bodies were added. Such a header is not PHP, and the grammar's error recovery reads
    it in more than one way (two in a row into one ``ERROR`` node, say): a body is added
    after the first one and the text parsed again, until none is left."""
    data = text.encode("utf-8")
    added: list[int] = []
    root = _tree(text)
    for _ in range(text.lower().count("function")):  # a body per header at most
        if not syntax.has_errors(root):
            break
        end = next((at for params in syntax.descendants(root, "formal_parameters")
                    if (at := _header_end(params)) is not None), None)
        if end is None:
            break
        added = [at + len(_BODY) if at >= end else at for at in added] + [end]
        data = data[:end] + _BODY + data[end:]
        root = _tree(data.decode("utf-8"))
    return root, added


def _function(decl: Node) -> Decl:
    plist = decl.child_by_field_name("parameters")
    closed = plist is not None and bool(plist.children) and not plist.children[-1].is_missing
    params = syntax.text(plist)[1:-1 if closed else None]
    return Decl("function", syntax.text(decl.child_by_field_name("name")), None, params,
                _bare_line(decl.child_by_field_name("return_type")), _doc_before(decl))


def declarations(text: str) -> tuple[list[Decl], list[Decl]]:
    """Top-level functions and class-likes (with their methods), in order of the source.
    Also those declared in a block (``if (!function_exists(...)) { function f() ... }``, a
    namespace), not those inside a function or a class."""
    root, added = _with_bodies(text)
    data = text.encode("utf-8")

    def offset(at: int) -> int:  # in the tree parsed -> in ``text``, in characters
        at -= len(_BODY) * sum(1 for body in added if body < at)
        return len(data[:at].decode("utf-8", "ignore"))

    functions: list[Decl] = []
    types: list[Decl] = []
    for node in syntax.descendants(root, "function_definition", *_CLASS_LIKES):
        if node.type == "function_definition":
            functions.append(_function(node))
            continue
        name, body = node.child_by_field_name("name"), node.child_by_field_name("body")
        span = ((offset(body.start_byte), len(text) if body.children[-1].is_missing
                 else offset(body.end_byte - 1)) if body is not None and body.children
                else (offset(name.end_byte if name else node.end_byte), len(text)))
        methods = syntax.children(body, "method_declaration") if body is not None else []
        types.append(Decl(_CLASS_LIKES[node.type], syntax.text(name), span,
                          abstract=bool(syntax.children(node, "abstract_modifier")),
                          methods=[_function(m) for m in methods]))
    return functions, types
