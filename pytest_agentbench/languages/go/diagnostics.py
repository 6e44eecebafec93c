"""Go's fatal errors and output floods named in a run's report."""

from __future__ import annotations

import re
from dataclasses import replace

from ...models import FailureKind, RunOutput
from ..harness_runner import MiB


def explain_output_flood(out: RunOutput, file_size_bytes: int | None) -> RunOutput:
    """A solution that filled its output file to the file-size limit hit a resource limit,
    even when it was killed later: the Go runtime ignores SIGXFSZ, so its writes just failed
    from then on, and a flood that ignores write errors runs on until the time limit."""
    proc = out.process
    if (proc is None or not file_size_bytes or proc.stdout_bytes < file_size_bytes
            or out.failure not in (FailureKind.TIMEOUT, FailureKind.RUNTIME_ERROR)):
        return out
    why = (f"the solution wrote {file_size_bytes // MiB} MiB of output, the file size limit "
           "(Go ignores SIGXFSZ: its writes failed from then on)")
    return replace(out, failure=FailureKind.RESOURCE_LIMIT,
                   message=f"{why}\n{out.message}".strip())


_FATAL = re.compile(r"^(panic: .*|fatal error: .*|runtime: goroutine stack exceeds .*)$", re.M)
_RESOURCE = ("fatal error: out of memory", "stack exceeds", "fatal error: stack overflow")


def explain_fatal(out: RunOutput) -> RunOutput:
    """Name a crash of the Go runtime (a panic in a goroutine of the solution, a deadlock,
    concurrent map writes, out of memory) in the crashed case and the item's message."""
    proc = out.process
    if proc is None or not proc.stderr:
        return out
    found = _FATAL.findall(proc.stderr)
    crashed = any(o.status == "exception" and o.error_type == "Crash" for o in out.outcomes)
    if not found or (out.failure is None and not crashed):
        return out
    lines = [found[0]]
    if found[0].startswith("panic: ") and "goroutine " in proc.stderr:
        lines[0] += " (in a goroutine the harness does not run, so it cannot be recovered)"
    detail = "\n".join(lines + solution_frames(proc.stderr)[:3])
    outcomes = tuple(
        replace(o, message=f"{o.message}: {detail}")
        if o.status == "exception" and o.error_type == "Crash" else o
        for o in out.outcomes)
    failure, message = out.failure, out.message
    if any(marker in proc.stderr for marker in _RESOURCE):
        failure = FailureKind.RESOURCE_LIMIT
        message = f"{message}\n{detail}".strip() if message else detail
    elif failure is not None and found[0] not in message:
        message = f"{message}\n{detail}"
    return replace(out, outcomes=outcomes, failure=failure, message=message)


_FRAME = re.compile(r"^\s*(?:\S*/)?(solution(?:_test)?\.go:\d+)(?:\s+\+0x[0-9a-f]+)?\s*$")


def solution_frames(stack: str) -> list[str]:
    """``function at solution.go:line`` for each frame of a Go stack trace in the solution."""
    lines = stack.splitlines()
    frames = []
    for i, line in enumerate(lines):
        match = _FRAME.match(line)
        if match:
            caller = lines[i - 1].strip() if i else ""
            frames.append(f"{caller} at {match.group(1)}" if caller else match.group(1))
    return frames

