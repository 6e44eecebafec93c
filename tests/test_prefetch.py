"""Items fetched and run ahead: how many by default (offline agents run 4 ahead, others none),
which are run ahead (never a timed one, unless the user asked), and that the workers end and
free their fork servers when the plan is done or the session stops."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from pytest_agentbench.agents import Agent
from pytest_agentbench.agents.cmd import CommandAgent
from pytest_agentbench.agents.record import ReplayAgent
from pytest_agentbench.agents.reference import ReferenceAgent
from pytest_agentbench.agents.samples import SamplesAgent
from pytest_agentbench.languages.python import forkserver
from pytest_agentbench.models import AgentReply, AgentRequest
from pytest_agentbench.prefetch import (
    OFFLINE_CONCURRENCY,
    Planned,
    Prefetcher,
    concurrency_for,
    processors,
)
from pytest_agentbench.suite import load_suite

from .helpers import MINI_SUITE


class Slow(Agent):
    spec = "slow"

    def solve(self, request: AgentRequest) -> AgentReply:
        time.sleep(0.01)
        return AgentReply(text="```python\npass\n```", seconds=0.01)


def _plan(count: int, directory: Path) -> list[Planned]:
    path = directory / "mini.json"
    path.write_text(json.dumps(MINI_SUITE))
    problem = load_suite(path).problems[0]
    return [Planned(f"item{n}", problem, "prompt", 0) for n in range(count)]


def test_offline_agents_run_ahead_by_default_and_others_do_not(tmp_path):
    samples = tmp_path / "s.jsonl"
    samples.write_text("")
    offline = max(2, min(OFFLINE_CONCURRENCY, processors()))  # one per processor, 2 to 4
    assert concurrency_for(ReferenceAgent(), None) == offline
    assert concurrency_for(SamplesAgent(samples), None) == offline
    assert concurrency_for(ReplayAgent(tmp_path), None) == offline
    assert concurrency_for(CommandAgent("true", timeout=5, base_dir=tmp_path), None) == 1
    assert concurrency_for(Slow(), None) == 1
    assert concurrency_for(ReferenceAgent(), 1) == 1  # what the user gave wins
    assert concurrency_for(Slow(), 3) == 3


def test_every_worker_releases_its_thread_when_the_plan_is_done(tmp_path):
    released: list[str] = []
    fetcher = Prefetcher(Slow(), _plan(6, tmp_path), 3, release=lambda: released.append(
        threading.current_thread().name))
    fetcher.start()
    for n in range(6):
        assert fetcher.reply_for(f"item{n}").text.startswith("```python")
    deadline = time.monotonic() + 30
    while len(released) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sorted(released) == [f"agentbench-prefetch-{n}" for n in range(3)]


def test_stop_ends_the_workers_waiting_for_items_that_will_not_run(tmp_path):
    released: list[str] = []
    fetcher = Prefetcher(Slow(), _plan(20, tmp_path), 2, release=lambda: released.append("one"))
    fetcher.start()
    fetcher.reply_for("item0")  # the workers then wait: at most 2 ahead of item 0
    fetcher.stop()
    deadline = time.monotonic() + 30
    while len(released) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert released == ["one", "one"]
    assert fetcher.next <= 4  # nothing past what was already allowed


def test_a_thread_closes_only_its_own_fork_servers(monkeypatch):
    closed: list[str] = []

    class Fake:
        def __init__(self, name: str) -> None:
            self.name = name

        def close(self) -> None:
            closed.append(self.name)

    me = threading.get_ident()
    servers = {("py", 1, me): Fake("mine"), ("py", 1, me + 1): Fake("other")}
    monkeypatch.setattr(forkserver, "_SERVERS", servers)
    forkserver.close_thread_servers()
    assert closed == ["mine"] and list(servers) == [("py", 1, me + 1)]


RECORDER = '''
import threading
from pathlib import Path
import pytest_agentbench.plugin as plugin

real = plugin.first_attempt

def recording(problem, *args, **kwargs):
    with open("ahead.txt", "a") as fh:
        fh.write(f"{problem.id} {threading.current_thread().name}\\n")
    return real(problem, *args, **kwargs)

plugin.first_attempt = recording
'''


def _ahead(pytester) -> list[str]:
    path = Path(pytester.path) / "ahead.txt"
    return path.read_text().split("\n")[:-1] if path.exists() else []


def test_the_reference_agent_runs_untimed_items_ahead_and_never_a_timed_one(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    pytester.makeconftest(RECORDER)
    untimed = pytester.runpytest_subprocess("--agentbench", "mini.json", "-p", "no:xdist",
                                            "--agentbench-weights", "performance=0")
    untimed.assert_outcomes(passed=len(MINI_SUITE["tests"]))
    ahead = _ahead(pytester)
    assert len(ahead) == len(MINI_SUITE["tests"])
    assert all(" agentbench-prefetch-" in line for line in ahead)

    (Path(pytester.path) / "ahead.txt").unlink()
    timed = pytester.runpytest_subprocess("--agentbench", "mini.json", "-p", "no:xdist")
    timed.assert_outcomes(passed=len(MINI_SUITE["tests"]))
    assert _ahead(pytester) == []  # the default keeps the machine quiet while items are timed

    asked = pytester.runpytest_subprocess("--agentbench", "mini.json", "-p", "no:xdist",
                                          "--agentbench-concurrency", "2")
    asked.assert_outcomes(passed=len(MINI_SUITE["tests"]))
    assert len(_ahead(pytester)) == len(MINI_SUITE["tests"])  # the user asked for it

    (Path(pytester.path) / "ahead.txt").unlink()
    serial = pytester.runpytest_subprocess("--agentbench", "mini.json", "-p", "no:xdist",
                                           "--agentbench-weights", "performance=0",
                                           "--agentbench-concurrency", "1")
    serial.assert_outcomes(passed=len(MINI_SUITE["tests"]))
    assert _ahead(pytester) == []


def test_no_fork_server_of_a_finished_worker_outlives_the_session(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    before = set(forkserver._SERVERS)
    result = pytester.runpytest_inprocess("--agentbench", "mini.json", "-p", "no:xdist",
                                          "--agentbench-weights", "performance=0")
    result.assert_outcomes(passed=len(MINI_SUITE["tests"]))
    deadline = time.monotonic() + 30
    main = threading.get_ident()
    while time.monotonic() < deadline:
        extra = [key for key in set(forkserver._SERVERS) - before if key[-1] != main]
        if not extra:
            break
        time.sleep(0.05)
    assert extra == []


def test_offline_concurrency_follows_the_processors(monkeypatch):
    from pytest_agentbench import prefetch

    for cpus, expected in ((1, 2), (2, 2), (3, 3), (64, OFFLINE_CONCURRENCY)):
        monkeypatch.setattr(prefetch, "processors", lambda cpus=cpus: cpus)
        assert concurrency_for(ReferenceAgent(), None) == expected
