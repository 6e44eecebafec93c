"""pytest hooks only: options, configuration, collection, report plumbing. The work is elsewhere."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from . import (
    breaker,
    builtins,
    hookspecs,
    humaneval,
    isolation,
    journal,
    options,
    preflight,
    remote,
    sandbox,
    shard,
    warm_start,
)
from .agents import RecordingAgent
from .analysis import inventory
from .context import CONTEXT_KEY, REGISTRY_KEY, BenchContext
from .controller import Controller
from .entries import Entry
from .items import ENTRY_KEY, RESUMED_KEY, BenchItem, SuiteFile
from .journal import ResumeKey
from .junit import JunitClassnames
from .languages import ExecSettings, LanguageRegistry
from .pipeline import BenchSettings, first_attempt, skip_reason, timed
from .prefetch import Planned, Prefetcher, concurrency_for
from .progress import ProgressReporter
from .prompt import render_prompt
from .sandbox import solution_limits
from .scoring import timing_cache
from .scoring.performance import method as timing_method
from .suite import SuiteSkipped
from .suite_dirs import SuiteDirectory, suite_directories
from .text_safety import terminal
from .value_limits import decode_json

DIFFICULTY_MARKERS = ("easy", "medium", "hard", "unrated")


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    options.add_options(parser)


def languages_of(config: pytest.Config) -> LanguageRegistry:
    """Every language the hooks bring: bundles first (the built-ins come last, so a user's
    replaces one of the same name), then bare runners of the older hook."""
    registry = LanguageRegistry()
    for bundles in reversed(config.hook.pytest_agentbench_language_bundles(config=config)):
        for bundle in bundles or ():
            registry.add(bundle)
    for runners in reversed(config.hook.pytest_agentbench_languages(config=config)):
        for runner in runners or ():
            registry.add(runner)
    return registry


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("agentbench-builtins"):
        config.pluginmanager.register(builtins, "agentbench-builtins")
    registry = languages_of(config)
    config.stash[REGISTRY_KEY] = registry
    config.addinivalue_line("markers", "agentbench: an item benchmarked by pytest-agentbench")
    for name in DIFFICULTY_MARKERS:
        config.addinivalue_line("markers", f"{name}: agentbench problems of this difficulty")
    for name in registry.names():
        config.addinivalue_line("markers", f"{name}: agentbench problems in this language")
    paths = _suite_paths(config)
    if not paths:
        return
    suite_args = [a for a, _ in _suite_args(config)]  # before the suites are added to the args
    _configure_isolation(config)
    ctx = _make_context(config, registry, paths)
    options.get(config, "--agentbench-shard")  # a bad ini value stops the run here
    config.stash[CONTEXT_KEY] = ctx
    _point_collection_at_suites(config, paths)
    if _runs_ahead(config, ctx):
        warm_start.warm_up(paths, registry, ctx.settings.exec_settings, ctx.concurrency)
    if not _is_worker(config):
        results = options.get(config, "--agentbench-results")
        results_path = config.invocation_params.dir / (results or "results/agentbench.json")
        controller = Controller(config, ctx, results_path)
        config.pluginmanager.register(controller, "agentbench-controller")
        config.pluginmanager.register(ProgressReporter(config), "agentbench-progress")
        config.pluginmanager.register(JunitClassnames(config), "agentbench-junit")
        config.pluginmanager.import_plugin("pytest_agentbench.compare_plugin")
        if config.pluginmanager.hasplugin("xdist"):
            config.pluginmanager.register(XdistHooks(config, ctx, controller),
                                          "agentbench-xdist")
            config.pluginmanager.register(remote.RemoteWorkers(config, ctx, suite_args),
                                          "agentbench-remote")
    if _is_worker(config) or not remote.distributed(config):  # where items run
        config.pluginmanager.register(breaker.BreakerPlugin(config, ctx), "agentbench-breaker")


def _suite_paths(config: pytest.Config) -> list[Path]:
    given = config.getoption("agentbench")
    named = (_suite_files_among_args(config)
             if config.args_source == pytest.Config.ArgsSource.ARGS else [])
    if not given and config.args_source == pytest.Config.ArgsSource.ARGS:
        # ``pytest suites/a.json``: a suite file named is a suite (pytest alone collects no
        # JSON); ini suites only when no paths were named on the command line
        return named
    paths = options.suite_paths(config)
    paths += [p for p in named if p not in paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise pytest.UsageError(
            "agentbench: no such suite file or directory: " + ", ".join(map(str, missing)))
    return paths


def _suite_files_among_args(config: pytest.Config) -> list[Path]:
    """Positional arguments that are suite files (``pytest a.json``, ``pytest --agentbench
    a.json b.json``): they are suites, not paths pytest cannot collect."""
    return [path for _, path in _suite_args(config)]


def _suite_args(config: pytest.Config) -> list[tuple[str, Path]]:
    """The positional arguments that are suite files, with their paths."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        return []
    patterns = [p for found in config.hook.pytest_agentbench_suite_patterns(config=config)
                for p in found or ()]
    found = []
    for arg in config.args:
        path = (options.base_dir(config) / arg.split("::")[0]).resolve()
        if path.is_file() and any(path.match(pattern) for pattern in patterns):
            found.append((arg, path))
    return found


