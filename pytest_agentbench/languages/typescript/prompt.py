"""TypeScript as a prompt shows it: JSON values as TypeScript expressions, calls with
keyword arguments in their parameter's position, and examples of a function or a class."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from ...models import Case, Param, Problem
from ..scalars import scalar_literal
from .source import (
    IDENT,
    bare_type,
    read_class,
    split_top,
    strip_comments,
    type_kind,
    unwrap_promise,
)


def _element_type(ts_type: str) -> str:
    t = bare_type(ts_type).removeprefix("readonly ").strip()
    if t.endswith("[]"):
        return bare_type(t[:-2])
    m = re.fullmatch(r"(?:Readonly)?Array\s*<(.*)>", t, re.S)
    return m.group(1).strip() if m else ""


def _generic_args(ts_type: str, *names: str) -> list[str] | None:
    t = bare_type(ts_type)
    m = re.fullmatch(rf"(?:{'|'.join(names)})\s*<(.*)>", t, re.S)
    return [a.strip() for a in split_top(m.group(1))] if m else None


def _key(name: str) -> str:
    return name if re.fullmatch(IDENT, name) else json.dumps(name, ensure_ascii=False)


def _ts_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def ts_literal(value: Any, ts_type: str = "") -> str:
    """A TypeScript expression for a JSON value of the given type, for prompts."""
    t = bare_type(ts_type)
    if t == "bigint" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value}n"
    scalar = scalar_literal(value, null="null", nan="NaN", inf="Infinity", string=_ts_string)
    if scalar is not None:
        return scalar
    if isinstance(value, (list, tuple)):
        if t in ("TreeNode", "ListNode"):
            inner = ", ".join(ts_literal(v) for v in value)
            return f"{'tree' if t == 'TreeNode' else 'list'}([{inner}])"
        set_args = _generic_args(t, "Set", "ReadonlySet")
        if set_args is not None:
            return f"new Set([{', '.join(ts_literal(v, set_args[0]) for v in value)}])"
        if t.startswith("[") and t.endswith("]"):
            types = [s.strip() for s in split_top(t[1:-1])]
            return "[" + ", ".join(ts_literal(v, types[i] if i < len(types) else "")
                                   for i, v in enumerate(value)) + "]"
        element = _element_type(t)
        return f"[{', '.join(ts_literal(v, element) for v in value)}]"
    if isinstance(value, dict):
        map_args = _generic_args(t, "Map", "ReadonlyMap")
        if map_args is not None and len(map_args) == 2:
            key_t, val_t = map_args
            pairs = ", ".join(
                f"[{ts_literal(_map_key(k, key_t), key_t)}, {ts_literal(v, val_t)}]"
                for k, v in value.items())
            return f"new Map([{pairs}])"
        record = _generic_args(t, "Record")
        val_t = record[1] if record is not None and len(record) == 2 else ""
        if not value:
            return "{}"
        items = ", ".join(f"{_key(str(k))}: {ts_literal(v, val_t)}" for k, v in value.items())
        return f"{{ {items} }}"
    return json.dumps(value)


def _map_key(key: Any, key_type: str) -> Any:
    if bare_type(key_type) in ("number", "bigint") and isinstance(key, str):
        with contextlib.suppress(ValueError):
            return int(key)
    return key


def _ts_arguments(args: tuple[Any, ...], kwargs: dict[str, Any],
                  params: tuple[Param, ...]) -> str:
    """Arguments as TypeScript, keyword arguments in their parameter's position."""
    values = [ts_literal(a, params[i].type if i < len(params) else "")
              for i, a in enumerate(args)]
    for name, value in kwargs.items():
        at = next((i for i, p in enumerate(params) if p.name == name), None)
        if at is None:
            values.append(f"/* {name}: */ {ts_literal(value)}")
            continue
        values += ["undefined"] * (at + 1 - len(values))
        values[at] = ts_literal(value, params[at].type)
    return ", ".join(values)


def ts_call(problem: Problem, args: tuple[Any, ...]) -> str:
    """A call of the entry point as TypeScript (JavaScript too), each argument a literal of
    its parameter's type."""
    return f"{problem.entry_point}({_ts_arguments(args, {}, problem.signature.params)})"


def result_literal(value: Any, returns: str) -> str:
    """An expected result: ``undefined`` for no value where the type says so (``void``,
    ``V | undefined``), as the harness reports ``undefined`` as ``null``."""
    ts_type = unwrap_promise(returns)
    if value is None and (ts_type.strip() in ("void", "undefined") or (
            re.search(r"\bundefined\b", ts_type) and not re.search(r"\bnull\b", ts_type))):
        return "undefined"
    return ts_literal(value, ts_type)


def variable_name(class_name: str) -> str:
    """The class name in lowerCamelCase: ``TaskQueue`` -> ``taskQueue``, ``LRUCache`` ->
    ``lruCache``."""
    head = re.match(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]+$|[A-Z]?", class_name)
    cut = head.end() if head else 0
    name = class_name[:cut].lower() + class_name[cut:]
    return name if name != class_name else f"my{class_name}"


def _is_getter(signature: str, member: str) -> bool:
    return bool(re.search(rf"(?<![\w$])get\s+{re.escape(member)}\s*\(", strip_comments(signature)))


def example_lines(problem: Problem, case: Case, source: str) -> str:
    """Examples as TypeScript: ``chunk([1, 2, 3], 2)  // -> [[1, 2], [3]]``, ``// throws
    RangeError`` for a thrown error, ``await`` before a call that returns a Promise, keyword
    arguments in their parameter's position (``undefined`` for the ones skipped). A class
    case makes an object with ``new`` and calls its methods, getters read as properties;
    ``source`` holds the declarations with their types (the signature's text)."""
    sig = problem.signature
    if case.calls is None and case.expected_attributes is None:
        call = f"{problem.entry_point}({_ts_arguments(case.args, case.kwargs, sig.params)})"
        if sig.is_async:
            call = f"await {call}"
        if case.raises:
            return f"{call}  // throws {case.raises}"
        return f"{call}  // -> {result_literal(case.expected, sig.returns)}"
    found = read_class(source, problem.entry_point)
    methods = found[1] if found else {}
    var = variable_name(problem.entry_point)
    if case.expected_attributes is not None:
        init, init_kwargs = case.args, case.kwargs
    else:
        init, init_kwargs = case.init or (), case.init_kwargs
    make = f"new {problem.entry_point}({_ts_arguments(init, init_kwargs, sig.params)})"
    if case.init_raises:
        return f"{make};  // throws {case.init_raises}"
    lines = [f"const {var} = {make};"]
    if case.expected_attributes is not None:
        lines += [f"{var}.{name}  // -> {ts_literal(value)}"
                  for name, value in case.expected_attributes.items()]
        return "\n".join(lines)
    for c in case.calls or ():
        method = methods.get(c.method, {})
        returns = str(method.get("returns", ""))
        if _is_getter(source, c.method) and not c.args and not c.kwargs:
            line = f"{var}.{c.method}"
        else:
            params = tuple(Param(p["name"], p["type"], type_kind(p["type"]))
                           for p in method.get("params", []))
            line = f"{var}.{c.method}({_ts_arguments(c.args, c.kwargs, params)})"
        if unwrap_promise(returns) != returns or re.search(
                rf"\basync\s+{re.escape(c.method)}\s*[<(]", source):
            line = f"await {line}"
        if c.raises:
            line += f";  // throws {c.raises}"
        elif c.has_expected:
            line += f";  // -> {result_literal(c.expected, returns)}"
        else:
            line += ";"
        lines.append(line)
    return "\n".join(lines)
