"""pytest hooks only: options, configuration, collection, report plumbing. The work is elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import builtins, hookspecs, options
from .context import CONTEXT_KEY, BenchContext
from .controller import Controller
from .items import ENTRY_KEY, BenchItem, SuiteFile
from .languages import ExecSettings, LanguageRegistry
from .pipeline import BenchSettings
from .sandbox import solution_limits

DIFFICULTY_MARKERS = ("easy", "medium", "hard")


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    options.add_options(parser)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("agentbench-builtins"):
        config.pluginmanager.register(builtins, "agentbench-builtins")
    registry = LanguageRegistry()
    for runners in reversed(config.hook.pytest_agentbench_languages(config=config)):
        for runner in runners or ():
            registry.add(runner)  # later (user) registrations replace built-ins of the same name
    config.addinivalue_line("markers", "agentbench: an item benchmarked by pytest-agentbench")
    for name in DIFFICULTY_MARKERS:
        config.addinivalue_line("markers", f"{name}: agentbench problems of this difficulty")
    for name in registry.names():
        config.addinivalue_line("markers", f"{name}: agentbench problems in this language")
    paths = _suite_paths(config)
    if not paths:
        return
    ctx = _make_context(config, registry, paths)
    config.stash[CONTEXT_KEY] = ctx
    _point_collection_at_suites(config, paths)
    if not _is_worker(config):
        results = options.get(config, "--agentbench-results")
        results_path = config.invocation_params.dir / (results or "results/agentbench.json")
        controller = Controller(config, ctx, results_path)
        config.pluginmanager.register(controller, "agentbench-controller")


def _suite_paths(config: pytest.Config) -> list[Path]:
    given = config.getoption("agentbench")
    if not given and config.args_source == pytest.Config.ArgsSource.ARGS:
        return []  # ini suites only when no paths were named on the command line
    paths = options.suite_paths(config)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise pytest.UsageError(
            "agentbench: no such suite file or directory: " + ", ".join(map(str, missing)))
    return paths


def _make_context(config: pytest.Config, registry: LanguageRegistry,
                  paths: list[Path]) -> BenchContext:
    spec = options.get(config, "--agentbench-agent")
    try:
        agent = config.hook.pytest_agentbench_make_agent(spec=spec, config=config)
    except ValueError as exc:
        raise pytest.UsageError(f"--agentbench-agent {spec!r}: {exc}") from None
    if agent is None:
        raise pytest.UsageError(
            f"--agentbench-agent: unknown agent {spec!r} (built in: reference, cmd:COMMAND; "
            "plugins add more through pytest_agentbench_make_agent)")
    exec_timeout = options.get(config, "--agentbench-exec-timeout")
    weights = options.get(config, "--agentbench-weights")
    evaluators: dict[str, Any] = {}
    for found in config.hook.pytest_agentbench_evaluators(config=config):
        for ev in found or ():
            evaluators.setdefault(ev.name, ev)  # user hooks run first and win
    settings = BenchSettings(
        exec_settings=ExecSettings(limits=solution_limits(exec_timeout)),
        weights={**{name: 0.0 for name in evaluators}, **weights},
        evaluators=tuple(evaluators.values()),
    )
    return BenchContext(
        agent=agent,
        agent_spec=agent.describe(),
        registry=registry,
        settings=settings,
        agent_timeout=options.get(config, "--agentbench-agent-timeout"),
        exec_timeout=exec_timeout,
        suite_paths=paths,
    )


def _point_collection_at_suites(config: pytest.Config, paths: list[Path]) -> None:
    """Collect the suites: alone when no test paths were given, else beside them."""
    wanted = [str(p) for p in paths]
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        config.args = list(config.args) + [p for p in wanted if p not in config.args]
    else:
        config.args = wanted


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    ctx = parent.config.stash.get(CONTEXT_KEY, None)
    if ctx is None:
        return None
    if file_path in ctx.suite_paths:
        return SuiteFile.from_parent(parent, path=file_path)
    dirs = [p for p in ctx.suite_paths if p.is_dir()]
    if any(d in file_path.parents for d in dirs):
        patterns = [p for found in parent.config.hook.pytest_agentbench_suite_patterns(
            config=parent.config) for p in found or ()]
        if any(file_path.match(pattern) for pattern in patterns):
            return SuiteFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """Invalid suites are collection errors, but they do not stop the valid suites from running
    (when every collection error of the session comes from a suite)."""
    ctx = session.config.stash.get(CONTEXT_KEY, None)
    if ctx and session.testsfailed and session.testsfailed == len(ctx.failed_suites):
        session.config.option.continue_on_collection_errors = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if isinstance(item, BenchItem) and report.when == "call":
        entry = item.stash.get(ENTRY_KEY, None)
        if entry is None and call.excinfo is not None:
            entry = item.record_crash(call.excinfo)
        if entry is not None:
            report.agentbench = entry  # plain builtins: crosses xdist intact
    return report


@pytest.hookimpl(optionalhook=True)
def pytest_json_runtest_metadata(item: pytest.Item, call: pytest.CallInfo[None]) -> dict | None:
    if isinstance(item, BenchItem) and call.when == "call":
        entry = item.stash.get(ENTRY_KEY, None)
        if entry is not None:
            return {"agentbench": entry}
    return None


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    ctx = config.stash.get(CONTEXT_KEY, None)
    if ctx is None:
        return None
    chains = []
    for runner in ctx.registry.runners():
        tc = runner.toolchain()
        chains.append(f"{runner.name} {tc.version}" if tc.available
                      else f"{runner.name} unavailable ({tc.reason})")
    return [
        f"agentbench: agent {ctx.agent_spec}; agent timeout {ctx.agent_timeout:g} s, "
        f"exec timeout {ctx.exec_timeout:g} s",
        "agentbench toolchains: " + "; ".join(chains),
    ]
