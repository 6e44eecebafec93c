"""Where a run is: a live status line on a terminal, one line per finished item elsewhere.

``--agentbench-progress`` (ini ``agentbench_progress``):

- ``live`` (on a terminal, by default): one status line below pytest's own output (done/total,
  passed, failed, the items running, elapsed, ETA), redrawn every second. It is erased before
  pytest writes anything and drawn again afterwards, so pytest's dots, xdist's lines and the
  summary are left as they would be without it;
- ``lines`` (by default when the output is not a terminal: CI logs): after each item's result
  letter, its name, result, time and the run's counts, on pytest's own line;
- ``off``; ``auto`` picks one of the above, and nothing with ``-q``.

Registered only where reports are gathered: the only process, or xdist's controller, which
sees every worker's ``logstart`` (items in flight), reports and ``logfinish``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from . import options
from .entries import of_report
from .models import FailureKind
from .text_safety import terminal

REFRESH_SECONDS = 1.0
# Cursor movements: the status line sits one row below pytest's cursor, which never moves.
_DOWN, _UP, _CLEAR_LINE, _CLEAR_TO_END = "\x1b[B", "\x1b[A", "\x1b[2K", "\x1b[K"


def clock(seconds: float) -> str:
    """``42`` -> ``0:42``; ``3723`` -> ``1:02:03``."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def short_name(nodeid: str) -> str:
    """The item's name, without its file: ``suites/a.json::py_01`` -> ``py_01``."""
    return nodeid.rsplit("::", 1)[-1]


def _kind_label(value: str) -> str:
    try:
        return FailureKind(value).label
    except ValueError:
        return value.replace("_", " ")


@dataclass
class ItemState:
    """What the reports of one item said so far."""

    started: float
    outcome: str = "passed"  # passed | failed | error | skipped
    seconds: float = 0.0
    kind: str = ""  # the agentbench failure kind's label
    resumed: bool = False


def outcome_of(report: pytest.TestReport, current: str) -> str:
    """The item's outcome after one more of its reports (the worst so far wins)."""
    if report.failed:
        return "failed" if report.when == "call" else "error"
    if report.skipped and current == "passed":
        return "skipped"
    return current


@dataclass
class Tally:
    """The run's counts; pure, so the status text can be tested without a terminal."""

    total: int = 0
    started: float | None = None  # when the first item started
    counts: dict[str, int] = field(default_factory=dict)
    resumed: int = 0  # finished items carried over from a resumed run (take no time)
    running: dict[str, ItemState] = field(default_factory=dict)  # in flight, in start order

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def start(self, nodeid: str, now: float) -> ItemState:
        if self.started is None:
            self.started = now
        return self.running.setdefault(nodeid, ItemState(started=now))

    def finish(self, nodeid: str) -> ItemState | None:
        """Count a running item as done (once: later calls for it do nothing)."""
        state = self.running.pop(nodeid, None)
        if state is not None:
            self.counts[state.outcome] = self.counts.get(state.outcome, 0) + 1
            self.resumed += state.resumed
        return state

    def elapsed(self, now: float) -> float:
        return now - self.started if self.started is not None else 0.0

    def eta(self, now: float) -> float | None:
        """Seconds left at the pace so far (items run at once count as run at once)."""
        timed = self.done - self.resumed
        left = max(0, self.total - self.done)
        if timed <= 0 or not left:
            return None
        return self.elapsed(now) / timed * left

    def counts_text(self) -> str:
        parts = [f"{self.counts.get('passed', 0)} passed"]
        parts += [f"{self.counts[k]} {k}" for k in ("failed", "error", "skipped")
                  if self.counts.get(k)]
        return ", ".join(parts)

    def times_text(self, now: float) -> str:
        eta = self.eta(now)
        return f"elapsed {clock(self.elapsed(now))}" + (f", ETA {clock(eta)}" if eta else "")

    def status_line(self, now: float, width: int) -> str:
        """``agentbench 3/12: 2 passed, 1 failed; running a_04 (0:12); elapsed 0:42, ETA 2:10``
        cut to ``width`` columns."""
        text = f"agentbench {self.done}/{self.total}: {self.counts_text()}"
        if self.running:
            names = [f"{short_name(n)} ({clock(now - s.started)})"
                     for n, s in self.running.items()]
            text += "; running " + ", ".join(names)
        text += f"; {self.times_text(now)}"
        text = terminal(text, multiline=False)
        return text if len(text) <= width else text[: max(0, width - 3)] + "..."

    def item_line(self, nodeid: str, state: ItemState, now: float) -> str:
        """``3/12 a_03: failed (wrong answer) in 1.20 s; 2 passed, 1 failed; elapsed ...``."""
        result = state.outcome + (f" ({state.kind})" if state.kind else "")
        took = "resumed" if state.resumed else f"in {state.seconds:.2f} s"
        return terminal(f"{self.done}/{self.total} {short_name(nodeid)}: {result} {took}; "
                        f"{self.counts_text()}; {self.times_text(now)}", multiline=False)


