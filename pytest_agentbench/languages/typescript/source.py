"""Reading TypeScript declarations: functions, arrow functions and classes with their
parameters, result types and members, from source text with comments blanked."""

from __future__ import annotations

import re
from typing import Any

from ...models import Param, Signature

IDENT = r"[A-Za-z_$][\w$]*"  # an identifier, as a regular expression


def _skip_string(text: str, i: int) -> int:
    """Index just after the string literal that starts at ``i``."""
    quote = text[i]
    i += 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def strip_comments(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
            out.append(" ")
        elif text[i] in "\"'`":
            end = _skip_string(text, i)
            out.append(text[i:end])
            i = end
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


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


def read_type(text: str, i: int, stop_at_arrow: bool = False) -> tuple[str, int]:
    """The type expression starting at ``i`` and the index where it ends: before a body's
    ``{``, a ``;``, ``,`` or ``=`` at depth 0, a closing bracket, or the end of the line."""
    depth = 0
    expecting = True
    j = i
    while j < len(text):
        ch = text[j]
        if text.startswith("=>", j):
            if depth == 0 and stop_at_arrow:
                break
            j += 2
            expecting = True
            continue
        if ch in "\"'`":
            j = _skip_string(text, j)
            expecting = False
            continue
        if ch in "([{<":
            if ch == "{" and depth == 0 and not expecting:
                break
            depth += 1
            expecting = True
        elif ch in ")]}>":
            if depth == 0:
                break
            depth -= 1
            expecting = False
        elif (depth == 0 and ch in ";,=") or (depth == 0 and ch == "\n" and not expecting):
            break
        elif ch in "|&:?":
            expecting = True
        elif not ch.isspace():
            expecting = False
        j += 1
    return " ".join(text[i:j].split()), j


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


_MODIFIERS = re.compile(r"^(?:(?:public|private|protected|readonly|override)\s+)+")


def parse_params(text: str) -> tuple[Param, ...]:
    params: list[Param] = []
    for raw in split_top(text):
        part = _MODIFIERS.sub("", raw.strip())
        if not part:
            continue
        rest = part.startswith("...")
        part = part.removeprefix("...").strip()
        if part[:1] in "{[":
            end = matching(part, 0) + 1
        else:
            m = re.match(IDENT, part)
            end = m.end() if m else len(part)
        name, tail = part[:end].strip(), part[end:].strip()
        if name == "this":
            continue
        optional = rest or tail.startswith("?")
        tail = tail.removeprefix("?").strip()
        annotation = ""
        if tail.startswith(":"):
            annotation, stop = read_type(tail, 1)
            tail = tail[stop:].strip()
        optional = optional or tail.startswith("=")
        if rest and annotation:
            annotation = f"...{annotation}"
        params.append(Param(name, annotation, type_kind(annotation), not optional))
    return tuple(params)


_FUNCTION = re.compile(
    rf"(?<![\w$.])(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?P<async>async\s+)?"
    rf"function\s*\*?\s*(?P<name>{IDENT})\s*")
_CLASS = re.compile(rf"(?<![\w$.])(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?"
                    rf"class\s+(?P<name>{IDENT})")
_ARROW = re.compile(
    rf"(?<![\w$.])(?:export\s+)?(?:const|let|var)\s+(?P<name>{IDENT})\s*(?::[^=]*)?=\s*"
    rf"(?P<async>async\s+)?(?:function\b\s*\*?\s*(?:{IDENT})?\s*)?(?=[(<])")
_MEMBER_WORDS = {"public", "private", "protected", "static", "readonly", "abstract", "override",
                 "declare", "async", "accessor"}


def _callable_at(text: str, i: int, arrow: bool = False) -> tuple[str, str, int] | None:
    """Parameters and return type of the callable whose generics or ``(`` start at ``i``."""
    i = _skip_space(text, i)
    if i < len(text) and text[i] == "<":
        i = _skip_space(text, matching(text, i) + 1)
    if i >= len(text) or text[i] != "(":
        return None
    close = matching(text, i)
    params = text[i + 1:close]
    j = _skip_space(text, close + 1, newlines=False)
    returns = ""
    if j < len(text) and text[j] == ":":
        returns, j = read_type(text, j + 1, stop_at_arrow=arrow)
    return params, returns, j


def _skip_space(text: str, i: int, newlines: bool = True) -> int:
    while i < len(text) and text[i].isspace() and (newlines or text[i] != "\n"):
        i += 1
    return i


def class_members(text: str, body_start: int) -> tuple[tuple[Param, ...], dict[str, Any]]:
    """The constructor's parameters and the methods (``{name: {params, returns}}``) of the
    class body whose ``{`` is at ``body_start``."""
    end = matching(text, body_start)
    body = text[body_start + 1:end]
    ctor: tuple[Param, ...] = ()
    methods: dict[str, Any] = {}
    i = 0
    while i < len(body):
        i = _skip_space(body, i)
        if i >= len(body):
            break
        if body[i] in ";,":
            i += 1
            continue
        if body[i] == "@":  # a decorator
            m = re.match(rf"@{IDENT}(?:\.{IDENT})*", body[i:])
            i += m.end() if m else 1
            if i < len(body) and body[i] == "(":
                i = matching(body, i) + 1
            continue
        m = re.match(rf"(#?{IDENT}|\"[^\"]*\"|'[^']*'|\[)", body[i:])
        if not m:
            i += 1
            continue
        word = m.group(1)
        after = _skip_space(body, i + len(word), newlines=False)
        nxt = body[after] if after < len(body) else ""
        if word in _MEMBER_WORDS | {"get", "set"} and nxt not in "(<:?=;!\n":
            i = after
            continue
        if word == "[":  # computed name or index signature: skip to the end of the member
            i = matching(body, i) + 1
            _, i = read_type(body, i)
            continue
        name = word.strip("\"'")
        j = after
        if j < len(body) and body[j] in "?!":
            j += 1
        found = _callable_at(body, j)
        if found is not None:
            params_text, returns, k = found
            params = parse_params(params_text)
            if name == "constructor":
                ctor = params
            elif not name.startswith("#"):
                methods[name] = {"params": [{"name": p.name, "type": p.type} for p in params],
                                 "returns": returns}
            k = _skip_space(body, k)
            if k < len(body) and body[k] == "{":
                k = matching(body, k) + 1
            i = k
            continue
        # a property: skip its type and initializer
        k = j
        if k < len(body) and body[k] == ":":
            _, k = read_type(body, k + 1)
        while k < len(body) and body[k] not in ";\n":
            k = matching(body, k) + 1 if body[k] in "([{" else k + 1
        i = k + 1
    return ctor, methods


def _declarations(text: str) -> list[tuple[int, str, str, re.Match[str]]]:
    found = [(m.start(), "function", m.group("name"), m) for m in _FUNCTION.finditer(text)]
    found += [(m.start(), "class", m.group("name"), m) for m in _CLASS.finditer(text)]
    found += [(m.start(), "arrow", m.group("name"), m) for m in _ARROW.finditer(text)]
    return sorted(found, key=lambda d: d[0])


def read_class(text: str, name: str) -> tuple[tuple[Param, ...], dict[str, Any]] | None:
    text = strip_comments(text)
    for m in _CLASS.finditer(text):
        if m.group("name") == name:
            brace = text.find("{", m.end())
            return ((), {}) if brace < 0 else class_members(text, brace)
    return None


def ts_signature(text: str, entry_point: str | None) -> Signature:
    clean = strip_comments(text)
    decls = _declarations(clean)
    if entry_point:
        decls = [d for d in decls if d[2] == entry_point] or decls
    if not decls:
        raise ValueError("no TypeScript `function` or `class` in the signature")
    _, kind, name, match = decls[0]
    if kind == "class":
        brace = clean.find("{", match.end())
        params = class_members(clean, brace)[0] if brace >= 0 else ()
        return Signature(entry_point or name, "class", params)
    found = _callable_at(clean, match.end(), arrow=kind == "arrow")
    if found is None:
        raise ValueError(f"cannot read the parameters of {name!r}")
    params_text, returns, _ = found
    is_async = bool(match.group("async")) or unwrap_promise(returns) != returns
    value_type = unwrap_promise(returns)
    return Signature(entry_point or name, "function", parse_params(params_text), returns,
                     is_async, type_kind(value_type))

