"""Reading C++ source: declarations of a signature or an answer, read by the tree-sitter C++
grammar (:mod:`..syntax`), without a compiler.

A suite's C++ signature is a small header: ``#include`` lines, free functions (declarations
ending in ``;``) and classes whose members are declared the same way. This module reads
functions, classes, their constructors, methods and public fields (:func:`declarations`), the
classes a source defines (:func:`declares_class`), a Catch2 file's test names
(:func:`catch_test_names`), blanks comments and literals (:func:`blank_literals`, offsets kept)
and writes the starter (the signature with stub bodies, :func:`stub`).

Limits of the grammar: it does not expand macros, so a declaration or a test a macro writes is
not read, and the body of a ``#define`` is one opaque token to it (:func:`blank_literals` parses
that body again on its own); both branches of an ``#if`` are read; an unterminated comment or
literal is no comment or literal to it (such a file does not compile). Destructors and
operators get no stub body, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import syntax

if TYPE_CHECKING:
    from tree_sitter import Node

_LITERALS = ("string_literal", "raw_string_literal", "char_literal")


def _tree(text: str) -> Node:
    return syntax.parse(text, "cpp")


def _spaces(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _blank_literal(piece: str) -> str:
    """A comment turned into spaces, a literal's inside blanked (its prefix and quotes kept);
    newlines kept, one character for one."""
    if piece.startswith(("//", "/*")):
        return _spaces(piece)
    quote = min(i for i in (piece.find('"'), piece.find("'")) if i >= 0)
    return piece[:quote + 1] + _spaces(piece[quote + 1:-1]) + piece[-1]


def blank_literals(text: str) -> str:
    """``text`` with comments turned into spaces and the insides of string and character
    literals blanked (same offsets, newlines kept). The body of a ``#define`` is blanked as
    a text of its own: the grammar keeps it whole. An unterminated comment or literal is
    left as it is (the file does not compile)."""
    data = text.encode("utf-8")
    out: list[str] = []
    pos = 0
    for node in syntax.descendants(_tree(text), "comment", *_LITERALS, "preproc_arg"):
        piece = data[node.start_byte:node.end_byte].decode("utf-8")
        out += [data[pos:node.start_byte].decode("utf-8"),
                blank_literals(piece) if node.type == "preproc_arg" else _blank_literal(piece)]
        pos = node.end_byte
    out.append(data[pos:].decode("utf-8"))
    return "".join(out)


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Function:
    name: str
    params: tuple[tuple[str, str, bool], ...]  # (name, type, has a default)
    returns: str
    owner: str | None = None
    static: bool = False
    template: bool = False
    const: bool = False
    access: str = "public"


@dataclass(frozen=True)
class ClassDecl:
    name: str
    keyword: str  # class | struct
    ctors: tuple[Function, ...] = ()
    methods: tuple[Function, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()  # public (name, type)
    template: bool = False


@dataclass
class Declarations:
    functions: list[Function] = field(default_factory=list)
    classes: dict[str, ClassDecl] = field(default_factory=dict)


#: nodes whose children are read as if they stood in the enclosing scope: both branches of a
#: conditional (the old scanner blanked directive lines and read what they enclosed)
_PREPROC_BLOCKS = frozenset({"preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif",
                             "preproc_elifdef"})
_CLASSES = ("class_specifier", "struct_specifier")
_TYPES = (*_CLASSES, "union_specifier", "enum_specifier")
_FUNCTION_ITEMS = frozenset({"declaration", "field_declaration", "function_definition"})
#: declarators that wrap the one naming what is declared
_WRAPPERS = frozenset({"pointer_declarator", "reference_declarator", "array_declarator",
                       "parenthesized_declarator", "attributed_declarator",
                       "variadic_declarator", "init_declarator"})
#: declarators between a function's and its return type's (``T* f()``, ``T& f()``)
_RETURN_WRAPPERS = frozenset({"pointer_declarator", "reference_declarator",
                              "attributed_declarator"})
_NAMES = frozenset({"identifier", "field_identifier", "qualified_identifier",
                    "destructor_name", "operator_name", "template_function"})
#: specifiers that are no part of a return type
_SPECIFIER_NODES = frozenset({"storage_class_specifier", "virtual", "explicit_function_specifier",
                              "attribute_declaration", "attribute_specifier"})
_SPECIFIER_QUALIFIERS = frozenset({"constexpr", "consteval", "constinit", "mutable"})
_SKIPPED_NAMES = frozenset({"if", "while", "for", "switch", "return", "sizeof"})


@dataclass(frozen=True)
class _Source:
    """The source as UTF-8 bytes with comments blanked byte for byte: nodes' offsets hold."""

    data: bytes

    @classmethod
    def of(cls, text: str) -> _Source:
        def blank(comment: str) -> str:
            return re.sub(r"[^\n]", lambda m: " " * len(m.group().encode("utf-8")), comment)

        return cls(syntax.without(_tree(text), ("comment",), blank, source=text).encode("utf-8"))

    def span(self, start: int, end: int, blanked: tuple[Node, ...] = ()) -> str:
        """The text between two byte offsets as one line (whitespace runs made one space),
        ``blanked`` nodes left out."""
        piece = bytearray(self.data[start:end])
        for node in blanked:
            if start <= node.start_byte and node.end_byte <= end:
                piece[node.start_byte - start:node.end_byte - start] = \
                    b" " * (node.end_byte - node.start_byte)
        return " ".join(piece.decode("utf-8").split())