def choose_mode(config: pytest.Config, tr: Any) -> str:
    """``live``, ``lines`` or ``off`` for this session."""
    wanted = options.get(config, "--agentbench-progress") or "auto"
    if tr is None or wanted == "off":
        return "off"
    live_ok = bool(tr.isatty) and bool(tr.hasmarkup) and _quiet_capture(config)
    if wanted == "auto":
        if config.get_verbosity() < 0:
            return "off"
        return "live" if live_ok else "lines"
    return "live" if wanted == "live" and live_ok else "lines"


def _quiet_capture(config: pytest.Config) -> bool:
    """Nothing but pytest writes to the terminal while items run: output is captured and no
    log is streamed live (either would write below the status line)."""
    capture = getattr(config.option, "capture", "fd")
    try:
        log_cli = bool(config.getini("log_cli"))
    except ValueError:  # -p no:logging
        log_cli = False
    return capture != "no" and not log_cli and not config.getoption("log_cli_level", None)


class ProgressReporter:
    """The plugin: follows ``logstart``/``logreport``/``logfinish`` and writes the progress."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.tally = Tally()
        self.mode = "off"
        self.tr: Any = None
        self.lock = threading.RLock()
        self.drawn = False
        self.paused = 0
        self.stopping = threading.Event()
        self.ticker: threading.Thread | None = None
        self.fd = -1  # the terminal, in live mode
        self.session: pytest.Session | None = None

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.tr = self.config.pluginmanager.get_plugin("terminalreporter")
        self.mode = choose_mode(self.config, self.tr)
        self.session = session
        if self.mode == "live":
            self._open_terminal()

    # -- the hooks that write to the terminal: the status line is erased around each
    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> Generator[None, Any, Any]:
        with self._paused():
            if self.mode != "off":
                self.tally.total = getattr(self.session, "testscollected", 0)
                self.tally.start(nodeid, time.monotonic())
                self._start_ticker()
            return (yield)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport
                                 ) -> Generator[None, Any, Any]:
        with self._paused():
            state = self.tally.running.get(report.nodeid) if self.mode != "off" else None
            if state is not None:
                self._note(state, report)
                if self.mode == "lines":
                    self._before_letter(report)
            result = yield
            if state is not None and self._wrote_result(report):
                # its result is shown: the item is done (its teardown is not waited for)
                self.tally.finish(report.nodeid)
                if self.mode == "lines":
                    self._write_item_line(report.nodeid, state)
            return result

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_logfinish(self, nodeid: str, location: Any
                                 ) -> Generator[None, Any, Any]:
        with self._paused():
            if self.mode != "off":
                self.tally.finish(nodeid)
            return (yield)

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, Any, Any]:
        """Innermost: the line is gone before pytest writes its last progress and summary."""
        try:
            return (yield)
        finally:
            self._stop()

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_internalerror(self, excrepr: Any, excinfo: Any) -> Generator[None, Any, Any]:
        self._stop()
        return (yield)

    @pytest.hookimpl(wrapper=True, tryfirst=True, optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> Generator[None, Any, Any]:
        with self._paused():
            return (yield)

    # -- what the reports say
    @staticmethod
    def _note(state: ItemState, report: pytest.TestReport) -> None:
        state.outcome = outcome_of(report, state.outcome)
        state.seconds += report.duration
        state.resumed = state.resumed or bool(getattr(report, "agentbench_resumed", False))
        entry = of_report(report)
        kind = entry.get("failure_kind") if entry is not None else None
        if kind:
            state.kind = _kind_label(str(kind))

    def _wrote_result(self, report: pytest.TestReport) -> bool:
        """pytest wrote a letter or a word for this report (not for a passed setup)."""
        status = self.config.hook.pytest_report_teststatus(report=report, config=self.config)
        return bool(status and (status[1] or status[2]))

    # -- lines mode: after the item's letter, on pytest's line
    def _before_letter(self, report: pytest.TestReport) -> None:
        """Under xdist another item's line may still be open (no logstart came between): end
        it as pytest ends a file's line (its progress, a new line, the file's name)."""
        if self.config.get_verbosity() > 0 or self.tr.currentfspath != -2:
            return
        if self.tr.showfspath:
            self.tr.write_fspath_result(report.nodeid, "")
        else:
            self.tr.ensure_newline()

    def _write_item_line(self, nodeid: str, state: ItemState) -> None:
        text = self.tally.item_line(nodeid, state, time.monotonic())
        if self.config.get_verbosity() > 0:
            self.tr.ensure_newline()
            self.tr.write("    " + text)
        else:
            self.tr.write(" " + text)
        self.tr.currentfspath = -2  # a line is open: pytest ends it before writing on

    # -- live mode
    def _start_ticker(self) -> None:
        if self.mode != "live" or self.ticker is not None:
            return
        self.ticker = threading.Thread(target=self._tick, name="agentbench-progress",
                                       daemon=True)
        self.ticker.start()

    def _tick(self) -> None:
        while not self.stopping.wait(REFRESH_SECONDS):
            with self.lock:
                if not self.paused:
                    self._erase()
                    self._draw()

    @contextmanager
    def _paused(self) -> Iterator[None]:
        """Erase the status line while pytest writes; draw it again afterwards."""
        with self.lock:
            self.paused += 1
            self._erase()
        try:
            yield
        finally:
            with self.lock:
                self.paused -= 1
                if not self.paused and not self.stopping.is_set():
                    self._draw()

    def _open_terminal(self) -> None:
        """A descriptor of the terminal itself: while an item runs, pytest's capture points
        descriptor 1 elsewhere, and the status line is redrawn then too."""
        try:
            fd = os.dup(self.tr._tw._file.fileno())
        except (AttributeError, OSError, ValueError):
            fd = -1
        if fd >= 0 and not os.isatty(fd):
            os.close(fd)
            fd = -1
        self.fd = fd
        if fd < 0:
            self.mode = "lines"

    def _raw(self, text: str) -> None:
        """Write escape sequences past pytest's writer (which must not count them as text),
        after what it wrote so far."""
        if threading.current_thread() is threading.main_thread():
            self.tr._tw.flush()
        data = text.encode("utf-8", "replace")
        while data:
            data = data[os.write(self.fd, data):]

    def _draw(self) -> None:
        if self.mode != "live" or self.drawn or not self.tally.running:
            return
        width = self.tr._tw.fullwidth
        column = self.tr._tw.width_of_current_line
        if column and column % width == 0:
            return  # the cursor waits at the right edge; moving it would lose the wrap
        line = self.tally.status_line(time.monotonic(), width - 1)
        back = f"\r\x1b[{column % width}C" if column % width else "\r"
        self._raw(f"\n\r{line}{_CLEAR_TO_END}{_UP}{back}")
        self.drawn = True

    def _erase(self) -> None:
        if self.drawn:
            self._raw(f"{_DOWN}{_CLEAR_LINE}{_UP}")
            self.drawn = False

    def _stop(self) -> None:
        self.stopping.set()
        with self.lock:
            self._erase()
        if self.ticker is not None:
            self.ticker.join(timeout=5)
            self.ticker = None
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
