"""``agentbench`` (also ``python -m pytest_agentbench``): reports and comparisons from results
files already written, without running pytest.

    agentbench report RESULTS... [--html PATH] [--markdown PATH] [--baseline PATH]
    agentbench compare BASELINE CURRENT [--html PATH] [--markdown PATH] [--json PATH]
    agentbench merge RESULTS... -o OUT [--force] [--require-complete]

``report`` with one run (the files of one agent are merged) prints its summary; with several
agents it is a leaderboard, each agent compared with the leader. ``compare`` says whether
CURRENT is better or worse than BASELINE. ``merge`` writes one results file from a run's shards
or resumed pieces (see :mod:`pytest_agentbench.merge`). ``report`` and ``compare`` take the
gates ``--fail-under SCORE`` and ``--fail-on-regression``. Exit status: 0, 1 when a gate trips,
2 for a usage error, a file that cannot be read or files that are not of one run.

What is printed for people goes through :class:`ForPeople`, so names and reasons from results
files cannot act on the terminal; JSON written is valid Unicode.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, cast

from . import __version__, report_html, report_markdown, stats
from . import gates as gates_mod
from . import merge as merge_mod
from .compare import Comparison, ResultsError, compare, load_document
from .results import dimension_text, weighted_text, write_atomic
from .runs import Leaderboard, Run, leaderboard, load_runs
from .text_safety import clean, terminal

EXIT_OK, EXIT_GATE, EXIT_USAGE = 0, 1, 2


class ForPeople(io.TextIOBase):
    """A text stream for people: what is written to it is shown with control characters
    escaped (and lone surrogates replaced), whatever results files hold."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def _number(text: str, kind: type[float] | type[int], ok: Callable[[float], bool],
            rule: str) -> float:
    """``text`` read as a ``kind`` (float or int) that ``ok`` accepts, else an argparse error
    saying ``rule``."""
    try:
        value = kind(text)
    except ValueError:
        what = "a number" if kind is float else "a whole number"
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
    if not ok(value):
        raise argparse.ArgumentTypeError(f"{text!r}: {rule}")
    return value


def _score(text: str) -> float:
    return _number(text, float, lambda v: 0 <= v <= 10, "a score is between 0 and 10")


def _alpha(text: str) -> float:
    return _number(text, float, lambda v: 0 < v < 1, "alpha is between 0 and 1")


