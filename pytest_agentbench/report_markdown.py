"""The summary as GitHub-flavoured markdown, for a pull-request comment or a CI step summary.

Same content as the HTML report's top half: the verdict with its numbers, the run against the
baseline, significance by suite, gates, what newly fails and passes, the largest score changes,
what is on one side only, and every problem in a collapsed table. Several runs give a
leaderboard. The first line is an HTML comment (``<!-- agentbench-report -->``) that CI scripts
use to find and update their earlier comment. GitHub refuses comments over 65536 characters: the
per-problem table is dropped first when the text would be longer than ``max_chars``.

Every value from a results file is untrusted: it goes in through :func:`cell` (plain text: no
tag, link or code span can start in it, control characters are shown as escapes) or
:func:`code` (a code span), and :func:`table` escapes the pipes of every cell.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from . import compare as cmp
from . import stats
from .entries import Entry, ExecutionDetails, Summary
from .gates import GateResult
from .models import is_infrastructure
from .results import coverage, dimension_text, weighted_text
from .runs import Leaderboard, Run
from .text_safety import markdown_code as code
from .text_safety import markdown_text as cell
from .text_safety import valid

MARKER = "<!-- agentbench-report -->"
MAX_CHARS = 60000
VERDICT_ICON = {stats.BETTER: "🟢", stats.WORSE: "🔴", stats.SAME: "⚪"}
SHORT = {"correctness": "corr", "idiomaticity": "idiom", "performance": "perf",
         "best_practices": "pract"}


def num(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def signed(value: float | None, digits: int = 2) -> str:
    if value is None:
        return ""
    if round(value, digits) == 0:
        return "±0" if digits == 0 else f"{0:.{digits}f}"
    return f"{value:+.{digits}f}".replace("-", "\u2212")  # a real minus sign


def table(head: Sequence[str], rows: Iterable[Sequence[Any]], align: str = "") -> list[str]:
    """A GFM table; ``align`` has one letter per column: l, r or c (default l). Cells are
    markdown already (see :func:`cell`); their pipes are escaped here, code spans' too, as GFM
    reads them before the cell's inline markdown."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    out = [_row(cell(h) for h in head),
           "| " + " | ".join(marks[(align[i] if i < len(align) else "l")]
                              for i in range(len(head))) + " |"]
    out.extend(_row(row) for row in rows)
    return out


def _row(cells: Iterable[Any]) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def _result(e: Entry) -> str:
    r = cmp.outcome(e)
    if is_infrastructure(e):
        return f"⚠️ {r} (infrastructure)"
    return "✅ passed" if r == "passed" else "⏭️ skipped" if r == "skipped" else f"❌ {r}"


def _passed_text(o: Summary) -> str:
    scored = o["passed"] + o["failed"]
    text = f"{o['passed']}/{scored} ({pct(o['pass_rate'])})"
    text += f", {o['skipped']} skipped" if o["skipped"] else ""
    infra = o.get("infrastructure_failed")
    return text + (f", {infra} infrastructure failure(s) not scored" if infra else "")


def _infrastructure(entries: Sequence[Entry]) -> list[str]:
    """The items that failed for the infrastructure's sake: listed, never scored."""
    failed = [e for e in entries if is_infrastructure(e)]
    if not failed:
        return []
    lines = ["", f"### Infrastructure failures ({len(failed)})", "",
             "Not the agent's: left out of the pass rate, the means and the comparison; "
             "`--agentbench-resume` asks them again.", ""]
    lines += table(["problem", "language", "kind", "why"],
                   ([code(cmp.label(cmp.pair_key(e))), cell(e.get("language")),
                     cell(e.get("failure_kind")), cell(_short(e.get("message"), 120))]
                    for e in failed), "llll")
    return lines


def render(runs: Sequence[Run], comparison: cmp.Comparison | None = None,
           baseline: Run | None = None, board: Leaderboard | None = None,
           gates: Sequence[GateResult] = (), title: str | None = None,
           html_path: str | None = None, max_chars: int = MAX_CHARS) -> str:
    """The markdown; ``runs[0]`` is the run compared with ``baseline`` when there is one."""
    text = _render(runs, comparison, baseline, board, gates, title, html_path, details=True)
    if len(text) > max_chars:
        text = _render(runs, comparison, baseline, board, gates, title, html_path,
                       details=False)
    if len(text) > max_chars:
        cut = text[: max_chars - 200].rsplit("\n", 1)[0]
        text = cut + "\n\n_(cut here: the full report is longer than a comment may be)_\n"
    return text


