"""C++ analysers: clang-tidy (idioms, bug risks, the compiler's warnings) and clang-format
(layout), each run sandboxed on the solution file alone.

- ``clang-tidy``: LLVM 16 or newer (``clang-tidy-16`` on Debian 12: clang 14 cannot parse the
  C++20 ranges of g++ 12's standard library), on ``solution.cpp`` as C++20 with ``-Wall
  -Wextra``, the checks of the rule table's ``tools.clang-tidy.checks``. The predefined
  ``TreeNode``/``ListNode`` are given with ``-include`` when the answer uses them without
  declaring them, so line numbers are unchanged. A finding's rule is the check's name
  (``modernize-loop-convert``, ``clang-diagnostic-unused-variable``); an answer that does not
  compile on its own gives ``clang-diagnostic-error`` findings. ``NOLINT`` comments are not
  honoured: every answer is measured with the same checks.
- ``clang-format``: C++ has no one layout, so the answer is formatted in each of the table's
  styles (the common ones: Google, LLVM, Mozilla, WebKit, Microsoft, at 2 or 4 spaces and 100
  columns) and measured against the closest: each block of lines that style would change is
  one finding (``format``). A consistently laid out answer in any of them has none.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...analysis.base import Analyser, AnalyserError, RawFinding, closest_format
from .codegen import uses_node
from .runner import HARNESS, STANDARD
from .source import declares_class

#: the oldest LLVM whose clang parses g++ 12's C++20 headers (ranges)
MIN_LLVM = 16
INSTALL_TIDY = "apt-get install clang-tidy-16 (Debian 12; clang-tidy 16 or newer)"
INSTALL_FORMAT = "apt-get install clang-format-16 (or clang-format)"
DEFAULT_STYLES = ({"BasedOnStyle": "Google", "IndentWidth": 4, "AccessModifierOffset": -4,
                   "ColumnLimit": 100},)


@functools.cache
def _version(exe: str) -> tuple[int, str] | None:
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"version (\d+)\.(\d+)\.(\d+)", out.stdout)
    if out.returncode != 0 or not found:
        return None
    return int(found.group(1)), f"{Path(exe).name} {found.group(0).split()[1]}"


def find_tool(program: str, minimum: int = MIN_LLVM) -> tuple[str, str] | None:
    """``program-NN`` (newest first) or ``program`` whose LLVM is at least ``minimum``: its
    path and version text."""
    for name in [f"{program}-{n}" for n in range(22, minimum - 1, -1)] + [program]:
        exe = shutil.which(name)
        if exe is None:
            continue
        found = _version(exe)
        if found is not None and found[0] >= minimum:
            return exe, found[1]
    return None


def _predefined(code: str) -> list[str]:
    """``-include``/``-D`` arguments that predefine the node types the answer uses."""
    args = []
    for name, macro in (("TreeNode", "TREE_NODE"), ("ListNode", "LIST_NODE")):
        if uses_node(code, name) and not declares_class(code, name):
            args.append(f"-DAGENTBENCH_{macro}")
    if args:
        args += ["-include", "agentbench_nodes.hpp"]
    return args


_DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
                         r"(?P<level>warning|error): (?P<message>.*?)(?: \[(?P<check>[^\]]+)\])?$",
                         re.M)


class ClangTidy(Analyser):
    """clang-tidy's checks and clang's warnings on the answer, as a C++20 file of its own."""

    name = "clang-tidy"

    def availability(self) -> tuple[str | None, str]:
        found = find_tool("clang-tidy")
        if found is None:
            return None, f"clang-tidy {MIN_LLVM} or newer not found: {INSTALL_TIDY}"
        return found[1], ""

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        found = find_tool("clang-tidy")
        if found is None:
            raise AnalyserError(f"clang-tidy not found: {INSTALL_TIDY}")
        code = (work / file_name).read_text(encoding="utf-8")
        # NOLINT comments would hide findings: every answer is measured with the same checks
        (work / file_name).write_text(re.sub(r"NOLINT(?:NEXTLINE|BEGIN|END)?", "nolint", code),
                                      encoding="utf-8")
        extra = _predefined(code)
        if extra:
            (work / "agentbench_nodes.hpp").write_text(
                (HARNESS / "agentbench_nodes.hpp").read_text(encoding="utf-8"), encoding="utf-8")
        checks = ",".join(["-*", *options.get("checks", [])])
        config = options.get("config", {})
        config_text = "{CheckOptions: {" + ", ".join(
            f"{key}: '{value}'" for key, value in config.items()) + "}}"
        argv = [found[0], f"--checks={checks}", f"--config={config_text}", "--quiet",
                "--line-filter=[{\"name\":\"" + file_name + "\"}]", file_name, "--",
                f"-std={options.get('standard', STANDARD)}", "-Wall", "-Wextra", *extra]
        proc = self.execute(argv, work, timeout=180.0)
        if proc.returncode not in (0, 1) and not _DIAGNOSTIC.search(proc.stdout):
            raise AnalyserError(f"clang-tidy failed (exit {proc.returncode}): "
                                f"{(proc.stderr or proc.stdout).strip()[-500:]}")
        lines = len(code.splitlines())
        findings = []
        for m in _DIAGNOSTIC.finditer(proc.stdout):
            if Path(m.group("file")).name != file_name:
                continue
            line = int(m.group("line"))
            check = m.group("check") or ("clang-diagnostic-error" if m.group("level") == "error"
                                         else "clang-diagnostic-warning")
            if 0 < line <= lines:
                for rule in check.split(","):
                    findings.append(RawFinding(rule.strip(), line, m.group("message").strip()))
        return findings


class ClangFormat(Analyser):
    """clang-format: every block of lines it would change is one finding."""

    name = "clang-format"

    def availability(self) -> tuple[str | None, str]:
        found = find_tool("clang-format", 14)
        if found is None:
            return None, f"clang-format not found: {INSTALL_FORMAT}"
        return found[1], ""

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        found = find_tool("clang-format", 14)
        if found is None:
            raise AnalyserError(f"clang-format not found: {INSTALL_FORMAT}")
        original = (work / file_name).read_text(encoding="utf-8")

        def layouts() -> Iterator[str]:
            for style in options.get("styles", DEFAULT_STYLES):
                style_text = "{" + ", ".join(f"{k}: {v}" for k, v in style.items()) + "}"
                proc = self.execute([found[0], f"--style={style_text}",
                                     f"--assume-filename={file_name}", file_name], work)
                if proc.returncode != 0:
                    raise AnalyserError(f"clang-format failed (exit {proc.returncode}): "
                                        f"{proc.stderr.strip()[:500]}")
                yield proc.stdout

        return closest_format(original, layouts(), "clang-format")
