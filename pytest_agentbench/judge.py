"""Judge raw outcomes against expected values: the one place where comparison rules live.

Every language runner hands back decoded values; this module applies the case's rule (exact,
unordered, unordered_nested, approx) and turns each raw outcome into a named case outcome.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from .languages.python.harness import python_harness
from .models import (
    Case,
    CaseOutcome,
    CaseStatus,
    Compare,
    Execution,
    FailureKind,
    Problem,
    RawOutcome,
    RunOutput,
)

SHOW = 300  # characters of a value shown in a report
Opaque = python_harness.Opaque
# the harness's decoder of a value on the wire (its module, run in the sandbox, is not annotated)
decode: Callable[[Any], Any] = python_harness.decode


def show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOW else text[: SHOW - 3] + "..."


# ---------------------------------------------------------------- comparison


def _canonical(value: Any) -> Any:
    """Tuples as lists, bools distinct from ints, so that ``True`` never equals ``1``."""
    if isinstance(value, bool):
        return ("$bool", value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {_hashable(_canonical(k)): _canonical(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return ("$set", sorted(_sort_key(_canonical(v)) for v in value))
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def _sort_key(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        return repr(value)


def _deep_sorted(value: object) -> object:
    if isinstance(value, list):
        return sorted((_deep_sorted(v) for v in value), key=_sort_key)
    if isinstance(value, dict):
        return {k: _deep_sorted(v) for k, v in value.items()}
    return value


def _approx(a: object, b: object, tol: float) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=tol, abs_tol=tol)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_approx(x, y, tol) for x, y in zip(a, b, strict=False))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_approx(a[k], b[k], tol) for k in a)
    return a == b


def values_match(actual: Any, expected: Any, compare: Compare) -> bool:
    if isinstance(actual, Opaque):
        return False
    a: object = _canonical(actual)
    e: object = _canonical(expected)
    if compare.rule == "exact":
        return a == e
    if compare.rule == "approx":
        return _approx(a, e, compare.tolerance)
    if compare.rule == "unordered":
        if isinstance(a, list) and isinstance(e, list):
            return sorted(map(_sort_key, a)) == sorted(map(_sort_key, e))
        return a == e
    if compare.rule == "unordered_nested":
        return _deep_sorted(a) == _deep_sorted(e)
    raise ValueError(f"unknown comparison rule {compare.rule!r}")


def _strip_trailing_none(value: Any) -> Any:
    if isinstance(value, list):
        value = list(value)
        while value and value[-1] is None:
            value.pop()
    return value


# ---------------------------------------------------------------- judging


# a runner's outcome statuses that are case statuses as they are
_KEPT: dict[str, CaseStatus] = {"timeout": "timeout", "not_run": "not_run", "skipped": "skipped"}


def judge_case(problem: Problem, case: Case, raw: RawOutcome) -> CaseOutcome:
    base: dict[str, Any] = {"index": case.index, "name": case.name, "seconds": raw.seconds}
    if raw.status in ("timeout", "not_run"):
        return CaseOutcome(status=_KEPT[raw.status], message=raw.message, **base)
    if case.calls is not None:
        return _judge_calls(case, raw, base)
    expected = case.expected
    if "TreeNode" in problem.signature.returns or "ListNode" in problem.signature.returns:
        expected = _strip_trailing_none(expected)
    shown_expected = f"raises {case.raises}" if case.raises else show(expected)
    if raw.status == "exception":
        if case.raises and raw.error_type == case.raises:
            return CaseOutcome(status="passed", expected=shown_expected,
                               actual=f"raised {raw.error_type}", **base)
        return CaseOutcome(status="error", expected=shown_expected,
                           actual=f"raised {raw.error_type}",
                           message=f"{raw.error_type}: {raw.message}", **base)
    if raw.status != "value":
        return CaseOutcome(status="error", message=f"unexpected outcome {raw.status!r}", **base)
    actual = decode(raw.value)
    if case.raises:
        return CaseOutcome(status="wrong_answer", expected=shown_expected,
                           actual=f"returned {show(actual)}", **base)
    if case.expected_attributes is not None:
        expected = case.expected_attributes
    if values_match(actual, expected, case.compare):
        return CaseOutcome(status="passed", expected=shown_expected, actual=show(actual), **base)
    return CaseOutcome(status="wrong_answer", expected=shown_expected, actual=show(actual), **base)


def _judge_calls(case: Case, raw: RawOutcome, base: dict[str, Any]) -> CaseOutcome:
    assert case.calls is not None
    if raw.status == "exception":  # the constructor raised
        if case.init_raises and raw.error_type == case.init_raises:
            return CaseOutcome(status="passed", expected=f"raises {case.init_raises}",
                               actual=f"raised {raw.error_type}", **base)
        return CaseOutcome(status="error", message=f"constructor raised {raw.error_type}: "
                           f"{raw.message}", **base)
    if case.init_raises:
        return CaseOutcome(status="wrong_answer", expected=f"raises {case.init_raises}",
                           actual="the constructor returned", message="constructor", **base)
    results = raw.value if isinstance(raw.value, list) else []
    for i, call in enumerate(case.calls):
        label = f"call {i + 1} {call.method}(...)"
        if i >= len(results):
            return CaseOutcome(status="error", message=f"{label}: no result", **base)
        got = results[i]
        if "error_type" in got:
            if call.raises and got["error_type"] == call.raises:
                continue
            return CaseOutcome(status="error", expected=_call_expected(call),
                               actual=f"raised {got['error_type']}",
                               message=f"{label} raised {got['error_type']}: {got.get('message')}",
                               **base)
        value = decode(got.get("value"))
        if call.raises:
            return CaseOutcome(status="wrong_answer", expected=f"raises {call.raises}",
                               actual=f"returned {show(value)}", message=label, **base)
        if call.has_expected and not values_match(value, call.expected, case.compare):
            return CaseOutcome(status="wrong_answer", expected=show(call.expected),
                               actual=show(value), message=label, **base)
    return CaseOutcome(status="passed", **base)


def _call_expected(call: Any) -> str:
    if call.raises:
        return f"raises {call.raises}"
    return show(call.expected) if call.has_expected else "(not checked)"


def judge_native(raw: RawOutcome) -> CaseOutcome:
    base: dict[str, Any] = {"index": raw.index, "name": raw.name or f"test {raw.index}",
                            "seconds": raw.seconds}
    if raw.status == "test_passed":
        return CaseOutcome(status="passed", **base)
    if raw.status == "test_failed":
        return CaseOutcome(status="wrong_answer", message=raw.message, **base)
    if raw.status in _KEPT:
        return CaseOutcome(status=_KEPT[raw.status], message=raw.message, **base)
    return CaseOutcome(status="error", message=f"{raw.error_type}: {raw.message}".strip(": "),
                       **base)


def judge(problem: Problem, run: RunOutput) -> Execution:
    """All outcomes of one run, judged, and the item-level failure kind with its message."""
    cases = {c.index: c for c in problem.executable_cases}
    outcomes: list[CaseOutcome] = []
    for raw in run.outcomes:
        case = cases.get(raw.index)
        outcomes.append(judge_case(problem, case, raw) if case else judge_native(raw))
    seconds = run.process.seconds if run.process else 0.0
    stdout = run.process.stdout if run.process else ""
    stderr = run.process.stderr if run.process else ""
    failure, message = run.failure, run.message
    if failure is None:
        failure, message = _failure_from_outcomes(outcomes)
    if failure is FailureKind.HARNESS_ERROR and not outcomes and run.process is not None \
            and run.process.returncode is not None and run.failure is None:
        # the process ran and ended normally without a word: its code (the solution's, which
        # runs inside the harness) ended it early, e.g. with os._exit(0); that is the
        # solution's failure, not the harness's (which would leave the item unscored)
        failure = FailureKind.RUNTIME_ERROR
        message = (f"the solution's process ended (exit status {run.process.returncode}) "
                   "without reporting any outcome: did the code end it?")
    elif failure == FailureKind.TIMEOUT and outcomes:
        message = f"{message} ({sum(o.passed for o in outcomes)}/{len(outcomes)} passed before)"
    return Execution(tuple(outcomes), failure, message, seconds, stdout, stderr,
                     problem.not_executable_cases, run.compile_seconds)


def _failure_from_outcomes(outcomes: list[CaseOutcome]) -> tuple[FailureKind | None, str]:
    if not outcomes:
        return FailureKind.HARNESS_ERROR, "no outcome was reported"
    counted = [o for o in outcomes if o.status != "skipped"]  # skipped: neither pass nor fail
    failing = [o for o in counted if not o.passed]
    if not failing:
        return None, ""
    passed = len(counted) - len(failing)
    first = failing[0]
    if any(o.status == "timeout" for o in failing):
        kind = FailureKind.TIMEOUT
    elif any(o.status == "error" and is_memory_error(o.message) for o in failing):
        kind = FailureKind.RESOURCE_LIMIT
        first = next(o for o in failing if o.status == "error" and is_memory_error(o.message))
    elif any(o.status == "error" for o in failing):
        kind = FailureKind.RUNTIME_ERROR
        first = next(o for o in failing if o.status == "error")
    else:
        kind = FailureKind.WRONG_ANSWER
    detail = describe_outcome(first)
    skipped = len(outcomes) - len(counted)
    note = f" ({skipped} skipped)" if skipped else ""
    return kind, f"{passed}/{len(counted)} cases passed{note}; first failure: {detail}"


# How runtimes report that a limit stopped them: out of memory under the address-space or
# cgroup limit, or a write past the file-size limit (EFBIG, where SIGXFSZ is ignored).
RESOURCE_ERRORS = ("MemoryError", "OutOfMemoryError", "NoMemoryError", "RangeError: Array buffer",
                   "out of memory", "memory allocation of", "Allowed memory size",
                   "File too large", "EFBIG")


def is_memory_error(message: str) -> bool:
    """Whether an error message says a resource limit stopped the code."""
    head = message.split("\n", 1)[0].lower()
    return any(marker.lower() in head for marker in RESOURCE_ERRORS)


def describe_outcome(o: CaseOutcome) -> str:
    if o.status == "wrong_answer" and (o.expected or o.actual):
        text = f"{o.name}: expected {o.expected}, got {o.actual}"
        return f"{text} ({o.message})" if o.message else text
    first_line = o.message.splitlines()[0] if o.message else o.status
    return f"{o.name}: {first_line}"
