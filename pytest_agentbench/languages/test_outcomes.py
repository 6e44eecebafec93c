"""Tests' outcomes, from what a test run reported: shared by native tests and project mode.

A runner's ``parse_native`` or ``parse_project`` gives one ``(name, status, message[,
seconds])`` per test; :func:`tests_output` numbers them into raw outcomes and voids a run that
passed a test twice or under a name the tests do not hold. :func:`tests_from_events` reads them
from the usual channel events.
"""

from __future__ import annotations

import re
from typing import Any

from .. import channel
from ..models import FailureKind, Problem, ProcessResult, RawOutcome, RunOutput
from .base import first_lines, process_failure

NATIVE_STATUS = {"passed": "test_passed", "failed": "test_failed", "timeout": "timeout",
                 "not_run": "not_run", "skipped": "skipped"}


NATIVE_STATUSES = ("passed", "failed", "error", "skipped")


def planned_tests(proc: ProcessResult, events: list[dict[str, Any]]
                  ) -> tuple[list[tuple], list[tuple], list[str] | None]:
    """A harness that lists its tests first (a ``tests`` event) and reports each one
    (``native_start``, ``native``; ``tests_error`` when the tests could not run), as Rust's and
    C++'s do: one entry per listed test, in order (the one that had started when the run was
    stopped is a timeout, or an error if the harness died; the ones after it not_run), the
    reported entries no listed test took (which void the run), and the list itself."""
    planned: list[str] | None = None
    reported: list[tuple] = []
    running = None
    for ev in events:
        kind = ev.get("event")
        if kind == "tests" and planned is None:
            planned = [str(n) for n in ev.get("names") or () if isinstance(n, str)]
        elif kind == "native_start":
            running = str(ev.get("name", ""))
        elif kind == "native":
            name = str(ev.get("name", ""))
            status = ev.get("status")
            reported.append((name, status if status in NATIVE_STATUSES else "error",
                             str(ev.get("message") or ""), _seconds(ev.get("seconds"))))
            running = None if name == running else running
        elif kind == "tests_error":
            reported.append(("(the tests)", "error", str(ev.get("message") or ""), 0.0))
    out: list[tuple] = []
    for name in planned or ():
        found = next((r for r in reported if r[0] == name), None)
        if found is not None:
            reported.remove(found)
            out.append(found)
        elif name == running and proc.timed_out:
            out.append((name, "timeout", "did not finish within the time limit", 0.0))
        elif name == running:
            out.append((name, "error", "the test runner died while this test ran", 0.0))
        else:
            out.append((name, "not_run", "not run: the test binary ended first", 0.0))
    return out, reported, planned


def _seconds(value: Any) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    return float(value) if ok else 0.0


def unknown_passes(source: str, tests: list[tuple]) -> int:
    """Passed tests that the test source does not name, or that were reported twice."""
    seen: set[str] = set()
    bad = 0
    for test in tests:
        name, status = str(test[0]), test[1]
        if status != "passed":
            continue
        # the method of "Class.method", "Class::method", "Class#method" (Ruby), a path's end
        leaf = re.split(r"[.:#/ ]+", name.strip())[-1] if name.strip() else ""
        if name in seen or not leaf or leaf not in source:
            bad += 1
        seen.add(name)
    return bad


def tests_output(first: int, source: str, proc: ProcessResult, tests: list[tuple],
                 forged: int) -> RunOutput:
    """Tests' outcomes (``(name, status, message[, seconds])``), numbered from ``first``; a
    test reported twice, or passed under a name ``source`` (the tests' code) does not hold,
    voids the run like a forged line."""
    outcomes = []
    for offset, test in enumerate(tests):
        name, status, message = test[0], test[1], test[2]
        seconds = float(test[3]) if len(test) > 3 else 0.0
        outcomes.append(RawOutcome(first + offset, NATIVE_STATUS.get(status, "exception"),
                                   message=message, name=name, seconds=seconds))
    forged += unknown_passes(source, tests)
    if forged:
        return RunOutput(tuple(outcomes), proc, FailureKind.RUNTIME_ERROR,
                         channel.forged_message(forged))
    failure, message = None, ""
    why = process_failure(proc, "test")
    if why and (proc.timed_out or proc.signal is not None or not tests):
        failure, message = why
        if not tests and proc.stderr.strip():
            message += "\n" + first_lines(proc.stderr, 15)
    return RunOutput(tuple(outcomes), proc, failure, message)


def project_test_source(problem: Problem) -> str:
    """Every test file of a project problem, for :func:`unknown_passes`."""
    return "\n".join(problem.project.tests.values()) if problem.project is not None else ""


_EVENT_STATUS = {"test_passed": "passed", "test_failed": "failed", "exception": "error",
                 "skipped": "skipped"}


def tests_from_events(events: list[dict[str, Any]], proc: ProcessResult) -> list[tuple]:
    """Tests read from the usual channel events: ``planned`` (``tests``: every test's name, in
    order, before the first runs), ``start`` (``name``) and ``case`` (``name``, ``status``
    ``test_passed``/``test_failed``/``exception``/``skipped``, ``message``, ``error_type``,
    ``seconds``). A planned test with no outcome is the one that timed out or crashed (the
    last started) or not run; a test reported twice is kept twice (it voids the run)."""
    planned = [str(n) for ev in events if ev.get("event") == "planned"
               for n in ev.get("tests", [])]
    started = [str(ev.get("name", "")) for ev in events if ev.get("event") == "start"]
    done: list[tuple] = []
    reported: set[str] = set()
    for ev in events:
        if ev.get("event") != "case":
            continue
        name = str(ev.get("name", ""))
        status = _EVENT_STATUS.get(str(ev.get("status")), "error")
        message = str(ev.get("message", ""))
        if status == "error":
            head = f"{ev.get('error_type', 'Error')}: {message}".strip(": ")
            message = f"{head}\n{ev['traceback']}".strip() if ev.get("traceback") else head
        done.append((name, status, message, float(ev.get("seconds", 0.0) or 0.0)))
        reported.add(name)
    unfinished = [n for n in started if n not in reported]
    running = unfinished[-1] if unfinished else None
    for name in planned:
        if name in reported:
            continue
        if name == running and proc.timed_out:
            done.append((name, "timeout", "did not finish within the time limit"))
        elif name == running:
            why = process_failure(proc, "test")
            done.append((name, "error", why[1] if why else "the process ended during it"))
        else:
            done.append((name, "not_run", "not run: the process ended first"))
    order = {name: i for i, name in enumerate(planned)}
    return sorted(done, key=lambda t: order.get(t[0], len(order)))
