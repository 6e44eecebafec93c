"""Outcomes of TypeScript's native tests from the events node:test reported through the
channel (``support/reporter.ts``)."""

from __future__ import annotations

import re
from typing import Any

from ...models import ProcessResult
from ..node import RunProgress, TestResult, event_seconds


def _failure(event: dict[str, Any]) -> tuple[str, str]:
    """Status and message of a failed test's event (``support/reporter.ts``)."""
    kind = str(event.get("failure_type") or "")
    error_name = str(event.get("error_name") or "")
    if kind == "testTimeoutFailure":
        status = "timeout"
    elif event.get("error_code") == "ERR_ASSERTION" or error_name == "AssertionError":
        status = "failed"
    else:
        status = "error"
    error = re.sub(r"\n\s*\n", "\n", str(event.get("error") or "").strip())
    message = f"{error_name}: {error}" if error_name and error_name != "Error" else error
    frames = [ln.strip() for ln in str(event.get("stack") or "").splitlines()
              if ln.strip().startswith("at ")]
    where = next((f for f in frames if "solution" in f), "")
    where = re.sub(r"^at (?:.*\((.*)\)|(.*))$", lambda m: m.group(1) or m.group(2), where)
    where = where or str(event.get("location") or "")
    if where:
        message = f"{message}\n  at {where}"
    return status, message.strip()


def native_results(events: list[dict[str, Any]],
                   proc: ProcessResult) -> list[TestResult]:
    """One ``(name, status, message, seconds)`` per test that node:test reported through the
    channel: the innermost tests, and a block or test that failed by itself (a hook, a throwing
    ``describe`` body). A test its own code skipped or marked todo, or one inside such a block,
    is ``skipped``. A test that started but has no result is a ``timeout`` when the process was
    killed at the time limit, else an error; a run that ended on its own before node:test
    reported every test (no ``done``) gets an error outcome of its own."""
    out: list[TestResult] = []
    disabled: list[str] = []  # blocks skipped or marked todo: their tests are skipped
    progress = RunProgress()
    for ev in progress.read(events):
        kind = ev.get("event")
        if kind == "harness_error":
            out.append(("node:test reporter", "error",
                        f"{ev.get('error_type', '')}: {ev.get('message', '')}", 0.0))
        elif kind == "test":
            name = str(ev.get("name", ""))
            seconds = event_seconds(ev)
            if ev.get("skip") or ev.get("todo"):
                if ev.get("leaf"):
                    out.append((name, "skipped", str(ev.get("skip_reason") or ""), seconds))
                else:
                    disabled.append(name)
            elif ev.get("leaf"):
                out.append((name, "passed", "", seconds) if ev.get("passed")
                           else (name, *_failure(ev), seconds))
            elif not ev.get("passed") and ev.get("failure_type") != "subtestsFailed":
                out.append((name, *_failure(ev), seconds))
    # a block's directive comes after its tests' results: they are skipped with it
    for i, (name, _, _, seconds) in enumerate(out):
        if any(name.startswith(block + " > ") for block in disabled):
            out[i] = (name, "skipped", "in a skipped or todo block", seconds)
    return out + progress.unfinished(proc, "node:test")

