"""Load a suite file into :class:`Suite`, with errors that name the file, the test id and the field.

Structure is checked against the shipped JSON Schema first; then the meaning: unique ids, a
readable signature, cases that fit the problem's kind. Seed-format cases (``input``/``expected``
strings) are read as literals against the signature; a case that is not a literal becomes a
non-executable case with the reason, which is reported and counted but never scored.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .judge import show
from .languages import LanguageRegistry, LanguageRunner, default_registry
from .literals import NotALiteral, parse_literal
from .models import Call, Case, Compare, Problem, Signature, Suite, Timing, TimingSize
from .schema import format_path, validate_suite_data
from .value_limits import ValueIssue, decode_json, value_issues

_KNOWN_PROBLEM_FIELDS = {
    "id", "name", "difficulty", "category", "description", "signature", "entry_point",
    "test_cases", "native_tests", "reference_solution", "compare", "tolerance", "timing",
    "constraints", "hints",
}


class SuiteError(Exception):
    """A suite that cannot be loaded. ``problems`` lists every message, each naming the field."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(problems))


class SuiteSkipped(Exception):
    """A suite that cannot run here (its language has no runner): its collector is skipped
    with the reason, as a skip, not an error."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(reason)


class NotExecutable(ValueError):
    """A seed case that cannot be run; the message is the reason shown to the user."""


def quoted(text: str) -> str:
    """Single-quoted for messages, whatever quotes the text holds (unlike ``repr``)."""
    return f"'{text}'"


def item_name(test_id: str) -> str:
    """A pytest-safe item name: ``-k`` cannot express spaces, quotes, brackets or ``#``."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", test_id.strip()) or "_"


