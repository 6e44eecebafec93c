"""The pytest nodes: a suite file collects into one item per problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .agents import AgentUnavailable
from .context import CONTEXT_KEY, BenchContext
from .entries import Entry
from .failures import line_repr, problem_line, shows_sections, tb_style, text_repr
from .journal import ResumeKey, resume_key
from .models import FailureKind, Problem, is_infrastructure
from .models import entry_origin as origin
from .pipeline import BenchResult, run_problem
from .results import result_to_dict
from .sections import agent_section, failure_text, scores_section, solution_section
from .suite import SuiteError, item_name, marker_name
from .text_safety import terminal

if TYPE_CHECKING:  # the types of pytest's repr_failure (pytest exports neither)
    from _pytest._code.code import TerminalRepr, TracebackStyle

_KINDS = {k.value for k in FailureKind}
RESULT_KEY = pytest.StashKey[BenchResult]()
ENTRY_KEY = pytest.StashKey[Entry]()
RESUMED_KEY = pytest.StashKey[bool]()  # the entry was carried over from the resumed run


class BenchFailed(Exception):
    """Raised by an item whose benchmark failed; ``repr_failure`` renders it."""

    def __init__(self, result: BenchResult) -> None:
        super().__init__(result.message)
        self.result = result


class PriorFailure(Exception):
    """A failure carried over from the run being resumed."""

    def __init__(self, entry: Entry, source: str) -> None:
        value = entry.get("failure_kind") or ""
        kind = FailureKind(value).label if value in _KINDS else "failed"
        if is_infrastructure(entry):
            kind += " (infrastructure, not scored)"
        super().__init__(terminal(f"{kind}: {entry.get('message', '')} (resumed from {source})"))


class SuiteFile(pytest.File):
    """A suite file; loading goes through the ``pytest_agentbench_load_suite`` hook."""

    def collect(self) -> Iterator[BenchItem]:
        ctx = self.config.stash[CONTEXT_KEY]
        try:
            suite = self.config.hook.pytest_agentbench_load_suite(path=self.path,
                                                                  config=self.config)
        except SuiteError as exc:
            ctx.failed_suites.add(self.nodeid)
            raise self.CollectError(
                f"agentbench: invalid suite {exc.path} ({len(exc.problems)} problem"
                f"{'s' if len(exc.problems) != 1 else ''}):\n"
                + "\n".join(f"  {p}" for p in exc.problems)
            ) from None
        if suite is None:
            ctx.failed_suites.add(self.nodeid)
            raise self.CollectError(f"agentbench: no suite loader reads {self.path}")
        ctx.suites[str(self.path)] = suite
        registered = {line.split(":")[0].strip() for line in self.config.getini("markers")}
        for category in sorted({marker_name(p.category) for p in suite.problems} - registered):
            self.config.addinivalue_line("markers", f"{category}: agentbench problem category")
        samples = max(1, ctx.samples)
        for problem in suite.problems:
            for sample in range(samples):
                yield BenchItem.from_parent(self, name=bench_item_name(problem, sample, samples),
                                            problem=problem, sample=sample)


def bench_item_name(problem: Problem, sample: int, samples: int) -> str:
    """An item's name: the problem id made ``-k``-safe (or the name its loader gave it,
    ``python/bowling``), with ``[sN]`` when there are samples."""
    name = problem.extra.get("item_name") or item_name(problem.id)
    return name + (f"[s{sample}]" if samples > 1 else "")


class BenchItem(pytest.Item):
    """One problem: ask the agent, run the answer, score it, report it."""

    def __init__(self, *, problem: Problem, sample: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem
        self.sample = sample
        for word in (problem.difficulty, problem.language, marker_name(problem.category)):
            self.add_marker(word)
        self.add_marker("agentbench")
        self.extra_keyword_matches.update({problem.difficulty, problem.language,
                                           problem.category, marker_name(problem.category),
                                           *problem.extra.get("keywords", ())})
        self._add_backstop_timeout()

    def _add_backstop_timeout(self) -> None:
        """pytest-timeout as a last resort, above the item's own agent and execution limits."""
        if not self.config.pluginmanager.hasplugin("timeout"):
            return
        ctx = self.config.stash[CONTEXT_KEY]
        self.add_marker(pytest.mark.timeout(ctx.backstop_seconds()))

    def runtest(self) -> None:
        ctx: BenchContext = self.config.stash[CONTEXT_KEY]
        prior = ctx.resume.get(self.resume_key(ctx))
        if prior is not None:
            self.replay(prior, ctx.resume_source or "")
            return
        runner = ctx.registry.get(self.problem.language)
        reply = ahead = None
        if ctx.prefetch is not None:
            try:
                reply = ctx.prefetch.reply_for(self.nodeid)
            except AgentUnavailable as exc:  # the agent has nothing for this item: skip it
                self.record(BenchResult(problem=self.problem, agent=ctx.agent_spec,
                                        status="skipped", message=str(exc), sample=self.sample))
                pytest.skip(terminal(exc))
            ahead = ctx.prefetch.first_for(self.nodeid)
        result = run_problem(self.problem, ctx.agent, runner, ctx.registry, ctx.settings,
                             sample=self.sample, first_reply=reply, first=ahead)
        self.record(result)
        if result.status == "skipped":
            pytest.skip(terminal(result.message))
        if result.status == "failed":
            raise BenchFailed(result)

    def record(self, result: BenchResult) -> None:
        entry = result_to_dict(result)
        self.stash[RESULT_KEY] = result
        self.stash[ENTRY_KEY] = entry
        self.user_properties.extend(junit_properties(entry))
        if result.status == "failed" and not shows_sections(self.config):
            return  # --tb=short, line, no: the failure is all that is shown
        self.add_report_section("call", "agentbench scores", scores_section(result))
        if result.solution is not None:
            self.add_report_section("call", "agentbench solution", solution_section(result))
        agent_text = agent_section(result)
        if agent_text:
            self.add_report_section("call", "agentbench agent", agent_text)

    def resume_key(self, ctx: BenchContext) -> ResumeKey:
        p = self.problem
        return resume_key(p.suite, p.suite_version, p.id, self.sample, ctx.agent_spec)

    def replay(self, entry: Entry, source: str) -> None:
        """A problem finished in the run being resumed: report its entry, ask no agent."""
        self.stash[ENTRY_KEY] = entry
        self.stash[RESUMED_KEY] = True
        self.user_properties.extend(junit_properties(entry))
        if entry["status"] != "failed" or shows_sections(self.config):
            self.add_report_section("call", "agentbench scores",
                                    terminal(f"resumed from {source}: not run again\n"
                                             f"status {entry['status']}, weighted score "
                                             f"{entry['weighted_score']}"))
        if entry["status"] == "skipped":
            pytest.skip(terminal(f"{entry['message']} (resumed)"))
        if entry["status"] == "failed":
            raise PriorFailure(entry, source)

    def record_crash(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Entry:
        """An entry for an item that ended by an exception outside the pipeline (a backstop
        timeout, an interrupt), so the results file still lists it."""
        kind = FailureKind.TIMEOUT if "Timeout" in excinfo.typename else FailureKind.HARNESS_ERROR
        result = BenchResult(problem=self.problem, agent=self.config.stash[CONTEXT_KEY].agent_spec,
                             status="failed", failure=kind, sample=self.sample,
                             message=f"{excinfo.typename}: {str(excinfo.value)[:500]}")
        self.record(result)
        return self.stash[ENTRY_KEY]

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: TracebackStyle | None = None) -> str | TerminalRepr:
        """The failure as ``--tb`` asks (see :mod:`pytest_agentbench.failures`)."""
        if not isinstance(excinfo.value, BenchFailed | PriorFailure):
            return super().repr_failure(excinfo, style=style)
        tb = tb_style(self.config)
        if isinstance(excinfo.value, BenchFailed):
            text = failure_text(excinfo.value.result, "short" if tb == "short" else "long")
        else:
            text = str(excinfo.value)
        where = self.nodeid.split("::")[0], problem_line(self.path, self.problem.id)
        if tb == "line":
            return line_repr(*where, self.name, text)
        return text_repr(*where, text)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = problem_line(self.path, self.problem.id)
        return (self.path, line - 1 if line else None,
                f"agentbench {self.problem.suite}::{self.problem.id}")


def _fmt(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "n/a"


def junit_properties(entry: Entry) -> list[tuple[str, str]]:
    """Flat, pre-formatted JUnit properties (``junit_family=xunit1`` writes them)."""
    props = [(f"agentbench_{name}", _fmt(score)) for name, score in entry["dimensions"].items()]
    props += [
        ("agentbench_weighted_score", _fmt(entry["weighted_score"])),
        ("agentbench_status", entry["status"]),
        ("agentbench_failure_kind", entry["failure_kind"] or ""),
        ("agentbench_failure_origin", origin(entry) or ""),
        ("agentbench_agent", entry["agent"]),
        ("agentbench_language", entry["language"]),
        ("agentbench_difficulty", entry["difficulty"]),
        ("agentbench_cases", f"{entry['execution_details']['cases_passed']}/"
                             f"{entry['execution_details']['cases_executable']}"),
        ("agentbench_seconds", f"{entry['total_time']:.3f}"),
    ]
    return props
