"""Cyclomatic complexity across languages with lizard (PyPI), which reads all of them.

lizard runs in one long-lived process (:mod:`.server`), as pylint does: a process of its own
per file spent about 100 ms starting Python and importing lizard, against 3 to 7 ms analysing,
and every answer and every task's starter is analysed."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

from . import server
from .base import Analyser, AnalyserError, RawFinding, module_version


def lizard_server() -> server.ServerSpec:
    return server.python_tool_server("lizard")


class Lizard(Analyser):
    name = "lizard"

    def availability(self) -> tuple[str | None, str]:
        return module_version("lizard", "lizard")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        limit = int(options.get("max_ccn", 10))
        args = ["--csv", file_name]
        proc = server.execute(self, "lizard", lizard_server, [sys.executable, "-m", "lizard",
                                                              *args], args, work, [file_name],
                              timeout=60.0)
        if proc.returncode not in (0, 1):
            raise AnalyserError(f"lizard failed: {proc.stderr.strip()[:500]}")
        findings = []
        for row in csv.reader(io.StringIO(proc.stdout)):
            if len(row) < 10 or not row[1].isdigit():
                continue
            ccn, name, start = int(row[1]), row[7], int(row[9])
            if ccn > limit:
                findings.append(RawFinding(
                    "CCN", start, f"{name} has cyclomatic complexity {ccn} (limit {limit})"))
        return findings