def _configure_isolation(config: pytest.Config) -> None:
    """Apply ``--agentbench-isolation``; ``strict`` stops here, before any agent is asked."""
    mode = options.get(config, "--agentbench-isolation") or "auto"
    sandbox.set_mode(mode)
    config.add_cleanup(lambda: sandbox.set_mode("auto"))  # a later in-process run starts clean
    found = isolation.detect()
    if mode == "strict" and found.level != "full":
        raise pytest.UsageError(
            "--agentbench-isolation=strict: full isolation is not available here, so no "
            f"untrusted code will run. Available: {found.describe()}. "
            "Install bubblewrap (apt-get install bubblewrap), or run with "
            "--agentbench-isolation=auto to accept less.")


def _make_context(config: pytest.Config, registry: LanguageRegistry,
                  paths: list[Path]) -> BenchContext:
    spec = options.get(config, "--agentbench-agent")
    try:
        agent = config.hook.pytest_agentbench_make_agent(spec=spec, config=config)
    except ValueError as exc:
        raise pytest.UsageError(f"--agentbench-agent {spec!r}: {exc}") from None
    if agent is None:
        raise pytest.UsageError(
            f"--agentbench-agent: unknown agent {spec!r} (built in: reference, cmd:COMMAND, "
            "openai:MODEL, replay:DIR, samples:PATH; plugins add more through "
            "pytest_agentbench_make_agent)")
    record = options.get(config, "--agentbench-record")
    if record:
        agent = RecordingAgent(agent, options.base_dir(config) / record)
    price_text = options.get(config, "--agentbench-price")
    try:
        price = options.price_value(price_text) if price_text else {}
    except Exception as exc:
        raise pytest.UsageError(f"--agentbench-price: {exc}") from None
    exec_timeout = options.get(config, "--agentbench-exec-timeout")
    weights = options.get(config, "--agentbench-weights")
    evaluators: dict[str, Any] = {}
    for found in config.hook.pytest_agentbench_evaluators(config=config):
        for ev in found or ():
            evaluators.setdefault(ev.name, ev)  # user hooks run first and win
    unknown = sorted(set(weights) - set(evaluators))
    if unknown:
        raise pytest.UsageError(
            f"--agentbench-weights: unknown dimension {unknown[0]!r} (known: "
            f"{', '.join(evaluators)}; a plugin adds one with pytest_agentbench_evaluators)")
    limits = sandbox.with_overrides(solution_limits(exec_timeout),
                                    options.get(config, "--agentbench-limit") or {})
    settings = BenchSettings(
        exec_settings=ExecSettings(limits=limits),
        weights={**{name: 0.0 for name in evaluators}, **weights},
        evaluators=tuple(evaluators.values()),
        options={"attempts": options.get(config, "--agentbench-attempts"),
                 "exec_timeout_explicit": options.is_set(config, "--agentbench-exec-timeout"),
                 "weights_explicit": options.is_set(config, "--agentbench-weights")},
    )
    concurrency = options.get(config, "--agentbench-concurrency")
    resume_from = options.get(config, "--agentbench-resume")
    resume: dict[ResumeKey, Entry] = {}
    entries: list[Entry] | None = None
    source = options.base_dir(config) / resume_from if resume_from else None
    if source is not None:
        # Workers get the entries from the controller, which read them before this run's
        # journal (possibly the same file) was started.
        entries = getattr(config, "workerinput", {}).get("agentbench_resume")
        try:
            if entries is None:
                entries = journal.read_entries(source)
            resume = journal.resumable(entries)
        except (OSError, ValueError, KeyError) as exc:
            raise pytest.UsageError(f"--agentbench-resume {source}: cannot read it ({exc})"
                                    ) from None
    return BenchContext(
        agent=agent,
        agent_spec=agent.describe(),
        registry=registry,
        settings=settings,
        agent_timeout=options.get(config, "--agentbench-agent-timeout"),
        exec_timeout=exec_timeout,
        suite_paths=paths,
        resume=resume,
        resume_source=str(source) if source is not None else None,
        resume_entries=entries or [],
        max_infra_failures=options.get(config, "--agentbench-max-infra-failures"),
        samples=options.get(config, "--agentbench-samples"),
        concurrency=concurrency_for(agent, concurrency),
        concurrency_explicit=concurrency is not None,
        price=price,
    )


