"""What a ``php`` process could not report itself, read from its stderr: a fatal error that
left its shutdown handler no memory, the allocator's "Out of memory"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...models import ProcessResult
from ..harness_runner import Step
from .toolchain import HARNESS_DIR

_FATAL = re.compile(r"^(?:PHP )?Fatal error:\s+(?P<message>.*)$", re.M)


def fatal_error_events(proc: ProcessResult, work: Path,
                       events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The event a process killed by a fatal error could not report itself (memory exhausted
    by deep recursion leaves its shutdown handler no room to run), from stderr: a compile error
    before the solution loaded, else the error of the case or test that was running."""
    match = _FATAL.search(proc.stderr)
    if match is None:
        return []
    message = match.group("message").replace(f"{work}/", "").strip()
    kinds = [ev.get("event") for ev in events]
    if "loaded" not in kinds and "plan" not in kinds and not any(
            k in ("compile_error", "load_error") for k in kinds):
        return [{"event": "compile_error", "message": f"PHP Fatal error: {message}"}]
    key = "test" if "plan" in kinds else "index"
    started = [ev.get(key) for ev in events if ev.get("event") == "start"]
    finished = {ev.get(key) for ev in events if ev.get("event") in ("case", "test")}
    running = next((k for k in reversed(started) if k not in finished), None)
    if running is None:
        return []
    if key == "test":
        return [{"event": "test", "test": running, "status": "error",
                 "message": f"FatalError: {message}"}]
    return [{"event": "case", "index": running, "status": "exception",
             "error_type": "FatalError", "message": message}]


_PANIC = re.compile(r"^(?:mmap\(\) failed: .*\n\s*)?Out of memory\s*$", re.M)


def out_of_memory_events(proc: ProcessResult,
                         events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A case that ran out of memory ends the item as a resource limit, like a MemoryError.

    Past ``memory_limit`` PHP stops with a fatal error (recorded for the running case by the
    shutdown handler or :func:`fatal_error_events`); past the sandbox's address-space limit
    (code that lifted ``memory_limit``) the allocator prints "Out of memory" and exits with
    status 1 before any handler runs, so the case is recorded here. Either way a ``done`` event
    then closes the events, so the item is judged by its outcomes (the rest ``not_run``)
    rather than by the exit status alone.
    """
    from ...judge import is_memory_error  # (the judge imports the runners)

    if any(ev.get("event") == "done" for ev in events):
        return []
    finished = {ev.get("index"): ev for ev in events if ev.get("event") == "case"}
    started = [ev.get("index") for ev in events if ev.get("event") == "start"]
    if not started:
        return []
    last = started[-1]
    added: list[dict[str, Any]] = []
    panic = _PANIC.search(proc.stderr)
    if last not in finished and panic is not None and proc.returncode == 1:
        added.append({"event": "case", "index": last, "status": "exception",
                      "error_type": "OutOfMemoryError",
                      "message": " ".join(panic.group(0).split())
                      + " (the sandbox's memory limit)"})
    else:
        event = finished.get(last) or {}
        text = f"{event.get('error_type', '')}: {event.get('message', '')}"
        if event.get("status") != "exception" or not is_memory_error(text):
            return []
    return [*added, {"event": "done"}]


def work_of(step: Step) -> Path:
    """The work directory of one of this runner's steps (each names its script there)."""
    script = next(arg for arg in step.argv if arg.endswith((f"/{HARNESS_DIR}/harness.php",
                                                            f"/{HARNESS_DIR}/native.php")))
    return Path(script).parent.parent
