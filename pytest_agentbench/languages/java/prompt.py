"""Java literals for prompts: a JSON value written as a Java expression of its declared type
(arrays, collections, maps, records, ``Optional``, trees and lists), and the arguments and
outcome of an example call."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ...models import Param
from .source import type_arguments


def _java_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028")


def _base(java_type: str) -> str:
    return re.sub(r"<.*", "", java_type.strip()).split(".")[-1]


_LIST_TYPES = {"List", "Collection", "Iterable", "ArrayList", "LinkedList"}
_SET_TYPES = {"Set", "HashSet", "LinkedHashSet", "SortedSet", "NavigableSet", "TreeSet"}
_QUEUE_TYPES = {"Queue", "Deque", "ArrayDeque", "PriorityQueue"}
_MAP_TYPES = {"Map", "HashMap", "LinkedHashMap", "TreeMap", "SortedMap", "NavigableMap",
              "ConcurrentMap", "ConcurrentHashMap"}


def java_literal(value: Any, java_type: str = "",
                 records: dict[str, tuple[Param, ...]] | None = None) -> str:
    """A Java expression for a JSON value of the given Java type (for examples in prompts)."""
    records = records or {}
    t = java_type.strip().replace("...", "[]")
    base = _base(t)
    if value is None:
        return "Optional.empty()" if base == "Optional" else "null"
    if base == "Optional":
        inner = type_arguments(t)
        return f"Optional.of({java_literal(value, inner[0] if inner else '', records)})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if base in ("char", "Character") and len(value) == 1:
            return "'\\''" if value == "'" else "'" + _java_string(value)[1:-1] + "'"
        return _java_string(value)
    if isinstance(value, int):
        if base in ("long", "Long") or not -(2**31) <= value < 2**31:
            return f"{value}L"
        if base in ("double", "Double"):
            return f"{value}.0"
        if base in ("float", "Float"):
            return f"{value}.0f"
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "Double.NaN"
        if math.isinf(value):
            return "Double.POSITIVE_INFINITY" if value > 0 else "Double.NEGATIVE_INFINITY"
        return repr(value) + ("f" if base in ("float", "Float") else "")
    if base in records and isinstance(value, (list, dict)):
        components = records[base]
        items = ([value.get(c.name) for c in components] if isinstance(value, dict)
                 else list(value))
        parts = [java_literal(v, components[i].type if i < len(components) else "", records)
                 for i, v in enumerate(items)]
        return f"new {base}({', '.join(parts)})"
    if isinstance(value, list):
        if base in ("TreeNode", "ListNode") and not value:
            return "null"
        if base == "TreeNode":
            return f"TreeNode.of({', '.join(java_literal(v) for v in value)})"
        if base == "ListNode":
            return f"ListNode.of({', '.join(java_literal(v) for v in value)})"
        if t.endswith("[]"):
            return f"new {t} {_array_init(value, t[:-2], records)}"
        inner = type_arguments(t)
        elem = inner[0] if inner else ""
        joined = ", ".join(java_literal(v, elem, records) for v in value)
        if base in _SET_TYPES:
            return f"Set.of({joined})"
        if base in _QUEUE_TYPES:
            return f"new {base if base != 'Queue' else 'ArrayDeque'}<>(List.of({joined}))"
        if None in value:
            return f"Arrays.asList({joined})"
        return f"List.of({joined})"
    if isinstance(value, dict):
        inner = type_arguments(t)
        key_t, val_t = (inner[0], inner[1]) if len(inner) == 2 else ("String", "")
        pairs = [(java_literal(_map_key(k, key_t), key_t, records),
                  java_literal(v, val_t, records)) for k, v in value.items()]
        if len(pairs) <= 10:
            return f"Map.of({', '.join(f'{k}, {v}' for k, v in pairs)})"
        entries = ", ".join(f"Map.entry({k}, {v})" for k, v in pairs)
        return f"Map.ofEntries({entries})"
    return json.dumps(value)


def _map_key(key: str, key_type: str) -> Any:
    if _base(key_type) in ("Integer", "Long", "Short", "Byte", "int", "long"):
        try:
            return int(key)
        except ValueError:
            return key
    if _base(key_type) in ("Double", "Float"):
        try:
            return float(key)
        except ValueError:
            return key
    return key


def _array_init(value: list[Any], elem_type: str, records: dict[str, tuple[Param, ...]]) -> str:
    if elem_type.endswith("[]"):
        parts = [_array_init(v, elem_type[:-2], records) if isinstance(v, list)
                 else java_literal(v, elem_type, records) for v in value]
    else:
        parts = [java_literal(v, elem_type, records) for v in value]
    return "{" + ", ".join(parts) + "}"


def java_args(args: tuple[Any, ...], kwargs: dict[str, Any], params: list[Param],
               records: dict[str, tuple[Param, ...]]) -> str:
    """Arguments as Java expressions for the parameter types; keyword arguments in their place."""
    values = list(args) + [kwargs[p.name] for p in params[len(args):] if p.name in kwargs]
    types = [p.type for p in params]
    if types and types[-1].endswith("..."):
        types[-1] = types[-1][:-3]
        types += [types[-1]] * max(0, len(values) - len(types))
    return ", ".join(java_literal(v, types[i] if i < len(types) else "", records)
                     for i, v in enumerate(values))


def java_outcome(raises: str | None, expected: Any, has_expected: bool, returns: str,
                  records: dict[str, tuple[Param, ...]]) -> str:
    if raises:
        return f"throws {raises}"
    if not has_expected:
        return "(not checked)"
    return f"-> {java_literal(expected, returns, records)}"