def _render(runs: Sequence[Run], comparison: cmp.Comparison | None, baseline: Run | None,
            board: Leaderboard | None, gates: Sequence[GateResult], title: str | None,
            html_path: str | None, details: bool) -> str:
    gate_lines = [f"- {'❌' if g.tripped else '✅'} {code(g.gate)} "
                  f"{'**FAILED**' if g.tripped else 'passed'}: {cell(g.measured)} "
                  f"(threshold: {cell(g.threshold)})" for g in gates]
    if gate_lines:
        gate_lines = ["", "**Gates**", "", *gate_lines]
    lines = [MARKER]
    if board is not None and len(runs) > 1:
        lines += _leaderboard(runs, board, title, gate_lines)
    elif comparison is not None and baseline is not None:
        lines += _comparison(runs[0], baseline, comparison, title, details, gate_lines)
    else:
        lines += _single(runs[0], title, details, gate_lines)
    if html_path:
        lines += ["", f"Full report: {code(html_path)}"]
    lines += ["", "<sub>pytest-agentbench</sub>", ""]
    return "\n".join(lines)


def _dimension_rows(runs: Sequence[Run]) -> list[str]:
    dims: list[str] = []
    for r in runs:
        dims.extend(d for d in r.dimensions() if d not in dims)
    return dims


def _single(run: Run, title: str | None, details: bool, gate_lines: list[str]) -> list[str]:
    agg = run.aggregate
    o = agg["overall"]
    lines = [f"## {cell(title or 'agentbench results')}", "",
             f"**{cell(run.label)}**: {_passed_text(o)} passed, mean weighted score "
             f"**{cell(weighted_text(o))}**", *gate_lines, ""]
    dims = run.dimensions()
    head = ["", "items", "passed", "pass rate", "mean score", *dims]
    rows = []
    for title_, summaries in (("language", agg["by_language"]),
                              ("difficulty", agg["by_difficulty"])):
        for name, s in summaries.items():
            rows.append([f"{title_} {cell(name)}", s["items"], s["passed"], pct(s["pass_rate"]),
                         num(s["mean_weighted_score"]),
                         *(num(s["dimensions"].get(d)) for d in dims)])
    rows.append(["**all**", o["items"], o["passed"], pct(o["pass_rate"]),
                 f"**{num(o['mean_weighted_score'])}**",
                 *(num(o["dimensions"].get(d)) for d in dims)])
    lines += table(head, rows, "lrrrr" + "r" * len(dims))
    notes = [cell(dimension_text(o, d)) for d in dims if coverage(o, d)]
    if notes:
        lines += ["", "Means over the items where a dimension was measured: "
                  + "; ".join(notes) + "."]
    failing = [e for e in run.entries if cmp.is_scored(e) and not e.get("passed")]
    if failing:
        lines += ["", f"### Failing ({len(failing)})", ""]
        lines += table(["problem", "language", "difficulty", "result", "score", "why"],
                       ([code(cmp.label(cmp.pair_key(e))), cell(e["language"]),
                         cell(e["difficulty"]), cell(cmp.outcome(e)),
                         num(e.get("weighted_score")), cell(_short(e.get("message"), 120))]
                        for e in failing), "llllrl")
    lines += _infrastructure(run.entries)
    if details:
        lines += _all_items(run.entries, dims)
    return lines


def _short(value: object, n: int) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _all_items(entries: Sequence[Entry], dims: Sequence[str]) -> list[str]:
    lines = ["", f"<details><summary>All problems ({len(entries)})</summary>", ""]
    lines += table(["problem", "language", "difficulty", "result", "cases",
                    *(SHORT.get(d, d) for d in dims), "score"],
                   ([code(cmp.label(cmp.pair_key(e))), cell(e["language"]),
                     cell(e["difficulty"]), _result(e), _cases(e),
                     *(num((e.get("dimensions") or {}).get(d), 1) for d in dims),
                     num(e.get("weighted_score"))] for e in entries),
                   "lllll" + "r" * (len(dims) + 1))
    lines += ["", "</details>"]
    return lines


def _cases(e: Entry) -> str:
    d = e.get("execution_details") or cast(ExecutionDetails, {})
    if not cmp.is_scored(e):
        return "-"
    return f"{d.get('cases_passed', 0)}/{d.get('cases_executable', 0)}"


