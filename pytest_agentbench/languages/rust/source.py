"""Reading Rust source text: comments and literals blanked (offsets kept), the items of a
signature or a solution (functions, types, struct fields), the type parameters of a type and
the ``#[test]`` functions of native tests, read by the tree-sitter Rust grammar
(:mod:`..syntax`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .. import syntax
from ..base import node_kind

if TYPE_CHECKING:
    from tree_sitter import Node

#: the iterator traits: a parameter or result of one is passed or read as a whole sequence
ITER_TRAITS = ("Iterator", "IntoIterator", "DoubleEndedIterator", "ExactSizeIterator")

# ---------------------------------------------------------------- source text

_COMMENTS = ("line_comment", "block_comment")
_LITERALS = ("string_literal", "raw_string_literal", "char_literal")


def _blanked(piece: str) -> str:
    """A comment turned into spaces; a literal's first and last characters kept (its quotes,
    or a prefix and a closing ``#``), the rest spaces. Line breaks stay."""
    if piece.startswith("/") or len(piece) < 2:
        return re.sub(r"[^\n]", " ", piece)
    return piece[0] + re.sub(r"[^\n]", " ", piece[1:-1]) + piece[-1]


def blank_literals(text: str) -> str:
    """``text`` with comments, strings and char literals turned into spaces (same offsets).

    Read by the tree-sitter Rust grammar: a lifetime (``'a``) is no char literal, raw strings
    (``r#"..."#``) and nested block comments end where Rust ends them. A string that is not
    closed (``"abc`` to the end of the text) is no string to the grammar, and stays."""
    return syntax.without(syntax.parse(text, "rust"), (*_COMMENTS, *_LITERALS), _blanked,
                          source=text)


# ---------------------------------------------------------------- signatures


@dataclass
class FnItem:
    name: str
    params: list[tuple[str, str]]  # (name, type text)
    returns: str
    receiver: str | None = None  # "&self" | "&mut self" | "self" | None
    is_async: bool = False
    generics: frozenset[str] = frozenset()
    owner: str | None = None  # the impl's type
    trait: str | None = None  # the impl's or declaring trait


@dataclass
class Items:
    fns: list[FnItem] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # name -> struct/enum/trait/union
    fields: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def free(self) -> list[FnItem]:
        return [f for f in self.fns if f.owner is None and f.trait is None]

    def methods(self, owner: str) -> list[FnItem]:
        seen: dict[str, FnItem] = {}
        for f in self.fns:
            if f.owner == owner and f.name not in seen:
                seen[f.name] = f
        return list(seen.values())


_TYPES = {"struct_item": "struct", "enum_item": "enum", "union_item": "union",
          "trait_item": "trait"}
_FNS = ("function_item", "function_signature_item")
_BODY = " {}"


def _bodies_added(text: str) -> str:
    """``text`` with an empty body after each function or impl header that has none.

    A signature declares functions without bodies (``pub fn new() -> Self``, a ``where``
    clause on the lines after), and impls too (``impl Default for Bank``): that is no Rust,
    and the grammar's error recovery reads it into pieces. Found by hand, by lines: a header
    starts a line (``fn``, ``impl``) and runs to the line that starts the next item (or closes
    the block); when no line of it ends with ``{``, ``;`` or ``}``, a body is added at its end."""
    lines = text.split("\n")
    blank = blank_literals(text).split("\n")
    header: int | None = None  # the line of the last header that has no body yet
    for i, line in enumerate([*blank, "}"]):
        if header is not None and _NEXT_ITEM.match(line):
            last = max(j for j in range(header, i) if blank[j].strip())
            end = len(blank[last].rstrip())  # before a comment closing the line
            lines[last] = lines[last][:end] + _BODY + lines[last][end:]
            header = None
        ends = line.rstrip().endswith(("{", ";", "}"))  # a block opens, or the item ends
        if header is not None and ends:
            header = None
        if _HEADER.match(line):
            header = None if ends else i
    return "\n".join(lines)


_QUALIFIERS = (r"(?:pub(?:\s*\([^)]*\))?\s+)?"
               r"(?:(?:const|async|unsafe|default)\s+|extern\s*(?:\"[^\"]*\"\s*)?)*")
