"""C++ literals for the prompt: a case's values written as C++ expressions of the parameters'
types (``{2, 7, 11}`` for a vector), results as plain data.

A parameter's type reaches this module as text (``Param.type``), a fragment that is no C++
source on its own, so its template arguments are split by hand (:func:`template_args`).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .source import type_kind


def template_args(bare: str) -> list[str]:
    """The template arguments of a type without spaces (``std::map<std::string,int>`` ->
    ``["std::string", "int"]``), none for a type that is no template."""
    found = re.match(r"[\w:]+<(.*)>$", bare)
    if not found:
        return []
    parts, depth, start = [], 0, 0
    inner = found.group(1)
    for i, ch in enumerate(inner):
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    return [p for p in (p.strip() for p in parts) if p]


def _inner_type(bare: str, index: int = 0) -> str:
    args = template_args(bare)
    return args[index] if index < len(args) else ""


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
    if isinstance(value, float) and not math.isfinite(value):
        return "NAN" if math.isnan(value) else "INFINITY" if value > 0 else "-INFINITY"
    if isinstance(value, float):
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


def plain_value(value: Any) -> str:
    """A result as plain data for the examples: JSON, with strings quoted."""
    return json.dumps(value, ensure_ascii=False)
