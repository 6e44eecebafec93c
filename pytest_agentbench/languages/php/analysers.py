"""PHP analysers: ``php -l`` (syntax and compile-time warnings), PHP_CodeSniffer with PSR-12
(plus the sniffs named in the rule table) and PHP Mess Detector (the rules named in the rule
table). Each runs sandboxed on the solution file; its options come from the rule table's
``tools`` section (``rules.json``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from ...analysis.base import Analyser, AnalyserError, RawFinding, parse_json_output


@cache
def _version(program: str, path: str | None) -> str | None:
    if path is None:
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (out.stdout.strip() or out.stderr.strip()).splitlines()
    return lines[0].strip() if lines else program


def program_version(program: str, install: str) -> tuple[str | None, str]:
    """(first line of ``program --version``, "") or (None, how to install it)."""
    version = _version(program, shutil.which(program))
    if version is None:
        return None, f"`{program}` not found on PATH ({install})"
    return version, ""


def open_tag(work: Path, file_name: str) -> None:
    """Analyse what runs: the runner adds ``<?php`` to an answer that left it out, so do the
    same, on the first line (so that line numbers still match the answer)."""
    path = work / file_name
    text = path.read_text(encoding="utf-8")
    if not re.match(r"\s*<\?php\b", text.lstrip("\ufeff")):
        path.write_text("<?php " + text, encoding="utf-8")


# ---------------------------------------------------------------- php -l

_LINT = re.compile(r"^(?:PHP )?(?P<kind>Parse error|Fatal error|Warning|Deprecated|Notice|"
                   r"Strict Standards|Compile Error|Core Warning|Compile Warning):\s+"
                   r"(?P<message>.*?)(?: in \S+ on line (?P<line>\d+))?\s*$", re.M)


class PhpLint(Analyser):
    """``php -l``: a parse error, or what the compiler warns about (deprecations, notices)."""

    name = "php-lint"

    def availability(self) -> tuple[str | None, str]:
        version, why = program_version("php", "apt-get install php-cli")
        return (f"php -l ({version})", "") if version else (None, why)

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        open_tag(work, file_name)
        proc = self.execute(["php", "-d", "error_reporting=-1", "-d", "display_errors=stdout",
                             "-d", "display_startup_errors=0", "-d", "log_errors=0",
                             "-d", "html_errors=0", "-l", file_name], work)
        text = proc.stdout + "\n" + proc.stderr
        findings = [RawFinding(m.group("kind").replace(" ", ""), int(m.group("line") or 0),
                               m.group("message").strip()) for m in _LINT.finditer(text)]
        if proc.returncode not in (0, 255) or (proc.returncode == 255 and not findings):
            raise AnalyserError(f"php -l failed (status {proc.returncode}): "
                                f"{text.strip()[:500]}")
        return findings


# ---------------------------------------------------------------- PHP_CodeSniffer


def _properties(props: dict[str, Any]) -> str:
    lines = []
    for key, value in props.items():
        if isinstance(value, list):
            lines.append(f"   <property name={quoteattr(key)} type=\"array\">")
            lines += [f"    <element value={quoteattr(str(v))}/>" for v in value]
            lines.append("   </property>")
        elif isinstance(value, dict):
            lines.append(f"   <property name={quoteattr(key)} type=\"array\">")
            lines += [f"    <element key={quoteattr(str(k))} value={quoteattr(str(v))}/>"
                      for k, v in value.items()]
            lines.append("   </property>")
        else:
            text = quoteattr(_xml_value(value))
            lines.append(f"   <property name={quoteattr(key)} value={text}/>")
    return "\n".join(lines)


def phpcs_ruleset(options: dict[str, Any]) -> str:
    """A ruleset: the standard minus ``exclude``, plus the ``sniffs``, with ``properties``."""
    lines = ['<?xml version="1.0"?>', '<ruleset name="agentbench">',
             f" <rule ref={quoteattr(str(options.get('standard', 'PSR12')))}>"]
    lines += [f"  <exclude name={quoteattr(e)}/>" for e in options.get("exclude", [])]
    lines.append(" </rule>")
    lines += [f" <rule ref={quoteattr(s)}/>" for s in options.get("sniffs", [])]
    for sniff, props in options.get("properties", {}).items():
        lines += [f" <rule ref={quoteattr(sniff)}>", "  <properties>", _properties(props),
                  "  </properties>", " </rule>"]
    lines.append("</ruleset>")
    return "\n".join(lines) + "\n"


class PhpCodeSniffer(Analyser):
    """PHP_CodeSniffer (``phpcs``) with PSR-12 and the extra sniffs of the rule table."""

    name = "phpcs"

    def availability(self) -> tuple[str | None, str]:
        return program_version("phpcs", "apt-get install php-codesniffer")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        open_tag(work, file_name)
        (work / "agentbench-phpcs.xml").write_text(phpcs_ruleset(options), encoding="utf-8")
        proc = self.execute(["phpcs", "--standard=agentbench-phpcs.xml", "--report=json",
                             "--no-cache", "--no-colors", "-q", "--encoding=utf-8",
                             f"--warning-severity={int(options.get('warning_severity', 5))}",
                             file_name], work)
        if proc.returncode not in (0, 1, 2):
            raise AnalyserError(f"phpcs failed (status {proc.returncode}): "
                                f"{(proc.stderr.strip() or proc.stdout.strip())[:500]}")
        data = parse_json_output("phpcs", proc.stdout)
        findings = []
        for report in (data.get("files") or {}).values():
            for msg in report.get("messages", []):
                findings.append(RawFinding(str(msg.get("source") or "Internal"),
                                           int(msg.get("line") or 0),
                                           str(msg.get("message", "")).strip()))
        return findings


# ---------------------------------------------------------------- PHP Mess Detector


def _xml_value(value: Any) -> str:
    """A property value as both tools read it: JSON ``true`` is ``true``, never ``True``
    (which PHPMD reads as off)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def phpmd_ruleset(options: dict[str, Any]) -> str:
    """A PHPMD ruleset of the chosen ``rules`` ("set/Rule"), with ``properties`` per rule."""
    props = options.get("properties", {})
    lines = ['<?xml version="1.0"?>',
             '<ruleset name="agentbench" xmlns="http://pmd.sf.net/ruleset/1.0.0">',
             " <description>pytest-agentbench: the rules chosen in languages/php/rules.json"
             "</description>"]
    for rule in options.get("rules", []):
        ref = quoteattr(f"rulesets/{rule.split('/')[0]}.xml/{rule.split('/')[1]}")
        if rule in props:
            lines += [f" <rule ref={ref}>", "  <properties>"]
            lines += [f"   <property name={quoteattr(k)} value={quoteattr(_xml_value(v))}/>"
                      for k, v in props[rule].items()]
            lines += ["  </properties>", " </rule>"]
        else:
            lines.append(f" <rule ref={ref}/>")
    lines.append("</ruleset>")
    return "\n".join(lines) + "\n"


