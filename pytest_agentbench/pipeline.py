"""One problem, end to end: prompt -> agent -> extraction -> run -> judge -> scores.

This is plain Python with no pytest in it; the pytest item only calls :func:`run_problem` and
reports what it returns, so the whole path can be tested on plain data.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .agents import Agent, AgentUnavailable
from .agents.base import cap_answer
from .extract import extract_files, extract_solution
from .humaneval import assemble
from .judge import describe_outcome, judge
from .languages import ExecSettings, LanguageBundle, LanguageRegistry, LanguageRunner
from .models import (
    INFRASTRUCTURE,
    AgentReply,
    AgentRequest,
    AttemptSummary,
    DimensionScore,
    Execution,
    FailureKind,
    Problem,
    Solution,
    Status,
    Turn,
)
from .project import feedback_tail
from .prompt import render_prompt
from .scoring import DEFAULT_WEIGHTS, EvalContext, Evaluator, builtin_evaluators, weighted_score


@dataclass(frozen=True)
class BenchSettings:
    exec_settings: ExecSettings = field(default_factory=ExecSettings)
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    evaluators: tuple[Evaluator, ...] = field(default_factory=lambda: tuple(builtin_evaluators()))
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BenchResult:
    problem: Problem
    agent: str
    status: Status
    failure: FailureKind | None = None
    message: str = ""
    prompt: str = ""
    reply: AgentReply | None = None
    solution: Solution | None = None
    execution: Execution | None = None
    scores: tuple[DimensionScore, ...] = ()
    weighted: float | None = None
    agent_seconds: float = 0.0
    exec_seconds: float = 0.0
    total_seconds: float = 0.0
    sample: int = 0
    attempts: tuple[AttemptSummary, ...] = ()
    tokens_in: int | None = None  # over all attempts
    tokens_out: int | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def skip_reason(problem: Problem, runner: LanguageRunner) -> str | None:
    """Why a problem cannot be run at all, decided before any agent is asked."""
    if problem.project is not None and not runner.supports_project:
        return f"project mode not implemented for {runner.name}"
    if problem.project is not None and (why := runner.project_skip_reason(problem)):
        return why
    if not problem.executable_cases and not problem.native_tests and problem.project is None:
        reasons = "; ".join(f"{c.name}: {c.reason}" for c in problem.not_executable_cases[:3])
        return (f"no executable case ({len(problem.cases)} not executable"
                + (f": {reasons}" if reasons else "") + ")")
    toolchain = runner.toolchain()
    if not toolchain.available:
        hint = f"; install it with: {toolchain.install_hint}" if toolchain.install_hint else ""
        return f"{runner.display_name or runner.name} toolchain not available: " \
               f"{toolchain.reason}{hint}"
    if problem.native_tests and (why := runner.native_skip_reason(problem)):
        return why
    return None


REPAIRABLE = frozenset({
    FailureKind.NO_CODE, FailureKind.COMPILE_ERROR, FailureKind.RUNTIME_ERROR,
    FailureKind.WRONG_ANSWER, FailureKind.TIMEOUT, FailureKind.RESOURCE_LIMIT,
})


def settings_for(problem: Problem, settings: BenchSettings) -> BenchSettings:
    """A suite format's own defaults (HumanEval: 3 s per problem, correctness only) apply
    unless the user set the time limit or the weights."""
    limit = problem.extra.get("time_limit")
    if limit and not settings.options.get("exec_timeout_explicit"):
        limits = replace(settings.exec_settings.limits, wall_seconds=float(limit),
                         cpu_seconds=int(2 * float(limit)) + 5)
        settings = replace(settings, exec_settings=replace(settings.exec_settings,
                                                           limits=limits))
    weights = problem.extra.get("weights")
    if weights and not settings.options.get("weights_explicit"):
        settings = replace(settings, weights={**{n: 0.0 for n in settings.weights}, **weights})
    return settings


def timed(problem: Problem, settings: BenchSettings) -> bool:
    """Whether the problem's performance is measured (its weight is not 0)."""
    return settings_for(problem, settings).weights.get("performance", 0.0) > 0