_HEADER = re.compile(rf"\s*{_QUALIFIERS}(?:fn|impl)\b")
_NEXT_ITEM = re.compile(rf"\s*(?:#|}}|macro_rules!|{_QUALIFIERS}(?:fn|impl|struct|enum|union|"
                        r"trait|type|const|static|use|mod)\b)")


def _tree(text: str) -> Node:
    """``text`` parsed as Rust; a signature, whose headers have no bodies, with bodies added."""
    root = syntax.parse(text, "rust")
    return syntax.parse(_bodies_added(text), "rust") if syntax.has_errors(root) else root


def scan_items(text: str) -> Items:
    """Functions (free, in impls, in traits), types and struct fields of Rust source text:
    those at its top level, in its inline modules, impls and traits (not inside functions)."""
    items = Items()
    _scan(_tree(text), None, None, items)
    return items


def defines(text: str, name: str) -> bool:
    """Whether Rust ``text`` declares ``name``: a function (free, in an impl or a trait), a
    struct, enum, union or trait, or a type alias, at its top level or in its inline
    modules, impls and traits."""
    items = scan_items(text)
    return (any(fn.name == name for fn in items.fns) or name in items.types
            or any(syntax.text(alias.child_by_field_name("name")) == name
                   for alias in syntax.descendants(_tree(text), "type_item")))


def _top(text: str, *types: str) -> list[Node]:
    return syntax.top_level(_tree(text), *types)


def declares_type(text: str, name: str) -> bool:
    """Whether ``text`` declares a struct, enum, union or type alias ``name`` at its top."""
    return any(syntax.text(item.child_by_field_name("name")) == name
               for item in _top(text, "struct_item", "enum_item", "union_item", "type_item"))


def declares_free_fn(text: str, name: str) -> bool:
    """Whether ``text`` declares a function ``name`` at its top (not in an impl or module)."""
    return any(syntax.text(fn.child_by_field_name("name")) == name
               for fn in _top(text, *_FNS))


def implements(text: str, type_name: str) -> bool:
    """Whether ``text`` has an ``impl`` block of the type ``type_name`` (of a trait or not)
    at its top."""
    return any(_impl_head(impl)[1] == type_name for impl in _top(text, "impl_item"))


def _bare_line(node: Node | None) -> str:
    """The text of ``node`` without comments, on one line ("" for none)."""
    return " ".join(syntax.without(node, _COMMENTS).split()) if node is not None else ""


def _scan(block: Node, owner: str | None, trait: str | None, items: Items) -> None:
    """The items of ``block`` (a file, a module's, an impl's or a trait's body) and of the
    parts of it that did not parse (``ERROR`` nodes)."""
    for node in block.named_children:
        body = node.child_by_field_name("body")
        name = syntax.text(node.child_by_field_name("name"))
        if node.type == "ERROR":
            _scan(node, owner, trait, items)
        elif node.type in _FNS:
            items.fns.append(_parse_fn(node, owner, trait))
        elif node.type == "impl_item" and body is not None:
            trait_name, type_name = _impl_head(node)
            _scan(body, type_name, trait_name, items)
        elif node.type == "mod_item" and body is not None:
            _scan(body, owner, trait, items)
        elif node.type in _TYPES:
            items.types.setdefault(name, _TYPES[node.type])
            if node.type == "trait_item" and body is not None:
                _scan(body, None, name, items)
            elif node.type == "struct_item" and body is not None \
                    and body.type == "field_declaration_list":
                items.fields[name] = _fields(body)


def _type_name(node: Node | None) -> str | None:
    """The name a type is declared by: ``Counter`` of ``Counter<T>``, ``Display`` of
    ``fmt::Display``; None for a reference, a tuple, a ``dyn`` type..."""
    while node is not None and node.type in ("generic_type", "scoped_type_identifier"):
        node = node.child_by_field_name("type" if node.type == "generic_type" else "name")
    return syntax.text(node) if node is not None and node.type == "type_identifier" else None


