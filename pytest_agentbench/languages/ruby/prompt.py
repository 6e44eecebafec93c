"""Ruby for the prompt: values as Ruby literals and the calls of an example as Ruby
writes them (keyword arguments, operators, ``[]`` and setters)."""

from __future__ import annotations

import json
import re
from typing import Any

from ..base import LanguageRunner
from ..scalars import scalar_literal


def ruby_string(text: str) -> str:
    """A Ruby string literal: single-quoted where it can be (RuboCop's default style)."""
    if not re.search(r"[\x00-\x1f\x7f]", text):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    out = []
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\x1b": "\\e", "\0": "\\0", '"': '\\"',
             "\\": "\\\\"}
    for i, ch in enumerate(text):
        if ch in named:
            out.append(named[ch])
        elif ch == "#" and text[i + 1: i + 2] in ("{", "$", "@"):
            out.append("\\#")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def ruby_literal(value: Any) -> str:
    """Ruby source for a JSON-like value (Hash keys stay Strings, as the harness passes them)."""
    scalar = scalar_literal(value, null="nil", nan="Float::NAN", inf="Float::INFINITY",
                            string=ruby_string)
    if scalar is not None:
        return scalar
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(ruby_literal(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        items = sorted(ruby_literal(v) for v in value)
        return "Set[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{ruby_literal(k)} => {ruby_literal(v)}"
                                for k, v in value.items()) + " }"
    return json.dumps(value, default=repr)


BINARY_OPERATORS = frozenset({"+", "-", "*", "/", "%", "**", "==", "!=", "<", ">", "<=", ">=",
                              "<=>", "===", "=~", "!~", "<<", ">>", "&", "|", "^"})
UNARY_OPERATORS = {"-@": "-", "+@": "+", "!": "!", "~": "~"}


def variable_name(class_name: str) -> str:
    """``IntervalSet`` -> ``interval_set``, ``Bank::Ledger`` -> ``ledger``."""
    last = class_name.split("::")[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", last).lower() or "obj"


def keyword_arguments(kwargs: dict[str, Any]) -> str:
    """``name: value, ...``, the values as Ruby literals."""
    return ", ".join(f"{name}: {ruby_literal(value)}" for name, value in kwargs.items())


def arguments(runner: LanguageRunner, args: tuple[Any, ...] | list[Any],
              kwargs: dict[str, Any], parens: bool = False) -> str:
    """``(1, 'a', key: 2)``; without arguments ``""`` (Ruby leaves the parentheses out)."""
    parts = [runner.format_value(a) for a in args]
    if kwargs:
        parts.append(keyword_arguments(kwargs))
    if not parts:
        return ""
    return f"({', '.join(parts)})" if parens else ", ".join(parts)


def method_call(obj: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """A call as Ruby code: ``obj + other``, ``obj[key]``, ``obj.port = 80``, ``obj.size``."""
    values = [ruby_literal(a) for a in args]
    if not kwargs:
        if method in BINARY_OPERATORS and len(values) == 1:
            return f"{obj} {method} {values[0]}"
        if method in UNARY_OPERATORS and not values:
            return f"{UNARY_OPERATORS[method]}{obj}"
        if method == "[]":
            return f"{obj}[{', '.join(values)}]"
        if method == "[]=" and len(values) >= 2:
            return f"{obj}[{', '.join(values[:-1])}] = {values[-1]}"
        if re.fullmatch(r"[a-z_]\w*=", method) and len(values) == 1:
            return f"{obj}.{method[:-1]} = {values[0]}"
    parts = values + ([keyword_arguments(kwargs)] if kwargs else [])
    return f"{obj}.{method}" + (f"({', '.join(parts)})" if parts else "")

