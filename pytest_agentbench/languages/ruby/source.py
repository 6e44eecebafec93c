"""Reading a Ruby signature: its classes and modules, its ``def``s, their parameters
(positional and keyword) and the types YARD tags give them (``@param``, ``@return``)."""

from __future__ import annotations

import re

from ...models import Param

_CLASS = re.compile(
    r"^(?P<indent>[ \t]*)(?P<what>class|module)\s+(?P<name>[A-Z]\w*(?:::[A-Z]\w*)*)")
_DEF = re.compile(r"^(?P<indent>[ \t]*)def\s+(?P<self>self\.)?(?P<name>[A-Za-z_]\w*[?!=]?)")
_PARAM_TAG = re.compile(
    r"@param\s+(?:\[(?P<t1>[^\]]*)\]\s+(?P<n1>\w+)|(?P<n2>\w+)(?:\s+\[(?P<t2>[^\]]*)\])?)")
_RETURN_TAG = re.compile(r"@return\s+\[(?P<t>[^\]]*)\]")


def param_kind(yard_type: str) -> str:
    """``tree``/``linked_list`` for ``TreeNode``/``ListNode`` (``, nil`` allowed), ``str`` for
    ``String``, else ``other``."""
    alternatives = {t.strip() for t in yard_type.split(",") if t.strip()} - {"nil", "NilClass"}
    if alternatives == {"TreeNode"}:
        return "tree"
    if alternatives == {"ListNode"}:
        return "linked_list"
    if alternatives == {"String"}:
        return "str"
    return "other"



def _split_top(text: str) -> list[str]:
    depth, cur, out = 0, "", []
    quote = ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0 and not quote:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return [p.strip() for p in out if p.strip()]


def _param_text(text: str, start: int) -> str:
    """The parameter list after ``def name`` at ``start``: in parentheses (balanced, possibly
    over several lines) or bare to the end of the line."""
    stripped = text[start:].lstrip(" \t")
    if not stripped.startswith("("):
        return re.split(r"[;=\n]|\s#", stripped, maxsplit=1)[0].strip()
    depth = 0
    for i, ch in enumerate(stripped):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return stripped[1:i]
    return stripped[1:]


def split_params(text: str, types: dict[str, str]) -> tuple[list[Param], list[Param]]:
    """Positional and keyword parameters of a Ruby parameter list (blocks and ``**`` left out)."""
    positional: list[Param] = []
    keywords: list[Param] = []
    for part in _split_top(text):
        if part.startswith(("&", "**")) or part in ("*", "..."):
            continue
        keyword = re.match(r"(\w+):\s*(.*)$", part, re.S)
        if keyword:
            name = keyword.group(1)
            t = types.get(name, "")
            keywords.append(Param(name, t, param_kind(t), not keyword.group(2).strip()))
            continue
        name = re.match(r"\*?(\w+)", part)
        if not name:
            continue
        t = types.get(name.group(1), "")
        optional = part.startswith("*") or "=" in part
        positional.append(Param(name.group(1), t, param_kind(t), not optional))
    return positional, keywords


def _yard_above(lines: list[str], index: int) -> tuple[dict[str, str], str]:
    """Parameter types and the return type from the comment block right above line ``index``."""
    types: dict[str, str] = {}
    returns = ""
    i = index - 1
    while i >= 0 and lines[i].strip().startswith("#"):
        comment = lines[i].strip()
        tag = _PARAM_TAG.search(comment)
        if tag:
            name = tag.group("n1") or tag.group("n2")
            types.setdefault(name, (tag.group("t1") or tag.group("t2") or "").strip())
        ret = _RETURN_TAG.search(comment)
        if ret and not returns:
            returns = ret.group("t").strip()
        i -= 1
    return types, returns


def outline(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, str | None, int]]]:
    """Classes/modules (qualified name, line) and defs (name, owner or None, line)."""
    lines = text.expandtabs(2).splitlines()
    stack: list[tuple[int, str]] = []
    classes: list[tuple[str, int]] = []
    defs: list[tuple[str, str | None, int]] = []
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        cls = _CLASS.match(line)
        if cls and not cls.group("name").startswith("<"):
            qualified = "::".join([*(n for _, n in stack), cls.group("name")])
            classes.append((qualified, i))
            if not re.search(r"(;|\s)end\s*$", stripped):
                stack.append((indent, qualified.split("::")[-1]))
            continue
        if re.match(r"end\b", stripped):
            while stack and stack[-1][0] >= indent:
                stack.pop()
            continue
        fn = _DEF.match(line)
        if fn:
            owner = "::".join(n for _, n in stack) or None
            defs.append((fn.group("name"), owner, i))
    return classes, defs


def def_params(lines: list[str], index: int) -> tuple[list[Param], list[Param], str]:
    """Positional and keyword parameters, with their YARD types, and the YARD return type of
    the ``def`` on line ``index``."""
    types, returns = _yard_above(lines, index)
    match = _DEF.match(lines[index])
    if match is None:
        return [], [], returns
    positional, keywords = split_params(_param_text("\n".join(lines[index:]), match.end()),
                                        types)
    return positional, keywords, returns

