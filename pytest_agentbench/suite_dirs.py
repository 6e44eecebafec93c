"""Suites that are directories (an Exercism exercise, a track, Aider's polyglot checkout).

A directory given to ``--agentbench`` (or one below it) that a loader recognises through the
``pytest_agentbench_suite_directory`` hook is collected as a whole, never walked for suite
files or Python tests: when it is one suite, it is loaded through
``pytest_agentbench_load_suite`` like a suite file; when it holds suites, each is a directory
node of its own, so a bad one is a collection error of its own and a track that cannot run
here is skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .items import SuiteFile
from .suite import SuiteSkipped
from .text_safety import terminal


def suite_directories(config: pytest.Config, path: Path) -> list[Path] | None:
    """What the loaders say ``path`` holds: ``[path]`` for a suite, the directories below it
    that are (or hold) suites, or None when no loader reads it as a whole."""
    found: list[Path] | None = config.hook.pytest_agentbench_suite_directory(path=path,
                                                                             config=config)
    return found


class SuiteDirectory(pytest.Directory):
    """A directory that is a suite, or holds suites, of a format a loader recognises."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        try:
            found = suite_directories(self.config, self.path)
            if found == [self.path]:
                yield from SuiteFile.collect(self)  # type: ignore[arg-type]
                return
        except SuiteSkipped as exc:
            skip_at(self.path, terminal(exc.reason))
        for path in found or ():
            yield SuiteDirectory.from_parent(self, path=path)


def skip_at(path: Path, reason: str) -> None:
    """Skip a collector, the skip located at ``path`` (pytest names the place a skip was
    raised: the directory, rather than this module)."""
    code = compile("raise skipped", str(path), "exec")
    exec(code, {"skipped": pytest.skip.Exception(reason)})
