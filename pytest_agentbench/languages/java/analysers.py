"""Java analysers: ``javac -Xlint:all`` and Checkstyle, each run sandboxed on the solution alone.

- ``javac``: the solution compiled with every lint on (plus the predefined ``TreeNode`` and
  ``ListNode`` when it uses them without declaring them; their own warnings are dropped). The
  rule is the lint key javac prints (``rawtypes``, ``unchecked``, ``cast``, ``fallthrough``...);
  a compile error is one ``error`` finding. A ``package`` line is blanked first, as the runner
  does, so that the predefined types (in no package) resolve. The file is named after the
  answer's public top-level type, if it has one, as javac requires.
- ``checkstyle``: Checkstyle with the configuration of this package
  (``languages/java/support/checkstyle.xml``: Google Java Style, tuned for a single-file answer,
  plus the checks of coding problems, design and Javadoc; see its header). Each module has an id
  ``<group>.<Check>`` (``naming.MemberName``, ``coding.MagicNumber``), which is the rule. The
  indentation unit is the answer's own (2 or 4 spaces), detected here.

Checkstyle 8.36 (Debian's) predates sealed types: it cannot parse a file that declares one. Then
the file is checked again with the ``sealed``, ``non-sealed`` and ``permits`` clauses taken out
(same lines, everything else unchanged), and a zero-weight ``ParseError`` finding says so; if
the file still cannot be parsed, the ``ParseError`` finding (weight 0) says that no Checkstyle
check ran, rather than making the dimensions n/a.

Both run in one long-lived JVM (:mod:`.analysis_server`) when it can start, else as one process per
file; the output, and so the findings, are the same.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from ...analysis import server
from ...analysis.base import Analyser, AnalyserError, RawFinding
from .analysis_server import java_server
from .jvm import PREDEFINED
from .runner import JavaRunner
from .source import blank_comments_and_strings, predefined_needed

INSTALL_JDK = "apt-get install openjdk-17-jdk-headless"
INSTALL_CHECKSTYLE = "apt-get install checkstyle"
CHECKSTYLE_CONFIG = PREDEFINED.parent / "checkstyle.xml"


@cache
def _version_line(program: str, args: tuple[str, ...], path: str | None) -> str | None:
    if path is None:
        return None
    try:
        out = subprocess.run([path, *args], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (out.stdout.strip() or out.stderr.strip()).splitlines()
    return lines[0].strip() if out.returncode == 0 and lines else None


def _availability(program: str, args: tuple[str, ...], install: str) -> tuple[str | None, str]:
    path = shutil.which(program)
    if path is None:
        return None, f"`{program}` not found on PATH ({install})"
    version = _version_line(program, args, path)
    if version is None:
        return None, f"`{program} {' '.join(args)}` failed ({install})"
    return version, ""


_PUBLIC_TYPE = re.compile(
    r"\bpublic\s+(?:(?:final|abstract|sealed|non-sealed|strictfp|static)\s+)*"
    r"(?:class|interface|enum|record|@interface)\s+([A-Za-z_$][\w$]*)")


def public_top_level_type(code: str) -> str | None:
    """The name of the public top-level type of a source file, if it declares one."""
    clean = blank_comments_and_strings(code)
    for match in _PUBLIC_TYPE.finditer(clean):
        before = clean[:match.start()]
        if before.count("{") == before.count("}"):
            return match.group(1)
    return None


# ---------------------------------------------------------------- javac -Xlint:all

_DIAGNOSTIC = re.compile(r"^(?P<file>[^\s:][^:\n]*\.java):(?P<line>\d+): (?P<kind>warning|error): "
                         r"(?:\[(?P<key>[\w-]+)\] )?(?P<message>.*)$", re.M)


class JavacLint(Analyser):
    """``javac -Xlint:all``: what the compiler warns about (raw types, unchecked conversions,
    redundant casts, fall-through, deprecation, missing serialVersionUID...)."""

    name = "javac"

    def availability(self) -> tuple[str | None, str]:
        return _availability("javac", ("-version",), INSTALL_JDK)

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        source = work / file_name
        code = source.read_text(encoding="utf-8")
        unpackaged = JavaRunner.as_default_package(code)
        if unpackaged != code:  # as the runner compiles it: in no package, as TreeNode/ListNode
            source.write_text(unpackaged, encoding="utf-8")
        public = public_top_level_type(code)
        if public and f"{public}.java" != file_name:
            renamed = work / f"{public}.java"
            source.rename(renamed)
            source = renamed
        files = [source.name]
        for name in predefined_needed(code):
            shutil.copyfile(PREDEFINED / f"{name}.java", work / f"{name}.java")
            files.append(f"{name}.java")
        lint = str(options.get("xlint", "all"))
        args = [f"-Xlint:{lint}", "-Xmaxwarns", "10000", "-Xmaxerrs", "100", "-encoding", "UTF-8",
                "-proc:none", "-implicit:none", "-d", "classes", *files]
        proc = server.execute(self, "javac-checkstyle", java_server,
                              ["javac", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1",
                               "-J-Xshare:auto", *args], ["javac", *args], work, files,
                              timeout=120)
        text = proc.stderr + "\n" + proc.stdout
        findings = []
        for match in _DIAGNOSTIC.finditer(text):
            if Path(match.group("file")).name != source.name:
                continue  # TreeNode/ListNode: not the answer's
            rule = match.group("key") or match.group("kind")
            findings.append(RawFinding(rule, int(match.group("line")),
                                       match.group("message").strip()))
        if proc.returncode not in (0, 1) or (proc.returncode == 1 and not findings):
            raise AnalyserError(f"javac failed (status {proc.returncode}): "
                                f"{text.strip()[:500]}")
        return findings


# ---------------------------------------------------------------- Checkstyle


def indentation_unit(code: str, tab_width: int = 4) -> int:
    """2 or 4: the step by which the answer indents a block (the most common increase of
    indentation after a line that opens a brace; continuation lines do not count). Tabs count
    as ``tab_width`` columns, as Checkstyle counts them: tab-indented code is then checked for
    what it is, and its tabs cost one ``FileTabCharacter`` finding, not one per line."""
    steps: Counter[int] = Counter()
    previous, opens = 0, False
    for line in blank_comments_and_strings(code).splitlines():
        text = line.rstrip().expandtabs(tab_width)
        if not text.strip():
            continue
        indent = len(text) - len(text.lstrip(" "))
        if opens and indent > previous:
            steps[indent - previous] += 1
        previous, opens = indent, text.endswith("{")
    return 4 if steps[4] > steps[2] else 2


_SEALED = re.compile(r"\bnon-sealed\s+|\bsealed\s+(?=(?:[\w@]+\s+)*(?:class|interface)\b)")
_PERMITS = re.compile(r"[ \t]*\bpermits\b[^{;]*?(?=\s*\{)")


def without_sealed(code: str) -> str | None:
    """The code with ``sealed``, ``non-sealed`` and ``permits ...`` taken out (line numbers
    kept), or None if it has none of them."""
    clean = blank_comments_and_strings(code)
    cuts = [(m.start(), m.end()) for m in _SEALED.finditer(clean)]
    cuts += [(m.start(), m.end()) for m in _PERMITS.finditer(clean)]
    if not cuts:
        return None
    out, last = [], 0
    for start, end in sorted(cuts):
        if start < last:
            continue
        out.append(code[last:start])
        out.append("\n" * code.count("\n", start, end))
        last = end
    out.append(code[last:])
    return "".join(out)


_PARSE_ERROR = re.compile(r"\.java:(?P<line>\d+):(?P<column>\d+): (?P<message>[^\n]+)")


class Checkstyle(Analyser):
    """Checkstyle: Google Java Style (naming, layout, braces, imports, Javadoc) and the checks of
    coding problems and design (see ``languages/java/support/checkstyle.xml``)."""

    name = "checkstyle"

    def availability(self) -> tuple[str | None, str]:
        version, why = _availability("checkstyle", ("--version",), INSTALL_CHECKSTYLE)
        if version is None:
            return None, why
        return version.replace("Checkstyle version:", "checkstyle").strip(), ""

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        source = work / file_name
        code = source.read_text(encoding="utf-8")
        config = work / "agentbench-checkstyle.xml"
        shutil.copyfile(CHECKSTYLE_CONFIG, config)
        tab_width = int(options.get("tab_width", 4))
        indent = indentation_unit(code, tab_width)
        properties = {
            "indent": indent,
            "lineWrap": 2 * indent,
            "tabWidth": tab_width,
            "maxLineLength": int(options.get("max_line_length", 100)),
        }
        (work / "agentbench-checkstyle.properties").write_text(
            "".join(f"{k}={v}\n" for k, v in properties.items()), encoding="utf-8")
        findings, error = self._check(work, file_name)
        if error is None:
            return findings
        first = self._parse_error(error)
        stripped = without_sealed(code)
        if stripped is not None:
            source.write_text(stripped, encoding="utf-8")
            findings, second = self._check(work, file_name)
            if second is None:
                note = RawFinding("ParseError", first[0], (
                    f"Checkstyle cannot parse this file ({first[1]}): it predates sealed types; "
                    "checked with the sealed, non-sealed and permits clauses taken out"))
                return [note, *findings]
            first = self._parse_error(second)
        return [RawFinding("ParseError", first[0], (
            f"Checkstyle cannot parse this file ({first[1]}): none of its checks ran"))]

    def _check(self, work: Path, file_name: str) -> tuple[list[RawFinding], str | None]:
        """The findings, or the parse error text if Checkstyle could not parse the file."""
        command = ["checkstyle", "-c", "agentbench-checkstyle.xml",
                   "-p", "agentbench-checkstyle.properties", "-f", "xml", file_name]
        proc = server.execute(self, "javac-checkstyle", java_server, command, command, work,
                              ["agentbench-checkstyle.xml", "agentbench-checkstyle.properties",
                               file_name], timeout=120,
                              env={"JAVA_ARGS": "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
                                                "-Xshare:auto"})
        text = proc.stdout
        start = text.find("<?xml")
        if "CheckstyleException" in proc.stderr + proc.stdout and (
                "while parsing" in proc.stderr + proc.stdout):
            return [], proc.stderr + proc.stdout
        if proc.returncode != 0 or start < 0:
            raise AnalyserError(f"checkstyle failed (status {proc.returncode}): "
                                f"{(proc.stderr.strip() or proc.stdout.strip())[:500]}")
        end = text.rfind("</checkstyle>")
        try:
            root = ET.fromstring(text[start:end + len("</checkstyle>")])
        except ET.ParseError as exc:
            raise AnalyserError(f"checkstyle printed XML that cannot be read: {exc}") from None
        findings = []
        for error in root.iter("error"):
            source = error.get("source", "")
            if source.startswith("com.puppycrawl."):  # a module without an id
                source = source.rsplit(".", 1)[-1].removesuffix("Check")
            findings.append(RawFinding(source, int(error.get("line", "0") or 0),
                                       error.get("message", "")))
        return findings, None

    @staticmethod
    def _parse_error(text: str) -> tuple[int, str]:
        matches = list(_PARSE_ERROR.finditer(text))
        if not matches:
            return 0, "a parse error"
        last = matches[-1]
        return int(last.group("line")), (f"line {last.group('line')}:{last.group('column')}: "
                                         f"{last.group('message').strip()}")