def _impl_head(impl: Node) -> tuple[str | None, str | None]:
    """The trait (None for an inherent impl) and the type of an impl."""
    return _type_name(impl.child_by_field_name("trait")), \
        _type_name(impl.child_by_field_name("type"))


def _fields(body: Node) -> list[tuple[str, str]]:
    return [(syntax.text(f.child_by_field_name("name")), _bare_line(f.child_by_field_name("type")))
            for f in syntax.children(body, "field_declaration")]


def _parse_fn(fn: Node, owner: str | None, trait: str | None) -> FnItem:
    modifiers = syntax.children(fn, "function_modifiers")
    is_async = any(c.type == "async" for m in modifiers for c in m.children)
    receiver, params = _params(fn.child_by_field_name("parameters"))
    return FnItem(syntax.text(fn.child_by_field_name("name")), params,
                  _bare_line(fn.child_by_field_name("return_type")), receiver, is_async,
                  frozenset(_generic_names(fn.child_by_field_name("type_parameters"))),
                  owner, trait)


def _generic_names(tparams: Node | None) -> list[str]:
    """The type and const parameters of a ``<...>`` list, in order (lifetimes left out)."""
    if tparams is None:
        return []
    return [syntax.text(p.child_by_field_name("name"))
            for p in syntax.children(tparams, "type_parameter", "const_parameter")]


def _params(plist: Node | None) -> tuple[str | None, list[tuple[str, str]]]:
    receiver = None
    params: list[tuple[str, str]] = []
    for i, node in enumerate(c for c in (plist.named_children if plist else [])
                             if c.type not in ("attribute_item", *_COMMENTS)):
        pattern = node.child_by_field_name("pattern")
        ptype = node.child_by_field_name("type")
        if i == 0 and node.type == "self_parameter":
            receiver = _receiver(syntax.text(node))
        elif i == 0 and pattern is not None and pattern.type == "self":  # self: &mut Self
            receiver = _receiver(syntax.text(ptype))
        elif node.type == "parameter":
            names = [w for w in re.findall(r"[A-Za-z_]\w*", _bare_line(pattern))
                     if w not in ("mut", "ref")]
            params.append((names[-1] if names else f"arg{len(params)}", _bare_line(ptype)))
        else:  # a type without a pattern (``fn f(i32)`` in a trait), ``...``
            params.append((f"arg{len(params)}", _bare_line(node)))
    return receiver, params


def _receiver(text: str) -> str:
    """``&self``, ``&mut self`` or ``self`` of a receiver (``&'a mut self``) or its type."""
    return "&mut self" if re.search(r"&.*\bmut\b", text, re.S) else "&self" if "&" in text \
        else "self"


def param_kind(type_text: str) -> str:
    t = re.sub(r"'\w+|\bmut\b|&|\s", "", type_text)
    if t in ("str", "String", "Box<str>", "Rc<str>", "Arc<str>", "Cow<str>", "Cow<,str>",
             "implAsRef<str>", "implInto<String>", "implToString"):
        return "str"
    return node_kind(t)


def is_result(returns: str) -> bool:
    """Whether a return type is a ``Result`` (``std::result::Result``, ``io::Result``...)."""
    return bool(re.match(r"(?:(?:std|core)::)?(?:(?:result|io|fmt)::)?Result\b", returns))


def is_iterator(returns: str) -> bool:
    """A lazy result (``impl Iterator<...>``, ``Box<dyn Iterator<...>>``): it is read to its
    end (collected) inside the call, for a data case and for timing alike."""
    return bool(re.match(rf"(?:impl\s+|Box\s*<\s*dyn\s+)(?:{'|'.join(ITER_TRAITS)})\b",
                         returns))


def returns_self(returns: str, type_name: str) -> bool:
    """Whether a return type is the type itself (``Self``, ``Counter<T>``)."""
    return bool(re.fullmatch(rf"(?:Self|{re.escape(type_name)})(?:<.*>)?", returns.strip()))


