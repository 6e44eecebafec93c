"""Exercism project mode: an exercise's own test modules, run by
``harness/python_project_harness.py``, and their outcomes."""

from __future__ import annotations

from typing import Any

from ...models import FailureKind, Problem, ProcessResult, RunOutput
from ..harness_runner import output_from_events
from ..test_outcomes import project_test_source, tests_from_events, tests_output

TOOLS = ".agentbench"  # a project's harness and job, beside its own files


def project_output(problem: Problem, events: list[dict[str, Any]], proc: ProcessResult,
                   forged: int) -> RunOutput:
    """A project run's outcomes: one per test; a solution that does not parse is a compile
    error, one that fails at import or leaves a test module unable to import (``cannot import
    name``) a runtime error before any test."""
    if forged or any(ev.get("event") in ("compile_error", "load_error") for ev in events):
        return output_from_events(problem, events, proc, forged)
    for ev in events:
        if ev.get("event") in ("tests_error", "harness_error"):
            detail = f"{ev.get('error_type', 'Error')}: {ev.get('message', '')}\n" \
                     f"{ev.get('traceback') or ''}"
            if ev["event"] == "harness_error":
                return RunOutput((), proc, FailureKind.HARNESS_ERROR, detail.strip())
            return RunOutput((), proc, FailureKind.RUNTIME_ERROR,
                             f"the tests could not be loaded: {detail.strip()}")
    return tests_output(0, project_test_source(problem), proc, tests_from_events(events, proc), 0)

