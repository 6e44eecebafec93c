"""How much of a failure pytest shows, by ``--tb``:

- ``auto``, ``long`` (the default): the verdict, every failing case (at most ten) and the
  report sections (scores, solution, agent), each fact once;
- ``short``: the verdict and the first failing case, no sections;
- ``line``: one line per item, ``suite.json:LINE: test_id: verdict`` (the line where the
  problem is in its suite file);
- ``no``: nothing (pytest prints no failure).

The line is a structured report (pytest's own ``ReprExceptionInfo`` with an empty traceback), so
it crosses xdist intact and pytest prints it as the crash line of ``--tb=line``.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # pytest's own failure representations (imported where they are made)
    from _pytest._code.code import ReprExceptionInfo

SECTIONS_SHOWN = ("auto", "long")  # the --tb styles that show a failure's report sections
_ID = re.compile(r'"(?:task_)?id"\s*:\s*"((?:[^"\\]|\\.)*)"')


def tb_style(config: pytest.Config) -> str:
    if config.getoption("fulltrace", False):
        return "long"
    return str(config.getoption("tbstyle", "auto") or "auto")


def shows_sections(config: pytest.Config) -> bool:
    """Whether a failing item's report sections are shown (for a passing one, always)."""
    return tb_style(config) in SECTIONS_SHOWN


@functools.lru_cache(maxsize=64)
def _id_lines(path: str) -> dict[str, int]:
    """The 1-based line of each problem id (``"id"``, or ``"task_id"`` in JSONL) in a suite
    file; empty for a compressed or unreadable one."""
    if path.endswith(".gz"):
        return {}
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    out: dict[str, int] = {}
    line, pos = 1, 0
    for match in _ID.finditer(text):
        line += text.count("\n", pos, match.start())
        pos = match.start()
        try:
            out.setdefault(json.loads(f'"{match.group(1)}"'), line)
        except ValueError:
            continue
    return out


def problem_line(path: Path, problem_id: str) -> int | None:
    """Where problem ``problem_id`` is in its suite file (1-based), if it can be found."""
    return _id_lines(str(path)).get(problem_id)


def text_repr(file_part: str, lineno: int | None, text: str) -> ReprExceptionInfo:
    """A failure shown as ``text``, whose crash message (what pytest's short summary and JUnit's
    ``message`` take) is its first line only: a plain string would be printed whole in the short
    summary on CI, where pytest does not shorten it."""
    from _pytest._code.code import (
        ReprEntryNative,
        ReprExceptionInfo,
        ReprFileLocation,
        ReprTraceback,
    )

    first = text.splitlines()[0] if text else ""
    return ReprExceptionInfo(
        reprtraceback=ReprTraceback([ReprEntryNative([text.rstrip("\n") + "\n"])], None, "native"),
        reprcrash=ReprFileLocation(file_part, lineno or 1, first))


def line_repr(file_part: str, lineno: int | None, name: str, text: str) -> ReprExceptionInfo:
    """``--tb=line``: ``file_part:lineno: name: first line of text`` and nothing else."""
    from _pytest._code.code import ReprExceptionInfo, ReprFileLocation, ReprTraceback

    first = text.splitlines()[0] if text else ""
    return ReprExceptionInfo(
        reprtraceback=ReprTraceback([], None, "line"),
        reprcrash=ReprFileLocation(file_part, lineno or 1, f"{name}: {first}"))
