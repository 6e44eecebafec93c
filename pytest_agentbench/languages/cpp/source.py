"""Reading C++ source: declarations of a signature or an answer, without a compiler.

A suite's C++ signature is a small header: ``#include`` lines, free functions (declarations
ending in ``;``) and classes whose members are declared the same way. This module blanks
comments and literals (:func:`blank_literals`, offsets kept), splits a scope into its items at
brace depth 0 (:func:`scope_items`) and reads functions, classes, their constructors, methods
and public fields from them. It also writes the starter (the signature with stub bodies) and
C++ literals for the prompt.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..brackets import match_close

_LITERAL = re.compile(
    r"""//[^\n]*                                      # line comment
      | /\*.*?(?:\*/|\Z)                              # block comment
      | (?:u8|[uUL])?R"(?P<delim>[^()\\\s]{0,16})\(   # raw string (closed below)
      | (?:u8|[uUL])?"(?:[^"\\\n]|\\.)*"?             # string
      | (?<![\w.])(?:u8|[uUL])?'(?:[^'\\\n]|\\.){1,8}' # char literal (not a digit separator)
    """,
    re.X | re.S,
)


def blank_literals(text: str) -> str:
    """``text`` with comments turned into spaces and the insides of string and character
    literals blanked (same offsets, newlines kept)."""
    out: list[str] = []
    pos = 0
    while True:
        m = _LITERAL.search(text, pos)
        if not m:
            out.append(text[pos:])
            break
        out.append(text[pos:m.start()])
        end = m.end()
        token = m.group(0)
        if m.group("delim") is not None:
            close = ")" + m.group("delim") + '"'
            found = text.find(close, end)
            end = len(text) if found < 0 else found + len(close)
        body = text[m.start():end]
        if token.startswith(("//", "/*")):
            out.append(re.sub(r"[^\n]", " ", body))
        else:
            quote = body.index('"') if '"' in body[:4] or m.group("delim") is not None \
                else body.index("'")
            inner = re.sub(r"[^\n]", " ", body[quote + 1:-1]) if len(body) > quote + 1 else ""
            out.append(body[:quote + 1] + inner + (body[-1] if len(body) > quote + 1 else ""))
        pos = end
    return "".join(out)


def blank_preprocessor(text: str) -> str:
    """``text`` (literals already blanked) with preprocessor lines (and their continuations)
    turned into spaces."""
    lines = text.split("\n")
    out = []
    continued = False
    for line in lines:
        if continued or line.lstrip().startswith("#"):
            continued = line.rstrip().endswith("\\")
            out.append(" " * len(line))
        else:
            out.append(line)
    return "\n".join(out)


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split at ``sep`` outside brackets, angle brackets of templates included."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "<" and i + 1 < len(text) and text[i + 1] != "<" and \
                (i == 0 or text[i - 1] != "<"):
            depth += 1
        elif ch == ">" and depth > 0 and (i == 0 or text[i - 1] != "-"):
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p for p in (p.strip() for p in parts) if p]


# ---------------------------------------------------------------- items


#: a ``{`` that opens a member's braced initialiser in a constructor's initialiser list
_CTOR_INIT_BRACE = re.compile(r"\)\s*(?:noexcept\s*)?:[^;]*[\w>]\s*$", re.S)
#: heads whose ``{`` opens a body (a function, a type, a namespace, an ``extern "C"`` block)
_HAS_BODY = re.compile(r"\b(?:class|struct|union|enum|namespace|extern)\b|\)", re.S)


@dataclass(frozen=True)
class Item:
    """One declaration of a scope: its head (up to ``{`` or ``;``, blanked text), where it
    starts, and its body's span in the blanked text when it has one."""

    head: str
    start: int
    body: tuple[int, int] | None = None  # (after "{", at "}")
    access: str = "public"


def scope_items(blank: str, start: int = 0, end: int | None = None,
                access: str = "public") -> list[Item]:
    """The items of the scope ``blank[start:end]`` (literals and preprocessor lines blanked),
    each with the access it was declared under (``public:``/``private:`` labels)."""
    end = len(blank) if end is None else end
    items: list[Item] = []
    pos = start
    while pos < end:
        while pos < end and blank[pos].isspace():
            pos += 1
        if pos >= end:
            break
        label = re.match(r"(public|private|protected)\s*:(?!:)", blank[pos:end])
        if label:
            access = label.group(1)
            pos += label.end()
            continue
        j = pos
        while j < end and blank[j] not in ";}":
            if blank[j] in "([":
                j = match_close(blank, j)
            elif blank[j] == "{":
                if not _CTOR_INIT_BRACE.search(blank[pos:j]):
                    break
                j = match_close(blank, j)  # `member{value}` in a constructor's initialisers
            j += 1
        if j >= end:
            break
        head = blank[pos:j].strip()
        if blank[j] == ";":
            items.append(Item(head, pos, None, access))
            pos = j + 1
            continue
        if blank[j] == "}":  # a stray closing brace
            pos = j + 1
            continue
        close = match_close(blank, j)
        if not _HAS_BODY.search(head) or (re.search(r"=", head.split("(")[0]) and not \
                re.match(r"(?:template\s*<.*>\s*)?(?:class|struct|union|enum)\b", head, re.S)):
            # an initialiser `x = {...};` or `T x{...};`: the item ends at its `;`
            k = close + 1
            while k < end and blank[k] not in ";":
                if blank[k] in "([{":
                    k = match_close(blank, k)
                k += 1
            items.append(Item(blank[pos:k].strip(), pos, None, access))
            pos = k + 1
            continue
        items.append(Item(head, pos, (j + 1, close), access))
        pos = close + 1
        while pos < end and blank[pos].isspace():
            pos += 1
        if pos < end and blank[pos] == ";":
            pos += 1
    return items


_SPECIFIERS = re.compile(r"\b(?:static|inline|constexpr|consteval|virtual|explicit|friend|"
                         r"extern|mutable)\b|\[\[[^\]]*\]\]")
_CLASS_HEAD = re.compile(r"^(?:template\s*<.*>\s*)?(class|struct)\s+(?:\[\[[^\]]*\]\]\s*)?"
                         r"(\w+)\b", re.S)


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


#: type keywords that end a parameter without a name (``unsigned int``)
_TYPE_WORDS = frozenset({"const", "int", "char", "long", "short", "unsigned", "signed", "double",
                         "float", "bool", "auto"})
_DEFAULT = re.compile(r"(?<![=!<>])=(?!=)")


def _params(text: str) -> tuple[tuple[str, str, bool], ...]:
    """(name, type, has a default) of each parameter; an unnamed one is ``arg<i>``."""
    inner = text.strip()
    if inner in ("", "void"):
        return ()
    out = []
    for i, part in enumerate(split_top(inner)):
        default = _DEFAULT.search(part) is not None
        part = _DEFAULT.split(part, maxsplit=1)[0].strip()
        found = re.match(r"^(.*?[\s*&>])(\w+)\s*((?:\[[^\]]*\])*)$", part, re.S)
        if found and found.group(1).strip() and found.group(2) not in _TYPE_WORDS:
            ptype = " ".join(found.group(1).split()) + ("*" if found.group(3) else "")
            out.append((found.group(2), ptype, default))
        else:
            out.append((f"arg{i}", " ".join(part.split()), default))
    return tuple(out)


def read_function(head: str, owner: str | None = None, access: str = "public"
                  ) -> Function | None:
    """A function declaration's parts from its head (``T name(params) const``), or None."""
    template = bool(re.match(r"\s*template\s*<", head))
    if template:
        head = re.sub(r"^\s*template\s*<.*?>\s*(?=[A-Za-z_:~\[])", "", head, count=1, flags=re.S)
    paren = None
    depth = 0
    for i, ch in enumerate(head):
        if ch == "<":
            depth += 1
        elif ch == ">" and depth:
            depth -= 1
        elif ch == "(" and depth == 0:
            paren = i
            break
    if paren is None:
        return None
    before = head[:paren].rstrip()
    name_m = re.search(r"(~?\w+)$", before)
    if not name_m or "operator" in before[-12:]:
        return None
    name = name_m.group(1)
    close = match_close(head, paren)
    rest = head[close + 1:]
    returns = before[:name_m.start()]
    static = bool(re.search(r"\bstatic\b", returns))
    returns = " ".join(_SPECIFIERS.sub(" ", returns).split())
    trailing = re.search(r"->\s*(.+?)\s*(?:override|final|=\s*\w+|$)", rest, re.S)
    if trailing and returns in ("auto", ""):
        returns = " ".join(trailing.group(1).split())
    if name.startswith("~") or name in ("if", "while", "for", "switch", "return", "sizeof"):
        return None
    return Function(name, _params(head[paren + 1:close]), returns, owner, static, template,
                    bool(re.match(r"\s*const\b", rest)), access)


def read_class(blank: str, item: Item) -> ClassDecl | None:
    found = _CLASS_HEAD.match(item.head)
    if not found or item.body is None:
        return None
    keyword, name = found.group(1), found.group(2)
    ctors, methods, fields = [], [], []
    default_access = "public" if keyword == "struct" else "private"
    for member in scope_items(blank, item.body[0], item.body[1], default_access):
        head = member.head
        if re.match(r"(?:using|typedef|friend|enum|static_assert)\b", head) or \
                _CLASS_HEAD.match(head):
            continue
        fn = read_function(head, name, member.access)
        if fn is not None and "(" in head.split("=")[0]:
            if fn.name == name:
                ctors.append(fn)
            elif not fn.name.startswith("~"):
                methods.append(fn)
            continue
        if member.access == "public" and "(" not in head:
            for part in split_top(re.sub(r"\{.*\}|=.*$", "", head, flags=re.S)):
                field_m = re.match(r"^(.*?[\s*&>])(\w+)\s*(?:\[[^\]]*\])*$", part, re.S)
                if field_m and not re.search(r"\bstatic\b", field_m.group(1)):
                    fields.append((field_m.group(2), " ".join(field_m.group(1).split())))
    return ClassDecl(name, keyword, tuple(ctors), tuple(methods), tuple(fields),
                     bool(re.match(r"\s*template\b", item.head)))


def declarations(code: str) -> Declarations:
    """The free functions and classes of ``code`` (namespaces are looked into)."""
    blank = blank_preprocessor(blank_literals(code))
    out = Declarations()

    def scan(start: int, end: int) -> None:
        for item in scope_items(blank, start, end):
            head = item.head
            if re.match(r"(?:inline\s+)?namespace\b", head) and item.body is not None:
                scan(*item.body)
                continue
            if re.match(r"extern\s*\"", code[item.start:item.start + 12]) and item.body:
                scan(*item.body)
                continue
            cls = read_class(blank, item) if _CLASS_HEAD.match(head) else None
            if cls is not None:
                out.classes.setdefault(cls.name, cls)
                continue
            if re.match(r"(?:using|typedef|enum|static_assert|class|struct|union)\b", head):
                continue
            fn = read_function(head)
            if fn is not None:
                owner = re.search(r"(\w+)::~?\w+\s*$", head[:head.find("(")].strip())
                if owner:  # an out-of-class definition `T C::m(...)`: a member
                    continue
                out.functions.append(fn)

    scan(0, len(blank))
    return out


def defines(code: str, name: str) -> bool:
    """Whether ``code`` declares a function or a class named ``name`` (with a body or not),
    as a free function, a member, or a member defined out of its class (``T C::name(...)``)."""
    decls = declarations(code)
    if name in decls.classes or any(f.name == name for f in decls.functions):
        return True
    if any(m.name == name for c in decls.classes.values() for m in c.methods):
        return True
    blank = blank_preprocessor(blank_literals(code))
    return re.search(rf"[\w>&*]\s+\w+::{re.escape(name)}\s*\([^;{{}}]*\)[^;{{}}]*\{{", blank) \
        is not None


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


_DECL_END = re.compile(r"\)\s*(?:const\s*)?(?:noexcept\s*)?(?:override\s*)?(?:final\s*)?"
                       r"(?:->\s*[^;{}]+?)?\s*;\s*$")
STUB_BODY = 'throw std::logic_error("not implemented");'


def stub(signature: str) -> str:
    """The signature with a body under every function and member function it declares without
    one (``throw std::logic_error("not implemented");``), and ``<stdexcept>`` included."""
    code = signature.rstrip() + "\n"
    blank = blank_preprocessor(blank_literals(code))
    inserts: list[tuple[int, int, str]] = []

    def visit(start: int, end: int, owner: str | None, indent: str) -> None:
        for item in scope_items(blank, start, end):
            head = item.head
            if item.body is not None:
                if _CLASS_HEAD.match(head) or re.match(r"namespace\b", head):
                    name = _CLASS_HEAD.match(head)
                    visit(item.body[0], item.body[1], name.group(2) if name else owner,
                          indent + ("    " if name else ""))
                continue
            semicolon = blank.find(";", item.start + len(head) - 1)
            text = blank[item.start:semicolon + 1]
            if "(" not in head or not _DECL_END.search(text) or re.search(
                    r"=\s*(?:0|default|delete)\s*;\s*$", text) or re.match(
                    r"(?:using|typedef|friend)\b", head):
                continue
            fn = read_function(head, owner)
            if fn is None:
                continue
            line_start = code.rfind("\n", 0, item.start) + 1
            leading = re.match(r"[ \t]*", code[line_start:])
            pad = leading.group(0) if leading else ""
            inserts.append((semicolon, semicolon + 1, f" {{\n{pad}    {STUB_BODY}\n{pad}}}"))

    visit(0, len(blank), None, "")
    for start, end, text in reversed(inserts):
        code = code[:start] + text + code[end:]
    if inserts and not re.search(r"#\s*include\s*<stdexcept>", code):
        includes = list(re.finditer(r"^#\s*include\b.*$", code, re.M))
        at = includes[-1].end() + 1 if includes else 0
        line = "#include <stdexcept>\n" + ("" if includes else "\n")
        code = code[:at] + line + code[at:]
    return code


# ---------------------------------------------------------------- literals


def cpp_literal(value: Any, ptype: str = "") -> str:
    """``value`` as a C++ expression of (roughly) the parameter's type: brace lists for
    containers, string literals, ``std::nullopt`` for null."""
    bare = "".join(re.sub(r"\b(const|volatile)\b|&", "", ptype).split())
    if value is None:
        return "nullptr" if bare.endswith("*") else "std::nullopt"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        text = str(value)
        return text + ("LL" if abs(value) > 2**31 - 1 else "")
    if isinstance(value, float):
        if math.isnan(value):
            return "NAN"
        if math.isinf(value):
            return "INFINITY" if value > 0 else "-INFINITY"
        return repr(value)
    if isinstance(value, str):
        if re.fullmatch(r"char", bare) and len(value) == 1:
            return "'" + json.dumps(value)[1:-1].replace("'", "\\'") + "'"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if type_kind(ptype) in ("tree", "linked_list"):
            kind = "tree" if type_kind(ptype) == "tree" else "list"
            return f"{kind}{{{', '.join('null' if v is None else cpp_literal(v) for v in value)}}}"
        inner = _inner_type(bare)
        return "{" + ", ".join(cpp_literal(v, inner) for v in value) + "}"
    if isinstance(value, dict):
        inner = _inner_type(bare, 1)
        return "{" + ", ".join(f"{{{json.dumps(k, ensure_ascii=False)}, {cpp_literal(v, inner)}}}"
                               for k, v in value.items()) + "}"
    return json.dumps(value)


def _inner_type(bare: str, index: int = 0) -> str:
    found = re.match(r"[\w:]+<(.*)>$", bare)
    if not found:
        return ""
    args = split_top(found.group(1))
    return args[index] if index < len(args) else ""


def plain_value(value: Any) -> str:
    """A result as plain data for the examples: JSON, with strings quoted."""
    return json.dumps(value, ensure_ascii=False)
