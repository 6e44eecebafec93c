"""Session-level comparison, reports and gates, in the controlling process only.

``plugin.py`` imports this module as a plugin in the controller (never in an xdist worker);
its ``pytest_configure`` reads and checks the options at once (a missing baseline is a usage
error before any agent is asked) and registers a :class:`ComparePlugin`. That plugin works from
what the controller gathered, after the controller wrote the results file (its
``pytest_sessionfinish`` is ``trylast``, the controller's ``tryfirst``): it compares with the
baseline, writes the HTML and markdown reports, evaluates the gates, and makes the session fail
when a gate trips, even when every item passed. The lines saying so are printed in the terminal
summary, which pytest runs after every ``pytest_sessionfinish``.

With pytest-html in use, its report gains an agentbench score column and, per item, the scores
and the solution (as an extra).

Names, reasons and paths come from results files: every line goes to the terminal through
:func:`~pytest_agentbench.text_safety.terminal` and every value into HTML through
:func:`~pytest_agentbench.text_safety.html_text`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from . import gates as gates_mod
from . import options, report_html, report_markdown, stats
from .compare import Comparison, ResultsError, compare, load_document
from .entries import Entry, ResultsFile, details_of, of_report
from .results import write_atomic
from .runs import Run, from_document
from .text_safety import html_text, terminal

PLUGIN_NAME = "agentbench-compare"
CONTROLLER = "agentbench-controller"


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(ComparePlugin.from_config(config), PLUGIN_NAME)


class ComparePlugin:
    def __init__(self, config: pytest.Config, *, baseline_path: Path | None = None,
                 baseline: ResultsFile | None = None, fail_under: float | None = None,
                 fail_on_regression: bool = False, html_path: Path | None = None,
                 markdown_path: Path | None = None, min_pairs: int = 1) -> None:
        self.config = config
        self.baseline_path = baseline_path
        self.baseline_doc = baseline
        self.fail_under = fail_under
        self.fail_on_regression = fail_on_regression
        self.min_pairs = min_pairs
        self.html_path = html_path
        self.markdown_path = markdown_path
        self.done = False
        self.run: Run | None = None
        self.baseline: Run | None = None
        self.comparison: Comparison | None = None
        self.gates: list[gates_mod.GateResult] = []
        self.written: list[str] = []
        self.errors: list[str] = []
        self.not_evaluated = ""

    @classmethod
    def from_config(cls, config: pytest.Config) -> ComparePlugin:
        base = config.invocation_params.dir

        def path(flag: str) -> Path | None:
            value = options.get(config, flag)
            return base / value if value else None

        fail_under = options.get(config, "--agentbench-fail-under")
        if fail_under is not None and not 0 <= fail_under <= 10:
            raise pytest.UsageError(
                f"--agentbench-fail-under {fail_under:g}: a score is between 0 and 10")
        on_regression = bool(options.get(config, "--agentbench-fail-on-regression"))
        baseline_path = path("--agentbench-baseline")
        if on_regression and baseline_path is None:
            raise pytest.UsageError("--agentbench-fail-on-regression needs a baseline to compare "
                                    "with: add --agentbench-baseline PATH (a results file)")
        baseline = None
        if baseline_path is not None:
            if not stats.available():
                raise pytest.UsageError(f"--agentbench-baseline: {stats.MISSING}")
            try:
                baseline = load_document(baseline_path)
            except ResultsError as exc:
                raise pytest.UsageError(f"--agentbench-baseline: {exc}") from None
        return cls(config, baseline_path=baseline_path, baseline=baseline,
                   fail_under=fail_under, fail_on_regression=on_regression,
                   html_path=path("--agentbench-html"),
                   markdown_path=path("--agentbench-markdown"),
                   min_pairs=options.get(config, "--agentbench-min-pairs"))

    # -- the work, once, whichever hook asks first
    def _controller(self) -> Any:
        return self.config.pluginmanager.get_plugin(CONTROLLER)

    def _document(self, controller: Any, exitstatus: int) -> ResultsFile:
        written = getattr(controller, "written", None)
        if written is not None:
            try:
                return load_document(written)
            except ResultsError as exc:
                self.errors.append(f"re-reading the results file: {exc}")
        from .results import build_document

        return build_document(controller.ordered_entries(), controller.run_info(exitstatus))

    def analyse(self, exitstatus: int) -> None:
        if self.done:
            return
        self.done = True
        controller = self._controller()
        if controller is None or not controller.ordered_entries():
            self.not_evaluated = "no agentbench item ran"
            return
        doc = self._document(controller, int(exitstatus))
        self.run = from_document(doc, str(getattr(controller, "written", None)
                                          or controller.results_path))
        if self.baseline_doc is not None and self.baseline_path is not None:
            self.baseline = from_document(self.baseline_doc, str(self.baseline_path))
            try:
                self.comparison = compare(self.baseline_doc, doc,
                                          baseline_name=self._shown(self.baseline_path))
            except Exception as exc:  # a comparison that fails must not hide the run
                self.errors.append(f"comparison with the baseline failed: {exc!r}")
        overall = doc.get("aggregate", {}).get("overall") or self.run.overall
        self.gates = gates_mod.evaluate(overall, self.comparison,
                                        fail_under_score=self.fail_under,
                                        on_regression=self.fail_on_regression,
                                        min_pairs=self.min_pairs)
        if self.fail_on_regression and self.comparison is None:
            self.gates.append(gates_mod.GateResult(
                gates_mod.FAIL_ON_REGRESSION, True,
                "the comparison with the baseline could not be made (see above)",
                f'verdict not "{stats.WORSE}"'))
        self._write_reports()

    def _shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.config.invocation_params.dir))
        except ValueError:
            return str(path)

    def _write_reports(self) -> None:
        assert self.run is not None
        baseline = self.baseline if self.comparison is not None else None
        if self.html_path is not None:
            try:
                text = report_html.render([self.run], self.comparison, baseline,
                                          gates=self.gates)
                self.written.append(f"html report: {report_html.write(self.html_path, text)}")
            except Exception as exc:
                self.errors.append(f"html report {self.html_path}: {exc}")
        if self.markdown_path is not None:
            try:
                text = report_markdown.render([self.run], self.comparison, baseline,
                                              gates=self.gates,
                                              html_path=self._shown(self.html_path)
                                              if self.html_path else None)
                for where in report_markdown.write(self.markdown_path, text):
                    self.written.append(f"markdown report: {where}")
            except Exception as exc:
                self.errors.append(f"markdown report {self.markdown_path}: {exc}")

    # -- hooks
    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.analyse(int(exitstatus))
        if any(g.tripped for g in self.gates) and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if self.gates:
            self._record_gates(int(session.exitstatus))

    def _record_gates(self, exitstatus: int) -> None:
        """The results file was written before the gates ran: add them and the exit status
        they caused, so a dashboard reading the file sees why the build failed."""
        written = getattr(self._controller(), "written", None)
        if written is None:
            return
        try:
            doc = json.loads(Path(written).read_text(encoding="utf-8"))
            doc["run"]["gates"] = [g.record() for g in self.gates]
            doc["run"]["exit_status"] = exitstatus
            write_atomic(Path(written), doc)
        except (OSError, ValueError, KeyError) as exc:
            self.errors.append(f"recording the gates in {written}: {exc}")

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        tr = terminalreporter
        if self.comparison is not None:
            self._print_comparison(tr, self.comparison)
        elif self.baseline_path is not None and self.run is not None:
            tr.write_sep("=", "agentbench comparison")
        for line in self.written:
            _line(tr, line)
        for err in self.errors:
            _line(tr, f"agentbench: {err}", red=True, bold=True)
        if self.not_evaluated and (self.fail_under is not None or self.fail_on_regression):
            _line(tr, f"agentbench gates not evaluated: {self.not_evaluated}", yellow=True)
        for g in self.gates:
            if g.tripped:
                _line(tr, g.line, red=True, bold=True)
            else:
                _line(tr, g.line, green=True)

    def _print_comparison(self, tr: Any, c: Comparison) -> None:
        tr.write_sep("=", terminal(f"agentbench comparison with {c.baseline_name}",
                                   multiline=False))
        b_agent = c.baseline_run.get("agent") or "?"
        when = c.baseline_run.get("started_at")
        _line(tr, f"baseline: agent {b_agent}" + (f", run {when}" if when else "")
              + f"; {c.overall.problems} problem(s) paired, {len(c.only_baseline)} "
              f"only in the baseline, {len(c.only_current)} only in this run")
        for g in c.suites:
            _line(tr, f"suite {g.name}: {g.reason}")
        colour = {stats.WORSE: {"red": True}, stats.BETTER: {"green": True}}.get(c.verdict, {})
        _line(tr, f"overall: {c.overall.reason}", bold=True, **colour)
        for heading, change in (("newly failing", "newly failing"),
                                ("newly passing", "newly passing")):
            pairs = c.by_change(change)
            if pairs:
                names = ", ".join(_label(p.key) for p in pairs[:20])
                more = f" and {len(pairs) - 20} more" if len(pairs) > 20 else ""
                _line(tr, f"{heading} ({len(pairs)}): {names}{more}")
        for n in c.notes:
            _line(tr, f"note: {n}")
        for w in c.warnings:
            _line(tr, f"warning: {w}", yellow=True)

    # -- pytest-html, when it is installed and writing a report
    def _html_active(self) -> bool:
        return bool(getattr(self.config.option, "htmlpath", None))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = of_report(report)
        if report.when != "call" or entry is None or not self._html_active():
            return
        try:
            from pytest_html import extras
        except ImportError:
            return
        # pytest-html reads ``extras`` from the report (an attribute pytest does not declare)
        setattr(report, "extras", [*getattr(report, "extras", []),  # noqa: B010
                                   extras.html(html_extra(entry))])

    @pytest.hookimpl(optionalhook=True)
    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        cells.insert(2, '<th class="sortable" data-column-type="agentbenchScore">'
                        'agentbench score</th>')

    @pytest.hookimpl(optionalhook=True)
    def pytest_html_results_table_row(self, report: Any, cells: list[str]) -> None:
        entry = of_report(report)
        score = entry.get("weighted_score") if entry is not None else None
        text = "" if score is None else f"{score:.2f}"
        cells.insert(2, f'<td class="col-agentbenchScore">{text}</td>')

    @pytest.hookimpl(optionalhook=True)
    def pytest_html_results_summary(self, prefix: list[str], summary: list[str],
                                    postfix: list[str], session: pytest.Session) -> None:
        self.analyse(int(session.exitstatus))
        if self.run is None:
            return
        o = self.run.overall
        score = "n/a" if o["mean_weighted_score"] is None else f"{o['mean_weighted_score']:.2f}"
        parts = [f"<p><strong>agentbench</strong> ({html_text(self.run.agent)}): "
                 f"{o['passed']}/{o['passed'] + o['failed']} passed, mean weighted score "
                 f"{score}</p>"]
        if self.comparison is not None:
            parts.append(f"<p>Against {html_text(self.comparison.baseline_name)}: "
                         f"{html_text(self.comparison.overall.reason)}</p>")
        parts.extend(f"<p>{html_text(g.line)}</p>" for g in self.gates)
        prefix.extend(parts)


def _line(tr: Any, text: str, **markup: bool) -> None:
    tr.write_line(terminal(text), **markup)


def _label(key: tuple[Any, ...]) -> str:
    return str(key[2]) + (f"#s{key[3]}" if key[3] else "")


def html_extra(entry: Entry) -> str:
    """The scores and solution of one item, as an HTML fragment (every value escaped)."""
    esc = html_text
    rows = []
    for name, d in (entry.get("dimension_details") or {}).items():
        score = d.get("score")
        details = details_of(d)
        why = d.get("reason") or ""
        findings = details.get("findings")
        if findings:
            why = "; ".join(f"{f.get('rule')} line {f.get('line')}: {f.get('message')}"
                            for f in findings[:10]) + (" …" if len(findings) > 10 else "")
        elif details.get("ratio_text"):
            why = str(details["ratio_text"])
        rows.append(f"<tr><td>{esc(name)}</td><td>{'n/a' if score is None else f'{score:.2f}'}"
                    f"</td><td>{esc(str(d.get('weight', '')))}</td><td>{esc(why)}</td></tr>")
    weighted = entry.get("weighted_score")
    kind = entry.get("failure_kind")
    shown = "n/a" if weighted is None else f"{weighted:.2f}"
    head = (f"<p><strong>agentbench</strong>: {esc(str(entry.get('status')))}"
            f"{' (' + esc(str(kind)) + ')' if kind else ''}, weighted score {shown}</p>")
    table = ("<table><tr><th>dimension</th><th>score</th><th>weight</th><th>why</th></tr>"
             + "".join(rows) + "</table>")
    solution = entry.get("solution")
    code = (f"<p>Solution ({esc(str(entry.get('language')))}):</p>"
            f"<pre>{esc(solution)}</pre>" if solution else "<p>No solution extracted.</p>")
    return f'<div class="agentbench">{head}{table}{code}</div>'