def ask_agent(agent: Agent, request: AgentRequest) -> AgentReply:
    """The agent's reply; an exception from a broken agent becomes an agent error, and an
    answer over the size cap fails here, before anything copies it.

    :class:`AgentUnavailable` is let through: it means "skip", not "fail".
    """
    start = time.perf_counter()
    try:
        return cap_answer(agent.solve(request))
    except AgentUnavailable:
        raise
    except Exception as exc:  # a broken agent plugin fails its item, not the run
        # an OSError (a refused connection, a network timeout) is its backend's failure
        kind = FailureKind.BACKEND_ERROR if isinstance(exc, OSError) else FailureKind.AGENT_ERROR
        return AgentReply("", time.perf_counter() - start, kind,
                          f"the agent raised {type(exc).__name__}: {exc}",
                          stderr_tail=traceback.format_exc()[-4000:])


def request_for(problem: Problem, prompt: str, workdir: Path, sample: int = 0,
                attempt: int = 1, history: tuple[Turn, ...] = ()) -> AgentRequest:
    return AgentRequest(problem, prompt, workdir, sample, attempt, history)


@dataclass(frozen=True)
class _Attempt:
    reply: AgentReply
    solution: Solution | None
    execution: Execution | None
    failure: FailureKind | None
    message: str


def _attempt(problem: Problem, reply: AgentReply, runner: LanguageRunner,
             registry: LanguageRegistry, settings: BenchSettings) -> _Attempt:
    if reply.failure is not None:
        return _Attempt(reply, None, None, reply.failure, reply.message)
    if problem.project is not None:
        return _project_attempt(problem, reply, runner, registry, settings)
    solution = extract_solution(reply.text, runner, problem.entry_point, registry)
    completion = problem.extra.get("format") == "completion"
    if solution is None and completion and reply.text.strip() and "```" not in reply.text:
        solution = Solution(reply.text, runner.name, "the whole answer (no fenced block)")
    if solution is None:
        return _Attempt(reply, None, None, FailureKind.NO_CODE,
                        f"no {runner.name} code in the answer ({len(reply.text)} characters)")
    if completion:
        solution = assemble(problem, solution, runner.defines(solution.code, problem.entry_point))
    execution = judge(problem, runner.run(problem, solution.code, settings.exec_settings))
    return _Attempt(reply, solution, execution, execution.failure, execution.message)


def _project_attempt(problem: Problem, reply: AgentReply, runner: LanguageRunner,
                     registry: LanguageRegistry, settings: BenchSettings) -> _Attempt:
    """A project problem's answer: its solution files, run with the problem's own tests."""
    solution = extract_files(reply.text, runner, problem, registry)
    if solution is None:
        return _Attempt(reply, None, None, FailureKind.NO_CODE,
                        f"no {runner.name} code in the answer ({len(reply.text)} characters)")
    execution = judge(problem, runner.run_project(problem, solution.files,
                                                  settings.exec_settings))
    return _Attempt(reply, solution, execution, execution.failure, execution.message)


def first_attempt(problem: Problem, reply: AgentReply, runner: LanguageRunner,
                  registry: LanguageRegistry, settings: BenchSettings) -> _Attempt | None:
    """Attempt 1 run ahead of its item (by a prefetching thread), where the runner allows
    it; None otherwise. Scoring still happens when the item runs."""
    if not runner.thread_safe_run or skip_reason(problem, runner):
        return None
    return _attempt(problem, reply, runner, registry, settings_for(problem, settings))