def type_generics(text: str, name: str) -> list[str]:
    """The type parameters of the struct or enum ``name`` declared in ``text`` (lifetimes
    left out), in order."""
    for node in syntax.descendants(_tree(text), "struct_item", "enum_item", "union_item"):
        if syntax.text(node.child_by_field_name("name")) == name:
            return _generic_names(node.child_by_field_name("type_parameters"))
    return []


# ---------------------------------------------------------------- native tests


@dataclass(frozen=True)
class NativeTestFn:
    """A ``#[test]`` function of the native tests, as the harness's list names it."""

    path: str  # relative to the tests' module: ``name`` or ``module::name``
    ignored: str | None = None  # ``#[ignore]``: ``Some(<reason literal>)``
    should_panic: str | None = None  # ``#[should_panic]``: ``Some(<expected literal>)``
    cfgs: tuple[str, ...] = ()  # the ``#[cfg(...)]`` predicates of the function and its modules


def native_tests_of(source: str) -> tuple[str, list[NativeTestFn]]:
    """The ``#[test]`` functions of ``source`` (in its modules too), in order, and ``source``
    rewritten for a build without ``--test`` (which would drop them): their ``#[test]``,
    ``#[ignore]`` and ``#[should_panic]`` blanked, and each function, and each module that holds
    one, made ``pub`` so the harness's list can name it. Lines are unchanged. Tests made
    by macros are not seen (libtest would run them)."""
    data = source.encode("utf-8")
    tests: list[NativeTestFn] = []
    edits: list[tuple[int, int, str]] = []  # (start, end, text) in bytes of ``source``

    def scan(block: Node, path: tuple[str, ...], cfgs: tuple[str, ...]) -> bool:
        found = False
        attrs: list[tuple[Node, str]] = []  # the outer attributes of the next item, and text
        for node in block.named_children:
            if node.type in _COMMENTS or node.type == "inner_attribute_item":
                continue
            if node.type == "attribute_item":
                attrs.append((node, syntax.text(syntax.children(node, "attribute")[0])
                              if syntax.children(node, "attribute") else ""))
                continue
            own_cfgs = tuple(m.group(1).strip() for _n, text in attrs
                             if (m := re.fullmatch(r"cfg\s*\((.*)\)", text, re.S)))
            names = [re.sub(r"\s+", "", text) for _n, text in attrs]
            public = bool(syntax.children(node, "visibility_modifier"))
            body = node.child_by_field_name("body")
            name = syntax.text(node.child_by_field_name("name"))
            if node.type == "function_item" and "test" in names:
                found = True
                test = NativeTestFn("::".join((*path, name)), cfgs=cfgs + own_cfgs)
                for attr, text in attrs:
                    kind, value = _test_attribute(text)
                    if kind is None:
                        continue
                    edits.append((attr.start_byte, attr.end_byte,
                                  re.sub(r"[^\n]", " ", syntax.text(attr))))
                    if kind == "ignore":
                        test = replace(test, ignored=f"Some({value})")
                    elif kind == "should_panic":
                        test = replace(test, should_panic=f"Some({value})")
                tests.append(test)
                if not public:
                    edits.append((node.start_byte, node.start_byte, "pub "))
            elif node.type == "mod_item" and body is not None \
                    and scan(body, (*path, name), cfgs + own_cfgs):
                found = True
                if not public:
                    edits.append((node.start_byte, node.start_byte, "pub "))
            attrs = []
        return found

    scan(syntax.parse(source, "rust"), (), ())
    for start, end, text in sorted(edits, reverse=True):
        data = data[:start] + text.encode("utf-8") + data[end:]
    return data.decode("utf-8"), tests


def _test_attribute(text: str) -> tuple[str | None, str]:
    """What a test's attribute is to the harness: ``test``, ``ignore`` or ``should_panic``
    with the source of its string (``""`` when it has none), or None for any other."""
    m = re.fullmatch(r"(test|ignore|should_panic)\s*(?:=\s*(?P<eq>.+?)|\(\s*expected\s*=\s*"
                     r"(?P<expected>.+?)\s*\)|\(\s*\))?", text, re.S)
    if not m:
        return None, ""
    return m.group(1), (m.group("eq") or m.group("expected") or '""').strip()
