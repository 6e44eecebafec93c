"""The harness's job for a TypeScript or JavaScript problem: the class's typed methods and
``bigint`` arguments kept exact."""

from __future__ import annotations

from typing import Any

from ...models import Problem
from .source import read_class


def _exact_ints(value: Any, ts_type: str) -> Any:
    """Integers of a ``bigint``-typed argument as strings (the harness makes them bigints)."""
    if "bigint" not in ts_type:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return [_exact_ints(v, ts_type) for v in value]
    if isinstance(value, dict):
        return {k: _exact_ints(v, ts_type) for k, v in value.items()}
    return value


def typed_job(job: dict[str, Any], problem: Problem, source: str) -> dict[str, Any]:
    """The harness's job (``harness.ts``): ``job`` with the class's ``methods`` read from
    ``source`` (the declarations with their types), and the integers of ``bigint``-typed
    arguments as strings, since JSON numbers lose digits past 2**53 in JavaScript."""
    methods: dict[str, Any] = {}
    if problem.signature.kind == "class":
        found = read_class(source, problem.entry_point)
        methods = found[1] if found else {}
        job["methods"] = methods
    job["solution"] = "solution.js"
    types = [p.type for p in problem.signature.params]
    for case in job["cases"]:
        for key in ("args", "init"):
            if key in case:
                case[key] = [_exact_ints(a, types[i] if i < len(types) else "")
                             for i, a in enumerate(case[key])]
        for call in case.get("calls", ()):
            params = methods.get(call["method"], {}).get("params", [])
            call["args"] = [_exact_ints(a, params[i]["type"] if i < len(params) else "")
                            for i, a in enumerate(call["args"])]
    return job
