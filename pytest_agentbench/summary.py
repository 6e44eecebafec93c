"""The terminal summary: one row per problem, then totals by language and difficulty.

Names and reasons come from suites and results files, so every line is shown with its control
characters escaped (:func:`~pytest_agentbench.text_safety.terminal`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .entries import Aggregate, Entry, Summary
from .models import is_infrastructure
from .results import dimension_text, weighted_text
from .text_safety import terminal

SHORT = {"correctness": "corr", "idiomaticity": "idiom", "performance": "perf",
         "best_practices": "pract"}


def _num(value: float | None, width: int) -> str:
    return f"{value:>{width}.1f}" if value is not None else f"{'n/a':>{width}}"


def _result(entry: Entry) -> str:
    if entry["status"] == "skipped":
        return "skipped"
    if entry["passed"]:
        return "passed"
    kind = entry.get("failure_kind") or "failed"
    return f"{kind} [infra]" if is_infrastructure(entry) else kind


def table(entries: Sequence[Entry], aggregate: Aggregate) -> list[str]:
    """The summary's lines, safe to print."""
    return [terminal(line, multiline=False) for line in _lines(entries, aggregate)]


def _lines(entries: Sequence[Entry], aggregate: Aggregate) -> list[str]:
    dims: list[str] = []
    for e in entries:
        dims.extend(d for d in e["dimensions"] if d not in dims)
    id_width = max([len("test id"), *(len(_label(e)) for e in entries)])
    result_width = max([len("result"), *(len(_result(e)) for e in entries)])
    head = (f"{'test id':<{id_width}}  {'lang':<10} {'diff':<6} {'result':<{result_width}} "
            f"{'cases':>7} " + " ".join(f"{SHORT.get(d, d[:6]):>6}" for d in dims)
            + f" {'score':>6} {'secs':>7}")
    lines = [head, "-" * len(head)]
    for e in entries:
        det = e["execution_details"]
        cases = (f"{det['cases_passed']}/{det['cases_executable']}"
                 if e["status"] != "skipped" and not is_infrastructure(e) else "-")
        lines.append(
            f"{_label(e):<{id_width}}  {e['language']:<10} {e['difficulty']:<6} "
            f"{_result(e):<{result_width}} {cases:>7} "
            + " ".join(_num(e["dimensions"].get(d), 6) for d in dims)
            + f" {_num(e['weighted_score'], 6)} {e['total_time']:>7.2f}"
        )
    lines.append("-" * len(head))
    overall = aggregate["overall"]
    lines.append(_totals_line("all", overall))
    for title, groups, always in (("language", aggregate["by_language"], True),
                                  ("difficulty", aggregate["by_difficulty"], False)):
        if len(groups) > 1 or always:
            for name, summary in groups.items():
                lines.append(_totals_line(f"{title} {name}", summary))
    dim_parts = [dimension_text(overall, d) for d in overall["dimensions"]]
    if dim_parts:
        lines.append("dimensions: " + "; ".join(dim_parts))
    passk = aggregate.get("pass_at_k") or {}
    if passk.get("k") and passk.get("samples_per_problem", 1) > 1:
        for name, row in [("all", passk["overall"]), *passk["by_suite"].items()]:
            values = ", ".join(f"pass@{k} {row[f'pass@{k}']:.3f}" for k in passk["k"])
            lines.append(f"{name}: {values} ({row['problems']} problems x "
                         f"{passk['samples_per_problem']} samples)")
    if any(len(e.get("attempts", [])) > 1 for e in entries):
        scored = overall["passed"] + overall["failed"]
        lines.append(f"repair: {overall['first_attempt_passed']}/{scored} passed at the first "
                     f"attempt, {overall['passed']}/{scored} in the end")
    rates = overall.get("pass_rates") or {}
    if len(rates) > 1 and rates.get("pass_rate_1") is not None:
        lines.append(pass_rates_line(overall))
    if overall.get("infrastructure_failed"):
        lines.append(infrastructure_line(overall))
    counts = overall["cases"]
    if counts["not_executable"]:
        lines.append(f"cases not executable (seed prose, not scored): {counts['not_executable']}")
    return lines


def pass_rates_line(summary: Summary) -> str:
    """``pass rates: pass_rate_1 41.7%, pass_rate_2 58.3% of 12 scored items (as Aider's
    leaderboard: passed within 1, 2 attempts)``."""
    rates = summary.get("pass_rates") or {}
    scored = summary["passed"] + summary["failed"]
    shown = ", ".join(f"{k} {v * 100:.1f}%" for k, v in rates.items() if v is not None)
    within = ", ".join(k.rsplit("_", 1)[1] for k in rates)
    return (f"pass rates: {shown} of {scored} scored item{'s' if scored != 1 else ''} "
            f"(as Aider's leaderboard: passed within {within} attempts)")


def infrastructure_line(summary: Summary) -> str:
    """``infrastructure failures: 3 (backend_error 3): ...``: what was not the agent's."""
    kinds = ", ".join(f"{k} {n}" for k, n in summary.get("infrastructure_kinds", {}).items())
    return (f"infrastructure failures: {summary['infrastructure_failed']} ({kinds}): not the "
            "agent's, left out of pass rates and means; --agentbench-resume asks them again")


def _label(entry: Entry) -> str:
    sample = entry.get("sample", 0)
    return entry["test_id"] + (f"#s{sample}" if sample else "")


def _totals_line(title: str, s: Summary) -> str:
    text = (f"{title}: {s['passed']}/{s['passed'] + s['failed']} passed, mean weighted score "
            f"{weighted_text(s)}")
    if s["skipped"]:
        text += f", {s['skipped']} skipped"
    if s.get("infrastructure_failed"):
        text += f", {s['infrastructure_failed']} infrastructure failure(s) not scored"
    if s["cases"]["executable"]:
        text += f", cases {s['cases']['passed']}/{s['cases']['executable']}"
    return text
