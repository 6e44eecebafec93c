"""Ask the agent for upcoming items ahead of execution, in a bounded pool of threads.

Agent calls are slow and cheap on CPU (a remote model, a CLI waiting on one), so while one
item's solution runs, the answers for the next ``concurrency`` items are already being fetched.
Only attempt 1 is prefetched; repair turns depend on the run. Threads are daemons, so Ctrl-C
or ``-x`` never waits for answers nobody will read.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .agents import Agent, AgentUnavailable
from .models import AgentReply, Problem
from .pipeline import ask_agent, request_for


@dataclass
class _Job:
    done: threading.Event = field(default_factory=threading.Event)
    reply: AgentReply | None = None
    unavailable: AgentUnavailable | None = None


@dataclass(frozen=True)
class Planned:
    key: str
    problem: Problem
    prompt: str
    sample: int


class Prefetcher:
    def __init__(self, agent: Agent, plan: Sequence[Planned], concurrency: int) -> None:
        self.agent = agent
        self.plan = list(plan)
        self.concurrency = max(1, concurrency)
        self.jobs: dict[str, _Job] = {}
        self.position = {p.key: i for i, p in enumerate(self.plan)}
        self.next = 0
        self.slots = threading.Semaphore(self.concurrency)
        self.lock = threading.Lock()

    def _fill(self, upto: int) -> None:
        """Start jobs in plan order up to index ``upto`` (inclusive) as slots allow."""
        with self.lock:
            while self.next < len(self.plan) and self.next <= upto:
                if not self.slots.acquire(blocking=False):
                    break
                planned = self.plan[self.next]
                job = _Job()
                self.jobs[planned.key] = job
                threading.Thread(target=self._work, args=(planned, job), daemon=True,
                                 name=f"agentbench-prefetch-{self.next}").start()
                self.next += 1

    def _work(self, planned: Planned, job: _Job) -> None:
        try:
            with tempfile.TemporaryDirectory(prefix="agentbench-agent-") as tmp:
                request = request_for(planned.problem, planned.prompt, Path(tmp), planned.sample)
                job.reply = ask_agent(self.agent, request)
        except AgentUnavailable as exc:
            job.unavailable = exc
        except BaseException as exc:  # never let a thread die silently
            job.reply = AgentReply("", 0.0, None, f"prefetch failed: {exc}")
        finally:
            job.done.set()
            self.slots.release()
            self._fill(len(self.plan))

    def reply_for(self, key: str) -> AgentReply | None:
        """The answer for the planned item ``key`` (waiting for it), or None if not planned."""
        index = self.position.get(key)
        if index is None:
            return None
        self._fill(index + self.concurrency)
        with self.lock:
            job = self.jobs.get(key)
        if job is None:  # every slot is busy with earlier items: wait for them
            while job is None:
                self._fill(index)
                with self.lock:
                    job = self.jobs.get(key)
                if job is None:
                    threading.Event().wait(0.01)
        job.done.wait()
        if job.unavailable is not None:
            raise job.unavailable
        return job.reply

    def start(self) -> None:
        self._fill(self.concurrency - 1)
