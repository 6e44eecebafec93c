"""TypeScript analysers: the compiler's stricter checks (``tsc``) and Biome (lint and format),
both run sandboxed on the solution file alone, both from the checkout's ``node_modules``
(``npm ci`` installs the pinned ``typescript`` and ``@biomejs/biome``).

- ``tsc``: the program the runner compiles (``strict``, ES2022, Node.js types) checked again
  once per option of the rule table's ``tools.tsc.checks`` (``noUnusedLocals``,
  ``noImplicitReturns``, ``exactOptionalPropertyTypes``...): each diagnostic an option adds is
  a finding named after the option. Type errors are compile errors already, so they only count
  here when the answer hid them from the compiler with ``@ts-ignore``/``@ts-nocheck`` (rule
  ``error``: the directives are neutralised for the analysis); uses of deprecated declarations
  are ``deprecated``. The check runs on the runner's compile server when it is up (the parsed
  standard library is kept between requests), else as a sandboxed ``node compiler.js --once``.
  Top-level names are exported as the runner does, so a plain LeetCode-style function is not
  "declared but never used".
- ``biome``: ``biome lint --reporter=json`` with the rules of ``tools.biome`` (the recommended
  set plus the rules listed in ``enable``); the rule is ``group/ruleName`` (``style/useConst``,
  ``suspicious/noExplicitAny``). ``biome-ignore`` comments are neutralised, so an answer cannot
  hide its findings. ``biome format`` (Prettier's style) against the answer gives one
  ``format`` finding per block of lines it would change. Every combination of the settings
  in ``tools.biome.format_accept`` (Biome CLI flags: quote style, indent width) is tried and
  the closest counts, so a file written consistently with single quotes or four-space indents,
  choices Prettier offers, is not charged for every line.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ...analysis.base import (
    Analyser,
    AnalyserError,
    RawFinding,
    closest_format,
    parse_json_output,
)
from ...models import ProcessResult
from ..node import node_modules, package_version
from .compiler import compile_server, server_enabled
from .source import strip_comments
from .toolchain import COMPILER, GLOBALS, SUPPORT, toolchain_paths

INSTALL_NPM = "npm ci (in the pytest-agentbench checkout: package.json pins it)"
INSTALL_NODE = "apt-get install nodejs"
CONFIG = "biome.json"
REQUEST = "analysis.json"
_NAME = r"[A-Za-z_$][\w$]*"


@cache
def _version_line(argv: tuple[str, ...]) -> str | None:
    try:
        out = subprocess.run(list(argv), capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (out.stdout.strip() or out.stderr.strip()).splitlines()
    return lines[0].strip() if out.returncode == 0 and lines else None


def neutralise(code: str, directives: str) -> str:
    """``code`` with the suppression directives matched by ``directives`` made inert, each
    character kept in place (``@ts-ignore`` -> ``@ts_ignore``), so lines and columns hold."""
    return re.sub(directives, lambda m: m.group(0).replace("-", "_", 1), code)


TS_DIRECTIVES = r"@ts-(?:ignore|expect-error|nocheck)\b"
BIOME_DIRECTIVES = r"\bbiome-ignore(?:-all|-start|-end)?\b"

_VALUE = re.compile(rf"^(?:declare\s+)?(?:(?:async\s+)?function\s*\*?\s*|(?:abstract\s+)?class\s+|"
                    rf"(?:const\s+)?enum\s+|(?:const|let|var)\s+)(?P<name>{_NAME})", re.M)
_TYPE = re.compile(rf"^(?:declare\s+)?(?:type|interface)\s+(?P<name>{_NAME})", re.M)


def with_exports(code: str) -> str:
    """``code`` with an ``export`` of its top-level declarations (at the start of a line) that
    are not exported yet, after its last line: as the runner loads a solution, where a plain
    ``function twoSum`` is the entry point, not an unused function."""
    bare = strip_comments(code)
    values = list(dict.fromkeys(m.group("name") for m in _VALUE.finditer(bare)))
    types = [n for n in dict.fromkeys(m.group("name") for m in _TYPE.finditer(bare))
             if n not in values]
    tail = ""
    if values:
        tail += f"export {{ {', '.join(values)} }};\n"
    if types:
        tail += f"export type {{ {', '.join(types)} }};\n"
    return code if not tail else code.rstrip("\n") + "\n" + tail


class TypeScriptAnalyser(Analyser):
    """What the TypeScript tools share: node_modules, and a sandbox that can see it."""

    def execute(self, argv: list[str], work: Path, timeout: float = 60.0,
                env: dict[str, str] | None = None,
                writable: tuple[Path, ...] = (),
                readable: tuple[Path, ...] = (),
                stdin: bytes | None = None) -> ProcessResult:
        """As :meth:`Analyser.execute`, with the toolchain's files readable even where the
        sandbox hides them (a ``node_modules`` under ``/tmp``)."""
        return super().execute(argv, work, timeout, env, writable,
                               (*readable, *toolchain_paths()), stdin)


class TscChecks(TypeScriptAnalyser):
    """The compiler's checks beyond ``strict``, one program per option (see the module doc)."""

    name = "tsc"

    def availability(self) -> tuple[str | None, str]:
        node = shutil.which("node", path=os.environ.get("PATH"))
        if node is None:
            return None, f"`node` not found on PATH ({INSTALL_NODE})"
        modules = node_modules()
        if modules is None:
            return None, f"typescript is not installed ({INSTALL_NPM})"
        version = package_version(modules / "typescript" / "package.json")
        return f"typescript {version} (tsc)", ""

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        modules = node_modules()
        if modules is None:
            raise AnalyserError(f"typescript is not installed ({INSTALL_NPM})")
        path = work / file_name
        path.write_text(neutralise(path.read_text(encoding="utf-8"), TS_DIRECTIVES),
                        encoding="utf-8")
        (work / GLOBALS).write_text((SUPPORT / "globals.d.ts").read_text(
            encoding="utf-8"), encoding="utf-8")
        request = {"roots": [file_name, GLOBALS], "emit": [], "expose": file_name,
                   "checks": list(options.get("checks", []))}
        node = shutil.which("node") or "node"
        timeout = float(options.get("timeout", 60))
        reply = None
        if server_enabled():
            try:
                reply, _ = compile_server(node, modules).ask(work, request, timeout)
            except TimeoutError:
                raise AnalyserError(f"tsc did not finish within {timeout:g} s") from None
        if reply is None:  # no server: the same script, sandboxed, once
            (work / REQUEST).write_text(json.dumps({**request, "dir": str(work)}),
                                        encoding="utf-8")
            proc = self.execute([node, "--max-old-space-size=2048", str(COMPILER),
                                 str(modules), "--once", REQUEST], work, timeout=timeout)
            if proc.returncode != 0:
                raise AnalyserError(f"tsc failed (exit {proc.returncode}): "
                                    f"{(proc.stderr.strip() or proc.stdout.strip())[:500]}")
            reply = parse_json_output("tsc", proc.stdout)
        if reply.get("crashed"):
            raise AnalyserError(f"tsc failed: {str(reply.get('diagnostics', ''))[:500]}")
        return [RawFinding(str(f["rule"]), int(f.get("line") or 0), str(f["message"]))
                for f in reply.get("findings", [])]



