"""The HTML report: one self-contained file that opens offline.

Everything is inlined: the data (JSON in a ``<script type="application/json">``), the page's own
script and style, Chart.js and highlight.js (core and the runners' languages), vendored under
``data/report/`` with their licenses (``scripts/vendor-report-assets.sh`` refreshes them). A
Content-Security-Policy forbids every network load, so the page cannot reach out even by
mistake. Agents' text is untrusted: the JSON is escaped for its script element
(:func:`~pytest_agentbench.text_safety.script_json`: no ``</script>`` or ``<!--`` can end it,
and a lone surrogate becomes U+FFFD) and the page puts it in as text.

Long fields are cut to keep the file small (under 2 MB for an 84-item suite with a baseline):
case values, messages and output tails; the timing series behind the performance score are
left out (its one-line explanation stays).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypedDict, cast

from . import __version__
from . import compare as cmp
from .compare_shape import ComparisonSummary
from .entries import AgentDetails, DimensionDetail, Entry, ExecutionDetails, details_of
from .gates import GateReport, GateResult
from .models import entry_origin
from .runs import Leaderboard, Run
from .text_safety import html_text, script_json, valid

ASSETS = ("chart.umd.min.js", "highlight.min.js", "report.js")
STYLES = ("report.css", "highlight.github.min.css")
LIMITS = {"value": 400, "message": 2000, "tail": 3000, "answer": 4000, "solution": 30000,
          "findings": 60, "cases": 200}


class Payload(TypedDict):
    """The data the page renders (``data/report/report.js`` reads it)."""

    title: str
    mode: str  # "single", "compare" or "leaderboard"
    generated_at: str
    plugin_version: str
    dimensions: list[str]
    runs: list[dict[str, Any]]
    items: list[dict[str, Any]]
    comparison: ComparisonSummary | None
    leaderboard: Leaderboard | None
    gates: list[GateReport]
    warnings: list[str]


def _asset(name: str) -> str:
    return (resources.files("pytest_agentbench") / "data" / "report" / name).read_text(
        encoding="utf-8")


def _cut(value: object, limit: int) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"… [{len(text) - limit} more characters]"


def _tail(value: object, limit: int) -> str:
    text = str(value or "")
    return text if len(text) <= limit else "…" + text[-limit:]


def _dimension(d: DimensionDetail) -> dict[str, Any]:
    details = details_of(d)
    out: dict[str, Any] = {"score": d.get("score"), "weight": d.get("weight"),
                           "reason": d.get("reason") or ""}
    if details.get("formula"):
        out["formula"] = str(details["formula"])
    if details.get("ratio_text"):
        out["ratio_text"] = str(details["ratio_text"])
    if "passed" in details and "total" in details:
        out["cases_text"] = f"{details['passed']}/{details['total']} outcomes passed"
    findings = details.get("findings")
    if isinstance(findings, list):
        out["findings"] = [
            {"tool": f.get("tool"), "rule": f.get("rule"), "line": f.get("line"),
             "message": _cut(f.get("message"), LIMITS["value"]), "weight": f.get("weight")}
            for f in findings[:LIMITS["findings"]] if isinstance(f, dict)]
        if len(findings) > LIMITS["findings"]:
            out["extra"] = f"{len(findings) - LIMITS['findings']} more findings not shown"
    return out


def item_payload(e: Entry, run_index: int) -> dict[str, Any]:
    ex = e.get("execution_details") or cast(ExecutionDetails, {})
    agent = e.get("agent_details") or cast(AgentDetails, {})
    cases = ex.get("cases") or []
    answer = agent.get("output_tail") or ""
    return {
        "run": run_index,
        "test_id": e["test_id"], "name": e.get("name") or "", "suite": e.get("suite") or "",
        "suite_version": e.get("suite_version") or "", "language": e.get("language") or "",
        "difficulty": e.get("difficulty") or "", "category": e.get("category") or "",
        "sample": int(e.get("sample") or 0), "status": e.get("status"),
        "result": cmp.outcome(e), "passed": bool(e.get("passed")), "origin": entry_origin(e),
        "message": _cut(e.get("message"), LIMITS["message"]) or "",
        "dims": dict(e.get("dimensions") or {}), "score": e.get("weighted_score"),
        "time": e.get("total_time"),
        "cases_passed": ex.get("cases_passed", 0), "cases_total": ex.get("cases_executable", 0),
        "cases": [{"index": c.get("index"), "name": c.get("name"), "status": c.get("status"),
                   "expected": _cut(c.get("expected"), LIMITS["value"]),
                   "actual": _cut(c.get("actual"), LIMITS["value"]),
                   "message": _cut(c.get("message"), LIMITS["value"])}
                  for c in cases[:LIMITS["cases"]]],
        "not_executable": [{"index": n.get("index"), "name": n.get("name"),
                            "reason": _cut(n.get("reason"), LIMITS["value"])}
                           for n in ex.get("not_executable") or []],
        "details": {name: _dimension(d) for name, d in (e.get("dimension_details") or {}).items()},
        "solution": _cut(e.get("solution"), LIMITS["solution"]),
        "solution_source": e.get("solution_source") or "",
        "answer": _tail(answer, LIMITS["answer"]),
        "answer_truncated": len(answer) >= 4000,
        "agent_stderr": _tail(agent.get("stderr_tail"), LIMITS["tail"]),
        "stdout": _tail(ex.get("stdout_tail"), LIMITS["tail"]),
        "stderr": _tail(ex.get("stderr_tail"), LIMITS["tail"]),
    }


def _run_payload(run: Run, role: str) -> dict[str, Any]:
    info = run.run
    agg = run.aggregate
    return {"label": run.label, "agent": run.agent, "role": role, "sources": run.sources,
            "started_at": info.get("started_at"), "finished_at": info.get("finished_at"),
            "complete": info.get("complete"), "weights": info.get("weights"),
            "suites": [{"name": s.get("name"), "version": s.get("version"),
                        "language": s.get("language"), "items": s.get("items")}
                       for s in info.get("suites") or []],
            "aggregate": {k: agg[k] for k in ("overall", "by_language", "by_difficulty",
                                              "by_suite", "by_category")}}


def payload(runs: Sequence[Run], comparison: cmp.Comparison | None = None,
            baseline: Run | None = None, board: Leaderboard | None = None,
            gates: Sequence[GateResult] = (), title: str | None = None) -> Payload:
    """The data the page renders (also handy for tests)."""
    mode = "leaderboard" if board is not None and len(runs) > 1 else (
        "compare" if comparison is not None and baseline is not None else "single")
    dims: list[str] = []
    for r in [*runs, *([baseline] if baseline else [])]:
        dims.extend(d for d in r.dimensions() if d not in dims)
    warnings: list[str] = []
    if mode == "leaderboard":
        run_list = [_run_payload(r, "run") for r in runs]
        items = [item_payload(e, i) for i, r in enumerate(runs) for e in r.entries]
        for r in runs:
            warnings.extend(r.warnings)
    elif mode == "compare":
        assert comparison is not None and baseline is not None
        run_list = [_run_payload(runs[0], "current"), _run_payload(baseline, "baseline")]
        pairs = {p.key: p for p in comparison.items}
        items = []
        for e in runs[0].entries:
            it = item_payload(e, 0)
            p = pairs.get(cmp.pair_key(e))
            if p is None:
                it["change"] = "only in this run"
            else:
                it["change"] = p.change
                it["delta"] = p.score_delta
                it["dim_deltas"] = p.dimension_deltas()
                b: Entry = p.baseline
                it["baseline"] = {
                    "result": cmp.outcome(b), "score": b.get("weighted_score"),
                    "dims": dict(b.get("dimensions") or {}),
                    "message": _cut(b.get("message"), LIMITS["message"]) or "",
                    "solution": (_cut(b.get("solution"), LIMITS["solution"])
                                 if b.get("solution") != e.get("solution") else None)}
            items.append(it)
        for gone in comparison.only_baseline:
            it = item_payload(gone, 1)
            it["change"] = "only in the baseline"
            items.append(it)
        warnings.extend(comparison.warnings)
    else:
        run_list = [_run_payload(runs[0], "current")]
        items = [item_payload(e, 0) for e in runs[0].entries]
        warnings.extend(runs[0].warnings)
    if board is not None:
        warnings.extend(board.get("warnings", []))
    comp = comparison.summary() if comparison is not None else None  # items: merged above
    return {
        "title": title or default_title(runs, comparison),
        "mode": mode,
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "plugin_version": __version__,
        "dimensions": dims,
        "runs": run_list,
        "items": items,
        "comparison": comp,
        "leaderboard": board.copy() if board is not None and mode == "leaderboard" else None,
        "gates": [g.as_dict() for g in gates],
        "warnings": warnings,
    }


def default_title(runs: Sequence[Run], comparison: cmp.Comparison | None) -> str:
    if len(runs) > 1:
        return "agentbench leaderboard"
    if comparison is not None:
        return f"agentbench: {runs[0].label} against the baseline ({comparison.verdict})"
    return f"agentbench: {runs[0].label}"


def _inline_script(code: str) -> str:
    if "</script" in code.lower() or "<!--" in code:
        raise ValueError("a bundled script contains </script or <!--: it cannot be inlined")
    return f"<script>\n{code}\n</script>"


def render(runs: Sequence[Run], comparison: cmp.Comparison | None = None,
           baseline: Run | None = None, board: Leaderboard | None = None,
           gates: Sequence[GateResult] = (), title: str | None = None) -> str:
    data = payload(runs, comparison, baseline, board, gates, title)
    page = _asset("report.html")
    style = "\n".join(_asset(s) for s in STYLES)
    scripts = "\n".join(_inline_script(_asset(a)) for a in ASSETS)
    replacements = {"%%TITLE%%": html_text(data["title"]), "%%VERSION%%": __version__,
                    "%%STYLE%%": style, "%%DATA%%": script_json(data), "%%SCRIPTS%%": scripts}
    # one pass, so text inside the data can never be taken for a placeholder
    return re.sub("|".join(map(re.escape, replacements)), lambda m: replacements[m.group(0)],
                  page)


def write(path: str | Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(valid(text), encoding="utf-8")
    tmp.replace(path)
    return path
