"""One problem, end to end: prompt -> agent -> extraction -> run -> judge -> scores.

This is plain Python with no pytest in it; the pytest item only calls :func:`run_problem` and
reports what it returns, so the whole path can be tested on plain data.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .agents import Agent, AgentUnavailable
from .extract import extract_solution
from .judge import judge
from .languages import ExecSettings, LanguageRegistry, LanguageRunner
from .models import (
    AgentReply,
    AgentRequest,
    DimensionScore,
    Execution,
    FailureKind,
    Problem,
    Solution,
)
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
    status: str  # passed | failed | skipped
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

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def skip_reason(problem: Problem, runner: LanguageRunner) -> str | None:
    """Why a problem cannot be run at all, decided before any agent is asked."""
    if not problem.executable_cases and not problem.native_tests:
        reasons = "; ".join(f"{c.name}: {c.reason}" for c in problem.not_executable_cases[:3])
        return (f"no executable case ({len(problem.cases)} not executable"
                + (f": {reasons}" if reasons else "") + ")")
    toolchain = runner.toolchain()
    if not toolchain.available:
        hint = f"; install it with: {toolchain.install_hint}" if toolchain.install_hint else ""
        return f"{runner.display_name or runner.name} toolchain not available: " \
               f"{toolchain.reason}{hint}"
    return None


def run_problem(problem: Problem, agent: Agent, runner: LanguageRunner,
                registry: LanguageRegistry, settings: BenchSettings,
                sample: int = 0) -> BenchResult:
    start = time.perf_counter()
    base = {"problem": problem, "agent": agent.describe(), "sample": sample}
    reason = skip_reason(problem, runner)
    if reason:
        return BenchResult(status="skipped", message=reason, **base)
    prompt = render_prompt(problem, runner)
    with tempfile.TemporaryDirectory(prefix="agentbench-agent-") as tmp:
        request = AgentRequest(problem, prompt, Path(tmp), sample)
        try:
            reply = agent.solve(request)
        except AgentUnavailable as exc:
            return BenchResult(status="skipped", message=str(exc), prompt=prompt, **base)
        except Exception as exc:  # a broken agent plugin fails its item, not the run
            reply = AgentReply("", time.perf_counter() - start, FailureKind.AGENT_ERROR,
                               f"the agent raised {type(exc).__name__}: {exc}",
                               stderr_tail=traceback.format_exc()[-4000:])
    solution = None
    execution = None
    failure: FailureKind | None
    if reply.failure is not None:
        failure, message = reply.failure, reply.message
    else:
        solution = extract_solution(reply.text, runner, problem.entry_point, registry)
        if solution is None:
            failure = FailureKind.NO_CODE
            message = f"no {runner.name} code in the answer ({len(reply.text)} characters)"
        else:
            execution = judge(problem, runner.run(problem, solution.code, settings.exec_settings))
            failure, message = execution.failure, execution.message
    scores = tuple(
        ev.evaluate(EvalContext(problem, solution, execution, runner, settings.exec_settings,
                                settings.weights.get(ev.name, 0.0), settings.options))
        for ev in settings.evaluators
    )
    return BenchResult(
        status="passed" if failure is None else "failed",
        failure=failure,
        message=message,
        prompt=prompt,
        reply=reply,
        solution=solution,
        execution=execution,
        scores=scores,
        weighted=weighted_score(scores),
        agent_seconds=reply.seconds,
        exec_seconds=execution.seconds if execution else 0.0,
        total_seconds=time.perf_counter() - start,
        **base,
    )
