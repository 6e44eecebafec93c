"""The text a person reads about one item: the failure verdict and the report sections.

Messages, outputs and solutions are untrusted and end in a terminal (and in JUnit, pytest-html
and pytest-json-report): every text here is returned through
:func:`~pytest_agentbench.text_safety.terminal`, so control characters show as escapes.
"""

from __future__ import annotations

from typing import cast

from .entries import DetailKeys
from .judge import describe_outcome
from .models import INFRASTRUCTURE, CaseOutcome
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
    label = r.failure.label
    if r.failure.origin == INFRASTRUCTURE:
        label += " (infrastructure, not scored)"
    return f"{label}: {first}" if first else label


def failure_text(r: BenchResult, style: str = "long") -> str:
    """What ``repr_failure`` returns: verdict first (the short summary line), then details:
    all of them (``--tb=long``, ``auto``), or the first failing case (``--tb=short``)."""
    if style == "short":
        return _short_failure_text(r)
    lines = [verdict(r)]
    rest = r.message.splitlines()[1:]
    if rest:
        lines += ["", *rest]
    ex = r.execution
    if ex is not None:
        failing = _failing(r)
        if failing:
            lines += ["", f"failing cases ({len(failing)} of {len(ex.outcomes)}):"]
            for o in failing[:MAX_FAILING_SHOWN]:
                lines += _case_lines(o)
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


def _failing(r: BenchResult) -> list[CaseOutcome]:
    return [o for o in r.execution.outcomes if not o.passed] if r.execution else []


def _case_lines(o: CaseOutcome) -> list[str]:
    return [f"  [{o.status}] {describe_outcome(o)}",
            *(f"      {ln}" for ln in o.message.splitlines()[1:6])]


def _short_failure_text(r: BenchResult) -> str:
    """``--tb=short``: the verdict and the first failing case (or the first lines of what
    went wrong, when no case ran)."""
    lines = [verdict(r)]
    failing = _failing(r)
    if failing:
        lines += _case_lines(failing[0])
        if len(failing) > 1:
            lines.append(f"  ... and {len(failing) - 1} more failing case(s) (--tb=long "
                         "shows them)")
    else:
        lines += [f"  {ln}" for ln in r.message.splitlines()[1:6]]
    return terminal("\n".join(lines))


def agent_text_in_failure(r: BenchResult) -> bool:
    """The failure text shows the agent's output and stderr (it failed, or gave no code)."""
    return r.reply is not None and (r.reply.failure is not None or r.solution is None)


def scores_section(r: BenchResult) -> str:
    lines = [f"{r.problem.suite}::{r.problem.id} ({r.problem.name}) - {r.status}"
             + (f": {r.failure.label} (above)" if r.failure else "")]
    lines.append(f"agent: {r.agent} ({r.agent_seconds:.2f} s) · run: {r.exec_seconds:.2f} s")
    if r.reply is not None and r.reply.source:
        lines.append(f"answer taken from {r.reply.source}: {r.reply.source_detail}")
    if r.solution is not None:
        lines.append(f"solution: {r.solution.how}")
    lines.append("")
    for d in r.scores:
        score = f"{d.score:5.2f}" if d.score is not None else "  n/a"
        note = d.reason
        details = cast(DetailKeys, d.details)  # what the results file's details will hold
        if d.name == "correctness" and "total" in details:
            note = f"{details['passed']}/{details['total']} outcomes passed" + (
                f" ({d.reason})" if d.reason else "")
        lines.append(f"  {d.name:<16}{score}  x{d.weight:.2f}  {note}".rstrip())
        lines += _dimension_detail(details)
    weighted = f"{r.weighted:5.2f}" if r.weighted is not None else "  n/a"
    lines.append(f"  {'weighted':<16}{weighted}  (over measured dimensions)")
    ex = r.execution
    if ex is not None and ex.outcomes:
        lines += ["", f"outcomes: {ex.passed_count} passed of {len(ex.outcomes)}"]
        if r.status == "failed" and ex.passed_count < len(ex.outcomes):
            lines[-1] += " (the failing ones are listed above)"
        for o in ex.outcomes:
            if not o.passed and r.status != "failed":
                lines.append(f"  {o.status:<12} {describe_outcome(o)}")
            elif o.passed:
                lines.append(f"  {'ok':<12} {o.name}")
    if r.problem.not_executable_cases:
        lines += ["", f"not executable ({len(r.problem.not_executable_cases)}, not scored):"]
        lines += [f"  {c.name}: {c.reason}" for c in r.problem.not_executable_cases]
    return terminal("\n".join(lines))


def _dimension_detail(details: DetailKeys) -> list[str]:
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
    if not agent_text_in_failure(r):
        output = r.reply.stdout_tail if r.reply.source == "workspace" else r.reply.text
        output = _without_solution(output, r)
        if output.strip():
            parts += ["output (tail):", _tail(output)]
        if r.reply.stderr_tail.strip():
            parts += ["stderr (tail):", _tail(r.reply.stderr_tail)]
    if r.reply.workspace_diff.strip():
        parts += ["workspace diff:", r.reply.workspace_diff.rstrip()]
    return terminal("\n".join(p for p in parts if p))


def _without_solution(output: str, r: BenchResult) -> str:
    """The agent's output without the solution, which has its own section: empty when the
    output was nothing else (the code in a fenced block)."""
    code = r.solution.code.strip() if r.solution else ""
    if not code or code not in output:
        return output
    rest = output.replace(code, "[the solution]", 1)
    if all(not ln.strip() or ln.strip().startswith(("```", "~~~")) or ln == "[the solution]"
           for ln in rest.splitlines()):
        return ""
    return rest.replace("[the solution]", f"[the solution, {len(code.splitlines())} lines: "
                                          "see the agentbench solution section]")