def verdict_line(c: cmp.Comparison) -> str:
    o = c.overall
    why = cell(o.reason.split(": ", 1)[-1])
    return f"{VERDICT_ICON[o.verdict]} **Verdict: {o.verdict}** — {why}"


def _comparison(run: Run, baseline: Run, c: cmp.Comparison, title: str | None,
                details: bool, gate_lines: list[str]) -> list[str]:
    o = c.overall
    heading = {stats.BETTER: "better than the baseline", stats.WORSE: "worse than the baseline",
               stats.SAME: "no significant difference from the baseline"}[o.verdict]
    lines = [f"## {cell(title or 'agentbench')}: {heading}", "", verdict_line(c), ""]
    pass_test = ("per-problem pass rates, Wilcoxon signed-rank" if c.per_problem_rates
                 else "exact McNemar")
    lines += [f"<sub>Baseline {code(c.baseline_name)}; pass/fail: {pass_test}"
              f"; scores: Wilcoxon signed-rank and a seeded paired bootstrap "
              f"{1 - c.alpha:.0%} interval (seed {c.seed}); adjusted together (Hochberg) at alpha "
              f"{c.alpha:g}: each p-value is held against its threshold, * marks a significant "
              "one.</sub>", *gate_lines, ""]
    bo, co = baseline.overall, run.overall
    dims = _dimension_rows([run, baseline])
    rows: list[list[Any]] = [["agent", code(baseline.agent), code(run.agent), ""],
            ["items", bo["items"], co["items"], signed(co["items"] - bo["items"], 0)],
            ["passed", _passed_text(bo), _passed_text(co),
             signed(((co["pass_rate"] or 0) - (bo["pass_rate"] or 0)) * 100, 0) + " pts"
             if co["pass_rate"] is not None and bo["pass_rate"] is not None else ""],
            ["**mean weighted score**", num(bo["mean_weighted_score"]),
             f"**{num(co['mean_weighted_score'])}**",
             _diff(bo["mean_weighted_score"], co["mean_weighted_score"])]]
    for d in dims:
        b, n = bo["dimensions"].get(d), co["dimensions"].get(d)
        rows.append([cell(d), num(b), num(n), _diff(b, n)])
    lines += table(["", "baseline", "this run", "change"], rows, "lrrr")
    if c.suites:
        lines += ["", "### By suite", ""]
        lines += table(["suite", "pairs", "newly failing", "newly passing", "pass/fail p",
                        "score change [CI]", "score p", "verdict"],
                       (_group_row(g) for g in [*c.suites, o]), "lrrrrrrl")
    for w in c.warnings:
        lines += ["", f"> [!WARNING]\n> {cell(w)}"]
    if c.notes:
        lines += ["", *(f"- {cell(n)}" for n in c.notes)]
    newly_failing = c.by_change(cmp.NEWLY_FAILING)
    newly_passing = c.by_change(cmp.NEWLY_PASSING)
    for heading_, pairs in (("Newly failing", newly_failing), ("Newly passing", newly_passing)):
        if pairs:
            lines += ["", f"### {heading_} ({len(pairs)})", ""]
            lines += table(["problem", "language", "difficulty", "was", "now", "score change",
                            "why"],
                           ([code(cmp.label(p.key)), cell(p.key[1]),
                             cell(p.current.get("difficulty")), cell(cmp.outcome(p.baseline)),
                             cell(cmp.outcome(p.current)), signed(p.score_delta),
                             cell(_short(p.current.get("message"), 100))] for p in pairs),
                           "lllllrl")
    moved = [p for p in c.largest_changes(10)
             if p.change in (cmp.STILL_PASSING, cmp.STILL_FAILING)]
    if moved:
        lines += ["", "### Largest score changes", ""]
        lines += table(["problem", "result", "baseline", "this run", "change", "dimensions"],
                       ([code(cmp.label(p.key)), cell(cmp.outcome(p.current)),
                         num(p.baseline.get("weighted_score")),
                         num(p.current.get("weighted_score")), signed(p.score_delta),
                         cell(", ".join(f"{SHORT.get(d, d)} {signed(v, 1)}"
                                        for d, v in p.dimension_deltas().items()
                                        if v))] for p in moved), "llrrrl")
    for heading_, entries in (("Only in the baseline", c.only_baseline),
                              ("Only in this run", c.only_current)):
        if entries:
            lines += ["", f"### {heading_} ({len(entries)})", ""]
            lines += table(["problem", "suite", "language", "result", "score"],
                           ([code(cmp.label(cmp.pair_key(e))), cell(e.get("suite")),
                             cell(e.get("language")), cell(cmp.outcome(e)),
                             num(e.get("weighted_score"))] for e in entries), "llllr")
    lines += _infrastructure(run.entries)
    if c.not_compared:
        lines += ["", f"### Not compared ({len(c.not_compared)})", ""]
        lines += [f"- {code(n['test_id'])} ({cell(n['suite'])}): {cell(n['reason'])}"
                  for n in c.not_compared]
    if details and c.items:
        lines += ["", f"<details><summary>All pairs ({len(c.items)})</summary>", ""]
        lines += table(["problem", "language", "difficulty", "baseline", "this run", "change",
                        "score", "Δ score"],
                       ([code(cmp.label(p.key)), cell(p.key[1]),
                         cell(p.current.get("difficulty")), cell(cmp.outcome(p.baseline)),
                         cell(cmp.outcome(p.current)), cell(p.change),
                         num(p.current.get("weighted_score")), signed(p.score_delta)]
                        for p in c.items), "llllllrr")
        lines += ["", "</details>"]
    return lines


