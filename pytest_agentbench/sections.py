"""The text a person reads about one item: the failure verdict and the report sections.

Messages, outputs and solutions are untrusted and end in a terminal (and in JUnit, pytest-html
and pytest-json-report): every text here is returned through
:func:`~pytest_agentbench.text_safety.terminal`, so control characters show as escapes.
"""

from __future__ import annotations

from .judge import describe_outcome
from .pipeline import BenchResult
from .text_safety import terminal

MAX_FAILING_SHOWN = 10
TAIL_LINES = 40


def _tail(text: str, lines: int = TAIL_LINES) -> str:
    kept = text.rstrip().splitlines()[-lines:]
    return "\n".join(kept)


def verdict(r: BenchResult) -> str:
    """The first line of a failure: the failure kind's name, then what happened."""
    if r.failure is None:
        return "passed"
    first = r.message.splitlines()[0] if r.message else ""
    return f"{r.failure.label}: {first}" if first else r.failure.label


def failure_text(r: BenchResult) -> str:
    """What ``repr_failure`` returns: verdict first (the short summary line), then details."""
    lines = [verdict(r)]
    rest = r.message.splitlines()[1:]
    if rest:
        lines += ["", *rest]
    ex = r.execution
    if ex is not None:
        failing = [o for o in ex.outcomes if not o.passed]
        if failing:
            lines += ["", f"failing cases ({len(failing)} of {len(ex.outcomes)}):"]
            for o in failing[:MAX_FAILING_SHOWN]:
                lines.append(f"  [{o.status}] {describe_outcome(o)}")
                lines += [f"      {ln}" for ln in o.message.splitlines()[1:6]]
            if len(failing) > MAX_FAILING_SHOWN:
                lines.append(f"  ... and {len(failing) - MAX_FAILING_SHOWN} more")
        if ex.stderr.strip():
            lines += ["", "stderr (tail):", _tail(ex.stderr, 15)]
    reply = r.reply
    if reply is not None and reply.failure is not None:
        if reply.stderr_tail.strip():
            lines += ["", "agent stderr (tail):", _tail(reply.stderr_tail, 15)]
        if reply.text.strip():
            lines += ["", "agent output (tail):", _tail(reply.text, 15)]
    elif r.solution is None and reply is not None:
        lines += ["", "agent output (tail):", _tail(reply.text, 15) or "(empty)"]
    return terminal("\n".join(lines))


def scores_section(r: BenchResult) -> str:
    lines = [f"{r.problem.suite}::{r.problem.id} ({r.problem.name}) - {r.status}"
             + (f": {verdict(r)}" if r.failure else "")]
    lines.append(f"agent: {r.agent} ({r.agent_seconds:.2f} s) · run: {r.exec_seconds:.2f} s")
    if r.reply is not None and r.reply.source:
        lines.append(f"answer taken from {r.reply.source}: {r.reply.source_detail}")
    if r.solution is not None:
        lines.append(f"solution: {r.solution.how}")
    lines.append("")
    for d in r.scores:
        score = f"{d.score:5.2f}" if d.score is not None else "  n/a"
        note = d.reason
        if d.name == "correctness" and "total" in d.details:
            note = f"{d.details['passed']}/{d.details['total']} outcomes passed" + (
                f" ({d.reason})" if d.reason else "")
        lines.append(f"  {d.name:<16}{score}  x{d.weight:.2f}  {note}".rstrip())
        lines += _dimension_detail(d.details)
    weighted = f"{r.weighted:5.2f}" if r.weighted is not None else "  n/a"
    lines.append(f"  {'weighted':<16}{weighted}  (over measured dimensions)")
    ex = r.execution
    if ex is not None:
        lines += ["", f"outcomes: {ex.passed_count} passed of {len(ex.outcomes)}"]
        for o in ex.outcomes:
            mark = "ok  " if o.passed else o.status
            lines.append(f"  {mark:<12} {describe_outcome(o) if not o.passed else o.name}")
    if r.problem.not_executable_cases:
        lines += ["", f"not executable ({len(r.problem.not_executable_cases)}, not scored):"]
        lines += [f"  {c.name}: {c.reason}" for c in r.problem.not_executable_cases]
    return terminal("\n".join(lines))


def _dimension_detail(details: dict) -> list[str]:
    """The findings and the arithmetic behind a dimension's score, so it can be redone."""
    out = []
    if details.get("formula"):
        out.append(f"{'':22}score = {details['formula']}")
    for f in details.get("findings", []):
        weight = f" (weight {f['weight']:g})" if f.get("weight", 1) != 1 else ""
        out.append(f"{'':22}line {f['line']}: {f['tool']} {f['rule']}: {f['message']}{weight}")
    if details.get("ratio_text"):
        out.append(f"{'':22}{details['ratio_text']}")
    return out


def solution_section(r: BenchResult) -> str:
    return terminal(r.solution.code) if r.solution else ""


def agent_section(r: BenchResult) -> str:
    if r.reply is None:
        return ""
    parts = [f"exit code: {r.reply.exit_code}" if r.reply.exit_code is not None else ""]
    if r.reply.source:
        parts.append(f"answer taken from {r.reply.source}: {r.reply.source_detail}")
    output = r.reply.stdout_tail if r.reply.source == "workspace" else r.reply.text
    if output.strip():
        parts += ["output (tail):", _tail(output)]
    if r.reply.stderr_tail.strip():
        parts += ["stderr (tail):", _tail(r.reply.stderr_tail)]
    if r.reply.workspace_diff.strip():
        parts += ["workspace diff:", r.reply.workspace_diff.rstrip()]
    return terminal("\n".join(p for p in parts if p))
