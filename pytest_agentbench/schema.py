"""Validate suite data against the shipped JSON Schema (``data/suite.schema.json``).

The schema file is the single source of truth for the format; the ``jsonschema`` library checks
data against it, with the draft the file declares. This module turns the library's errors into
:class:`SchemaError` s that carry the path of the offending field and a short message naming
what was expected, so the loader can name the file, the test id and the field.

``jsonschema`` is imported only when a suite is validated (tens of milliseconds): importing the
plugin, and the HumanEval path (which only needs :func:`format_path`), never import it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class SchemaError:
    path: Path_
    message: str


@cache
def suite_schema() -> dict[str, Any]:
    text = resources.files("pytest_agentbench").joinpath("data/suite.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator() -> Validator:
    """Built once per process: the class of the draft the schema's ``$schema`` names."""
    from jsonschema.validators import validator_for

    schema = suite_schema()
    return validator_for(schema)(schema)


def validate_suite_data(data: Any) -> list[SchemaError]:
    """Every violation of the suite schema in ``data``, in the order of the file."""
    errors = dict.fromkeys(_explain(validator().iter_errors(data)))  # one of each, in order
    return sorted(errors, key=lambda e: (_position(data, e.path), e.message))


def format_path(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# ---------------------------------------------------------------- the library's errors, explained


def _explain(errors: Iterable[ValidationError]) -> list[SchemaError]:
    errors = list(errors)
    # a value of the wrong type gets that one message, not also those of the keywords that
    # assume the right type (an anyOf of object shapes, for a case that is a string)
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    out: list[SchemaError] = []
    for error in errors:
        path: Path_ = tuple(error.absolute_path)
        if error.validator != "type" and path in mistyped:
            continue
        out.extend(_messages(error, path))
    return out


def _messages(error: ValidationError, path: Path_) -> list[SchemaError]:
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "anyOf":
        return _any_of(error, path)
    if keyword == "required":  # at the missing field, so the message can name it
        return [SchemaError((*path, key), "is required but missing")
                for key in expected if key not in value]
    if keyword == "additionalProperties" and expected is False:
        known = error.schema.get("properties", {})
        return [SchemaError((*path, key), f"is not a known field (known: {', '.join(known)})")
                for key in value if key not in known]
    return [SchemaError(path, _message(keyword, expected, value, error.message))]


def _message(keyword: str, expected: Any, value: Any, default: str) -> str:
    if keyword == "type":
        return f"expected {_article(expected)}, got {_type_name(value)}"
    if keyword == "enum":
        choices = ", ".join(json.dumps(c) for c in expected)
        return f"{json.dumps(value)} is not one of {choices}"
    if keyword == "minLength":
        return "must not be empty" if expected == 1 else f"needs at least {expected} characters"
    if keyword == "minItems":
        return f"needs at least {expected} item(s)"
    if keyword == "minimum":
        return f"must be at least {expected}"
    if keyword == "pattern":
        return f"does not match {expected}"
    return default  # a keyword the schema does not use yet: the library's own words


def _any_of(error: ValidationError, path: Path_) -> list[SchemaError]:
    """The errors of the branch ``error.instance`` was meant for, or what it needs to be one.

    An object is meant for a branch unless it lacks the keys the branch requires (a seed case
    has ``input`` and ``expected``, a function case ``args``...). When it is meant for none,
    the message lists those keys; otherwise the branch it comes closest to (fewest errors; of
    equals, the one holding the error ``jsonschema``'s ``best_match`` ranks highest) explains
    it, nested ``anyOf`` alike: one branch's errors, never those of every branch.
    """
    from jsonschema.exceptions import relevance

    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    missing = {i: _missing_keys(errs) for i, errs in branches.items()}
    meant = [i for i in branches if missing[i] is None]
    if not meant:
        options = [keys for i in branches for keys in missing[i] or ()]
        return [SchemaError(path, "needs " + " or ".join(
            "/".join(f"`{k}`" for k in keys) for keys in options))]
    explained = {i: _explain(branches[i]) for i in meant}
    fewest = min(len(explained[i]) for i in meant)
    closest = [sub for i in meant if len(explained[i]) == fewest for sub in branches[i]]
    return explained[max(closest, key=relevance).relative_schema_path[0]]


def _missing_keys(errors: list[ValidationError]) -> list[list[str]] | None:
    """The key sets a branch recognises an object by, when the object has none of them (from
    the branch's ``required``, or those of its own ``anyOf``); None when it has one."""
    for error in errors:
        if error.path:  # about a value inside the object
            continue
        if error.validator == "required":
            return [list(error.validator_value)]
        if error.validator == "anyOf":
            inner: dict[int, list[ValidationError]] = {}
            for sub in error.context or ():
                inner.setdefault(sub.relative_schema_path[0], []).append(sub)
            options = [_missing_keys(errs) for errs in inner.values()]
            if all(o is not None for o in options):
                return [keys for o in options for keys in o or ()]
    return None


def _position(data: Any, path: Path_) -> tuple[int, ...]:
    """Where ``path`` is in ``data``: list indexes, and each key's place in its object (a key
    the object lacks after those it has)."""
    out: list[int] = []
    for part in path:
        if isinstance(data, dict):
            keys = list(data)
            out.append(keys.index(part) if part in data else len(keys))
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int):
            out.append(part)
            data = data[part] if part < len(data) else None
        else:
            out.append(0)
            data = None
    return tuple(out)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    for name, kind in (("boolean", bool), ("object", dict), ("array", list), ("string", str),
                       ("integer", int), ("number", float)):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _article(type_name: str | list[str]) -> str:
    if isinstance(type_name, list):  # "type": ["array", "object"]: any of them
        return " or ".join(_article(one) for one in type_name)
    return f"an {type_name}" if type_name[0] in "aeiou" else f"a {type_name}"
