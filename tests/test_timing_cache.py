"""Timings kept by everything that determines them: the same answer is timed once per machine."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pytest_agentbench.agents import ReferenceAgent
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.models import SizeTiming, TimingResult
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.scoring import timing_cache
from pytest_agentbench.suite import load_suite

from .helpers import TIMED, XDIST_MODES, run_plugin, write_suite

REG = default_registry()
ROOT = Path(__file__).resolve().parents[1]
SUM = "def total(nums):\n    return sum(nums)\n"
LOOP = "def total(nums):\n    s = 0\n    for x in nums:\n        s += x\n    return s\n"
@pytest.fixture
def cache_on(tmp_path, monkeypatch):
    monkeypatch.setenv("AGENTBENCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AGENTBENCH_TIMING_CACHE", "1")
    return tmp_path / "cache" / "timing"


@pytest.fixture
def problem(tmp_path):
    return load_suite(write_suite(tmp_path, "timed.json", TIMED), REG).problems[0]


def _sizes(*pairs):
    return tuple(SizeTiming(f"n={n}", n, (s,) * 5, (r,) * 5) for n, s, r in pairs)


def test_the_key_holds_everything_a_timing_depends_on(problem, monkeypatch):
    runner = REG.get("python")
    base = timing_cache.key(runner, problem, LOOP, SUM)
    assert timing_cache.key(runner, problem, LOOP, SUM) == base
    other_sizes = replace(problem, timing=replace(problem.timing, repeat=7))
    assert len({base, timing_cache.key(runner, problem, SUM, SUM),
                timing_cache.key(runner, problem, LOOP, LOOP),
                timing_cache.key(runner, other_sizes, LOOP, SUM),
                timing_cache.key(REG.get("ruby"), problem, LOOP, SUM)}) == 5
    toolchain = runner.toolchain()
    monkeypatch.setattr(runner, "toolchain", lambda: replace(toolchain, version="Python 9.9"))
    assert timing_cache.key(runner, problem, LOOP, SUM) != base


def test_the_harness_digest_follows_the_language_package():
    python, ruby = (timing_cache.harness_digest(type(REG.get(n))) for n in ("python", "ruby"))
    assert python != ruby and len(python) == 16


def test_the_harness_digest_follows_the_packages_of_a_runners_bases():
    """JavaScript and TypeScript run on the Node base (``languages/node``): its files are part
    of their timings' code, as their own packages are."""
    names = {n: [p.name for p in timing_cache.language_packages(type(REG.get(n)))]
             for n in ("javascript", "typescript", "go")}
    assert names == {"javascript": ["javascript", "node"], "typescript": ["typescript", "node"],
                     "go": ["go"]}
    assert timing_cache.language_packages(int) == []


def test_the_harness_digest_follows_the_timing_sources_a_runner_names(tmp_path):
    """JavaScript runs TypeScript's harness (``typescript/support``): a change to it is a new
    key for JavaScript's timings too."""
    from pytest_agentbench.languages import typescript

    runner = type(REG.get("javascript"))
    assert typescript.SUPPORT in runner.timing_sources
    harness = tmp_path / "harness"
    harness.mkdir()
    (harness / "harness.ts").write_text("// one")

    class Timed(runner):  # type: ignore[misc, valid-type]
        timing_sources = (harness,)

    before = timing_cache.harness_digest(Timed)
    (harness / "harness.ts").write_text("// two")
    timing_cache.harness_digest.cache_clear()  # computed once per runner in a run
    assert timing_cache.harness_digest(Timed) != before

def test_a_measurement_is_kept_and_read_back_whole(cache_on):
    result = TimingResult(_sizes((10, 0.001, 0.002), (100, 0.01, 0.02)))
    timing_cache.store("ab" * 32, result, 2)
    kept = timing_cache.load("ab" * 32)
    assert kept is not None and kept.result == result and kept.batches == 2
    assert kept.measured_at.endswith("Z")
    assert [p.name for p in (cache_on / "ab").iterdir()] == ["ab" * 32 + ".json"]


@pytest.mark.parametrize("result", [
    TimingResult(_sizes((10, 1.0, 0.01)), "the solution took more than 1 s", cut=True),
    TimingResult(_sizes((10, 1.0, 0.01)), "did not finish", timed_out=True),
    TimingResult((), "the solution raised ValueError: x"),
    TimingResult(()),
], ids=["cut", "overrun", "error", "empty"])
def test_only_a_measurement_that_ended_as_planned_is_kept(cache_on, result):
    timing_cache.store("cd" * 32, result, 1)
    assert timing_cache.load("cd" * 32) is None and not cache_on.exists()


def test_a_spoiled_entry_is_measured_again(cache_on):
    timing_cache.store("ef" * 32, TimingResult(_sizes((10, 0.001, 0.002))), 1)
    path = cache_on / "ef" / ("ef" * 32 + ".json")
    for text in ("{", json.dumps({"sizes": [{"label": "x"}], "batches": 1}), "[]"):
        path.write_text(text)
        assert timing_cache.load("ef" * 32) is None