class XdistHooks:
    """Registered only when xdist is active: hands the controller's state to workers, and
    hears back what they collected (for the preflight) and why one stopped."""

    def __init__(self, config: pytest.Config, ctx: BenchContext, controller: Controller
                 ) -> None:
        self.config = config
        self.ctx = ctx
        self.controller = controller

    def pytest_configure_node(self, node: Any) -> None:
        if self.ctx.resume_source is not None:
            node.workerinput["agentbench_resume"] = list(self.ctx.resume.values())

    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        if self.controller.selected is None:
            self.controller.on_selection(preflight.selection_from_ids(self.config, self.ctx,
                                                                      ids))

    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        output = getattr(node, "workeroutput", {})
        if output.get(SHARD_OUTPUT) and self.ctx.shard is None:
            self.ctx.shard = output[SHARD_OUTPUT]
        reason = output.get(breaker.WORKER_KEY)
        if reason and not self.ctx.stopped:
            self.ctx.stopped = reason


def _point_collection_at_suites(config: pytest.Config, paths: list[Path]) -> None:
    """Collect the suites: alone when no test paths were given, else beside them."""
    wanted = [str(p) for p in paths]
    given = list(config.args) if config.args_source == pytest.Config.ArgsSource.ARGS else []
    given += remote.worker_nodeids(config)  # a worker's: the controller's SUITE::ITEM
    named = {str((options.base_dir(config) / a.split("::")[0]).resolve())
             for a in given}  # already an argument, maybe narrowed to one item
    config.args = given + [p for p in wanted if p not in named]


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A directory that a loader reads as a whole (an Exercism exercise, track or checkout),
    at or below a directory given to ``--agentbench``, is one collector, never walked."""
    ctx = parent.config.stash.get(CONTEXT_KEY, None)
    if ctx is None or not any(p.is_dir() and (p == path or p in path.parents)
                              for p in ctx.suite_paths):
        return None
    try:
        found = suite_directories(parent.config, path)
    except SuiteSkipped:
        found = [path]  # its collector says why it is skipped
    return SuiteDirectory.from_parent(parent, path=path) if found else None


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


@pytest.hookimpl(trylast=True)  # after -k, -m and --deselect have chosen
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``--agentbench-shard K/N``: deselect the benchmark items of the other shards (other
    tests are left to every shard)."""
    ctx = config.stash.get(CONTEXT_KEY, None)
    which = options.get(config, "--agentbench-shard") if ctx is not None else None
    if ctx is None or which is None:
        return
    keys = {item: shard_key(item) for item in items if isinstance(item, BenchItem)}
    costs = {key: shard.cost_of(item.problem.difficulty) for item, key in keys.items()}
    mine, ctx.shard = shard.split(costs, which)
    output = getattr(config, "workeroutput", None)
    if output is not None:  # the controller under xdist collects nothing: tell it
        output[SHARD_OUTPUT] = ctx.shard
    dropped = [item for item, key in keys.items() if key not in mine]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        gone = set(dropped)
        items[:] = [item for item in items if item not in gone]


SHARD_OUTPUT = "agentbench_shard"


def shard_key(item: BenchItem) -> shard.Key:
    p = item.problem
    return (p.suite, p.language, p.id, item.sample)


