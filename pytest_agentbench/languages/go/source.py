"""Reading Go declarations: top-level ``func`` and ``type`` declarations, parameter lists
and result types, read from source text with comments blanked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...models import Param

_IDENT = re.compile(r"[A-Za-z_]\w*")
_TYPE_KEYWORDS = {"chan", "func", "map", "struct", "interface"}


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


def strip_comments(text: str) -> str:
    """Go source without comments (string and rune literals respected), lines kept."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            chunk = text[i:] if end < 0 else text[i:end + 2]
            out.append("\n" * chunk.count("\n") or " ")
            i += len(chunk)
        elif ch in "\"'`":
            j = i + 1
            while j < n and text[j] != ch and not (ch != "`" and text[j] == "\n"):
                j += 2 if text[j] == "\\" and ch != "`" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _balanced(text: str, start: int) -> int:
    """Index just past the bracket group opening at ``start``."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack: list[str] = []
    for i in range(start, len(text)):
        ch = text[i]
        if ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
    return len(text)


def _skip_space(text: str, i: int, newlines: bool = True) -> int:
    spaces = " \t\r\n" if newlines else " \t\r"
    while i < len(text) and text[i] in spaces:
        i += 1
    return i


def base_type_name(go_type: str) -> str:
    """``*Stack[T]`` -> ``Stack``; ``pkg.Type`` -> ``Type``."""
    t = go_type.strip().lstrip("*").strip()
    t = t.split("[", 1)[0]
    return t.rsplit(".", 1)[-1].strip()


def parse_funcs(text: str) -> list[FuncDecl]:
    """Every top-level ``func`` declaration (or header) of Go source."""
    code = strip_comments(text)
    funcs: list[FuncDecl] = []
    for match in re.finditer(r"(?m)^[ \t]*func\b", code):
        i = _skip_space(code, match.end())
        receiver = ""
        if i < len(code) and code[i] == "(":
            end = _balanced(code, i)
            # "(s *Stack[T])", "(p Pair[K, V])" or "(*Stack)": the type after the optional name
            recv = re.match(r"\s*(?:[A-Za-z_]\w*\s+(?=[*A-Za-z_]))?\*?\s*([A-Za-z_]\w*)",
                            code[i + 1:end - 1])
            receiver = recv.group(1) if recv else ""
            i = _skip_space(code, end)
        name = _IDENT.match(code, i)
        if not name:
            continue
        i = _skip_space(code, name.end())
        type_params = ""
        if i < len(code) and code[i] == "[":
            end = _balanced(code, i)
            type_params = code[i:end]
            i = _skip_space(code, end)
        if i >= len(code) or code[i] != "(":
            continue
        end = _balanced(code, i)
        params = code[i + 1:end - 1]
        i = _skip_space(code, end, newlines=False)
        if i < len(code) and code[i] == "(":
            results = code[i:_balanced(code, i)]
        else:
            stop = len(code)
            for pos in range(i, len(code)):
                if code[pos] == "\n" or (code[pos] == "{" and _opens_body(code, i, pos)):
                    stop = pos
                    break
            results = code[i:stop]
        funcs.append(FuncDecl(name.group(), receiver, type_params, " ".join(params.split()),
                              " ".join(results.split())))
    return funcs


def _opens_body(code: str, start: int, brace: int) -> bool:
    """Whether the ``{`` at ``brace`` opens the body rather than ``interface{}``/``struct{}``."""
    before = code[start:brace].rstrip()
    return not (before.endswith("interface") or before.endswith("struct"))


def parse_types(text: str) -> list[TypeDecl]:
    """Every top-level type name, in single declarations and ``type ( ... )`` groups."""
    code = strip_comments(text)
    types: list[TypeDecl] = []
    for match in re.finditer(r"(?m)^[ \t]*type\b", code):
        i = _skip_space(code, match.end())
        if i < len(code) and code[i] == "(":
            body = code[i + 1:_balanced(code, i) - 1]
            depth = 0
            for line in body.splitlines():
                if depth == 0:
                    spec = _type_spec(line)
                    if spec:
                        types.append(spec)
                depth += line.count("{") - line.count("}")
        else:
            spec = _type_spec(code[i:code.find("\n", i) if "\n" in code[i:] else len(code)])
            if spec:
                types.append(spec)
    return types


def _type_spec(line: str) -> TypeDecl | None:
    match = re.match(r"\s*([A-Za-z_]\w*)\s*(\[[^\]]*\])?", line)
    if not match:
        return None
    brackets = match.group(2) or ""
    # "[T any]" declares type parameters; "[4]" or "[N]" is an array type
    generic = bool(re.match(r"\[\s*[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*\s+\S", brackets))
    return TypeDecl(match.group(1), generic)


def _split_top(text: str) -> list[str]:
    depth, cur, out = 0, "", []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _name_and_type(part: str) -> tuple[str | None, str]:
    match = re.match(r"([A-Za-z_]\w*)\s+(\S.*)$", part)
    if match and match.group(1) not in _TYPE_KEYWORDS:
        return match.group(1), match.group(2).strip()
    return None, part.strip()


def split_params(text: str) -> list[Param]:
    """Go parameters, with grouped names (``a, b int``) expanded and unnamed ones numbered."""
    parts = [p.strip() for p in _split_top(text) if p.strip()]
    named = [_name_and_type(p) for p in parts]
    if not any(name for name, _ in named):  # only types: func(int, string)
        return [Param(f"arg{i}", t, go_kind(t)) for i, (_, t) in enumerate(named)]
    params: list[Param] = []
    pending: list[str] = []
    for name, typ in named:
        if name is None:  # a bare name waiting for the type of a later group
            pending.append(typ)
            continue
        for n in (*pending, name):
            params.append(Param(n, typ, go_kind(typ)))
        pending = []
    for n in pending:
        params.append(Param(f"arg{len(params)}", n, go_kind(n)))
    return params


def result_types(results: str) -> list[str]:
    """``(v int, err error)`` -> ``["int", "error"]``; ``int`` -> ``["int"]``."""
    text = results.strip()
    if not text:
        return []
    if text.startswith("(") and _balanced(text, 0) == len(text):
        return [p.type for p in split_params(text[1:-1])]
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
    inner = type_params.strip()[1:-1] if type_params.strip().startswith("[") else ""
    return [m.group() for part in _split_top(inner)
            if (m := _IDENT.match(part.strip()))]


def type_params_of(text: str, type_name: str) -> str:
    """The type parameter list of a type declared in ``text`` (``[T any]``), or ``""``."""
    code = strip_comments(text)
    match = re.search(rf"(?m)^[ \t]*(?:type[ \t]+)?{re.escape(type_name)}[ \t]*\[", code)
    if not match:
        return ""
    brackets = code[match.end() - 1:_balanced(code, match.end() - 1)]
    return brackets if re.match(r"\[\s*[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*\s+\S", brackets) else ""


def declares_type(code: str, name: str) -> bool:
    """Whether ``code`` (comments blanked) declares the type ``name``."""
    return bool(re.search(rf"^\s*type\s+{name}\b", code, re.M)
                or re.search(rf"^\s+{name}\s+struct\b", code, re.M))