def _count(text: str) -> int:
    return int(_number(text, int, lambda v: v >= 0, "must be at least 0"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agentbench",
        description="Reports, comparisons and leaderboards from pytest-agentbench results "
                    "files.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--html", metavar="PATH", help="write the self-contained HTML report")
        p.add_argument("--markdown", metavar="PATH",
                       help="write the markdown summary ('-' for standard output); also "
                            "appended to $GITHUB_STEP_SUMMARY when that is set")
        p.add_argument("--title", help="the report's title")
        p.add_argument("--fail-under", type=_score, metavar="SCORE",
                       help="exit 1 when the mean weighted score is below SCORE")
        p.add_argument("--alpha", type=_alpha, default=stats.ALPHA,
                       help=f"significance level (default {stats.ALPHA})")
        p.add_argument("--seed", type=int, default=stats.SEED,
                       help=f"bootstrap seed (default {stats.SEED})")
        p.add_argument("--quiet", "-q", action="store_true",
                       help="print only gate lines and errors")
        p.add_argument("--min-pairs", type=_count, default=1, metavar="N",
                       help="with --fail-on-regression: also exit 1 when fewer than N "
                            "problems could be paired with the baseline (default 1)")

    rep = sub.add_parser("report", help="summary or leaderboard of one or more results files",
                         description="Summarise results files. The files of one agent are "
                                     "merged (e.g. one per language); several agents make a "
                                     "leaderboard.")
    rep.add_argument("results", nargs="+", metavar="RESULTS", help="results files")
    rep.add_argument("--baseline", metavar="PATH",
                     help="compare the (single) run with this results file")
    rep.add_argument("--separate", action="store_true",
                     help="one run per file, even for files of the same agent")
    rep.add_argument("--fail-on-regression", action="store_true",
                     help="with --baseline: exit 1 when the verdict is 'worse'")
    common(rep)

    cmp_ = sub.add_parser("compare", help="is CURRENT better or worse than BASELINE?",
                          description="Pair CURRENT's problems with BASELINE's and test "
                                      "whether the difference is significant.")
    cmp_.add_argument("baseline", metavar="BASELINE", help="the baseline results file")
    cmp_.add_argument("current", metavar="CURRENT", help="the results file to judge")
    cmp_.add_argument("--json", metavar="PATH",
                      help="write the comparison as JSON ('-' for standard output)")
    cmp_.add_argument("--fail-on-regression", action="store_true",
                      help="exit 1 when the verdict is 'worse'")
    common(cmp_)

    mrg = sub.add_parser("merge", help="one results file from a run's shards or pieces",
                         description="Merge the results files of one run's shards "
                                     "(--agentbench-shard) or resumed pieces into one. Files "
                                     "of other agents, suite versions or settings are refused "
                                     f"unless --force. The same item twice: {merge_mod.RULE}.")
    mrg.add_argument("results", nargs="+", metavar="RESULTS", help="results files")
    mrg.add_argument("-o", "--output", required=True, metavar="OUT",
                     help="the merged results file to write")
    mrg.add_argument("--force", action="store_true",
                     help="merge files that are not of one run (the result is not complete)")
    mrg.add_argument("--require-complete", action="store_true",
                     help=f"exit {EXIT_GATE} when the merge is not complete (a shard missing, "
                          "interrupted or forced), after writing it")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Run the command; ``out`` gets the machine output ('-' targets), ``err`` the messages."""
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    # when standard output carries markdown or JSON, the human text goes to standard error
    args.out = out
    args.err = messages = ForPeople(err or sys.stderr)
    piped = getattr(args, "markdown", None) == "-" or getattr(args, "json", None) == "-"
    human = cast(TextIO, messages if piped else ForPeople(out))  # a text stream, escaped
    try:
        if args.command == "compare":
            return _compare(args, human)
        if args.command == "merge":
            return _merge(args, human)
        return _report(args, human)
    except (ResultsError, RuntimeError) as exc:
        print(f"agentbench: {exc}", file=messages)
        return EXIT_USAGE
    except OSError as exc:
        print(f"agentbench: {exc.filename or ''}: {exc.strerror or exc}", file=messages)
        return EXIT_USAGE


def _merge(args: argparse.Namespace, out: TextIO) -> int:
    pieces = [merge_mod.Piece(str(path), load_document(path)) for path in args.results]
    merged = merge_mod.merge(pieces, force=args.force)
    write_atomic(Path(args.output), merged.document)
    run = merged.document["run"]
    for d in merged.differences:
        print(f"warning: {d}", file=out)
    for note in merged.notes:
        print(f"note: {note}", file=out)
    state = "complete" if run["complete"] else "NOT complete"
    print(f"merged {len(pieces)} file(s) into {args.output}: "
          f"{len(merged.document['results'])} item(s), {state}", file=out)
    if args.require_complete and not run["complete"]:
        print("agentbench: --require-complete: the merged run is not complete", file=args.err)
        return EXIT_GATE
    return EXIT_OK


def _compare(args: argparse.Namespace, out: TextIO) -> int:
    stats.require()
    baseline = load_runs([args.baseline])[0]
    current = load_runs([args.current])[0]
    return _with_baseline(args, out, current, baseline, args.baseline)


def _report(args: argparse.Namespace, out: TextIO) -> int:
    runs = load_runs(args.results, separate=args.separate)
    if args.baseline:
        if len(runs) > 1:
            print("agentbench: --baseline compares one run; these files hold "
                  f"{len(runs)} agents ({', '.join(r.label for r in runs)})", file=args.err)
            return EXIT_USAGE
        stats.require()
        baseline = load_runs([args.baseline])[0]
        return _with_baseline(args, out, runs[0], baseline, args.baseline)
    if args.fail_on_regression:
        print("agentbench: --fail-on-regression needs --baseline", file=args.err)
        return EXIT_USAGE
    board = leaderboard(runs, alpha=args.alpha, seed=args.seed) if len(runs) > 1 else None
    gates = []
    if args.fail_under is not None:
        gates = [gates_mod.fail_under(r.overall, args.fail_under, "--fail-under",
                                      r.label if len(runs) > 1 else "") for r in runs]
    if not args.quiet:
        for w in [w for r in runs for w in r.warnings]:
            print(f"warning: {w}", file=out)
        if board is not None:
            _print_board(board, out)
        else:
            _print_run(runs[0], out)
    _outputs(args, out, runs, None, None, board, gates)
    return _finish(gates, out)


def _with_baseline(args: argparse.Namespace, out: TextIO, current: Run, baseline: Run,
                   baseline_name: str) -> int:
    c = compare(baseline.document(), current.document(), baseline_name=baseline_name,
                current_name=current.sources[0], alpha=args.alpha, seed=args.seed)
    gates = gates_mod.evaluate(current.overall, c, fail_under_score=args.fail_under,
                               on_regression=args.fail_on_regression,
                               names=("--fail-under", "--fail-on-regression"),
                               min_pairs=args.min_pairs)
    if not args.quiet:
        _print_comparison(c, current, baseline, out)
    if getattr(args, "json", None):
        text = json.dumps(clean({**c.as_dict(), "gates": [g.as_dict() for g in gates]}),
                          indent=2)
        if args.json == "-":
            print(text, file=args.out)
        else:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    _outputs(args, out, [current], c, baseline, None, gates)
    return _finish(gates, out)


def _outputs(args: argparse.Namespace, out: TextIO, runs: list[Run], c: Comparison | None,
             baseline: Run | None, board: Leaderboard | None,
             gates: Sequence[gates_mod.GateResult]) -> None:
    if args.html:
        text = report_html.render(runs, c, baseline, board, gates, args.title)
        path = report_html.write(args.html, text)
        if not args.quiet:
            print(f"html report: {path} ({len(text.encode()) / 1024:.0f} KiB)", file=out)
    if args.markdown:
        text = report_markdown.render(runs, c, baseline, board, gates, args.title,
                                      html_path=args.html)
        if args.markdown == "-":
            args.out.write(text)
        written = report_markdown.write(args.markdown, text)
        if not args.quiet:
            for w in written:
                print(f"markdown report: {w}", file=out)


def _finish(gates: list[gates_mod.GateResult], out: TextIO) -> int:
    for g in gates:
        print(g.line, file=out)
    return EXIT_GATE if any(g.tripped for g in gates) else EXIT_OK


def _fmt(v: float | None, digits: int = 2) -> str:
    return "n/a" if v is None else f"{v:.{digits}f}"


def _print_run(run: Run, out: TextIO) -> None:
    o = run.overall
    print(f"{run.label}: {o['passed']}/{o['passed'] + o['failed']} passed, mean weighted "
          f"score {weighted_text(o)}"
          + (f", {o['skipped']} skipped" if o["skipped"] else "")
          + f" ({', '.join(run.sources)})", file=out)
    groups = (("language", run.aggregate["by_language"]),
              ("difficulty", run.aggregate["by_difficulty"]))
    for title, summaries in groups:
        for name, s in summaries.items():
            print(f"  {title} {name}: {s['passed']}/{s['passed'] + s['failed']} passed, "
                  f"mean weighted score {weighted_text(s)}", file=out)
    dims = "; ".join(dimension_text(o, d) for d in o["dimensions"])
    if dims:
        print(f"  dimensions: {dims}", file=out)


def _print_board(board: Leaderboard, out: TextIO) -> None:
    rows = board["rows"]
    width = max(len(r["label"]) for r in rows)
    print(f"{'#':>2}  {'agent':<{width}}  {'passed':>9}  {'score':>6}  vs leader", file=out)
    for r in rows:
        vs = r["vs_leader"]
        vs_text = "leader" if vs is None else (vs["verdict"] or "n/a")
        print(f"{r['rank']:>2}  {r['label']:<{width}}  "
              f"{r['passed']:>4}/{r['passed'] + r['failed']:<4}  "
              f"{_fmt(r['mean_weighted_score']):>6}  {vs_text}", file=out)
    for r in rows:
        if r["vs_leader"]:
            print(f"  {r['label']}: {r['vs_leader']['reason']}", file=out)
    for w in board["warnings"]:
        print(f"warning: {w}", file=out)


def _print_comparison(c: Comparison, current: Run, baseline: Run, out: TextIO) -> None:
    print(f"baseline: {c.baseline_name} (agent {baseline.agent}); this run: "
          f"{', '.join(current.sources)} (agent {current.agent})", file=out)
    print(f"{c.overall.problems} problem(s) paired, {len(c.only_baseline)} only in the "
          f"baseline, {len(c.only_current)} only in this run", file=out)
    for g in c.suites:
        print(f"suite {g.name}: {g.reason}", file=out)
    print(f"overall: {c.overall.reason}", file=out)
    for change in ("newly failing", "newly passing"):
        pairs = c.by_change(change)
        if pairs:
            names = ", ".join(p.key[2] + (f"#s{p.key[3]}" if p.key[3] else "") for p in pairs)
            print(f"{change} ({len(pairs)}): {names}", file=out)
    for n in c.notes:
        print(f"note: {n}", file=out)
    for w in c.warnings:
        print(f"warning: {w}", file=out)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
