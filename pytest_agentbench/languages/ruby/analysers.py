"""Ruby analysers: RuboCop (every department; the rule table splits them between idiom and
practice) and the interpreter's own warnings (``ruby -wc``).

RuboCop runs with a configuration written from the rule table's ``tools.rubocop`` section
(YAML being a superset of JSON, it is written as JSON) and with ``--ignore-disable-comments``,
so a ``# rubocop:disable all`` in an answer does not hide its findings. Some cops report every
occurrence on a line (a camelCase variable used three times, three ``key: key`` pairs): the same
(cop, line, message) counts once.

``ruby -wc`` compiles without running; its warnings get a short rule name from their message
(``unused-variable``, ``mismatched-indentation``...), and most of them say what a RuboCop cop
says too, so the rule table ignores those to count each problem once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from ...analysis import server
from ...analysis.base import Analyser, AnalyserError, RawFinding, parse_json_output
from .toolchain import toolchain_dirs

CONFIG = "agentbench-rubocop.yml"


def _ruby_dirs() -> tuple[Path, ...]:
    """What the interpreter reads besides the system paths (a gem-installed RuboCop's gems)."""
    return toolchain_dirs()


@cache
def _version(program: str, path: str) -> tuple[str | None, str]:
    """(version line, "") of ``program`` found on ``path``, or (None, "") when it is missing."""
    exe = shutil.which(program, path=path)
    if exe is None:
        return None, ""
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"`{exe} --version` failed: {exc}"
    lines = (out.stdout.strip() or out.stderr.strip()).splitlines()
    if out.returncode != 0 or not lines:
        return None, f"`{exe} --version` failed: {(out.stderr or out.stdout).strip()[:300]}"
    return lines[0].strip(), ""


def program_version(program: str, label: str, install: str) -> tuple[str | None, str]:
    version, problem = _version(program, os.environ.get("PATH", ""))
    if version is None:
        return None, problem or f"`{program}` not found on PATH ({install})"
    if not version.lower().startswith(label.lower()):
        version = f"{label} {version}"
    return " ".join(version.split()[:2]), ""  # "ruby 3.1.2p20 (2022-04-12 ...)" -> "ruby 3.1.2p20"


def rubocop_config(options: dict[str, Any]) -> dict[str, Any]:
    """The RuboCop configuration for the table's options: ``target_ruby_version``,
    ``new_cops`` (enable cops still pending in this RuboCop version), ``enable`` and
    ``disable`` (lists of cops or departments) and ``cops`` (settings per cop)."""
    config: dict[str, Any] = {"AllCops": {
        "TargetRubyVersion": float(options.get("target_ruby_version", 3.1)),
        "NewCops": "enable" if options.get("new_cops", True) else "disable",
        "SuggestExtensions": False,
    }}
    for cop, settings in options.get("cops", {}).items():
        config[cop] = dict(settings)
    for cop in options.get("enable", []):
        config.setdefault(cop, {})["Enabled"] = True
    for cop in options.get("disable", []):
        config.setdefault(cop, {})["Enabled"] = False
    return config


def rubocop_server() -> server.ServerSpec:
    """RuboCop's long-lived process: ``ruby support/rubocop_server.rb``, which checks that it
    loads the RuboCop the ``rubocop`` command runs."""
    version, why = _version("rubocop", os.environ.get("PATH", ""))
    if version is None:
        raise server.Unavailable(why or "`rubocop` not found on PATH")
    return server.ServerSpec("rubocop", ("ruby", str(server.SUPPORT / "rubocop_server.rb"),
                                         version.split()[-1]), readable=_ruby_dirs())


class RuboCop(Analyser):
    """RuboCop, in one long-lived process (:mod:`.server`) or one process per file."""

    name = "rubocop"

    def availability(self) -> tuple[str | None, str]:
        return program_version("rubocop", "rubocop",
                               "apt-get install rubocop, or gem install rubocop")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        (work / CONFIG).write_text(json.dumps(rubocop_config(options), indent=1) + "\n",
                                   encoding="utf-8")
        args = ["--config", CONFIG, "--cache", "false", "--ignore-disable-comments", "--format",
                "json", "--no-color", "--force-exclusion", file_name]
        proc = server.execute(self, "rubocop", rubocop_server, ["rubocop", *args], args, work,
                              [CONFIG, file_name], timeout=120.0, readable=_ruby_dirs())
        if proc.returncode not in (0, 1):
            raise AnalyserError(f"rubocop failed (exit {proc.returncode}): "
                                f"{(proc.stderr.strip() or proc.stdout.strip())[:500]}")
        data = parse_json_output("rubocop", proc.stdout)
        findings: dict[RawFinding, None] = {}  # ordered, and each (cop, line, message) once
        for entry in data.get("files", []):
            for offense in entry.get("offenses", []):
                line = int((offense.get("location") or {}).get("line") or 0)
                findings[RawFinding(offense["cop_name"], line,
                                    str(offense.get("message", "")).strip())] = None
        return list(findings)


#: rule names of ``ruby -w`` warnings, by their message (first match wins)
WARNINGS: tuple[tuple[str, str], ...] = (
    ("unused-variable", r"assigned but unused variable"),
    ("mismatched-indentation", r"mismatched indentations"),
    ("ambiguous-argument", r"ambiguous first argument|interpreted as (an )?argument prefix|"
                           r"ambiguous `[^']*' has been interpreted"),
    ("assignment-in-condition", r"found `?= literal'? in conditional"),
    ("literal-in-condition", r"literal in (condition|flip-flop)"),
    ("duplicated-key", r"key .* is duplicated"),
    ("duplicated-when", r"duplicated `when' clause"),
    ("void-context", r"in void context|unused literal ignored"),
    ("unreachable", r"statement not reached"),
    ("parenthesized-argument", r"parentheses after method name is interpreted"),
    ("regexp-character-class", r"character class has duplicated range|without escape"),
    ("redefined-method", r"method redefined"),
    ("shadowed-variable", r"shadowing outer local variable"),
    ("circular-argument", r"circular argument reference"),
    ("deprecated", r"deprecated"),
)
_WARNING = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): warning: (?P<message>.*)$")


def warning_rule(message: str) -> str:
    for rule, pattern in WARNINGS:
        if re.search(pattern, message):
            return rule
    return "warning"


class RubyWarnings(Analyser):
    """``ruby -wc``: the interpreter's warnings about the file, without running it."""

    name = "ruby-warnings"

    def availability(self) -> tuple[str | None, str]:
        return program_version("ruby", "ruby", "apt-get install ruby")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        proc = self.execute(["ruby", "--disable-gems", "-wc", file_name], work,
                            readable=_ruby_dirs())
        findings = []
        for line in proc.stderr.splitlines():
            match = _WARNING.match(line.strip())
            if match and Path(match.group("file")).name == file_name:
                message = match.group("message").strip()
                findings.append(RawFinding(warning_rule(message), int(match.group("line")),
                                           message))
        if proc.returncode != 0 and not findings and "syntax error" not in proc.stderr:
            raise AnalyserError(f"ruby -wc failed (exit {proc.returncode}): "
                                f"{proc.stderr.strip()[:500]}")
        return findings
