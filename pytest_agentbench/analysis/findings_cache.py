"""Each tool's raw findings, kept on disk by everything that determines them.

An analyser's findings depend only on the tool and its version, the options the rule table gives
it, the analyser's own code (which parses the tool's output), the file name and the code. The
same answers are analysed again and again (a suite's references in every run, a problem's
starter for every answer, every xdist worker and subprocess of a test run), and some tools take
seconds to start (go vet, tsc, RuboCop, Checkstyle). So the raw findings are kept under
``<cache root>/analysis``, written atomically by the plugin's process (never by a sandbox), and a
tool runs once per distinct input on a machine. ``AGENTBENCH_ANALYSIS_CACHE=0`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from .base import Analyser, RawFinding

FORMAT = 1  # bump when what is stored changes


def enabled() -> bool:
    return os.environ.get("AGENTBENCH_ANALYSIS_CACHE", "1").strip().lower() not in (
        "0", "off", "no", "false")


@cache
def _source_digest(cls: type) -> str:
    """The analyser's own code: a change to how it reads its tool is a new key."""
    try:
        return hashlib.sha256(inspect.getsource(cls).encode()).hexdigest()[:16]
    except (OSError, TypeError):
        return cls.__qualname__


def key(analyser: Analyser, version: str, options: dict[str, Any], file_name: str,
        code: str) -> str:
    parts = [str(FORMAT), analyser.name, version, _source_digest(type(analyser)),
             json.dumps(options, sort_keys=True, default=str), file_name, code]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _directory() -> Path:
    from ..languages.harness_runner import cache_root

    return cache_root() / "analysis"


def load(digest: str) -> list[RawFinding] | None:
    """The findings stored under ``digest``, or None (none stored, or unreadable)."""
    if not enabled():
        return None
    try:
        data = json.loads((_directory() / digest[:2] / f"{digest}.json").read_text())
        return [RawFinding(str(r[0]), int(r[1]), str(r[2])) for r in data]
    except (OSError, ValueError, TypeError, IndexError):
        return None


def store(digest: str, findings: list[RawFinding]) -> None:
    """Keep ``findings`` under ``digest`` (atomically: a reader sees all of it or nothing); a
    cache that cannot be written is no error."""
    if not enabled():
        return
    from ..results import write_atomic  # results imports the pipeline, which imports this

    with contextlib.suppress(OSError):
        write_atomic(_directory() / digest[:2] / f"{digest}.json",
                     [[f.rule, f.line, f.message] for f in findings])
