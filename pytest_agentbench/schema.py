"""Validate suite data against the shipped JSON Schema (``data/suite.schema.json``).

The schema file is the single source of truth for the format. This module interprets the part
of JSON Schema that file uses (type, required, properties, additionalProperties, enum, items,
minItems, minLength, minimum, pattern, anyOf, $ref), so the plugin needs no extra dependency;
the tests check that it agrees with the ``jsonschema`` library. Errors carry the path of the
offending field so the loader can name the test id and the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class SchemaError:
    path: Path_
    message: str


@cache
def suite_schema() -> dict[str, Any]:
    text = resources.files("pytest_agentbench").joinpath("data/suite.schema.json").read_text()
    return json.loads(text)


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for name in ("object", "array", "string", "integer", "number"):
        if isinstance(value, _TYPES[name]):
            return name
    return type(value).__name__


def _is_type(value: Any, name: str | list[str]) -> bool:
    if isinstance(name, list):  # "type": ["array", "object"]: any of them
        return any(_is_type(value, one) for one in name)
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    if name == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES[name])


class Validator:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.root = schema

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"unsupported $ref {ref!r}")
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            node = target
        return node

    def errors(self, value: Any, node: dict[str, Any], path: Path_ = ()) -> list[SchemaError]:
        node = self.resolve(node)
        out: list[SchemaError] = []
        expected_type = node.get("type")
        if expected_type and not _is_type(value, expected_type):
            return [SchemaError(path, f"expected {_article(expected_type)}, "
                                      f"got {_type_name(value)}")]
        if "enum" in node and value not in node["enum"]:
            choices = ", ".join(json.dumps(c) for c in node["enum"])
            return [SchemaError(path, f"{json.dumps(value)} is not one of {choices}")]
        if isinstance(value, str):
            if len(value) < node.get("minLength", 0):
                out.append(SchemaError(path, "must not be empty"))
            if "pattern" in node and not re.search(node["pattern"], value):
                out.append(SchemaError(path, f"does not match {node['pattern']}"))
        if _is_type(value, "number") and "minimum" in node and value < node["minimum"]:
            out.append(SchemaError(path, f"must be at least {node['minimum']}"))
        if isinstance(value, dict):
            out.extend(self._object_errors(value, node, path))
        if isinstance(value, list):
            if len(value) < node.get("minItems", 0):
                out.append(SchemaError(path, f"needs at least {node['minItems']} item(s)"))
            if "items" in node:
                for i, item in enumerate(value):
                    out.extend(self.errors(item, node["items"], (*path, i)))
        if "anyOf" in node:
            out.extend(self._any_of_errors(value, node["anyOf"], path))
        return out

    def _object_errors(self, value: dict[str, Any], node: dict[str, Any],
                       path: Path_) -> list[SchemaError]:
        out = [SchemaError((*path, key), "is required but missing")
               for key in node.get("required", []) if key not in value]
        props = node.get("properties", {})
        for key, sub in value.items():
            if key in props:
                out.extend(self.errors(sub, props[key], (*path, key)))
            elif node.get("additionalProperties", True) is False:
                allowed = ", ".join(props)
                out.append(SchemaError((*path, key), f"is not a known field (known: {allowed})"))
        return out

    def _any_of_errors(self, value: Any, branches: list[dict[str, Any]],
                       path: Path_) -> list[SchemaError]:
        results = [self.errors(value, b, path) for b in branches]
        if any(not r for r in results):
            return []
        resolved = [self.resolve(b) for b in branches]
        if isinstance(value, dict):
            fitting = [r for r, b in zip(results, resolved, strict=True)
                       if any(all(k in value for k in keys) for keys in _key_sets(b))]
            if fitting:
                return min(fitting, key=len)
            options = " or ".join("/".join(f"`{k}`" for k in keys)
                                  for b in resolved for keys in _key_sets(b))
            return [SchemaError(path, f"needs {options}")]
        return min(results, key=len)


def _key_sets(branch: dict[str, Any]) -> list[list[str]]:
    """The sets of keys by which an object is recognised as meant for ``branch``."""
    if branch.get("required"):
        return [list(branch["required"])]
    return [list(b["required"]) for b in branch.get("anyOf", []) if b.get("required")]


def _article(type_name: str | list[str]) -> str:
    if isinstance(type_name, list):
        return " or ".join(_article(one) for one in type_name)
    return f"an {type_name}" if type_name[0] in "aeiou" else f"a {type_name}"


def validate_suite_data(data: Any) -> list[SchemaError]:
    schema = suite_schema()
    return Validator(schema).errors(data, schema)


def format_path(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