def biome_program() -> str | None:
    """Biome's native binary from ``@biomejs/cli-<platform>`` in node_modules (no node
    needed to start it), else the npm wrapper, else ``biome`` on PATH."""
    modules = node_modules()
    if modules is not None:
        natives = sorted((modules / "@biomejs").glob("cli-*/biome"),
                         key=lambda p: ("musl" in p.parent.name, str(p)))
        for candidate in [*natives, modules / ".bin" / "biome"]:
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return shutil.which("biome", path=os.environ.get("PATH"))


def biome_config(options: dict[str, Any]) -> dict[str, Any]:
    """biome.json for the table's options: ``preset`` (``recommended``), ``enable`` and
    ``disable`` (``group/rule`` names), ``rule_options`` (``group/rule`` -> the rule's options)
    and ``formatter`` (Biome's formatter settings)."""
    rules: dict[str, Any] = {"preset": options.get("preset", "recommended")}

    def put(name: str, value: Any) -> None:
        group, _, rule = name.partition("/")
        rules.setdefault(group, {})[rule] = value

    for name in options.get("enable", []):
        put(name, "on")
    for name, rule_options in options.get("rule_options", {}).items():
        put(name, {"level": "on", "options": rule_options})
    for name in options.get("disable", []):
        put(name, "off")
    return {
        "vcs": {"enabled": False},
        "files": {"ignoreUnknown": True},
        "assist": {"enabled": False},
        "formatter": {"enabled": True, **options.get("formatter", {})},
        "linter": {"enabled": True, "rules": rules},
    }


