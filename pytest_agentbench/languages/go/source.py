"""Reading Go declarations: top-level ``func`` and ``type`` declarations, parameter lists
and result types, read by the tree-sitter Go grammar (:mod:`..syntax`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...models import Param
from .. import syntax

if TYPE_CHECKING:
    from tree_sitter import Node


@dataclass(frozen=True)
class FuncDecl:
    name: str
    receiver: str  # the receiver's base type name, "" for a plain function
    type_params: str  # "[T any]" or ""
    params: str  # the text between the parentheses
    results: str  # "int", "(int, error)" or ""


@dataclass(frozen=True)
class TypeDecl:
    name: str
    generic: bool


_FUNCS = ("function_declaration", "method_declaration")
_TYPE_SPECS = ("type_spec", "type_alias")


def _tree(text: str) -> Node:
    return syntax.parse(text, "go")


def _bare(node: Node | None) -> str:
    """The text of ``node`` without its comments ("" for none)."""
    return syntax.without_comments(node) if node is not None else ""


def strip_comments(text: str) -> str:
    """Go source without comments (string and rune literals respected), lines kept.

    An unterminated ``/*`` is no comment to the grammar, so it stays: such a file does not
    compile, and the compiler says why."""
    return syntax.without_comments(_tree(text), source=text)


def base_type_name(go_type: str) -> str:
    """``*Stack[T]`` -> ``Stack``; ``pkg.Type`` -> ``Type``."""
    t = go_type.strip().lstrip("*").strip()
    t = t.split("[", 1)[0]
    return t.rsplit(".", 1)[-1].strip()


def parse_funcs(text: str) -> list[FuncDecl]:
    """Every top-level ``func`` declaration (or header) of Go source."""
    funcs: list[FuncDecl] = []
    for decl in syntax.top_level(_tree(text), *_FUNCS):
        receivers = syntax.children(decl.child_by_field_name("receiver") or decl,
                                    "parameter_declaration")
        receiver = receivers[0].child_by_field_name("type") if receivers else None
        params = syntax.one_line(decl.child_by_field_name("parameters"))
        funcs.append(FuncDecl(syntax.text(decl.child_by_field_name("name")),
                              base_type_name(syntax.text(receiver)),
                              _bare(decl.child_by_field_name("type_parameters")),
                              params.removeprefix("(").removesuffix(")").strip(),
                              syntax.one_line(decl.child_by_field_name("result"))))
    return funcs


def _type_specs(text: str) -> list[Node]:
    """The specs of the top-level type declarations, single and ``type ( ... )`` groups."""
    return [spec for decl in syntax.top_level(_tree(text), "type_declaration")
            for spec in syntax.children(decl, *_TYPE_SPECS)]


def parse_types(text: str) -> list[TypeDecl]:
    """Every top-level type name, in single declarations and ``type ( ... )`` groups."""
    return [TypeDecl(syntax.text(spec.child_by_field_name("name")),
                     spec.child_by_field_name("type_parameters") is not None)
            for spec in _type_specs(text)]


def _fragment(before: str, text: str, after: str, field: str) -> Node | None:
    """A field of the func declared by ``before + text + after``: a piece of a declaration
    (parameters, results...) read where the grammar reads it."""
    decls = syntax.top_level(_tree(before + text + after), "function_declaration")
    return decls[0].child_by_field_name(field) if decls else None


def _params(plist: Node | None) -> list[Param]:
    """The parameters of a ``parameter_list``, grouped names (``a, b int``) expanded and
    unnamed ones numbered; each type as written after the names (``...int`` for a variadic
    one)."""
    params: list[Param] = []
    decls = ("parameter_declaration", "variadic_parameter_declaration")
    for decl in syntax.children(plist, *decls) if plist is not None else []:
        names = decl.children_by_field_name("name")
        cut = names[-1].end_byte - decl.start_byte if names else 0  # bytes, not characters
        typ = (decl.text or b"")[cut:].decode("utf-8").strip()
        labels = [syntax.text(name) for name in names] or [f"arg{len(params)}"]
        params += [Param(label, typ, go_kind(typ)) for label in labels]
    return params


def split_params(text: str) -> list[Param]:
    """Go parameters, with grouped names (``a, b int``) expanded and unnamed ones numbered."""
    return _params(_fragment("func f(", text, ")", "parameters"))


def result_types(results: str) -> list[str]:
    """``(v int, err error)`` -> ``["int", "error"]``; ``int`` -> ``["int"]``."""
    text = results.strip()
    if not text:
        return []
    node = _fragment("func f() ", text, "", "result")
    if node is not None and node.type == "parameter_list":
        return [p.type for p in _params(node)]
    return [text]


def go_kind(go_type: str) -> str:
    """How seed-format text is read for a Go type: "str", "tree", "linked_list" or "other"."""
    t = go_type.strip()
    if t == "string":
        return "str"
    if t.lstrip("*") == "TreeNode":
        return "tree"
    if t.lstrip("*") == "ListNode":
        return "linked_list"
    return "other"


def returns_kind(results: str) -> str:
    """The :func:`go_kind` of what a function returns (its value beside an ``error``)."""
    types = result_types(results)
    if len(types) == 2 and types[1] == "error":
        return go_kind(types[0])
    return go_kind(types[0]) if len(types) == 1 else "other"


def is_constructor(func: FuncDecl, type_name: str) -> bool:
    """Whether ``func`` makes a ``type_name`` (``NewStack``, ``Constructor``, ``Stack``...)."""
    types = result_types(func.results)
    if func.receiver or not types or base_type_name(types[0]) != type_name:
        return False
    return func.name.startswith(("New", "new", "Make", "make")) or func.name in (
        "Constructor", type_name)


def type_param_names(type_params: str) -> list[str]:
    """``[K comparable, V any]`` or ``[K, V any]`` -> ``["K", "V"]``."""
    node = _fragment("func f", type_params.strip(), "()", "type_parameters")
    return [syntax.text(name) for decl in (syntax.children(node) if node is not None else [])
            for name in decl.children_by_field_name("name")]


def type_params_of(text: str, type_name: str) -> str:
    """The type parameter list of a type declared in ``text`` (``[T any]``), or ``""``."""
    return next((_bare(spec.child_by_field_name("type_parameters")) for spec in _type_specs(text)
                 if syntax.text(spec.child_by_field_name("name")) == type_name), "")


def declares_type(code: str, name: str) -> bool:
    """Whether ``code`` declares the type ``name`` (at the top level: a type declared in a
    function is not the package's)."""
    return any(syntax.text(spec.child_by_field_name("name")) == name
               for spec in _type_specs(code))
