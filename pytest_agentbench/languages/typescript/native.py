"""Outcomes of TypeScript's native tests from the events node:test reported through the
channel (``support/reporter.ts``), and of the tests a run left unfinished."""

from __future__ import annotations

import re
from typing import Any

from ...models import ProcessResult


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
                   proc: ProcessResult) -> list[tuple[str, str, str, float]]:
    """One ``(name, status, message, seconds)`` per test that node:test reported through the
    channel: the innermost tests, and a block or test that failed by itself (a hook, a throwing
    ``describe`` body). A test its own code skipped or marked todo, or one inside such a block,
    is ``skipped``. A test that started but has no result is a ``timeout`` when the process was
    killed at the time limit, else an error; a run that ended on its own before node:test
    reported every test (no ``done``) gets an error outcome of its own."""
    out: list[tuple[str, str, str, float]] = []
    started: list[str] = []
    finished: set[str] = set()
    disabled: list[str] = []  # blocks skipped or marked todo: their tests are skipped
    done = False
    for ev in events:
        kind = ev.get("event")
        if kind == "test_start":
            started.append(str(ev.get("name", "")))
        elif kind == "done":
            done = True
        elif kind == "harness_error":
            out.append(("node:test reporter", "error",
                        f"{ev.get('error_type', '')}: {ev.get('message', '')}", 0.0))
        elif kind == "test":
            name = str(ev.get("name", ""))
            finished.add(name)
            try:
                seconds = float(ev.get("seconds") or 0.0)
            except (TypeError, ValueError):
                seconds = 0.0
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
    return out + unfinished_tests(started, finished, done, bool(events), proc, "node:test")


def unfinished_tests(started: list[str], finished: set[str], done: bool, reported: bool,
                     proc: ProcessResult, runner: str) -> list[tuple[str, str, str, float]]:
    """Outcomes for what a test run left unfinished: a test that started (and is no block of
    other tests) without a result is a ``timeout`` when the process was killed at the time
    limit, else an error; a run that ended on its own before the test ``runner`` said it was
    ``done`` (after it ``reported`` something, or with status 0) gets an error of its own."""
    out: list[tuple[str, str, str, float]] = []
    known = [*started, *finished]
    for name in dict.fromkeys(started):
        if name in finished or any(other.startswith(name + " > ") for other in known):
            continue
        out.append((name, "timeout", "did not finish within the time limit", 0.0)
                   if proc.timed_out
                   else (name, "error", "did not finish (the test process ended)", 0.0))
    if not done and not proc.timed_out and proc.signal is None and (reported
                                                                    or proc.returncode == 0):
        out.append((runner, "error", "the test process ended (exit status "
                    f"{proc.returncode}) before {runner} reported every test", 0.0))
    return out
