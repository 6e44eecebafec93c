"""What only the controlling process does: gather entries from reports, print the summary,
feed pytest-json-report's summary, and write the results file.

Registered as a plugin only in the controller (never in an xdist worker), so every file is
written exactly once.
"""

from __future__ import annotations

import datetime as dt
import platform
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from . import __version__, isolation, preflight, remote, sandbox, summary
from .analysis import inventory
from .context import BenchContext
from .entries import Aggregate, Entry, Run, Usage, of_report
from .journal import Journal, journal_path
from .journal import plan as resume_plan
from .results import aggregate, build_document, entry_key, suites_of, usage, write_atomic
from .text_safety import terminal

SUITE_SUFFIXES = (".json", ".jsonl", ".gz")


def resume_command(config: pytest.Config, journal: Path) -> str:
    """This run's command line with ``--agentbench-resume JOURNAL`` (in place of any given);
    as the user gave it, not as it was rewritten for remote workers."""
    args: list[str] = []
    skip = False
    for arg in config.stash.get(remote.USER_ARGS, config.invocation_params.args):
        if skip:
            skip = False
        elif arg == "--agentbench-resume":
            skip = True
        elif not arg.startswith("--agentbench-resume="):
            args.append(arg)
    program = Path(sys.argv[0]).name if sys.argv else ""
    prefix = [program] if program in ("pytest", "py.test") else \
        [Path(sys.executable).name, "-m", "pytest"]
    return shlex.join([*prefix, *args, "--agentbench-resume", shown(config, journal)])


def shown(config: pytest.Config, path: Path) -> str:
    """``path`` as the user would write it: relative to where pytest was started, if inside."""
    try:
        return str(path.relative_to(config.invocation_params.dir))
    except ValueError:
        return str(path)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _worker_died(report: pytest.TestReport) -> bool:
    """Whether ``report`` is xdist's for a suite item whose worker died (e.g. was killed)
    mid-run: its ``when`` is ``"???"``, outside the phases pytest declares."""
    when: str = report.when
    return when == "???" and report.nodeid.split("::")[0].endswith(SUITE_SUFFIXES)


