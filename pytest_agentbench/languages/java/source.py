"""Reading Java source text: the top-level types of a file with their methods, constructors
and record components, the records it declares, and the predefined types a solution uses,
read by the tree-sitter Java grammar (:mod:`..syntax`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...models import Param
from .. import syntax
from ..base import node_kind

if TYPE_CHECKING:
    from tree_sitter import Node

_COMMENTS = ("line_comment", "block_comment")
_LITERALS = ("string_literal", "character_literal")
_ANNOTATIONS = ("marker_annotation", "annotation")
#: the kind of each type declaration (an ``@interface`` is read as an interface)
_KINDS = {"class_declaration": "class", "interface_declaration": "interface",
          "enum_declaration": "enum", "record_declaration": "record",
          "annotation_type_declaration": "interface"}
_MEMBERS = ("method_declaration", "constructor_declaration",
            "annotation_type_element_declaration")


def _tree(text: str) -> Node:
    return syntax.parse(text, "java")


def _blanked(piece: str) -> str:
    """A comment or a text block blanked whole, a string or char literal inside its quotes;
    line breaks kept, so offsets and line numbers do not move."""
    keep = 0 if piece.startswith(('"""', "//", "/*")) else 1
    inside = re.sub(r"[^\n]", " ", piece[keep:len(piece) - keep])
    return piece[:keep] + inside + piece[len(piece) - keep:]


def blank_comments_and_strings(text: str) -> str:
    """The text with comments, string and char literals blanked (positions kept): what the
    runner and the analysers search for declarations.

    A literal or a comment the grammar cannot close (``"abc`` to the end of its line, ``/*``
    to the end of the text) is none to it, and stays: such a file does not compile."""
    return syntax.without(_tree(text), _COMMENTS + _LITERALS, _blanked, source=text)


@dataclass(frozen=True)
class JavaMember:
    name: str
    params: tuple[Param, ...]
    returns: str  # "" for a constructor
    static: bool
    is_constructor: bool
    private: bool = False


@dataclass(frozen=True)
class JavaType:
    kind: str  # class | interface | enum | record
    name: str
    members: tuple[JavaMember, ...]
    components: tuple[Param, ...] = ()  # a record's


def param_kind(java_type: str) -> str:
    t = re.sub(r"\s+", "", java_type)
    if t in ("String", "java.lang.String", "CharSequence"):
        return "str"
    return node_kind(t)


def _type_text(*nodes: Node | None) -> str:
    """The type written by ``nodes`` (a type, then array dimensions), without annotations or
    comments, on one line with no space around ``<>[],`` but one after a comma."""
    text = " ".join(syntax.without(node, _COMMENTS + _ANNOTATIONS, lambda _: " ")
                    for node in nodes if node is not None)
    return re.sub(r"\s*([<>,\[\]])\s*", r"\1", " ".join(text.split())).replace(",", ", ")


def _params(plist: Node | None) -> tuple[Param, ...]:
    """The parameters of a ``formal_parameters`` node; a varargs type as ``int...``, an array
    declared after the name (``int a[]``) as ``int[]``."""
    params: list[Param] = []
    kinds = ("formal_parameter", "spread_parameter")
    for node in syntax.children(plist, *kinds) if plist is not None else []:
        if node.type == "spread_parameter":
            declarator = next(iter(syntax.children(node, "variable_declarator")), None)
            typ = next((c for c in node.named_children
                        if c.type not in ("modifiers", "variable_declarator", *_COMMENTS)), None)
            name = declarator.child_by_field_name("name") if declarator else None
            java_type = _type_text(typ) + "..."
        else:
            name = node.child_by_field_name("name")
            java_type = _type_text(node.child_by_field_name("type"),
                                   node.child_by_field_name("dimensions"))
        label = syntax.text(name) or f"arg{len(params)}"
        params.append(Param(label, java_type, param_kind(java_type)))
    return tuple(params)


