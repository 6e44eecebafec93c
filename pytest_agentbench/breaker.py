"""The circuit breaker: a run whose infrastructure is down stops, instead of failing every item.

After ``--agentbench-max-infra-failures`` (3) infrastructure failures of the same kind in a row
(``agent_unavailable``, ``backend_error``, ``rate_limited``, ``harness_error``: see
:attr:`~pytest_agentbench.models.FailureKind.origin`), the process that ran them sets
``session.shouldstop``: pytest ends the item it runs and stops, as ``-x`` does, with exit status
2. An answer or a failure of the agent's own in between starts the count again; items carried
over from a resumed run and skipped items do not count.

Each process that runs items counts the items it ran. Under xdist that is each worker: the
first to trip stops, and xdist then sends the others no more items; they finish what they hold
(an outage fails those fast, and each stops at its own limit). The worker hands its reason to the
controller in ``workeroutput["agentbench_stopped"]``, which prints it with the command that
resumes the run.
"""

from __future__ import annotations

import pytest

from .context import BenchContext
from .entries import Entry, of_report
from .models import is_infrastructure

WORKER_KEY = "agentbench_stopped"


class Breaker:
    """Counts infrastructure failures of one kind in a row; :meth:`observe` says when to stop."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kind: str | None = None
        self.count = 0
        self.reason = ""

    def observe(self, entry: Entry) -> str:
        """Count one finished item's entry; the reason to stop once the limit is reached."""
        if self.limit <= 0 or self.reason or entry.get("status") == "skipped":
            return self.reason
        if not is_infrastructure(entry):
            self.kind, self.count = None, 0
            return ""
        kind = str(entry.get("failure_kind"))
        self.count = self.count + 1 if kind == self.kind else 1
        self.kind = kind
        if self.count >= self.limit:
            first = (str(entry.get("message") or "").splitlines() or [""])[0][:300]
            self.reason = (f"agentbench: stopped after {self.count} infrastructure failures in "
                           f"a row ({kind}: {first})")
        return self.reason


class BreakerPlugin:
    """Registered in every process that runs items (the only one, or each xdist worker)."""

    def __init__(self, config: pytest.Config, ctx: BenchContext) -> None:
        self.config = config
        self.ctx = ctx
        self.breaker = Breaker(ctx.max_infra_failures)
        self.session: pytest.Session | None = None

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.session = session

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = of_report(report)
        if report.when != "call" or entry is None or getattr(
                report, "agentbench_resumed", False):
            return
        reason = self.breaker.observe(entry)
        if reason and not self.ctx.stopped:
            self.ctx.stopped = reason
            if self.session is not None and not self.session.shouldstop:
                self.session.shouldstop = reason

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        output = getattr(self.config, "workeroutput", None)
        if output is not None and self.ctx.stopped:
            output[WORKER_KEY] = self.ctx.stopped