def _diff(a: float | None, b: float | None) -> str:
    return "" if a is None or b is None else signed(b - a)


def _group_row(g: cmp.GroupResult) -> list[str]:
    t, s = g.pass_test, g.score_test
    ci = ("" if s.get("ci_low") is None else
          f" [{signed(s['ci_low'])}, {signed(s['ci_high'])}]")
    name = "**all**" if g.name == "overall" else cell(g.name)
    return [name, str(g.problems), str(g.newly_failing), str(g.newly_passing),
            cmp.p_cell(t, g.alpha) if g.problems else "",
            (signed(s.get("mean_difference")) + ci) if s.get("pairs") else "",
            cmp.p_cell(s, g.alpha) if s.get("pairs") else "",
            f"{VERDICT_ICON[g.verdict]} {g.verdict}"]


def _leaderboard(runs: Sequence[Run], board: Leaderboard, title: str | None,
                 gate_lines: list[str]) -> list[str]:
    rows = board["rows"]
    dims = _dimension_rows(runs)
    lines = [f"## {cell(title or 'agentbench leaderboard')}", ""]
    head = ["#", "agent", "items", "passed", "mean score", *(SHORT.get(d, d) for d in dims),
            "vs leader"]
    body = []
    for r in rows:
        vs = r["vs_leader"]
        vs_text = ("leader" if vs is None else
                   f"{VERDICT_ICON.get(vs['verdict'], '')} {vs['verdict']}"
                   if vs["verdict"] else "n/a")
        body.append([str(r["rank"]), code(r["label"]), r["items"],
                     f"{r['passed']}/{r['passed'] + r['failed']} ({pct(r['pass_rate'])})",
                     f"**{num(r['mean_weighted_score'])}**",
                     *(num(r["dimensions"].get(d)) for d in dims), vs_text])
    lines += table(head, body, "rlrrr" + "r" * len(dims) + "l")
    lines += gate_lines
    languages: list[str] = []
    for r in rows:
        languages.extend(k for k in r["by_language"] if k not in languages)
    if languages:
        lines += ["", "### Mean score (pass rate) by language", ""]
        lines += table(["language", *(code(r["label"]) for r in rows)],
                       ([cell(lang), *(
                           f"{num(r['by_language'][lang]['mean_weighted_score'])} "
                           f"({pct(r['by_language'][lang]['pass_rate'])})"
                           if lang in r["by_language"] else "—" for r in rows)]
                        for lang in languages), "l" + "r" * len(rows))
    reasons = [f"- {code(r['label'])} vs {code(rows[0]['label'])}: {cell(r['vs_leader']['reason'])}"
               for r in rows if r["vs_leader"]]
    if reasons:
        lines += ["", "<details><summary>Comparisons with the leader</summary>", "", *reasons,
                  "", "</details>"]
    for w in board.get("warnings", []):
        lines += ["", f"> [!WARNING]\n> {cell(w)}"]
    return lines


def write(path: str | Path, text: str, step_summary: bool = True) -> list[str]:
    """Write ``text`` to ``path`` (``-``: nothing here) and append it to $GITHUB_STEP_SUMMARY
    when that is set; the files written."""
    written = []
    if str(path) != "-":
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(valid(text), encoding="utf-8")
        written.append(str(p))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary and summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(valid(text).replace(MARKER + "\n", "", 1) + "\n")
        written.append(summary)
    return written