def _method(header: str) -> Node | None:
    """The declaration of the method ``header`` (``int f(int a)``) in a class."""
    methods = list(syntax.descendants(_tree(f"class T {{ {header} {{}} }}"),
                                      "method_declaration"))
    return methods[0] if methods else None


def parse_params(text: str) -> tuple[Param, ...]:
    """The parameters of a Java parameter list (the text between its parentheses)."""
    method = _method(f"void f({text})")
    return _params(method.child_by_field_name("parameters") if method else None)


def type_arguments(java_type: str) -> list[str]:
    """The type arguments of a generic type as written (``Map<String, List<Integer>>`` ->
    ``["String", "List<Integer>"]``), none for another type."""
    method = _method(f"{java_type.strip()} f()")
    typ = method.child_by_field_name("type") if method else None
    if typ is None or typ.type != "generic_type" or syntax.text(typ) != java_type.strip():
        return []
    return [syntax.text(arg) for arg in syntax.children(typ, "type_arguments")[-1].named_children
            if arg.type not in _COMMENTS]


def _member(node: Node, type_name: str) -> JavaMember | None:
    name = syntax.text(node.child_by_field_name("name"))
    modifiers = syntax.children(node, "modifiers")
    words = {c.type for c in modifiers[0].children} if modifiers else set()
    is_ctor = node.type == "constructor_declaration"
    if is_ctor and name != type_name:
        return None  # a method without its return type: it does not compile
    returns = "" if is_ctor else _type_text(node.child_by_field_name("type"))
    return JavaMember(name, _params(node.child_by_field_name("parameters")), returns,
                      "static" in words, is_ctor, "private" in words)


def _members(body: Node | None, type_name: str) -> tuple[JavaMember, ...]:
    """Methods and constructors declared directly in a type body (nested types skipped)."""
    nodes = syntax.children(body, *_MEMBERS) if body is not None else []
    return tuple(member for node in nodes if (member := _member(node, type_name)) is not None)


def _declared(node: Node, types: tuple[str, ...]) -> Iterator[Node]:
    """Every declaration of ``types`` under ``node``, nested ones included."""
    for found in syntax.descendants(node, *types):
        yield found
        for child in found.named_children:
            yield from _declared(child, types)


def read_records(text: str) -> dict[str, tuple[Param, ...]]:
    """Every record declared in the text, nested ones included: name -> components."""
    return {syntax.text(node.child_by_field_name("name")):
            _params(node.child_by_field_name("parameters"))
            for node in _declared(_tree(text), ("record_declaration",))}


def declares(text: str, name: str) -> bool:
    """Whether Java ``text`` declares a type (nested ones too) or a method with a body (in any
    type) called ``name``."""
    return any(syntax.text(node.child_by_field_name("name")) == name
               and (node.type != "method_declaration"
                    or node.child_by_field_name("body") is not None)
               for node in _declared(_tree(text), (*_KINDS, "method_declaration")))


def read_types(text: str) -> list[JavaType]:
    """Top-level type declarations of Java source text, with their members (an enum's are not
    read)."""
    types = []
    for node in syntax.top_level(_tree(text), *_KINDS):
        kind, name = _KINDS[node.type], syntax.text(node.child_by_field_name("name"))
        members = _members(node.child_by_field_name("body"), name) if kind != "enum" else ()
        types.append(JavaType(kind, name, members,
                              _params(node.child_by_field_name("parameters"))))
    return types


def _uses(text: str, name: str) -> bool:
    """Whether ``text`` names ``name`` in its code (not in a comment or a string)."""
    return any(syntax.text(node) == name
               for node in syntax.descendants(_tree(text), "type_identifier", "identifier"))


def predefined_needed(code: str, context: str = "") -> list[str]:
    """``TreeNode``/``ListNode``: the predefined types the code (or its problem's signature and
    tests, ``context``) uses without declaring them, to compile next to it."""
    defined = {syntax.text(node.child_by_field_name("name"))
               for node in _declared(_tree(code), tuple(_KINDS))}
    return [name for name in ("TreeNode", "ListNode")
            if name not in defined and (_uses(code, name) or _uses(context, name))]