class Biome(TypeScriptAnalyser):
    """``biome lint`` and ``biome format`` (see the module doc)."""

    name = "biome"

    def availability(self) -> tuple[str | None, str]:
        program = biome_program()
        if program is None:
            return None, f"@biomejs/biome is not installed ({INSTALL_NPM})"
        line = _version_line((program, "--version"))
        if line is None:
            return None, f"`{program} --version` failed ({INSTALL_NPM})"
        return f"biome {line.split(':')[-1].strip()}", ""

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        program = biome_program()
        if program is None:
            raise AnalyserError(f"@biomejs/biome is not installed ({INSTALL_NPM})")
        path = work / file_name
        original = neutralise(path.read_text(encoding="utf-8"), BIOME_DIRECTIVES)
        (work / CONFIG).write_text(json.dumps(biome_config(options), indent=2),
                                   encoding="utf-8")
        path.write_text(with_exports(original), encoding="utf-8")
        findings = self._lint(program, work, file_name, len(original.splitlines()))
        if not any(f.rule == "parse" for f in findings):
            findings += self._format(program, work, file_name, original,
                                     options.get("format_accept", {}))
        return findings

    def _lint(self, program: str, work: Path, file_name: str, lines: int) -> list[RawFinding]:
        proc = self.execute([program, "lint", "--reporter=json", "--max-diagnostics=none",
                             "--colors=off", f"--config-path={CONFIG}", file_name], work)
        text = proc.stdout.strip()
        if not text.startswith("{"):
            raise AnalyserError(f"biome lint failed (exit {proc.returncode}): "
                                f"{(proc.stderr.strip() or text)[:500]}")
        data = parse_json_output("biome", text)
        findings: dict[tuple[str, int, str], RawFinding] = {}
        for item in data.get("diagnostics", []):
            category = str(item.get("category") or "")
            rule = category.removeprefix("lint/") if category.startswith("lint/") else (
                category.split("/")[0] or "unknown")
            start = ((item.get("location") or {}).get("start") or {})
            line = int(start.get("line") or 0)
            if line > lines:  # the export line added for the analysis
                continue
            message = str(item.get("message", "")).strip()
            findings.setdefault((rule, line, message), RawFinding(rule, line, message))
        return list(findings.values())

    def _format(self, program: str, work: Path, file_name: str, original: str,
                accept: dict[str, list[Any]]) -> list[RawFinding]:
        """``format`` findings against the closest of the accepted formatter settings."""
        choices = [[f"--{flag}={value}" for value in values] for flag, values in accept.items()]

        def layouts() -> Iterator[str]:
            for flags in itertools.product(*choices):
                proc = self.execute([program, "format", "--colors=off",
                                     f"--config-path={CONFIG}", *flags,
                                     f"--stdin-file-path={file_name}"], work,
                                    stdin=original.encode("utf-8"))
                if proc.returncode != 0:
                    raise AnalyserError(f"biome format failed (exit {proc.returncode}): "
                                        f"{(proc.stderr.strip() or proc.stdout.strip())[:500]}")
                yield proc.stdout

        return closest_format(original, layouts(), "biome format")
