"""Go as a prompt shows it: JSON values as Go literals, calls with their arguments in
parameter order, and what a call gives as a Go reader would put it."""

from __future__ import annotations

import json
import re
from typing import Any

from ...models import Param
from .source import FuncDecl, result_types


def go_literal(value: Any, go_type: str = "", elide: bool = False) -> str:
    """A Go literal for a JSON value of the given type (inferred when not given).

    ``elide`` drops the type of a composite literal inside another, as gofmt -s does.
    """
    t = go_type.strip()
    if t.startswith("..."):
        t = t[3:]
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if t in ("rune", "byte") and len(value) == 1:
            return "'" + json.dumps(value, ensure_ascii=False)[1:-1].replace("'", "\\'") + "'"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        if t.lstrip("*") in ("TreeNode", "ListNode"):
            maker = "tree" if "TreeNode" in t else "list"
            return f"{maker}({', '.join(go_literal(v) for v in value)})"
        if not t and not elide and _is_result_tuple(value):  # (v, ok), (T, error) values
            return f"({', '.join(go_literal(v) for v in value)})"
        if not t or t in ("any", "interface{}"):
            t = "[]" + _infer_type(value, elem=True)
        inner = re.sub(r"^(\[\d*\])", "", t) if t.startswith("[") else ""
        items = ", ".join(go_literal(v, inner, elide=True) for v in value)
        return f"{{{items}}}" if elide else f"{t}{{{items}}}"
    if isinstance(value, dict):
        match = re.match(r"map\[(.*?)\](.*)", t)
        if not t and value and all(re.fullmatch(r"[A-Z]\w*", str(k)) for k in value):
            t = "struct"  # exported field names: most likely a struct result
        if t and not match and t not in ("any", "interface{}"):  # a struct: named fields
            items = ", ".join(f"{k}: {go_literal(v)}" for k, v in value.items())
            prefix = "" if elide or t == "struct" else t.lstrip("*")
            return f"{'&' if t.startswith('*') and not elide else ''}{prefix}{{{items}}}"
        if match:
            key_t, val_t = match.group(1), match.group(2)
        else:
            key_t, val_t = "string", _infer_type(list(value.values()), elem=True)
            t = f"map[{key_t}]{val_t}"
        items = ", ".join(f"{go_literal(k, key_t)}: {go_literal(v, val_t, elide=True)}"
                          for k, v in value.items())
        return f"{{{items}}}" if elide else f"{t}{{{items}}}"
    return json.dumps(value)


def _is_result_tuple(values: list[Any]) -> bool:
    """Whether an untyped list mixes scalar kinds, as several results of a call do."""
    kinds = {type(v) for v in values}
    scalars = all(v is None or isinstance(v, (bool, int, float, str)) for v in values)
    return 2 <= len(values) <= 4 and scalars and len(kinds) > 1 and kinds != {int, float}


def _infer_type(values: list[Any], elem: bool = False) -> str:
    """The Go element type shared by JSON values: int, float64, string, bool, []T, map, any."""
    kinds = set()
    for v in values:
        if isinstance(v, bool):
            kinds.add("bool")
        elif isinstance(v, int):
            kinds.add("int")
        elif isinstance(v, float):
            kinds.add("float64")
        elif isinstance(v, str):
            kinds.add("string")
        elif isinstance(v, list):
            kinds.add("[]" + _infer_type(v, elem=True))
        elif isinstance(v, dict):
            kinds.add(f"map[string]{_infer_type(list(v.values()), elem=True)}")
        else:
            kinds.add("any")
    if kinds == {"int", "float64"}:
        return "float64"
    return kinds.pop() if len(kinds) == 1 else ("any" if kinds or not elem else "int")


# ---------------------------------------------------------------- the runner


def exported(name: str) -> str:
    """A suite's method or attribute name in Go's exported form (as the harness finds it):
    ``push`` -> ``Push``, ``max_events`` -> ``MaxEvents``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def variable_name(type_name: str) -> str:
    """A short Go variable for a value of a type: ``RingBuffer`` -> ``rb``, ``LRUCache`` ->
    ``c``... the initials of its words, an acronym counting as one word."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]?[a-z0-9]+|[A-Z]+", type_name)
    initials = "".join(w[0] for w in words if not (w.isupper() and len(w) > 1)).lower()
    initials = initials or (type_name[:1].lower() or "v")
    return "x" if initials in _GO_KEYWORDS else initials


_GO_KEYWORDS = {"go", "if", "for", "func", "map", "var", "type", "case", "chan", "else",
                "goto", "range", "select", "struct", "switch", "return", "defer", "const",
                "break", "default", "import", "package", "continue", "fallthrough", "interface"}


def go_arguments(args: tuple[Any, ...] | list[Any], kwargs: dict[str, Any],
                  params: list[Param]) -> str:
    """Arguments as Go literals of the parameters' types; keyword arguments go where their
    parameter is (Go has no keyword arguments), unknown ones last."""
    values = list(args)
    if kwargs:
        names = [p.name for p in params]
        rest = dict(kwargs)
        for name in names[len(values):]:
            if name not in rest:
                break
            values.append(rest.pop(name))
        values += list(rest.values())
    types = [p.type for p in params]
    if types and types[-1].startswith("..."):
        types += [types[-1]] * max(0, len(values) - len(types))
    return ", ".join(go_literal(v, types[i] if i < len(types) else "")
                     for i, v in enumerate(values))


def go_outcome(raises: str | None, expected: Any, has_expected: bool,
                func: FuncDecl | None) -> str:
    """What a call gives, as a Go reader would put it."""
    if raises == "error":
        return "-> non-nil error"
    if raises == "panic":
        return "panics"
    if raises:
        return f"raises {raises}"
    if not has_expected:
        return "-> (no check)"
    types = result_types(func.results) if func else []
    with_error = bool(types) and types[-1] == "error"
    if with_error:
        types = types[:-1]
    if len(types) > 1 and isinstance(expected, list) and len(expected) == len(types):
        text = ", ".join(go_literal(v, t) for v, t in zip(expected, types, strict=True))
    elif len(types) == 1:
        text = go_literal(expected, types[0])
    elif not types and with_error:
        text = ""
    else:
        text = go_literal(expected)
    if with_error:
        text = f"{text}, nil" if text else "nil"
    return f"-> {text}"