_PHPMD_PARSE = re.compile(r"^(?P<what>[^#\n]*?), line: (?P<line>\d+)", re.M)


class PhpMessDetector(Analyser):
    """PHPMD: unused code, undefined variables, naming, debugging leftovers, risky constructs.

    Its parser (PDepend) lags behind PHP: a file it cannot read but PHP can is reported as one
    ``ParseError`` finding (weight 0 in the rule table: it names the gap and costs nothing),
    not as a failure, so valid modern PHP never loses its best-practices score to the tool.
    """

    name = "phpmd"

    def availability(self) -> tuple[str | None, str]:
        return program_version("phpmd", "apt-get install phpmd")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        open_tag(work, file_name)
        (work / "agentbench-phpmd.xml").write_text(phpmd_ruleset(options), encoding="utf-8")
        proc = self.execute(["phpmd", file_name, "json", "agentbench-phpmd.xml"], work)
        if proc.returncode not in (0, 1, 2, 3) or not proc.stdout.strip():
            raise AnalyserError(f"phpmd failed (status {proc.returncode}): "
                                f"{(proc.stderr.strip() or proc.stdout.strip())[:500]}")
        data = parse_json_output("phpmd", proc.stdout)
        # PHPMD repeats a naming violation for every use of the variable, each at the line of
        # the enclosing function: one finding per distinct (rule, line, message)
        findings = list(dict.fromkeys(
            RawFinding(str(v.get("rule", "?")), int(v.get("beginLine") or 0),
                       str(v.get("description", "")).strip())
            for report in data.get("files", []) for v in report.get("violations", [])))
        for error in data.get("errors", []):
            message = str(error.get("message", "")).split("\n#0 ", 1)[0]
            match = _PHPMD_PARSE.search(message)
            message = re.sub(r", file: \S+?\.$", "", message.replace(f"{work}/", ""))
            findings.append(RawFinding("ParseError", int(match.group("line")) if match else 0,
                                       f"phpmd could not parse the file, its rules were not "
                                       f"applied: {message.strip()}"))
        return findings
