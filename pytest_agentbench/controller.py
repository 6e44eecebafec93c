"""What only the controlling process does: gather entries from reports, print the summary,
feed pytest-json-report's summary, and write the results file.

Registered as a plugin only in the controller (never in an xdist worker), so every file is
written exactly once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import platform
import sys
from pathlib import Path
from typing import Any

import pytest

from . import __version__, isolation, preflight, sandbox, summary
from .analysis import inventory
from .context import BenchContext
from .journal import Journal, journal_path
from .results import aggregate, build_document, entry_key, write_atomic
from .text_safety import terminal

SUITE_SUFFIXES = (".json", ".jsonl", ".gz")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Controller:
    def __init__(self, config: pytest.Config, ctx: BenchContext, results_path: Path) -> None:
        self.config = config
        self.ctx = ctx
        self.results_path = results_path
        self.entries: dict[str, dict[str, Any]] = {}
        self.started_at = _now()
        self.written: Path | None = None
        self.write_error: str = ""
        self.journal = Journal(journal_path(results_path))
        self.lost: dict[str, str] = {}  # items that ended without an entry (a worker crashed)
        self.selected: list[str] | None = None  # node ids, once collection is known

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
        """The selected items are known (after deselection): check the agent once. Under
        xdist, called with the first worker's collection."""
        if self.selected is not None:
            return
        self.selected = [s.nodeid for s in selection]
        if not selection or self.config.option.collectonly:
            return
        preflight.check_agent(self.ctx.agent, self.ctx.agent_spec)
        preflight.check_replay(self.ctx, selection)

    # -- gathering
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = getattr(report, "agentbench", None)
        if isinstance(entry, dict):
            self.entries[report.nodeid] = entry
            self.lost.pop(report.nodeid, None)
            self.journal.record(report.nodeid, entry)
        elif report.when == "???" and report.nodeid.split("::")[0].endswith(SUITE_SUFFIXES):
            # xdist's report for an item whose worker died (e.g. was killed) mid-run
            self.lost[report.nodeid] = str(report.longrepr)[:300]

    @property
    def attempts(self) -> int:
        """The attempts each answer is allowed (``--agentbench-attempts``)."""
        return int(self.ctx.settings.options.get("attempts", 1) or 1)

    def ordered_entries(self) -> list[dict[str, Any]]:
        return sorted(self.entries.values(), key=entry_key)

    def usage(self) -> dict[str, Any]:
        """Tokens, cost (with --agentbench-price, per million tokens) and agent time."""
        entries = list(self.entries.values())
        tokens_in = [e.get("tokens_in") for e in entries if e.get("tokens_in") is not None]
        tokens_out = [e.get("tokens_out") for e in entries if e.get("tokens_out") is not None]
        total_in = sum(tokens_in) if tokens_in else None
        total_out = sum(tokens_out) if tokens_out else None
        cost = None
        if self.ctx.price and (total_in is not None or total_out is not None):
            cost = round(((total_in or 0) * self.ctx.price.get("in", 0.0)
                          + (total_out or 0) * self.ctx.price.get("out", 0.0)) / 1e6, 6)
        return {"tokens_in": total_in, "tokens_out": total_out, "cost": cost,
                "price_per_million": self.ctx.price or None,
                "agent_seconds": round(sum(e.get("agent_time", 0.0) for e in entries), 3)}

    # -- outputs
    def run_info(self, exitstatus: int | None) -> dict[str, Any]:
        toolchains = {}
        for name in sorted({e["language"] for e in self.entries.values()}):
            try:
                tc = self.ctx.registry.get(name).toolchain()
                toolchains[name] = tc.version if tc.available else f"unavailable: {tc.reason}"
            except KeyError:
                continue
        suites: dict[str, dict[str, Any]] = {}
        for e in self.ordered_entries():  # from entries: under xdist the controller collects none
            s = suites.setdefault(e["suite_path"], {
                "name": e["suite"], "path": e["suite_path"], "language": e["language"],
                "version": e["suite_version"], "items": 0})
            s["items"] += 1
        return {
            "agent": self.ctx.agent_spec,
            "started_at": self.started_at,
            "finished_at": _now(),
            "complete": exitstatus in (0, 1) and not self.lost,
            "exit_status": exitstatus,
            "lost": [{"nodeid": n, "reason": r} for n, r in sorted(self.lost.items())],
            "journal": str(self.journal.path),
            "resumed_from": self.ctx.resume_source,
            "suites": list(suites.values()),
            "weights": self.ctx.settings.weights,
            "agent_timeout": self.ctx.agent_timeout,
            "exec_timeout": self.ctx.exec_timeout,
            "toolchains": toolchains,
            "analysers": inventory([self.ctx.registry.bundle(n) for n in sorted(toolchains)]),
            "samples": self.ctx.samples,
            "attempts": self.ctx.settings.options.get("attempts", 1),
            "usage": self.usage(),
            "isolation": {**isolation.detect().as_dict(), "mode": sandbox.mode()},
            "limits": dataclasses.asdict(self.ctx.settings.exec_settings.limits),
            "plugin_version": __version__,
            "pytest_version": pytest.__version__,
            "python": platform.python_version(),
            "platform": f"{sys.platform}-{platform.machine()}",
            "workers": getattr(self.config.option, "numprocesses", None) or 0,
        }

    @pytest.hookimpl(optionalhook=True)
    def pytest_json_modifyreport(self, json_report: dict[str, Any]) -> None:
        json_report["agentbench"] = aggregate(self.ordered_entries(), self.attempts)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        entries = self.ordered_entries()
        if not entries:
            return
        tr = terminalreporter
        tr.write_sep("=", "agentbench summary")
        tr.write_line(terminal(f"agent: {self.ctx.agent_spec}", multiline=False))
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
        if self.lost:
            tr.write_line(terminal(f"incomplete: {len(self.lost)} item(s) ended without a "
                                   f"result (e.g. {next(iter(self.lost))}); finished results "
                                   "are kept", multiline=False), yellow=True)

    def _junit_suite_properties(self, agg: dict[str, Any]) -> None:
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
