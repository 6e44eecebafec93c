"""Reading Java source text: the top-level types of a file with their methods, constructors
and record components (comments and literals blanked first), and the predefined types a solution
uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...models import Param


def blank_comments_and_strings(text: str) -> str:
    """The text with comments, string and char literals blanked (positions kept): what the
    runner and the analysers search for declarations."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        two = text[i:i + 2]
        if two == "//":
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif two == "/*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
        elif text[i] in "\"'":
            quote, j = text[i], i + 1
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            for k in range(i + 1, j - 1):
                out[k] = " " if text[k] != "\n" else "\n"
            i = j
            continue
        else:
            i += 1
            continue
        for k in range(i, j):
            out[k] = " " if text[k] != "\n" else "\n"
        i = j
    return "".join(out)


def matching(text: str, start: int, open_ch: str = "{", close_ch: str = "}") -> int:
    """Index of the bracket closing the one at ``start`` (len(text) if unclosed)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == open_ch:
            depth += 1
        elif text[i] == close_ch:
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split at ``sep`` outside of <>, (), [] and {}."""
    depth = 0
    cur: list[str] = []
    out: list[str] = []
    for ch in text:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        if ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [p.strip() for p in out if p.strip()]


_MODIFIERS = {"public", "protected", "private", "static", "final", "abstract", "synchronized",
              "native", "default", "strictfp", "transient", "volatile", "sealed", "non-sealed"}
_TYPE_KW = re.compile(r"\b(class|interface|enum|record)\s+([A-Za-z_$][\w$]*)")
_ANNOTATION = re.compile(r"@[\w$.]+(\s*\([^()]*\))?")


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
    if "TreeNode" in t:
        return "tree"
    if "ListNode" in t:
        return "linked_list"
    return "other"


def parse_params(text: str) -> tuple[Param, ...]:
    params = []
    for i, part in enumerate(split_top(_ANNOTATION.sub(" ", text))):
        words = part.replace("...", "[]... ").split()
        words = [w for w in words if w != "final"]
        if len(words) >= 2:
            name = words[-1]
            typ = " ".join(words[:-1]).replace("[]... ", "...").replace("[]...", "...")
        else:
            name, typ = f"arg{i}", " ".join(words)
        typ = re.sub(r"\s*([<>,\[\]])\s*", r"\1", typ).replace(",", ", ")
        params.append(Param(name, typ, param_kind(typ)))
    return tuple(params)


def _member(header: str, type_name: str) -> JavaMember | None:
    header = _ANNOTATION.sub(" ", header).strip()
    paren = header.find("(")
    if paren < 0 or "=" in header[:paren]:
        return None  # a field
    if _TYPE_KW.search(header[:paren]):
        return None  # a record header or a nested type
    close = matching(header, paren, "(", ")")
    before = header[:paren].split()
    if not before:
        return None
    name = before[-1]
    words = before[:-1]
    rest = " ".join(w for w in words if w not in _MODIFIERS).strip()
    if rest.startswith("<"):  # a generic method's type parameters
        rest = rest[matching(rest, 0, "<", ">") + 1:].strip()
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", name) or name in ("if", "for", "while", "switch",
                                                                "catch", "return", "new"):
        return None
    is_ctor = not rest and name == type_name
    if not rest and not is_ctor:
        return None
    returns = re.sub(r"\s*([<>,\[\]])\s*", r"\1", rest).replace(",", ", ")
    return JavaMember(name, parse_params(header[paren + 1:close]), returns, "static" in words,
                      is_ctor, "private" in words)


def _members(body: str, type_name: str) -> tuple[JavaMember, ...]:
    """Methods and constructors declared directly in a type body (nested bodies skipped)."""
    members = []
    header: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "{":
            member = _member("".join(header), type_name)
            if member:
                members.append(member)
            header = []
            i = matching(body, i) + 1
            continue
        if ch == ";":
            member = _member("".join(header), type_name)
            if member:
                members.append(member)
            header = []
        elif ch == "(":  # keep parameter lists whole
            close = matching(body, i, "(", ")")
            header.append(body[i:close + 1])
            i = close + 1
            continue
        else:
            header.append(ch)
        i += 1
    member = _member("".join(header), type_name)  # a last header without a body
    if member:
        members.append(member)
    return tuple(members)


_RECORD = re.compile(r"\brecord\s+([A-Za-z_$][\w$]*)\s*(<[^(]*>)?\s*\(")


def read_records(text: str) -> dict[str, tuple[Param, ...]]:
    """Every record declared in the text, nested ones included: name -> components."""
    clean = blank_comments_and_strings(text)
    out = {}
    for match in _RECORD.finditer(clean):
        start = match.end() - 1
        out[match.group(1)] = parse_params(clean[start + 1:matching(clean, start, "(", ")")])
    return out


def read_types(text: str) -> list[JavaType]:
    """Top-level type declarations of Java source text, with their members."""
    clean = blank_comments_and_strings(text)
    types = []
    i = 0
    while True:
        match = _TYPE_KW.search(clean, i)
        if not match:
            break
        kind, name = match.group(1), match.group(2)
        brace = clean.find("{", match.end())
        if brace < 0:
            break
        header = clean[match.end():brace]
        components: tuple[Param, ...] = ()
        if kind == "record" and "(" in header:
            start = header.index("(")
            components = parse_params(header[start + 1:matching(header, start, "(", ")")])
        end = matching(clean, brace)
        members = _members(clean[brace + 1:end], name) if kind != "enum" else ()
        types.append(JavaType(kind, name, members, components))
        i = end + 1
    return types


def predefined_needed(code: str, context: str = "") -> list[str]:
    """``TreeNode``/``ListNode``: the predefined types the code (or its problem's signature and
    tests, ``context``) uses without declaring them, to compile next to it."""
    defined = {t.name for t in read_types(code)} | set(re.findall(
        r"\b(?:class|record|interface)\s+(TreeNode|ListNode)\b",
        blank_comments_and_strings(code)))
    return [name for name in ("TreeNode", "ListNode")
            if re.search(rf"\b{name}\b", context + code) and name not in defined]