def run_problem(problem: Problem, agent: Agent, runner: LanguageRunner,
                registry: LanguageRegistry, settings: BenchSettings,
                sample: int = 0, first_reply: AgentReply | None = None,
                first: _Attempt | None = None) -> BenchResult:
    """Solve, run and score one problem; with ``attempts`` > 1 in the settings, failing
    answers are sent back with their failing cases, up to that many attempts in all.

    ``first_reply`` is an answer already fetched for attempt 1 (by a prefetching pool).
    """
    start = time.perf_counter()
    base: dict[str, Any] = {"problem": problem, "agent": agent.describe(), "sample": sample}
    reason = skip_reason(problem, runner)
    if reason:
        return BenchResult(status="skipped", message=reason, **base)
    prompt = render_prompt(problem, runner)
    settings = settings_for(problem, settings)
    max_attempts = max(1, int(settings.options.get("attempts", 1)))
    history: tuple[Turn, ...] = ()
    attempts: list[_Attempt] = []
    agent_seconds = 0.0
    for number in range(1, max_attempts + 1):
        if number == 1 and first_reply is not None:
            reply = first_reply
        else:
            with tempfile.TemporaryDirectory(prefix="agentbench-agent-") as tmp:
                request = request_for(problem, prompt, Path(tmp), sample, number, history)
                try:
                    reply = ask_agent(agent, request)
                except AgentUnavailable as exc:
                    return BenchResult(status="skipped", message=str(exc), prompt=prompt, **base)
        agent_seconds += reply.seconds
        if number == 1 and first is not None and first.reply is reply:
            current = first
        else:
            current = _attempt(problem, reply, runner, registry, settings)
        attempts.append(current)
        if current.failure not in REPAIRABLE or number == max_attempts:
            break
        history = (*history, Turn(reply.text, feedback_text(problem, current)))
    final = attempts[-1]
    scores = _scores(problem, final, runner, settings, _bundle(registry, runner))
    status: Status = "passed" if final.failure is None else "failed"
    message = final.message
    if status == "passed" and final.execution is not None and final.execution.only_skipped:
        status = "skipped"  # neither a pass nor a fail: say so, as for a case-less problem
        message = (f"every test of the problem was skipped by its own code "
                   f"({final.execution.skipped_count}): nothing was checked")
    return BenchResult(
        status=status,
        failure=final.failure,
        message=message,
        prompt=prompt,
        reply=final.reply,
        solution=final.solution,
        execution=final.execution,
        scores=scores,
        weighted=weighted_score(scores),
        agent_seconds=agent_seconds,
        exec_seconds=final.execution.seconds if final.execution else 0.0,
        total_seconds=time.perf_counter() - start,
        attempts=tuple(_summary(i + 1, a) for i, a in enumerate(attempts)),
        tokens_in=_total(a.reply.tokens_in for a in attempts),
        tokens_out=_total(a.reply.tokens_out for a in attempts),
        **base,
    )


def _bundle(registry: LanguageRegistry, runner: LanguageRunner) -> LanguageBundle | None:
    """The runner's language as the registry knows it (None for one it does not know)."""
    try:
        return registry.bundle(runner.name)
    except KeyError:
        return None


def _scores(problem: Problem, final: _Attempt, runner: LanguageRunner,
            settings: BenchSettings, bundle: LanguageBundle | None = None
            ) -> tuple[DimensionScore, ...]:
    """Every dimension's score; after an infrastructure failure there is nothing of the
    agent's to score, so each is n/a (and the weighted score too) with the reason."""
    if final.failure is not None and final.failure.origin == INFRASTRUCTURE:
        why = f"not scored: an infrastructure failure ({final.failure.label})"
        return tuple(DimensionScore(ev.name, None, settings.weights.get(ev.name, 0.0), why)
                     for ev in settings.evaluators)
    return tuple(evaluate(ev, EvalContext(
        problem, final.solution, final.execution, runner, settings.exec_settings,
        settings.weights.get(ev.name, 0.0), settings.options, bundle))
        for ev in settings.evaluators)


def _total(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def evaluate(evaluator: Evaluator, ctx: EvalContext) -> DimensionScore:
    """A dimension's score; one weighted 0 is not measured at all (it would cost time and
    count for nothing), except correctness, which decides pass or fail."""
    if ctx.weight == 0 and evaluator.name != "correctness":
        return DimensionScore(evaluator.name, None, 0.0, "weight 0: not measured")
    return evaluator.evaluate(ctx)


def _summary(number: int, a: _Attempt) -> AttemptSummary:
    ex = a.execution
    return AttemptSummary(number, "passed" if a.failure is None else "failed", a.failure,
                          a.message, ex.passed_count if ex else 0,
                          len(ex.counted) if ex else 0, a.reply.seconds)


def feedback_text(problem: Problem, a: _Attempt) -> str:
    """What the agent is told about a failing answer: the verdict and the failing cases."""
    label = a.failure.label if a.failure else "failed"
    lines = [f"Your answer for `{problem.id}` failed: {label}.", ""]
    if a.execution is not None:
        failing = [o for o in a.execution.counted if not o.passed]  # a skip is no failure
        if failing:
            lines.append(f"{len(failing)} of {len(a.execution.counted)} cases failed:")
            for o in failing[:10]:
                lines.append(f"- {describe_outcome(o)}")
        elif a.message:
            lines.append(a.message)
        if a.execution.stderr.strip():
            tail = "\n".join(a.execution.stderr.strip().splitlines()[-15:])
            lines += ["", "Error output (tail):", "```", tail, "```"]
    elif a.message:
        lines += ["```", a.message.strip()[:3000], "```"]
    if problem.project is not None:
        lines += ["", feedback_tail(problem)]
        return "\n".join(lines)
    lines += ["", "Fix the code and answer again in the same format: the complete solution "
              "in one fenced code block."]
    return "\n".join(lines)
