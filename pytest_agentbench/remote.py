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
  :func:`pytest_agentbench.options.base_dir`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import pytest

from .options import OPTIONS, REMOTE_BASE


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
    the positional ``suites`` given as ``--agentbench=SUITE``."""
    out: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg in flags:
            value = next(rest, None)
            out.append(arg if value is None else f"{arg}={value}")
        elif arg in suites:
            out.append(f"--agentbench={arg}")
        else:
            out.append(arg)
    return out


def base_of(config: pytest.Config) -> str:
    """The controller's invocation directory relative to its root directory ('' when it is
    the root or outside it), for the worker to find the same place in its checkout."""
    try:
        rel = config.invocation_params.dir.resolve().relative_to(config.rootpath.resolve())
    except ValueError:
        return ""
    return "" if rel == Path(".") else rel.as_posix()


__all__ = ["REMOTE_BASE", "base_of", "is_remote", "value_flags", "worker_args"]