def marker_name(text: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", text.strip().lower())
    return name if re.match(r"[A-Za-z_]", name) else f"_{name}"


# ---------------------------------------------------------------- loading


def load_suite(path: Path | str, registry: LanguageRegistry | None = None) -> Suite:
    path = Path(path)
    registry = registry or default_registry()
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SuiteError(path, [f"{where}: cannot read the file: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError as exc:
        raise SuiteError(path, [f"{where}: not UTF-8 text ({exc.reason})"]) from None
    try:
        data, too_deep = decode_json(text)
    except json.JSONDecodeError as exc:
        raise SuiteError(path, [f"{where}: malformed JSON at line {exc.lineno}, column "
                                f"{exc.colno}: {exc.msg}"]) from None
    return suite_from_data(data, path, registry, too_deep)


def suite_from_data(data: Any, path: Path, registry: LanguageRegistry,
                    issues: list[ValueIssue] | None = None) -> Suite:
    """The suite ``data`` describes; ``issues`` are those :func:`decode_json` found."""
    where = str(path)
    beyond = [*(issues or ()), *value_issues(data)]
    if beyond:  # checked first: the rest of the loader may not cope with such values
        raise SuiteError(path, [_locate(where, data, i.path, i.message) for i in beyond])
    errors = [_locate(where, data, e.path, e.message) for e in validate_suite_data(data)]
    if errors:
        raise SuiteError(path, errors)
    try:
        runner = registry.get(data["language"])
    except KeyError as exc:
        raise SuiteError(path, [f"{where}: field 'language': {exc.args[0]}"]) from None
    name = path.name.split(".")[0]
    version = str(data.get("version", ""))
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for order, raw in enumerate(data["tests"]):
        test_id = raw["id"]
        label = f"{where}: test {quoted(test_id)}"
        key = item_name(test_id)
        if key in seen:
            same = "is a duplicate" if seen[key] == test_id else f"clashes with {quoted(seen[key])}"
            errors.append(f"{label}: field 'id': {same} (ids must be unique in a suite)")
            continue
        seen[key] = test_id
        try:
            problems.append(_problem(raw, order, name, where, version, runner))
        except _FieldError as exc:
            errors.append(f"{label}: field {quoted(exc.field)}: {exc.message}")
    if errors:
        raise SuiteError(path, errors)
    meta = {k: v for k, v in data.items() if k != "tests"}
    return Suite(path, name, runner.name, version, tuple(problems), meta)


def _locate(where: str, data: Any, path: tuple[str | int, ...], message: str) -> str:
    if len(path) >= 2 and path[0] == "tests" and isinstance(path[1], int):
        test = _test_at(data, path[1])
        test_id = test.get("id") if isinstance(test, dict) else None
        who = f"test {quoted(test_id)}" if isinstance(test_id, str) else f"test #{path[1] + 1}"
        field = format_path(path[2:]) or "(the test itself)"
        return f"{where}: {who}: field {quoted(field)}: {message}"
    return f"{where}: field {quoted(format_path(path) or '(top level)')}: {message}"


def _test_at(data: Any, index: int) -> Any:
    """``data["tests"][index]`` where there is one (a path found in the text may not be in the
    data, e.g. under a duplicate key)."""
    tests = data.get("tests") if isinstance(data, dict) else None
    return tests[index] if isinstance(tests, list) and index < len(tests) else None


class _FieldError(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _problem(raw: dict[str, Any], order: int, suite: str, where: str, version: str,
             runner: LanguageRunner) -> Problem:
    try:
        signature = runner.read_signature(raw["signature"], raw.get("entry_point"))
    except ValueError as exc:
        raise _FieldError("signature", str(exc)) from None
    default_compare = Compare(raw.get("compare", "exact"), float(raw.get("tolerance", 1e-6)))
    cases = tuple(
        _case(i, c, signature, default_compare) for i, c in enumerate(raw.get("test_cases", []))
    )
    if signature.kind == "class" and any(c.args and c.calls is None and c.executable
                                         and c.expected_attributes is None for c in cases):
        raise _FieldError("test_cases", "a function case (`args`) on a class problem; "
                                        "use `init` and `calls`")
    timing = None
    if "timing" in raw:
        t = raw["timing"]
        timing = Timing(tuple(_timing_size(i, s, signature) for i, s in enumerate(t["sizes"])),
                        int(t.get("repeat", 5)))
    return Problem(
        suite=suite,
        suite_path=where,
        suite_version=version,
        language=runner.name,
        id=raw["id"],
        name=raw.get("name") or raw["id"],
        difficulty=raw["difficulty"],
        category=raw.get("category") or "general",
        description=raw["description"],
        signature_text=raw["signature"],
        signature=signature,
        cases=cases,
        order=order,
        native_tests=raw.get("native_tests"),
        reference_solution=raw.get("reference_solution"),
        constraints=tuple(raw.get("constraints", ())),
        hints=tuple(raw.get("hints", ())),
        timing=timing,
        extra={k: v for k, v in raw.items() if k not in _KNOWN_PROBLEM_FIELDS},
    )


# ---------------------------------------------------------------- cases


def _timing_size(index: int, raw: dict[str, Any], sig: Signature) -> TimingSize:
    """One timing size: ``args`` for a function problem, ``init`` and ``calls`` (a list, or a
    generator of one) for a class problem."""
    label = raw.get("label") or f"n={raw.get('n', index + 1)}"
    if sig.kind == "class":
        if "calls" not in raw or "args" in raw:
            raise _FieldError(f"timing.sizes[{index}]", "a class problem's timing size has "
                              "`init` and `calls` (the method calls timed together), not `args`")
        return TimingSize(label, (), raw.get("n"), tuple(raw.get("init", ())), raw["calls"])
    if "args" not in raw:
        raise _FieldError(f"timing.sizes[{index}]", "a function problem's timing size has "
                          "`args` (the arguments of the timed call)")
    return TimingSize(label, tuple(raw["args"]), raw.get("n"))


def _case(index: int, raw: dict[str, Any], sig: Signature, default: Compare) -> Case:
    field = f"test_cases[{index}]"
    name = raw.get("name") or f"case {index + 1}"
    compare = Compare(raw.get("compare", default.rule),
                      float(raw.get("tolerance", default.tolerance)))
    explanation = raw.get("explanation", "")
    if "input" in raw:
        typed = sorted(k for k in ("args", "kwargs", "calls", "init", "init_kwargs",
                                   "init_raises", "raises") if k in raw)
        if typed:
            raise _FieldError(f"{field}.{typed[0]}", "a seed case (`input`/`expected` strings) "
                              "cannot also have typed fields")
        return _seed_case(index, name, raw, sig, compare, explanation)
    if "calls" in raw or "init_raises" in raw:
        if sig.kind != "class":
            raise _FieldError(f"{field}.calls", f"`calls` need a class entry point, but "
                              f"{sig.entry_point!r} is a function")
        calls = tuple(
            Call(c["method"], tuple(c.get("args", ())), dict(c.get("kwargs", {})),
                 c.get("expected"), "expected" in c, c.get("raises"))
            for c in raw.get("calls", [])
        )
        return Case(index, name, init=tuple(raw.get("init", ())), calls=calls, compare=compare,
                    explanation=explanation, init_kwargs=dict(raw.get("init_kwargs", {})),
                    init_raises=raw.get("init_raises"))
    if "expected" not in raw and "raises" not in raw:
        raise _FieldError(field, "a function case needs `expected` or `raises`")
    return Case(index, name, args=tuple(raw["args"]), kwargs=dict(raw.get("kwargs", {})),
                expected=raw.get("expected"), raises=raw.get("raises"), compare=compare,
                explanation=explanation)


def _seed_case(index: int, name: str, raw: dict[str, Any], sig: Signature, compare: Compare,
               explanation: str) -> Case:
    text_in, text_out = raw["input"], raw["expected"]
    common = {"raw_input": text_in, "raw_expected": text_out, "explanation": explanation,
              "compare": compare}
    try:
        if sig.kind == "class":
            args = _class_args(text_in)
            attributes = _class_attributes(text_out)
            return Case(index, name, args=args, expected_attributes=attributes, **common)
        args = read_args(text_in, sig)
        expected = read_expected(text_out, sig)
    except NotExecutable as exc:
        return Case(index, name, executable=False, reason=str(exc), **common)
    return Case(index, name, args=args, expected=expected, **common)


def read_args(text: str, sig: Signature) -> tuple[Any, ...]:
    """The positional arguments a seed ``input`` string stands for, read against the signature."""
    params = sig.params
    single_str = len(params) == 1 and params[0].kind == "str"
    try:
        value = parse_literal(text)
    except NotALiteral as exc:
        if single_str:
            return (text,)
        raise NotExecutable(f"input {show(text)} is not a literal: {exc}") from None
    if len(params) == 1:
        if single_str and not isinstance(value, str):
            return (text,)
        if isinstance(value, tuple) and len(value) == 1 and "tuple" not in params[0].type.lower():
            value = value[0]
        return (value,)
    if not params:
        return value if isinstance(value, tuple) else (value,)
    values = value if isinstance(value, tuple) else (value,)
    required = sum(1 for p in params if p.required)
    if not required <= len(values) <= len(params):
        takes = f"{required}" if required == len(params) else f"{required} to {len(params)}"
        raise NotExecutable(f"input {show(text)} has {len(values)} value(s) but the signature "
                            f"takes {takes}")
    return values


def read_expected(text: str, sig: Signature) -> Any:
    try:
        value = parse_literal(text)
    except NotALiteral as exc:
        if sig.returns_kind == "str":
            return text
        raise NotExecutable(f"expected {show(text)} is not a literal: {exc}") from None
    if sig.returns_kind == "str" and not isinstance(value, str):
        return text
    return value


def _class_args(text: str) -> tuple[Any, ...]:
    try:
        value = parse_literal(text)
    except NotALiteral as exc:
        raise NotExecutable(f"input {show(text)} is not a literal: {exc}; class-design cases need "
                            "`init` and `calls`") from None
    return value if isinstance(value, tuple) else (value,)


def _class_attributes(text: str) -> dict[str, Any]:
    try:
        value = parse_literal(text)
    except NotALiteral as exc:
        raise NotExecutable(f"expected {show(text)} is not a literal: {exc}") from None
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise NotExecutable(
            f"expected {show(text)} for a class is not a dict of attribute names to values; "
            "class-design cases need `init` and `calls`"
        )
    return value