def _runs_ahead(config: pytest.Config, ctx: BenchContext) -> bool:
    """Whether this process will fetch (and run) items ahead: more than one may be in flight
    (``--agentbench-concurrency N``, or an offline agent's default) and items run here."""
    return (ctx.concurrency > 1 and not _is_worker(config) and not remote.distributed(config)
            and not config.option.collectonly)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start fetching answers for the first items when more than one may be in flight."""
    ctx = session.config.stash.get(CONTEXT_KEY, None)
    if ctx is None or not _runs_ahead(session.config, ctx):
        return
    plan = []
    for item in session.items:
        if not isinstance(item, BenchItem) or item.resume_key(ctx) in ctx.resume:
            continue
        runner = ctx.registry.get(item.problem.language)
        if skip_reason(item.problem, runner) is None:
            plan.append(Planned(item.nodeid, item.problem, render_prompt(item.problem, runner),
                                item.sample))
    def run_ahead(planned: Planned, reply: Any) -> Any:
        if not ctx.concurrency_explicit and timed(planned.problem, ctx.settings):
            return None  # the default keeps the machine quiet while an item is timed
        runner = ctx.registry.get(planned.problem.language)
        return first_attempt(planned.problem, reply, runner, ctx.registry, ctx.settings)

    def release() -> None:
        for language in {p.problem.language for p in plan}:
            ctx.registry.get(language).release_thread()

    ctx.prefetch = Prefetcher(ctx.agent, plan, ctx.concurrency, run_ahead, release)
    ctx.prefetch.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Items fetched ahead that will not run (``-x``, Ctrl-C, the circuit breaker) are not
    worked on any more; the workers end and free their fork servers."""
    ctx = session.config.stash.get(CONTEXT_KEY, None)
    if ctx is not None and ctx.prefetch is not None:
        ctx.prefetch.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """Invalid suites are collection errors, but they do not stop the valid suites from running
    (when every collection error of the session comes from a suite)."""
    ctx = session.config.stash.get(CONTEXT_KEY, None)
    if ctx and session.testsfailed and session.testsfailed == len(ctx.failed_suites):
        session.config.option.continue_on_collection_errors = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if isinstance(item, BenchItem) and report.when == "call":
        entry = item.stash.get(ENTRY_KEY, None)
        if entry is None and call.excinfo is not None:
            entry = item.record_crash(call.excinfo)
        if entry is not None:
            # extra attributes, kept as TestReport(**extra) keeps them (xdist sends __dict__);
            # the entry is plain builtins: it crosses xdist intact
            report.__dict__.update(agentbench=entry,
                                   agentbench_resumed=item.stash.get(RESUMED_KEY, False))
    return report


@pytest.hookimpl(optionalhook=True)
def pytest_json_runtest_metadata(item: pytest.Item, call: pytest.CallInfo[None]
                                 ) -> dict[str, Entry] | None:
    if isinstance(item, BenchItem) and call.when == "call":
        entry = item.stash.get(ENTRY_KEY, None)
        if entry is not None:
            return {"agentbench": entry}
    return None


def _runners_in_play(config: pytest.Config, ctx: BenchContext) -> list[Any]:
    """The runners of the languages the configured suites are in (read cheaply from the
    files), so the header probes only toolchains that matter; all of them if unreadable."""
    names: set[str] = set()
    files: list[Path] = []
    for path in ctx.suite_paths:
        files += sorted(path.rglob("*.json*")) if path.is_dir() else [path]
    for path in files:
        try:
            if humaneval.is_humaneval_file(path):
                names.add(options.get(config, "--agentbench-language")
                          or humaneval.language_from_name(path, ctx.registry) or "python")
            elif path.suffix == ".json":
                names.add(str(decode_json(path.read_text(encoding="utf-8"))[0]["language"]))
        except (OSError, ValueError, KeyError, TypeError):
            return ctx.registry.runners()
    found = {c for c in map(ctx.registry.canonical, names) if c is not None}
    return [ctx.registry.get(n) for n in sorted(found)]


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    ctx = config.stash.get(CONTEXT_KEY, None)
    if ctx is None:
        return None
    chains = []
    in_play = _runners_in_play(config, ctx)
    for runner in in_play:
        tc = runner.toolchain()
        chains.append(f"{runner.name} {tc.version}" if tc.available
                      else f"{runner.name} unavailable ({tc.reason})")
    tools = inventory([ctx.registry.bundle(r.name) for r in in_play])
    analysers = "; ".join(f"{lang}: " + ", ".join(tools[lang].values()) for lang in tools)
    iso = isolation.detect()
    mode = sandbox.mode()
    lines = [
        f"agentbench: agent {terminal(ctx.agent_spec, multiline=False)}; agent timeout "
        f"{ctx.agent_timeout:g} s, exec timeout {ctx.exec_timeout:g} s",
        "agentbench toolchains: " + "; ".join(chains),
        "agentbench analysers: " + (analysers or "none"),
        f"agentbench isolation: {'off (by request)' if mode == 'off' else iso.describe()}",
        f"agentbench performance: {timing_method()}; "
        + ("timings of code timed before are read from the cache (AGENTBENCH_TIMING_CACHE=0 "
           "measures again)" if timing_cache.enabled() else "every timing measured afresh"),
    ]
    if mode == "auto" and iso.level != "full":
        lines.append("agentbench WARNING: untrusted code runs with partial isolation; see "
                     "the README's Security section (--agentbench-isolation=strict refuses)")
    return lines