def _items(container: Node, access: str = "public") -> Iterator[tuple[Node, bool, str]]:
    """(item, under a ``template<...>``, access) for each item of a scope, looking through
    conditional blocks and template heads; ``public:``/``private:`` labels set the access."""
    for child in container.named_children:
        if child.type == "access_specifier":
            access = syntax.text(child)
        elif child.type in _PREPROC_BLOCKS:
            yield from _items(child, access)
        elif child.type == "template_declaration":
            for inner, _template, _access in _items(child, access):
                if inner.type not in ("template_parameter_list", "requires_clause"):
                    yield inner, True, access
        else:
            yield child, False, access


def _inner(declarator: Node) -> Node | None:
    inner = declarator.child_by_field_name("declarator")
    return inner if inner is not None else next(
        (c for c in declarator.named_children
         if c.type in _WRAPPERS | _NAMES or c.type == "function_declarator"), None)


def _named(declarator: Node | None) -> tuple[Node | None, bool, bool]:
    """The name under a variable's or parameter's declarator, whether an array declarator
    wraps it, and whether it names a pointer to a function (``int (*f)(int)``)."""
    array = function = False
    while declarator is not None and declarator.type not in _NAMES:
        array = array or declarator.type == "array_declarator"
        function = function or declarator.type == "function_declarator"
        if declarator.type not in _WRAPPERS and declarator.type != "function_declarator":
            return None, array, function
        declarator = _inner(declarator)
    return declarator, array, function


def _function_declarator(declarator: Node | None) -> Node | None:
    """The function declarator of a function's declarator (``T* f(...)``, ``T& f(...)``);
    None for a variable, a pointer to a function included."""
    while declarator is not None and declarator.type in _RETURN_WRAPPERS:
        declarator = _inner(declarator)
    return declarator if declarator is not None and \
        declarator.type == "function_declarator" else None


def _params(src: _Source, plist: Node | None) -> tuple[tuple[str, str, bool], ...]:
    """(name, type, has a default) of each parameter; an unnamed one is ``arg<i>``."""
    params = [p for p in (plist.named_children if plist is not None else ())
              if p.type.endswith("parameter_declaration")]
    if len(params) == 1 and src.span(params[0].start_byte, params[0].end_byte) == "void":
        return ()
    out = []
    for i, param in enumerate(params):
        default = param.child_by_field_name("default_value") is not None
        name, array, function = _named(param.child_by_field_name("declarator"))
        if name is not None and not function:  # a pointer to a function stays unnamed
            ptype = src.span(param.start_byte, name.start_byte)
            out.append((syntax.text(name), ptype + ("*" if array else ""), default))
            continue
        equals = next((c for c in param.children if c.type == "="), None)
        end = equals.start_byte if equals is not None else param.end_byte
        out.append((f"arg{i}", src.span(param.start_byte, end), default))
    return tuple(out)


def _specifiers(item: Node) -> tuple[Node, ...]:
    return tuple(c for c in item.children if c.type in _SPECIFIER_NODES or (
        c.type == "type_qualifier" and syntax.text(c) in _SPECIFIER_QUALIFIERS))


def _read_function(src: _Source, item: Node, owner: str | None = None, template: bool = False,
                   access: str = "public", qualified: bool = False) -> Function | None:
    """A function declared (or defined) by ``item``, or None: a variable, an operator, a
    destructor, a member defined out of its class (``T C::m(...)``, unless ``qualified``)."""
    if item.type not in _FUNCTION_ITEMS:
        return None
    function = _function_declarator(item.child_by_field_name("declarator"))
    name = function.child_by_field_name("declarator") if function is not None else None
    if function is None or name is None or name.type not in (
            "identifier", "field_identifier", *(("qualified_identifier",) if qualified else ())):
        return None
    if name.type == "qualified_identifier":
        name = name.child_by_field_name("name")
        if name is None or name.type != "identifier":
            return None
    text = syntax.text(name)
    if text in _SKIPPED_NAMES:
        return None
    specifiers = _specifiers(item)
    skipped = {(c.start_byte, c.end_byte) for c in specifiers}
    start = next((c.start_byte for c in item.named_children
                  if (c.start_byte, c.end_byte) not in skipped), name.start_byte)
    returns = src.span(min(start, name.start_byte), name.start_byte, specifiers)
    trailing = next((c for c in function.named_children if c.type == "trailing_return_type"), None)
    if trailing is not None and returns in ("auto", ""):
        returns = src.span(trailing.start_byte, trailing.end_byte).removeprefix("->").strip()
    static = any(syntax.text(c) == "static" for c in specifiers)
    const = any(c.type == "type_qualifier" and syntax.text(c) == "const"
                for c in function.named_children)
    return Function(text, _params(src, function.child_by_field_name("parameters")), returns,
                    owner, static, template, const, access)


