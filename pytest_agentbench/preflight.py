"""Preflight: before the first item, check once, in the controlling process, that the agent can
work at all, so a systemic mistake is one usage error instead of every item failing one by one.

- the agent's own :meth:`~pytest_agentbench.agents.Agent.preflight` (a ``cmd:`` agent's program
  exists and is executable; an ``openai:`` endpoint answers; a plugin agent checks what it
  needs), which raises :class:`~pytest_agentbench.agents.PreflightError`;
- a ``replay:`` directory holds a recording for the first attempt of every selected item.

It runs after collection and deselection (``-k``, ``-m``), when the selected items are known:
in the only process, or under xdist in the controller when the first worker has collected
(workers check nothing). Under xdist the controller does not collect, so the selected node ids
are mapped back to problems by loading the suites (:func:`selection_from_ids`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from .agents import Agent, PreflightError, RecordingAgent, ReplayAgent
from .context import BenchContext
from .items import BenchItem, bench_item_name
from .journal import resume_key
from .models import Problem
from .pipeline import request_for, skip_reason
from .prompt import render_prompt
from .suite import SuiteError


@dataclass(frozen=True)
class Selected:
    """One selected item: its node id, its problem and its sample index."""

    nodeid: str
    problem: Problem
    sample: int


def check_agent(agent: Agent, spec: str) -> None:
    """The agent's own preflight; its failure is a usage error naming the option to fix."""
    check = getattr(agent, "preflight", None)
    if check is None:
        return
    try:
        check()
    except PreflightError as exc:
        raise pytest.UsageError(_message(exc.option, spec, str(exc))) from None
    except Exception as exc:  # a plugin agent's broken preflight says so, once
        raise pytest.UsageError(_message("--agentbench-agent", spec,
                                         f"its preflight raised {type(exc).__name__}: {exc}")
                                ) from None


def _message(option: str, spec: str, text: str) -> str:
    what = f"{option} {spec}" if option == "--agentbench-agent" else \
        f"{option} (for --agentbench-agent {spec})"
    return f"agentbench preflight failed, nothing was asked: {what}: {text}"


def check_replay(ctx: BenchContext, selection: Sequence[Selected]) -> None:
    """With ``replay:DIR``, every selected item that will ask the agent has a recording."""
    agent = ctx.agent.inner if isinstance(ctx.agent, RecordingAgent) else ctx.agent
    if not isinstance(agent, ReplayAgent):
        return
    requests, names = [], {}
    for s in selection:
        runner = ctx.registry.get(s.problem.language)
        if skip_reason(s.problem, runner) is not None:
            continue  # skipped before any agent is asked
        if _resumed(ctx, s):
            continue
        request = request_for(s.problem, render_prompt(s.problem, runner), Path("."), s.sample)
        requests.append(request)
        names[id(request)] = s.nodeid
    missing = [names[id(r)] for r in agent.missing(requests)]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more"
                                           if len(missing) > 10 else "")
        raise pytest.UsageError(_message(
            "--agentbench-agent", agent.spec,
            f"{agent.directory} holds no recording for {len(missing)} of the {len(requests)} "
            f"selected item(s): {shown}. Record them with --agentbench-record "
            f"{agent.directory}, or deselect them (-k, -m)"))


def _resumed(ctx: BenchContext, s: Selected) -> bool:
    p = s.problem
    return resume_key(p.suite, p.suite_version, p.id, s.sample, ctx.agent_spec) in ctx.resume


def selection_from_items(items: Iterable[pytest.Item]) -> list[Selected]:
    return [Selected(i.nodeid, i.problem, i.sample) for i in items if isinstance(i, BenchItem)]


def selection_from_ids(config: pytest.Config, ctx: BenchContext,
                       ids: Sequence[str]) -> list[Selected]:
    """The selected items of a worker's collection, for the controller that collected none:
    each suite file named by an id is loaded (through the loader hook) and its items named
    as the collector names them. Ids of other files (Python tests) are left out."""
    by_file: dict[str, list[str]] = {}
    for nodeid in ids:
        if "::" in nodeid:
            part, name = nodeid.split("::", 1)
            by_file.setdefault(part, []).append(name)
    files = _suite_files(config, ctx)
    out: list[Selected] = []
    for part, names in by_file.items():
        path = _match(config, part, files)
        items = _named_items(config, ctx, path) if path is not None else {}
        out.extend(Selected(f"{part}::{n}", *items[n]) for n in names if n in items)
    return out


def _suite_files(config: pytest.Config, ctx: BenchContext) -> list[Path]:
    patterns = [p for found in config.hook.pytest_agentbench_suite_patterns(config=config)
                for p in found or ()]
    files: list[Path] = []
    for path in ctx.suite_paths:
        if path.is_dir():
            files += sorted(f for f in path.rglob("*")
                            if f.is_file() and any(f.match(p) for p in patterns))
        else:
            files.append(path)
    return files


def _match(config: pytest.Config, part: str, files: list[Path]) -> Path | None:
    """The suite file a node id's file part names: relative to the root directory, or else
    (a suite outside it) the file whose path ends with it."""
    exact = (config.rootpath / part).resolve()
    for f in files:
        if f.resolve() == exact:
            return f
    tail = "/" + part.lstrip("./")
    return next((f for f in files if f.resolve().as_posix().endswith(tail)), None)


def _named_items(config: pytest.Config, ctx: BenchContext,
                 path: Path) -> dict[str, tuple[Problem, int]]:
    suite = ctx.suites.get(str(path))
    if suite is None:
        try:
            suite = config.hook.pytest_agentbench_load_suite(path=path, config=config)
        except SuiteError:
            return {}  # the workers report it as a collection error
        if suite is None:
            return {}
        ctx.suites[str(path)] = suite
    samples = max(1, ctx.samples)
    return {bench_item_name(p, s, samples): (p, s) for p in suite.problems
            for s in range(samples)}
