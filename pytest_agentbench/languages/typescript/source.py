"""Reading TypeScript declarations: functions, arrow functions and classes with their
parameters, result types and members, read by the tree-sitter TypeScript grammar
(:mod:`..syntax`); JavaScript's reader reads its JSDoc-typed signatures through them too.

:func:`matching` and :func:`split_top` stay hand-written: their callers hand them pieces of a
declaration (a type, the text of a parameter list) that are no TypeScript on their own, so the
grammar cannot tell what a ``<`` or a ``,`` in them is."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...models import Param, Signature
from .. import syntax

if TYPE_CHECKING:
    from tree_sitter import Node

IDENT = r"[A-Za-z_$][\w$]*"  # an identifier, as a regular expression


def _skip_string(text: str, i: int) -> int:
    """Index just after the string literal that starts at ``i``."""
    quote = text[i]
    i += 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _tree(text: str) -> Node:
    return syntax.parse(text, "typescript")


def strip_comments(text: str) -> str:
    """TypeScript (or JavaScript) source without comments, lines kept: strings, template
    literals and regular expressions holding ``//`` or ``/*`` are no comments.

    An unterminated ``/*`` is no comment to the grammar, so it stays: such a file does not
    compile, and the compiler says why."""
    return syntax.without_comments(_tree(text), source=text)


def matching(text: str, i: int) -> int:
    """Index of the bracket closing the one at ``i`` (``=>`` is not a bracket)."""
    pairs = {"(": ")", "[": "]", "{": "}", "<": ">"}
    stack: list[str] = []
    j = i
    while j < len(text):
        ch = text[j]
        if ch in "\"'`":
            j = _skip_string(text, j)
            continue
        if ch == ">" and j > 0 and text[j - 1] == "=":
            j += 1
            continue
        if ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return j
        j += 1
    return len(text)


def split_top(text: str, sep: str = ",") -> list[str]:
    """``text`` split at ``sep`` outside brackets and strings."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "\"'`":
            i = _skip_string(text, i)
            continue
        if text.startswith("=>", i):
            i += 2
            continue
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


_NULLISH = re.compile(r"\|\s*(null|undefined)\b|\b(null|undefined)\s*\|")


def bare_type(ts_type: str) -> str:
    """The type without ``| null``/``| undefined`` and outer parentheses."""
    t = _NULLISH.sub("", ts_type).strip()
    while t.startswith("(") and matching(t, 0) == len(t) - 1:
        t = t[1:-1].strip()
    return t


def unwrap_promise(ts_type: str) -> str:
    m = re.fullmatch(r"\s*(?:Promise|PromiseLike)\s*<(.*)>\s*", ts_type, re.S)
    return m.group(1).strip() if m else ts_type


def type_kind(ts_type: str) -> str:
    t = bare_type(ts_type)
    if t == "string":
        return "str"
    if t == "TreeNode":
        return "tree"
    if t == "ListNode":
        return "linked_list"
    return "other"


_PARAMS = ("required_parameter", "optional_parameter")


def _params(plist: Node | None) -> tuple[Param, ...]:
    """The parameters of a ``formal_parameters`` node, without ``this``: a name as written
    (a destructuring pattern whole), ``...T[]`` for a rest parameter's type, and optional for
    ``?``, a default or a rest parameter."""
    params: list[Param] = []
    for param in syntax.children(plist, *_PARAMS) if plist is not None else []:
        pattern = param.child_by_field_name("pattern")
        rest = pattern is not None and pattern.type == "rest_pattern"
        if pattern is not None and rest and pattern.named_children:
            pattern = pattern.named_children[0]  # ``...xs``: the name is ``xs``
        name = syntax.one_line(pattern)
        if name == "this":
            continue
        annotation = _annotation(param.child_by_field_name("type"))
        optional = rest or param.type == "optional_parameter" or (
            param.child_by_field_name("value") is not None)
        if rest and annotation:
            annotation = f"...{annotation}"
        params.append(Param(name, annotation, type_kind(annotation), not optional))
    return tuple(params)


def _annotation(node: Node | None) -> str:
    """The type of a ``: T`` annotation (a type predicate ``x is T`` too), on one line."""
    return syntax.one_line(node).removeprefix(":").strip()


def parse_params(text: str) -> tuple[Param, ...]:
    """The parameters of a parameter list's text (between its parentheses)."""
    decls = syntax.top_level(_tree(f"function f({text}) {{}}"), "function_declaration")
    return _params(decls[0].child_by_field_name("parameters") if decls else None)


_FUNCTIONS = ("function_declaration", "generator_function_declaration", "function_signature")
_CLASSES = ("class_declaration", "abstract_class_declaration")
_VARIABLES = ("lexical_declaration", "variable_declaration")
_FUNCTION_VALUES = ("arrow_function", "function_expression", "generator_function")
#: what holds a top-level declaration: ``export`` and ``declare``
_THROUGH = ("export_statement", "ambient_declaration")
_METHODS = ("method_definition", "method_signature", "abstract_method_signature")


def _members(body: Node | None) -> tuple[tuple[Param, ...], dict[str, Any]]:
    """The constructor's parameters and the methods (``{name: {params, returns}}``, the last
    declaration of a name winning: an overload's implementation, a setter after its getter)
    of a ``class_body``; ``#private`` methods and computed names left out."""
    ctor: tuple[Param, ...] = ()
    methods: dict[str, Any] = {}
    for member in syntax.children(body, *_METHODS) if body is not None else []:
        name_node = member.child_by_field_name("name")
        if name_node is None or name_node.type in ("computed_property_name",
                                                   "private_property_identifier"):
            continue
        name = syntax.text(name_node).strip("\"'")
        params = _params(member.child_by_field_name("parameters"))
        if name == "constructor":
            ctor = params
        else:
            methods[name] = {"params": [{"name": p.name, "type": p.type} for p in params],
                             "returns": _annotation(member.child_by_field_name("return_type"))}
    return ctor, methods


def class_members(text: str, body_start: int) -> tuple[tuple[Param, ...], dict[str, Any]]:
    """The constructor's parameters and the methods (``{name: {params, returns}}``) of the
    class body whose ``{`` is at ``body_start``."""
    at = len(text[:body_start].encode("utf-8"))
    brace = _tree(text).descendant_for_byte_range(at, at + 1)
    body = brace.parent if brace is not None else None
    return _members(body if body is not None and body.type == "class_body" else None)


def _declarations(text: str) -> list[tuple[str, str, Node]]:
    """The top-level functions, classes and variables holding a function, in order, as
    (kind, name, node): "function" (its declaration), "class" (its declaration) or "arrow"
    (the function expression)."""
    found: list[tuple[str, str, Node]] = []
    for decl in syntax.top_level(_tree(text), *_FUNCTIONS, *_CLASSES, *_VARIABLES,
                                 through=_THROUGH):
        name = syntax.text(decl.child_by_field_name("name"))
        if decl.type in _FUNCTIONS:
            found.append(("function", name, decl))
        elif decl.type in _CLASSES:
            found.append(("class", name, decl))
        for var in syntax.children(decl, "variable_declarator"):
            value = var.child_by_field_name("value")
            if value is not None and value.type in _FUNCTION_VALUES:
                found.append(("arrow", syntax.text(var.child_by_field_name("name")), value))
    return found


def read_class(text: str, name: str) -> tuple[tuple[Param, ...], dict[str, Any]] | None:
    """The constructor's parameters and the methods of the top-level class ``name``."""
    for kind, found, decl in _declarations(text):
        if kind == "class" and found == name:
            return _members(decl.child_by_field_name("body"))
    return None


def ts_signature(text: str, entry_point: str | None) -> Signature:
    """The signature of ``entry_point`` (else of the first function or class) in ``text``."""
    decls = _declarations(text)
    if entry_point:
        decls = [d for d in decls if d[1] == entry_point] or decls
    if not decls:
        raise ValueError("no TypeScript `function` or `class` in the signature")
    kind, name, node = decls[0]
    if kind == "class":
        ctor = _members(node.child_by_field_name("body"))[0]
        return Signature(entry_point or name, "class", ctor)
    plist = node.child_by_field_name("parameters")
    bare = node.child_by_field_name("parameter")  # an arrow function's one: ``x => x``
    if plist is not None:
        params = _params(plist)
    elif bare is not None:
        params = (Param(syntax.text(bare), "", "other"),)
    else:
        raise ValueError(f"cannot read the parameters of {name!r}")
    returns = _annotation(node.child_by_field_name("return_type"))
    is_async = any(c.type == "async" for c in node.children) or unwrap_promise(returns) != returns
    return Signature(entry_point or name, "function", params, returns, is_async,
                     type_kind(unwrap_promise(returns)))
