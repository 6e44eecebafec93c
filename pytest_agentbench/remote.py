"""Remote xdist workers (``-d --tx socket=HOST:PORT``, ``--tx ssh=HOST``) without rsync.

The hosts are prepared in advance with the same checkout, so nothing is copied. Two things stand
in the way, and both are handled here:

- xdist sends a remote worker the controller's command line, and refuses (``arg ... not
  relative to an rsync root``) any argument that names an existing local path, as the suites
  given to ``--agentbench PATH`` or as positional arguments are. The controller rewrites the
  command line it sends: ``--agentbench-... VALUE`` becomes ``--agentbench-...=VALUE`` (one
  argument, not a path) and a positional suite file ``--agentbench=FILE``; what the worker
  parses is the same.
- a remote worker runs in its own directory (xdist's ``pyexecnetcache`` under the directory
  the server was started in, or the spec's ``chdir``), so relative paths are taken from the
  worker's root directory (its checkout's pytest.ini, pyproject.toml...), at the place the
  controller's invocation directory has in the controller's root: see
  :func:`pytest_agentbench.options.base_dir`. A node id into a suite (``SUITE::ITEM``) is sent
  as ``--agentbench=SUITE``, and the node id itself in the worker's input, from which the
  worker narrows its collection with the path taken from its own root.

A worker that dies is replaced by xdist, which connects to its host again; when the host (or
its socket server) is gone, that connection fails inside xdist's loop, which ended the run in
an ``INTERNALERROR``. :class:`RemoteWorkers` reports it instead, names the host in the lost
item's report, and goes on with the other workers, or stops the run cleanly when none is left.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .options import OPTIONS, REMOTE_BASE, base_dir
from .text_safety import terminal

if TYPE_CHECKING:
    from .context import BenchContext

# workerinput key: the node ids into suites given to the controller (see worker_nodeids)
NODEIDS = "agentbench_nodeids"
# the controller's own command line, before it was rewritten for remote workers
USER_ARGS = pytest.StashKey[tuple[str, ...]]()


def is_remote(spec: Any) -> bool:
    """A worker that does not run in this directory: xdist's own test (it sends such workers
    paths relative to rsync roots)."""
    return not getattr(spec, "popen", None) or bool(getattr(spec, "chdir", None))


def value_flags() -> set[str]:
    """This plugin's options that take a value."""
    return {o.flag for o in OPTIONS if o.type != "flag"}


def worker_args(args: Sequence[str], flags: Collection[str], suites: Collection[str]
                ) -> list[str]:
    """The command line for a remote worker: each of ``flags`` joined with its value, each of
    the positional ``suites`` given as ``--agentbench=SUITE`` (once, for a node id into it:
    see :func:`suite_nodeids`)."""
    out: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg in flags:
            value = next(rest, None)
            out.append(arg if value is None else f"{arg}={value}")
        elif arg in suites:
            option = f"--agentbench={arg.split('::')[0]}"
            if "::" not in arg or option not in out:
                out.append(option)
        else:
            out.append(arg)
    return out


def suite_nodeids(suites: Collection[str]) -> list[str]:
    """The positional ``suites`` that are node ids (``SUITE::ITEM``): sent to the workers in
    their input, since xdist refuses them on the command line."""
    return [arg for arg in suites if "::" in arg]


def distributed(config: pytest.Config) -> bool:
    """Items run in xdist workers: ``-n N``, or ``-d --tx SPEC...`` (remote workers)."""
    return bool(getattr(config.option, "numprocesses", None) or getattr(
        config.option, "tx", None)) and getattr(config.option, "dist", "no") != "no"


def worker_nodeids(config: pytest.Config) -> list[str]:
    """On a worker: the controller's node ids into suites, their paths taken from
    :func:`~pytest_agentbench.options.base_dir` (the worker's own checkout)."""
    out = []
    for nodeid in getattr(config, "workerinput", {}).get(NODEIDS, ()):
        path, sep, rest = str(nodeid).partition("::")
        out.append(f"{(base_dir(config) / path).resolve()}{sep}{rest}")
    return out


def host_of(spec: Any) -> str:
    """What names a worker's host in a message: ``socket=HOST:PORT``, ``ssh=HOST``..."""
    for kind in ("socket", "ssh", "vagrant_ssh"):
        value = getattr(spec, kind, None)
        if value:
            return f"{kind}={value}"
    return "popen//chdir=" + str(spec.chdir) if getattr(spec, "chdir", None) else "popen"


def base_of(config: pytest.Config) -> str:
    """The controller's invocation directory relative to its root directory ('' when it is
    the root or outside it), for the worker to find the same place in its checkout."""
    try:
        rel = config.invocation_params.dir.resolve().relative_to(config.rootpath.resolve())
    except ValueError:
        return ""
    return "" if rel == Path(".") else rel.as_posix()


