"""Cyclomatic complexity across languages with lizard (PyPI), which reads all seven."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

from .base import Analyser, AnalyserError, RawFinding, module_version


class Lizard(Analyser):
    name = "lizard"

    def availability(self) -> tuple[str | None, str]:
        return module_version("lizard", "lizard")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        limit = int(options.get("max_ccn", 10))
        proc = self.execute([sys.executable, "-m", "lizard", "--csv", file_name], work)
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