def test_turned_off_nothing_is_read_or_written(cache_on, monkeypatch):
    timing_cache.store("12" * 32, TimingResult(_sizes((10, 0.001, 0.002))), 1)
    monkeypatch.setenv("AGENTBENCH_TIMING_CACHE", "0")
    assert timing_cache.load("12" * 32) is None
    timing_cache.store("34" * 32, TimingResult(_sizes((10, 0.001, 0.002))), 1)
    assert not (cache_on / "34").exists()


class Counting:
    """The Python runner's benchmark, counted."""

    def __init__(self, monkeypatch, runner, replacement=None):
        self.calls = 0
        real = runner.benchmark

        def benchmark(*args, **kwargs):
            self.calls += 1
            return replacement if replacement is not None else real(*args, **kwargs)

        monkeypatch.setattr(runner, "benchmark", benchmark)


def _performance(problem, agent=None):
    settings = BenchSettings(exec_settings=ExecSettings(solution_limits(20)))
    result = run_problem(problem, agent or ReferenceAgent(), REG.get("python"), REG, settings)
    return next(s for s in result.scores if s.name == "performance")


def test_the_same_answer_is_timed_once_and_scored_alike(cache_on, problem, monkeypatch):
    counted = Counting(monkeypatch, REG.get("python"))
    first = _performance(problem)
    assert counted.calls >= 1 and "cached" not in first.details
    calls = counted.calls
    second = _performance(problem)
    assert counted.calls == calls, "the kept timing was measured again"
    assert second.score == first.score and second.details["cached"]
    assert second.details["sizes"] == first.details["sizes"]
    assert "read from the cache" in second.details["ratio_text"]
    monkeypatch.setenv("AGENTBENCH_TIMING_CACHE", "0")
    third = _performance(problem)
    assert counted.calls > calls and "cached" not in third.details


def test_a_failed_timing_is_not_kept(cache_on, problem, monkeypatch):
    counted = Counting(monkeypatch, REG.get("python"),
                       TimingResult((), "the solution raised MemoryError: x"))
    for _ in range(2):
        score = _performance(problem)
        assert score.score is None and "MemoryError" in score.reason
    assert counted.calls == 2


SUITE_CONFTEST = """
import pytest
from pytest_agentbench.agents import Agent
from pytest_agentbench.models import AgentReply

class Loop(Agent):
    spec = "loop"
    offline = True
    def solve(self, request):
        return AgentReply("```python\\n" + {loop!r} + "\\n```", 0.0)

@pytest.hookimpl
def pytest_agentbench_make_agent(spec, config):
    return Loop() if spec == "loop" else None
"""


@pytest.mark.parametrize("mode", XDIST_MODES.values(), ids=XDIST_MODES.keys())
def test_a_rerun_reads_its_timings_and_reports_them_as_read(pytester, tmp_path, monkeypatch,
                                                           mode):
    monkeypatch.setenv("AGENTBENCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AGENTBENCH_TIMING_CACHE", "1")
    pytester.makeconftest(SUITE_CONFTEST.format(loop=LOOP))
    suite = write_suite(pytester.path, "timed.json", TIMED)
    runs = []
    for name in ("first", "second"):
        result = run_plugin(pytester, "--agentbench", str(suite), "--agentbench-agent", "loop",
                            "--agentbench-results", f"{name}.json", *mode)
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(["agentbench performance: *; timings of code timed before "
                                     "are read from the cache*"])
        entry = json.loads((pytester.path / f"{name}.json").read_text())["results"][0]
        runs.append(entry["dimension_details"]["performance"])
    first, second = runs
    assert "cached" not in first["details"] and second["details"]["cached"]
    assert second["score"] == first["score"] is not None
    assert second["details"]["sizes"] == first["details"]["sizes"]
    assert list(Path(tmp_path / "cache" / "timing").rglob("*.json"))


@pytest.mark.parametrize(("language", "contenders"), [
    ("ruby", {"solution", "reference"}),  # the HarnessRunner template: a folder each
    ("python", {"solution", "reference", "harness.py"}),  # the same, its harness beside them
])
def test_a_kept_workspace_holds_the_timing_run_too(tmp_path, language, contenders):
    """--agentbench-keep-workspaces: the timing directory (job, both contenders) is kept
    beside the run's own."""
    problem = next(p for p in load_suite(ROOT / "suites" / f"{language}_mini.json",
                                         REG).problems if p.timing is not None)
    other = problem.reference_solution + "\n# the same, written apart\n"
    result = REG.get(language).benchmark(problem, other, problem.reference_solution,
                                         replace(ExecSettings(), keep_dir=tmp_path / "kept"))
    assert not result.error, result.error
    kept = tmp_path / "kept" / "timing"
    assert (kept / "job.json").is_file()
    assert {p.name for p in kept.iterdir()} >= contenders
