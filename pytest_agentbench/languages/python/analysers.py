"""Python analysers: ruff (idiom and practice families) and pylint (the idiom checks ruff lacks)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ...analysis import server
from ...analysis.base import (
    Analyser,
    AnalyserError,
    RawFinding,
    module_version,
    parse_json_output,
)


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


class Ruff(Analyser):
    name = "ruff"

    def availability(self) -> tuple[str | None, str]:
        return module_version("ruff", "ruff")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        config = "\n".join([
            f"line-length = {int(options.get('line_length', 100))}",
            'target-version = "py310"',
            'builtins = ["TreeNode", "ListNode"]',
            "[lint]",
            f"select = {_toml_list(options.get('select', ['E', 'F']))}",
            f"ignore = {_toml_list(options.get('ignore', []))}",
            "[lint.pydocstyle]",
            f"convention = \"{options.get('docstring_convention', 'google')}\"",
        ])
        (work / "ruff.toml").write_text(config + "\n", encoding="utf-8")
        # --ignore-noqa: an answer cannot hide its own findings behind suppression comments
        proc = self.execute([sys.executable, "-m", "ruff", "check", "--config", "ruff.toml",
                             "--no-cache", "--ignore-noqa", "--output-format", "json",
                             file_name], work)
        if proc.returncode not in (0, 1):
            raise AnalyserError(f"ruff failed: {proc.stderr.strip()[:500]}")
        data = parse_json_output("ruff", proc.stdout)
        return [RawFinding(d.get("code") or "syntax", int(d["location"]["row"]), d["message"])
                for d in data]


def pylint_server() -> server.ServerSpec:
    """pylint's long-lived process: this interpreter running ``support/python_tool_server.py``."""
    return server.python_tool_server("pylint")


class Pylint(Analyser):
    """pylint, in one long-lived process (:mod:`.server`) or one process per file."""

    name = "pylint"

    def availability(self) -> tuple[str | None, str]:
        return module_version("pylint", "pylint")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        enable = ",".join(options.get("enable", ["consider-using-enumerate"]))
        args = ["--disable=all", f"--enable={enable}", "--output-format=json", "--score=n",
                "--persistent=n", "--rcfile=/dev/null"]
        if options.get("plugins"):
            args.append(f"--load-plugins={','.join(options['plugins'])}")
        args.append(file_name)
        proc = server.execute(self, "pylint", pylint_server,
                              [sys.executable, "-m", "pylint", *args], args, work, [file_name],
                              timeout=60.0)
        if proc.returncode is None or proc.returncode >= 32:
            raise AnalyserError(f"pylint failed: {proc.stderr.strip()[:500]}")
        data = parse_json_output("pylint", proc.stdout or "[]")
        return [RawFinding(d["symbol"], int(d.get("line") or 0), d["message"]) for d in data]
