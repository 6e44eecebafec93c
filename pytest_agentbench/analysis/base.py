"""What an analyser is, what it finds, and how a solution's size is counted."""

from __future__ import annotations

import difflib
import importlib.metadata
import importlib.util
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import sandbox
from ..models import ProcessResult


@dataclass(frozen=True)
class RawFinding:
    rule: str
    line: int
    message: str


@dataclass(frozen=True)
class Finding:
    """One finding, classified: the ``dimension`` it counts against, its ``severity`` and the
    points (``weight``) it costs; ``imposed`` when the task's own starter shows it too (it
    then costs nothing, see :mod:`.imposed`)."""

    tool: str
    rule: str
    line: int
    message: str
    dimension: str
    weight: float = 1.0
    severity: str = "idiom"
    imposed: bool = False

    @property
    def cost(self) -> float:
        return 0.0 if self.imposed else self.weight

    def as_dict(self) -> dict[str, Any]:
        return {"tool": self.tool, "rule": self.rule, "line": self.line,
                "message": self.message, "weight": self.cost, "severity": self.severity,
                **({"imposed": True} if self.imposed else {})}


class AnalyserError(RuntimeError):
    """An analyser ran but failed or its output could not be read."""


class Analyser(ABC):
    """One tool. ``availability()`` gives (version, "") or (None, why-and-how-to-install)."""

    name: str = ""

    @abstractmethod
    def availability(self) -> tuple[str | None, str]: ...

    @abstractmethod
    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        """Analyse ``work/file_name``; raise AnalyserError when the tool itself fails."""

    def execute(self, argv: list[str], work: Path, timeout: float = 60.0,
                env: dict[str, str] | None = None,
                writable: tuple[Path, ...] = (),
                readable: tuple[Path, ...] = (),
                stdin: bytes | None = None) -> ProcessResult:
        """Run the tool sandboxed (the solution is untrusted input to it); ``writable`` are
        directories besides ``work`` it may write, such as a toolchain's build cache,
        ``readable`` ones it reads that the sandbox would hide (a toolchain under a home)."""
        proc = sandbox.run(argv, cwd=work, env=sandbox.clean_env(work, env),
                           limits=sandbox.Limits(wall_seconds=timeout, output_bytes=4 << 20),
                           stdin_data=stdin, writable=writable, readable=readable)
        if proc.returncode is None:
            raise AnalyserError(f"{self.name} could not start: {proc.stderr}")
        if proc.timed_out:
            raise AnalyserError(f"{self.name} did not finish within {timeout:g} s")
        return proc


def parse_json_output(name: str, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise AnalyserError(f"{name} printed something that is not JSON: {exc}") from None


def module_version(module: str, distribution: str) -> tuple[str | None, str]:
    """(version, "") of an analyser installed as a Python module (ruff, pylint, lizard), or
    (None, how to install it)."""
    if importlib.util.find_spec(module) is None:
        return None, f"{distribution} is not installed (pip install {distribution}, or " \
                     "pip install 'pytest-agentbench[analysis]')"
    try:
        return f"{distribution} {importlib.metadata.version(distribution)}", ""
    except importlib.metadata.PackageNotFoundError:
        return distribution, ""


def code_lines(code: str, language: str, prefixes: tuple[str, ...] | None = None) -> int:
    """Lines that hold code: not blank, not only a comment (docstrings count as code);
    ``prefixes`` are the language's comment starts (the built-in ones by default)."""
    prefixes = prefixes or _bundled_comments(language)
    count = 0
    for line in code.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(prefixes) and not re.fullmatch(r"[*/]+", stripped):
            count += 1
    return count


def _bundled_comments(language: str) -> tuple[str, ...]:
    """The comment starts of a built-in language that says them in its bundle."""
    from ..languages import builtin_bundle  # the languages import this module

    bundle = builtin_bundle(language)
    return bundle.comments if bundle is not None else ("#", "//")


def format_findings(original: str, formatted: str, tool: str) -> list[RawFinding]:
    """One ``format`` finding per block of lines a formatter (``tool``) changes, at its first
    line: a formatter reports no rules, only the text it would write."""
    before, after = original.splitlines(), formatted.splitlines()
    findings = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert":
            what = f"{tool} inserts {j2 - j1} line(s) before this line"
        elif tag == "delete":
            what = f"{tool} deletes {i2 - i1} line(s)"
        else:
            span = f"line {i1 + 1}" if i2 - i1 == 1 else f"lines {i1 + 1}-{i2}"
            what = f"{tool} reformats {span}"
        sample = after[j1].strip() if j1 < j2 else ""
        findings.append(RawFinding("format", min(i1 + 1, max(len(before), 1)),
                                   what + (f": `{sample[:80]}`" if sample else "")))
    return findings


def closest_format(original: str, outputs: Iterable[str], tool: str) -> list[RawFinding]:
    """:func:`format_findings` against the closest of a formatter's ``outputs``, one per
    accepted layout: the fewest findings. ``outputs`` is read lazily and no further than the
    first layout the text already has (no findings)."""
    best: list[RawFinding] | None = None
    for formatted in outputs:
        found = format_findings(original, formatted, tool)
        if best is None or len(found) < len(best):
            best = found
        if not found:
            break
    return best or []
