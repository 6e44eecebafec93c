"""Reading PHP source text: the functions and classes a file declares (comments, strings and
heredocs masked first), their parameters and the PHPDoc types of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...models import Param

# PHP's identifier, [a-zA-Z_\x80-\uffff][a-zA-Z0-9_\x80-\uffff]*, written as what it excludes:
# a class over the whole non-ASCII range costs 7 ms of regex compilation at every start-up, and
# 40 ms under re.I. Keywords are case-insensitive in PHP, so only they carry (?i:...).
_IDENT = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f][^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*"
_CLASS_DECL = re.compile(
    rf"\b(?P<mods>(?i:(?:(?:final|abstract|readonly)\s+)*))"
    rf"(?P<kind>(?i:class|interface|trait|enum))\s+(?P<name>{_IDENT})")
_FUNC_DECL = re.compile(rf"\b(?i:function)\s*&?\s*(?P<name>{_IDENT})\s*\(")
_MODIFIERS = re.compile(r"^(?:(?:public|protected|private|readonly)(?:\(set\))?\s+)+", re.I)
_PARAM = re.compile(r"^(?P<type>.*?)\s*(?P<ref>&)?\s*(?P<variadic>\.\.\.)?\s*\$(?P<name>\w+)"
                    r"\s*(?:=\s*(?P<default>.*))?$", re.S)

# ---------------------------------------------------------------- reading PHP source


def mask(text: str) -> str:
    """``text`` with comments blanked and string contents replaced, offsets unchanged.

    ``#[...]`` is an attribute, not a comment. Newlines are kept so lines still count.
    """
    out = list(text)
    i, n = 0, len(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if ch == "/" and nxt == "*":
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            blank(i, end)
            i = end
        elif (ch == "/" and nxt == "/") or (ch == "#" and nxt != "["):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            for k in range(i + 1, min(j, n)):
                if out[k] != "\n":
                    out[k] = "x"
            i = j + 1
        else:
            i += 1
    return "".join(out)


def _matching(masked: str, start: int, open_ch: str, close_ch: str) -> int:
    """Index of the bracket closing the one at ``start`` (or the end of the text)."""
    depth = 0
    for i in range(start, len(masked)):
        if masked[i] == open_ch:
            depth += 1
        elif masked[i] == close_ch:
            depth -= 1
            if depth == 0:
                return i
    return len(masked)


def _split_top(text: str, masked: str) -> list[str]:
    """Split ``text`` at top-level commas (brackets and strings read from ``masked``)."""
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(masked):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return [p for p in parts if p.strip()]


def param_kind(php_type: str) -> str:
    t = php_type.strip().lstrip("\\")
    if t.lower() == "string":
        return "str"
    if "TreeNode" in t:
        return "tree"
    if "ListNode" in t:
        return "linked_list"
    return "other"


def read_params(text: str) -> tuple[Param, ...]:
    """The parameters of a PHP parameter list (without its parentheses)."""
    params = []
    for raw in _split_top(text, mask(text)):
        part = raw.strip()
        while part.startswith("#["):  # attributes
            part = part[_matching(part, 1, "[", "]") + 1:].strip()
        part = _MODIFIERS.sub("", part)
        match = _PARAM.match(part)
        if not match:
            raise ValueError(f"cannot read the parameter {raw.strip()!r}")
        php_type = " ".join(match.group("type").split())
        required = match.group("default") is None and not match.group("variadic")
        params.append(Param(match.group("name"), php_type, param_kind(php_type), required))
    return tuple(params)


def doc_param_types(doc: str) -> dict[str, str]:
    """``@param`` types of a PHPDoc block by parameter name (generics may contain spaces)."""
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


def _doc_before(text: str, pos: int) -> str:
    """The ``/** ... */`` block just before a declaration (modifiers and attributes between)."""
    head = text[:pos].rstrip()
    while True:
        trimmed = re.sub(r"(?:\b(?:public|protected|private|static|final|abstract|readonly)\s*)+$",
                         "", head).rstrip()
        if trimmed.endswith("]") and "#[" in trimmed:
            trimmed = trimmed[: trimmed.rfind("#[")].rstrip()
        if trimmed == head:
            break
        head = trimmed
    if head.endswith("*/"):
        start = head.rfind("/**")
        if start >= 0:
            return head[start:]
    return ""


def declarations(text: str) -> tuple[list[Decl], list[Decl]]:
    """Top-level functions and class-likes (with their methods), in order of the source."""
    masked = mask(text)
    types: list[Decl] = []
    for m in _CLASS_DECL.finditer(masked):
        if re.search(r"(::|->|\bnew)\s*$", masked[: m.start()]):
            continue  # Foo::class, new class
        brace = masked.find("{", m.end())
        body = (brace, _matching(masked, brace, "{", "}")) if brace >= 0 else (m.end(), len(text))
        types.append(Decl(m.group("kind").lower(), m.group("name"), body,
                          abstract="abstract" in m.group("mods").lower()))
    functions: list[Decl] = []
    for m in _FUNC_DECL.finditer(masked):
        close = _matching(masked, m.end() - 1, "(", ")")
        ret = re.match(r"\s*:\s*([^{;\n]+)", masked[close + 1:])
        returns = text[close + 1 + ret.start(1): close + 1 + ret.end(1)].strip() if ret else ""
        decl = Decl("function", m.group("name"), None, text[m.end(): close], returns,
                    _doc_before(text, m.start()))
        owner = next((t for t in types if t.body and t.body[0] < m.start() < t.body[1]), None)
        (owner.methods if owner else functions).append(decl)
    return functions, types