def _class_of(item: Node, kinds: tuple[str, ...] = _CLASSES) -> Node | None:
    """The class (or other type of ``kinds``) an item is or declares (``struct S {...} s;``)."""
    if item.type in kinds:
        return item
    kind = item.child_by_field_name("type") if item.type in ("declaration",
                                                             "field_declaration") else None
    return kind if kind is not None and kind.type in kinds else None


def _class_name(node: Node) -> str | None:
    """The name of a class with a body (``S`` of a specialisation ``S<int>``), else None."""
    name = node.child_by_field_name("name")
    if name is not None and name.type == "template_type":
        name = name.child_by_field_name("name")
    if name is None or name.type != "type_identifier" or \
            node.child_by_field_name("body") is None:
        return None
    return syntax.text(name)


def _fields(src: _Source, member: Node) -> list[tuple[str, str]]:
    """(name, type) of each variable a member declaration declares, none if it is static."""
    if any(syntax.text(c) == "static" for c in _specifiers(member)):
        return []
    declarators = member.children_by_field_name("declarator")
    if not declarators:
        return []
    out = []
    first, head = declarators[0], src.span(member.start_byte, declarators[0].start_byte)
    for declarator in declarators:
        name, _array, function = _named(declarator)
        if function or name is None or name.type != "field_identifier":
            continue
        if declarator == first:  # ``int* p``: its type as written
            ptype = src.span(member.start_byte, name.start_byte)
        else:  # ``int a, *b``: the first's type, then its own pointers
            ptype = f"{head} {src.span(declarator.start_byte, name.start_byte)}".strip()
        out.append((syntax.text(name), ptype))
    return out


def _read_class(src: _Source, node: Node, template: bool = False) -> ClassDecl | None:
    """A class or struct with a body: its constructors, methods and public fields."""
    name = _class_name(node)
    body = node.child_by_field_name("body")
    if name is None or body is None:
        return None
    keyword = "class" if node.type == "class_specifier" else "struct"
    ctors: list[Function] = []
    methods: list[Function] = []
    fields: list[tuple[str, str]] = []
    for member, member_template, access in _items(body, "public" if keyword == "struct"
                                                  else "private"):
        if member.type not in _FUNCTION_ITEMS or _class_of(member, _TYPES) is not None:
            continue
        fn = _read_function(src, member, name, member_template, access)
        if fn is not None:
            (ctors if fn.name == name else methods).append(fn)
        elif access == "public" and member.type == "field_declaration":
            fields += _fields(src, member)
    return ClassDecl(name, keyword, tuple(ctors), tuple(methods), tuple(fields), template)


def _scopes(container: Node) -> Iterator[tuple[Node, bool, str]]:
    """The items of a file, looking into namespaces and ``extern "C"`` blocks."""
    for item, template, access in _items(container):
        if item.type in ("namespace_definition", "linkage_specification"):
            body = item.child_by_field_name("body")
            if body is not None and body.type == "declaration_list":
                yield from _scopes(body)
            elif body is not None:
                yield body, template, access
        else:
            yield item, template, access


def declarations(code: str) -> Declarations:
    """The free functions and classes of ``code`` (namespaces are looked into)."""
    src = _Source.of(code)
    out = Declarations()
    for item, template, _access in _scopes(_tree(code)):
        kind = _class_of(item)
        if kind is not None:
            cls = _read_class(src, kind, template)
            if cls is not None:
                out.classes.setdefault(cls.name, cls)
            continue
        fn = _read_function(src, item, template=template)
        if fn is not None:
            out.functions.append(fn)
    return out


def defines(code: str, name: str) -> bool:
    """Whether ``code`` declares a function or a class named ``name`` (with a body or not),
    as a free function, a member, or a member defined out of its class (``T C::name(...)``)."""
    decls = declarations(code)
    if name in decls.classes or any(f.name == name for f in decls.functions):
        return True
    if any(m.name == name for c in decls.classes.values() for m in c.methods):
        return True
    src = _Source.of(code)
    for item, _template, _access in _scopes(_tree(code)):
        fn = _read_function(src, item, qualified=True)
        if item.type == "function_definition" and fn is not None and fn.name == name:
            return True
    return False