class Controller:
    def __init__(self, config: pytest.Config, ctx: BenchContext, results_path: Path) -> None:
        self.config = config
        self.ctx = ctx
        self.results_path = results_path
        self.entries: dict[str, Entry] = {}
        self.started_at = _now()
        self.written: Path | None = None
        self.write_error: str = ""
        self.journal = Journal(journal_path(results_path))
        self.lost: dict[str, str] = {}  # items that ended without an entry (a worker crashed)
        self.selected: list[str] | None = None  # node ids, once collection is known
        self.in_flight: dict[str, None] = {}  # started and not finished, in order
        self.interrupted = False

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        try:
            self.journal.open({"agent": self.ctx.agent_spec, "started_at": self.started_at})
        except OSError as exc:
            self.write_error = f"journal {self.journal.path}: {exc.strerror or exc}"

    # -- before the first item
    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.on_selection(preflight.selection_from_items(session.items))

    def on_selection(self, selection: list[preflight.Selected]) -> None:
        """The selected items are known (after deselection): check the agent once, say what
        a resume reuses. Under xdist, called with the first worker's collection."""
        if self.selected is not None:
            return
        self.selected = [s.nodeid for s in selection]
        if not selection or self.config.option.collectonly:
            return
        preflight.check_agent(self.ctx.agent, self.ctx.agent_spec)
        preflight.check_replay(self.ctx, selection)
        if self.ctx.resume_source is not None:
            plan = resume_plan(shown(self.config, Path(self.ctx.resume_source)),
                               self.ctx.resume_entries, self.ctx.agent_spec,
                               [(s.problem.suite, s.problem.suite_version, s.problem.id,
                                 s.sample) for s in selection])
            for line in [*plan.notes, plan.line()]:
                self._say(line)

    def _say(self, line: str, **markup: bool) -> None:
        tr = self.config.pluginmanager.get_plugin("terminalreporter")
        if tr is not None:
            tr.ensure_newline()
            tr.write_line(terminal(line, multiline=False), **markup)

    # -- gathering
    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self.in_flight[nodeid] = None

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        self.in_flight.pop(nodeid, None)

    def pytest_keyboard_interrupt(self) -> None:
        self.interrupted = True

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = of_report(report)
        if entry is not None:
            self.entries[report.nodeid] = entry
            self.lost.pop(report.nodeid, None)
            self.journal.record(report.nodeid, entry)
        elif _worker_died(report):
            self.lost[report.nodeid] = str(report.longrepr)[:300]

    @property
    def attempts(self) -> int:
        """The attempts each answer is allowed (``--agentbench-attempts``)."""
        return int(self.ctx.settings.options.get("attempts", 1) or 1)

    def ordered_entries(self) -> list[Entry]:
        return sorted(self.entries.values(), key=entry_key)

    def usage(self) -> Usage:
        """Tokens, cost (with --agentbench-price, per million tokens) and agent time."""
        return usage(self.entries.values(), self.ctx.price)

    # -- outputs
    def run_info(self, exitstatus: int | None) -> Run:
        toolchains = {}
        for name in sorted({e["language"] for e in self.entries.values()}):
            try:
                tc = self.ctx.registry.get(name).toolchain()
                toolchains[name] = tc.version if tc.available else f"unavailable: {tc.reason}"
            except KeyError:
                continue
        return {
            "agent": self.ctx.agent_spec,
            "started_at": self.started_at,
            "finished_at": _now(),
            "complete": exitstatus in (0, 1) and not self.lost and not self.ctx.stopped,
            "exit_status": exitstatus,
            "lost": [{"nodeid": n, "reason": r} for n, r in sorted(self.lost.items())],
            "not_run": self.not_run(),
            "stopped": self.ctx.stopped or None,
            "journal": str(self.journal.path),
            "resumed_from": self.ctx.resume_source,
            "suites": suites_of(self.entries.values()),  # under xdist none were collected here
            "weights": self.ctx.settings.weights,
            "agent_timeout": self.ctx.agent_timeout,
            "exec_timeout": self.ctx.exec_timeout,
            "toolchains": toolchains,
            "analysers": inventory([self.ctx.registry.bundle(n) for n in sorted(toolchains)]),
            "samples": self.ctx.samples,
            "attempts": self.ctx.settings.options.get("attempts", 1),
            "usage": self.usage(),
            "isolation": isolation.detect().record(sandbox.mode()),
            "limits": self.ctx.settings.exec_settings.limits.record(),
            "plugin_version": __version__,
            "pytest_version": pytest.__version__,
            "python": platform.python_version(),
            "platform": f"{sys.platform}-{platform.machine()}",
            "workers": getattr(self.config.option, "numprocesses", None)
            or len(getattr(self.config.option, "tx", None) or ()),  # -n N, or -d --tx...
            "shard": self.ctx.shard,
        }

    def not_run(self) -> list[str]:
        """Selected items that neither finished nor were lost (the run stopped first)."""
        done = set(self.entries) | set(self.lost)
        return [n for n in self.selected or () if n not in done]

    def _note_in_flight(self) -> None:
        """Items started and never finished (Ctrl-C, a stop) are lost: say which."""
        for nodeid in self.in_flight:
            if nodeid not in self.entries and nodeid not in self.lost:
                self.lost[nodeid] = "in flight when the run was interrupted"

    def resume_command(self) -> str:
        return resume_command(self.config, self.journal.path)

    @pytest.hookimpl(optionalhook=True)
    def pytest_json_modifyreport(self, json_report: dict[str, Any]) -> None:
        json_report["agentbench"] = aggregate(self.ordered_entries(), self.attempts)

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int) -> None:
        self._summary(terminalreporter)
        self._how_to_resume(terminalreporter, exitstatus)

    def _how_to_resume(self, tr: Any, exitstatus: int) -> None:
        """After a stop, an interrupt or a worker that went down: what was kept, what was lost
        and not run, the command that continues the run."""
        stopped = self.ctx.stopped
        interrupted = exitstatus == pytest.ExitCode.INTERRUPTED or self.interrupted
        if not stopped and not interrupted and not self.lost:
            return
        if stopped:
            tr.write_line(terminal(stopped, multiline=False), red=True, bold=True)
        head = "the run stopped" if stopped else "interrupted" if interrupted else "incomplete"
        parts = [f"{len(self.entries)} finished item(s) kept in "
                 f"{shown(self.config, self.journal.path)}"]
        # lost as the run was interrupted, or with a worker that went down (xdist's reason
        # names the worker, its host and the item)
        in_flight = [n for n, r in self.lost.items() if r.startswith("in flight")]
        went_down = [r for r in self.lost.values() if not r.startswith("in flight")]
        for label, lost in (("in flight and lost", in_flight), ("lost", went_down)):
            if lost:
                parts.append(f"{label}: {', '.join(lost[:5])}"
                             + (f" and {len(lost) - 5} more" if len(lost) > 5 else ""))
        not_run = self.not_run()
        if not_run:
            parts.append(f"{len(not_run)} not run")
        tr.write_line(terminal(f"agentbench: {head}: " + "; ".join(parts), multiline=False),
                      yellow=True)
        if self.entries and self.journal.path.exists():
            tr.write_line(terminal("agentbench: resume with: " + self.resume_command(),
                                   multiline=False), yellow=True, bold=True)

    def _summary(self, tr: Any) -> None:
        entries = self.ordered_entries()
        if not entries:
            return
        tr.write_sep("=", "agentbench summary")
        tr.write_line(terminal(f"agent: {self.ctx.agent_spec}", multiline=False))
        if self.ctx.shard:
            sh = self.ctx.shard
            tr.write_line(f"shard {sh['k']}/{sh['n']}: {sh['items']} of {sh['selected']} "
                          f"selected items (expected cost {sh['cost']:g} of "
                          f"{sh['total_cost']:g}); merge the shards' results files with "
                          "agentbench merge")
        for line in summary.table(entries, aggregate(entries, self.attempts)):
            tr.write_line(line)
        usage = self.usage()
        if usage["tokens_in"] is not None or usage["tokens_out"] is not None:
            cost = f", cost ${usage['cost']:.4f}" if usage["cost"] is not None else ""
            tr.write_line(f"tokens: {usage['tokens_in'] or 0} in, {usage['tokens_out'] or 0} "
                          f"out{cost}; agent time {usage['agent_seconds']:.1f} s")
        if self.written is not None:
            tr.write_line(f"results: {self.written}")
        if self.write_error:
            tr.write_line(terminal(f"results NOT written: {self.write_error}", multiline=False),
                          red=True, bold=True)

    def _junit_suite_properties(self, agg: Aggregate) -> None:
        """pass@k and the run's means as <testsuite> properties (written by junitxml after us)."""
        from _pytest.junitxml import xml_key

        xml = self.config.stash.get(xml_key, None)
        if xml is None:
            return
        overall = agg["overall"]
        xml.add_global_property("agentbench_agent", self.ctx.agent_spec)
        if overall["mean_weighted_score"] is not None:
            xml.add_global_property("agentbench_mean_weighted_score",
                                    f"{overall['mean_weighted_score']:.2f}")
        for name, rate in overall.get("pass_rates", {}).items():  # Aider's pass_rate_1, _2...
            if rate is not None:
                xml.add_global_property(f"agentbench_{name}", f"{rate:.4f}")
        passk = agg.get("pass_at_k") or {}
        for k in passk.get("k", []):
            xml.add_global_property(f"agentbench_pass_at_{k}",
                                    f"{passk['overall'][f'pass@{k}']:.4f}")
            for suite, row in passk["by_suite"].items():
                xml.add_global_property(f"agentbench_{suite}_pass_at_{k}",
                                        f"{row[f'pass@{k}']:.4f}")

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._note_in_flight()
        if not self.entries and not self.lost:
            self.journal.close({})
            return
        run = self.run_info(int(exitstatus))
        self.journal.close(run)
        document = build_document(self.ordered_entries(), run)
        self._junit_suite_properties(document["aggregate"])
        try:
            write_atomic(self.results_path, document)
        except OSError as exc:
            self.write_error = f"{self.results_path}: {exc.strerror or exc}"
        else:
            self.written = self.results_path
