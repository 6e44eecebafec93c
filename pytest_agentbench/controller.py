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

from . import __version__, isolation, sandbox, summary
from .context import BenchContext
from .journal import Journal, journal_path
from .results import aggregate, build_document, entry_key, write_atomic

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

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        try:
            self.journal.open({"agent": self.ctx.agent_spec, "started_at": self.started_at})
        except OSError as exc:
            self.write_error = f"journal {self.journal.path}: {exc.strerror or exc}"

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

    def ordered_entries(self) -> list[dict[str, Any]]:
        return sorted(self.entries.values(), key=entry_key)

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
        json_report["agentbench"] = aggregate(self.ordered_entries())

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        entries = self.ordered_entries()
        if not entries:
            return
        tr = terminalreporter
        tr.write_sep("=", "agentbench summary")
        tr.write_line(f"agent: {self.ctx.agent_spec}")
        for line in summary.table(entries, aggregate(entries)):
            tr.write_line(line)
        if self.written is not None:
            tr.write_line(f"results: {self.written}")
        if self.write_error:
            tr.write_line(f"results NOT written: {self.write_error}", red=True, bold=True)
        if self.lost:
            tr.write_line(f"incomplete: {len(self.lost)} item(s) ended without a result "
                          f"(e.g. {next(iter(self.lost))}); finished results are kept",
                          yellow=True)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self.entries and not self.lost:
            self.journal.close({})
            return
        run = self.run_info(int(exitstatus))
        self.journal.close(run)
        document = build_document(self.ordered_entries(), run)
        try:
            write_atomic(self.results_path, document)
        except OSError as exc:
            self.write_error = f"{self.results_path}: {exc.strerror or exc}"
        else:
            self.written = self.results_path