def guard_restarts(dsession: Any, failed: Callable[[Any, Exception], None]) -> bool:
    """Make xdist's replacement of a dead worker survive a host that cannot be reached.

    xdist replaces a worker that died by making a new gateway to its spec (``DSession.
    _clone_node``, called from ``worker_errordown``); when the host, its socket server or the
    network is gone, that raises (``ConnectionRefusedError``, ``ConnectionResetError``,
    ``execnet.HostNotFound``...) out of xdist's loop, and pytest ends in an INTERNALERROR. No
    hook comes between, so the method is wrapped: a failure is handed to ``failed`` and the
    worker is not replaced (the items it held were already given back to the others). Returns
    whether the wrapper is in place (not with an xdist that has no such method)."""
    clone = getattr(dsession, "_clone_node", None)
    if clone is None or not callable(clone):
        return False
    if getattr(clone, "agentbench_guard", False):
        return True

    def guarded(node: Any) -> Any:
        try:
            return clone(node)
        except Exception as exc:
            failed(node, exc)
            return None

    guarded.agentbench_guard = True  # type: ignore[attr-defined]
    dsession._clone_node = guarded
    return True


class RemoteWorkers:
    """Registered in the controller when xdist is active: the command line and input of remote
    workers, and the report of a worker whose host is lost."""

    def __init__(self, config: pytest.Config, ctx: BenchContext, suite_args: list[str]) -> None:
        self.config = config
        self.ctx = ctx
        self.suite_args = suite_args  # positional arguments that are suite files or node ids
        self.nodeids: list[str] = []  # those that are node ids, when the command line is rewritten
        self.up: set[Any] = set()  # workers set up and not down
        self.dsession: Any = None

    def pytest_xdist_setupnodes(self, config: pytest.Config, specs: list[Any]) -> None:
        """Remote workers get a command line xdist accepts without rsync; for good, so that a
        restarted worker gets it too."""
        if any(is_remote(spec) for spec in specs):
            args = worker_args(config.invocation_params.args, value_flags(), self.suite_args)
            self.nodeids = suite_nodeids(self.suite_args)
            config.stash.setdefault(USER_ARGS, tuple(config.invocation_params.args))
            config.invocation_params = dataclasses.replace(config.invocation_params,
                                                           args=tuple(args))
        self.dsession = config.pluginmanager.get_plugin("dsession")
        if self.dsession is not None:
            guard_restarts(self.dsession, self._not_restarted)

    def pytest_configure_node(self, node: Any) -> None:
        self.up.add(node)
        if self.nodeids:  # every worker's command line lost them, a local one's too
            node.workerinput[NODEIDS] = self.nodeids
        if is_remote(node.gateway.spec):
            node.workerinput[REMOTE_BASE] = base_of(self.config)

    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        self.up.discard(node)

    def pytest_handlecrashitem(self, crashitem: str, report: pytest.TestReport,
                               sched: Any) -> None:
        """The item a remote worker was running when it went down: name the host."""
        gateway: Any = getattr(getattr(report, "node", None), "gateway", None)
        spec = getattr(gateway, "spec", None)
        if spec is not None and is_remote(spec):
            report.longrepr = (f"worker {gateway.id!r} on {host_of(spec)} went down while "
                               f"running {crashitem!r}")

    def _not_restarted(self, node: Any, exc: Exception) -> None:
        # a replacement that failed after it was set up shares the spec (xdist reuses it)
        self.up = {n for n in self.up if n is not node and n.gateway.spec is not node.gateway.spec}
        what = (f"agentbench: worker {node.gateway.id} on {host_of(node.gateway.spec)} cannot "
                f"be restarted ({type(exc).__name__}: {exc})")
        if self.up:
            self._say(f"{what}; the run goes on with the other workers", yellow=True)
            return
        reason = f"{what}, and no worker is left: the run stopped"
        if not self.ctx.stopped:
            self.ctx.stopped = reason
        if self.dsession is not None and not self.dsession.shouldstop:
            self.dsession.shouldstop = reason

    def _say(self, line: str, **markup: bool) -> None:
        tr = self.config.pluginmanager.get_plugin("terminalreporter")
        if tr is not None:
            tr.ensure_newline()
            tr.write_line(terminal(line, multiline=False), **markup)


__all__ = ["NODEIDS", "REMOTE_BASE", "USER_ARGS", "RemoteWorkers", "base_of", "guard_restarts",
           "host_of", "is_remote", "suite_nodeids", "value_flags", "worker_args",
           "worker_nodeids"]