def _classes(node: Node) -> Iterator[Node]:
    for cls in syntax.descendants(node, *_CLASSES):
        yield cls
        body = cls.child_by_field_name("body")
        if body is not None:
            yield from _classes(body)


def declares_class(code: str, name: str) -> bool:
    """Whether ``code`` defines a class or struct ``name`` (with a body), at any depth."""
    return any(_class_name(cls) == name for cls in _classes(_tree(code)))


#: Catch2's test macros, by the index of the name among their arguments
_TEST_MACROS = {"TEST_CASE": 0, "SCENARIO": 0, "TEST_CASE_METHOD": 1}


def catch_test_names(source: str) -> list[str]:
    """The names of the test cases a Catch2 test file writes out (``TEST_CASE("name")``,
    ``SCENARIO``, ``TEST_CASE_METHOD`` and their ``CATCH_`` forms), not those a macro builds:
    the grammar reads a macro's invocation as a call."""
    names = []
    for call in syntax.descendants(_tree(source), "call_expression"):
        macro = syntax.text(call.child_by_field_name("function")).removeprefix("CATCH_")
        args = syntax.children(call.child_by_field_name("arguments") or call)
        at = _TEST_MACROS.get(macro, len(args))
        if at >= len(args) or args[at].type != "string_literal":
            continue
        raw = syntax.text(args[at])[1:-1]
        name = bytes(raw, "utf-8").decode("unicode_escape") if "\\" in raw else raw
        names.append(("Scenario: " if macro == "SCENARIO" else "") + name)
    return names


def type_kind(ptype: str) -> str:
    """How seed-format text is read for a parameter of this C++ type."""
    bare = re.sub(r"\b(const|volatile)\b|&", "", ptype)
    bare = "".join(bare.split())
    if re.fullmatch(r"(?:std::)?(?:string|string_view|wstring)|char\*", bare):
        return "str"
    if re.fullmatch(r"(?:\w+::)*TreeNode\*", bare):
        return "tree"
    if re.fullmatch(r"(?:\w+::)*ListNode\*", bare):
        return "linked_list"
    return "other"


# ---------------------------------------------------------------- starter


STUB_BODY = 'throw std::logic_error("not implemented");'


def _bodiless(src: _Source, container: Node, owner: str | None = None
              ) -> Iterator[tuple[Node, Node]]:
    """(the item, from its ``template<...>`` head if it has one, and its ``;``) of each
    function declared without a body in a scope, its classes and namespaces: not a pure
    virtual one (``= 0``), not a destructor nor an operator."""
    for item, _template, _access in _items(container):
        head = item.parent if item.parent is not None and \
            item.parent.type == "template_declaration" else item
        if item.type in ("namespace_definition", "linkage_specification"):
            body = item.child_by_field_name("body")
            if body is not None:
                yield from _bodiless(src, body, owner)
            continue
        cls = _class_of(item)
        if cls is not None:
            body = cls.child_by_field_name("body")
            if body is not None:
                yield from _bodiless(src, body, _class_name(cls) or owner)
            continue
        if item.type == "function_definition" or item.child_by_field_name("default_value"):
            continue
        semicolon = item.children[-1] if item.children else None
        if semicolon is not None and semicolon.type == ";" and \
                _read_function(src, item, owner) is not None:
            yield head, semicolon


def stub(signature: str) -> str:
    """The signature with a body under every function and member function it declares without
    one (``throw std::logic_error("not implemented");``), and ``<stdexcept>`` included."""
    code = signature.rstrip() + "\n"
    data = code.encode("utf-8")
    root = _tree(code)
    inserts: list[tuple[int, int, bytes]] = []
    for item, semicolon in _bodiless(_Source.of(code), root):
        line_start = data.rfind(b"\n", 0, item.start_byte) + 1
        pad = re.match(rb"[ \t]*", data[line_start:])
        indent = pad.group(0).decode() if pad else ""
        inserts.append((semicolon.start_byte, semicolon.end_byte,
                        f" {{\n{indent}    {STUB_BODY}\n{indent}}}".encode()))
    includes = list(syntax.descendants(root, "preproc_include"))
    if inserts and not any(syntax.text(i.child_by_field_name("path")) == "<stdexcept>"
                           for i in includes):
        at = data.find(b"\n", includes[-1].start_byte) + 1 if includes else 0
        inserts.append((at, at, b"#include <stdexcept>\n" + (b"" if includes else b"\n")))
    for begin, end, text in sorted(inserts, reverse=True):
        data = data[:begin] + text + data[end:]
    return data.decode("utf-8")
