"""Go analysers: ``gofmt`` (formatting), ``go vet`` and staticcheck, each run sandboxed on the
solution file alone.

The work directory of each tool becomes a small module (``go.mod``) holding the solution and,
when the solution uses them without declaring them, the predefined ``TreeNode``/``ListNode``
(in a file of their own whose findings are dropped). ``go vet`` and staticcheck need a build
cache, and the sandbox lets an analyser write its own directory only, so each gets a private
``GOCACHE`` (and ``STATICCHECK_CACHE``) there, seeded with a copy of a cache warmed once per
toolchain on the standard library packages solutions commonly import: without it every run
would type-check and analyse ``fmt``, ``strings``... afresh (seconds per tool).

- ``gofmt``: the formatted file against the answer; each changed block of lines is one
  finding (``format``), with the line where it starts. A file gofmt cannot parse is one
  ``syntax`` finding.
- ``govet``: ``go vet -json``; the rule is the analyzer's name (``printf``, ``copylocks``...).
  A file that does not type-check gives ``typecheck`` findings.
- ``staticcheck``: ``-f json`` with the checks of the rule table; the rule is the check's code
  (``S1003``, ``ST1005``, ``SA4006``, ``U1000``). ``//lint:ignore`` directives of the answer are
  neutralised (and ``-show-ignored`` is given), so an answer cannot hide its findings.
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

from ... import sandbox_user
from ...analysis.base import Analyser, AnalyserError, RawFinding, format_findings
from ...models import ProcessResult
from ..harness_runner import build_cached
from .codegen import LIST_TYPES, TREE_TYPES
from .source import declares_type, strip_comments
from .toolchain import go_root, offline_go_env

INSTALL_GO = "apt-get install golang-go"
INSTALL_STATICCHECK = ("apt-get install go-staticcheck, or "
                       "go install honnef.co/go/tools/cmd/staticcheck@latest")
TYPES_FILE = "agentbench_types.go"

#: standard library packages whose analysis facts are cached once (what solutions import)
SEED_PACKAGES = (
    "bufio", "bytes", "container/heap", "container/list", "container/ring", "context",
    "encoding/json", "errors", "fmt", "io", "math", "math/big", "math/bits", "math/rand", "os",
    "regexp", "sort", "strconv", "strings", "sync", "sync/atomic", "time", "unicode",
    "unicode/utf16", "unicode/utf8",
)


@cache
def _first_line(argv: tuple[str, ...], path: str) -> str | None:
    exe = shutil.which(argv[0], path=path)
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, *argv[1:]], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (out.stdout.strip() or out.stderr.strip()).splitlines()
    return lines[0].strip() if out.returncode == 0 and lines else None


def go_version() -> str | None:
    """``go1.19.8`` for ``go version go1.19.8 linux/amd64``; None without a Go toolchain."""
    line = _first_line(("go", "version"), os.environ.get("PATH", ""))
    match = re.search(r"\bgo(\d+\.\d+(?:\.\d+)?\S*)", line or "")
    return f"go{match.group(1)}" if match else None


def staticcheck_program() -> str | None:
    """Debian installs staticcheck as ``go-staticcheck``; ``go install`` as ``staticcheck``."""
    path = os.environ.get("PATH", "")
    return next((p for p in ("staticcheck", "go-staticcheck") if shutil.which(p, path=path)),
                None)


def _language_version() -> str:
    match = re.match(r"go(\d+)\.(\d+)", go_version() or "")
    return f"{match.group(1)}.{match.group(2)}" if match else "1.19"


def go_env(work: Path) -> dict[str, str]:
    """What the go command needs in the sandbox: every cache inside the work directory (the
    only place an analyser may write), no network, no toolchain download, no cgo."""
    return {
        **offline_go_env(work),
        "GOCACHE": str(work / ".cache" / "go-build"),
        "STATICCHECK_CACHE": str(work / ".cache" / "staticcheck"),
        "XDG_CACHE_HOME": str(work / ".cache"),
    }


def write_module(work: Path, code: str) -> None:
    """Make ``work`` (holding the solution) a module the go command can load on its own."""
    (work / ".tmp").mkdir(exist_ok=True)
    (work / "go.mod").write_text(f"module agentbench\n\ngo {_language_version()}\n",
                                 encoding="utf-8")
    bare = strip_comments(code)
    package = re.search(r"^[ \t]*package[ \t]+(\w+)", bare, re.M)
    types = ""
    if re.search(r"\bTreeNode\b", bare) and not declares_type(bare, "TreeNode"):
        types += TREE_TYPES
    if re.search(r"\bListNode\b", bare) and not declares_type(bare, "ListNode"):
        types += LIST_TYPES
    if types:
        name = package.group(1) if package else "main"
        (work / TYPES_FILE).write_text(f"package {name}\n{types}", encoding="utf-8")


def _seed_source() -> str:
    imports = "\n".join(f'\t_ "{p}"' for p in SEED_PACKAGES)
    return f"// Package main warms the analysers' caches.\npackage main\n\nimport (\n{imports}\n)\n"


def _seed_cache(analyser: Analyser) -> Path | None:
    """A build cache and a staticcheck cache that know ``SEED_PACKAGES``, made once per
    toolchain and tool version (sandboxed, in the directory being built)."""
    version = go_version()
    if version is None:
        return None
    checker = staticcheck_program()
    checker_version = _first_line((checker, "-version"), os.environ.get("PATH", "")) \
        if checker else ""
    sources = {"go.mod": f"module agentbench\n\ngo {_language_version()}\n",
               "seed.go": _seed_source(),
               "versions.txt": f"{version}\n{checker_version}\n"}

    def build(staging: Path) -> None:
        env = go_env(staging)
        (staging / ".tmp").mkdir()
        sandbox_user.hand_over(staging, recursive=True)  # the tools write it as the sandbox
        steps = [["go", "vet", "."]]
        if checker:
            steps.append([checker, "-checks", "all", "-f", "json", "."])
        for argv in steps:  # a seed that failed would be kept, and copied, forever
            proc = analyser.execute(argv, staging, timeout=300.0, env=env)
            if proc.returncode not in (0, 1) or (argv[0] == "go" and proc.returncode != 0):
                raise AnalyserError(f"seeding the caches: {' '.join(argv)} failed "
                                    f"(exit {proc.returncode}): {proc.stderr.strip()[:300]}")
        shutil.rmtree(staging / ".tmp", ignore_errors=True)
        shutil.rmtree(staging / ".gopath", ignore_errors=True)

    try:
        return build_cached("go-analysis-seed", sources, build) / ".cache"
    except (AnalyserError, OSError):
        return None


class GoAnalyser(Analyser):
    """What the Go tools share: the module around the solution and the seeded caches."""

    #: the caches of the seed this tool reads (``go vet`` the build cache; staticcheck only
    #: its own, since it loads packages from source)
    caches: tuple[str, ...] = ()

    def execute(self, argv: list[str], work: Path, timeout: float = 60.0,
                env: dict[str, str] | None = None, writable: tuple[Path, ...] = (),
                readable: tuple[Path, ...] = (), stdin: bytes | None = None) -> ProcessResult:
        """As every analyser's, with the Go installation readable: the tools load the
        standard library from GOROOT's sources, which may lie outside the system paths."""
        root = go_root(os.environ.get("PATH", ""))
        return super().execute(argv, work, timeout, env, writable,
                               (*readable, *([root] if root is not None else [])), stdin)

    def prepare(self, work: Path, file_name: str) -> dict[str, str]:
        code = (work / file_name).read_text(encoding="utf-8")
        write_module(work, code)
        seed = _seed_cache(self)
        for name in self.caches:
            if seed is not None and (seed / name).is_dir():
                shutil.copytree(seed / name, work / ".cache" / name)
        sandbox_user.hand_over(work, recursive=True)  # what the tool writes: .tmp, its caches
        return go_env(work)

    def go_availability(self, label: str) -> tuple[str | None, str]:
        version = go_version()
        if version is None:
            return None, f"`go` not found on PATH ({INSTALL_GO})"
        return f"{label} ({version})", ""


_POSITION = re.compile(r"^(?:vet: )?(?P<file>[^\s:][^:\n]*\.go):(?P<line>\d+)(?::\d+)?: "
                       r"(?P<message>.*)$")


def _located(text: str, file_name: str) -> list[tuple[int, str]]:
    """``file.go:line:col: message`` lines of ``text`` about ``file_name``."""
    out = []
    for raw in text.splitlines():
        match = _POSITION.match(raw.strip())
        if match and Path(match.group("file")).name == file_name:
            out.append((int(match.group("line")), match.group("message").strip()))
    return out


class Gofmt(GoAnalyser):
    """``gofmt``: every block of lines it would change is one finding."""

    name = "gofmt"

    def availability(self) -> tuple[str | None, str]:
        if shutil.which("gofmt", path=os.environ.get("PATH", "")) is None:
            return None, f"`gofmt` not found on PATH ({INSTALL_GO})"
        return self.go_availability("gofmt")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        original = (work / file_name).read_text(encoding="utf-8")
        argv = ["gofmt", *(["-s"] if options.get("simplify") else []), file_name]
        proc = self.execute(argv, work)
        if proc.returncode != 0:
            errors = _located(proc.stderr, file_name)
            if not errors:
                raise AnalyserError(f"gofmt failed (exit {proc.returncode}): "
                                    f"{proc.stderr.strip()[:500]}")
            return [RawFinding("syntax", line, message) for line, message in errors[:5]]
        return format_findings(original, proc.stdout, "gofmt")



class GoVet(GoAnalyser):
    """``go vet``: the analyzers of the Go distribution (printf, copylocks, unreachable...)."""

    name = "govet"
    caches = ("go-build",)

    def availability(self) -> tuple[str | None, str]:
        return self.go_availability("go vet")

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        env = self.prepare(work, file_name)
        flags = [f"-{a}=false" for a in options.get("disable", [])]
        proc = self.execute(["go", "vet", "-json", *flags, "."], work, timeout=120.0, env=env)
        return vet_findings(proc, file_name)


def vet_findings(proc: ProcessResult, file_name: str) -> list[RawFinding]:
    text = proc.stderr + "\n" + proc.stdout
    findings: list[RawFinding] = []
    decoder = json.JSONDecoder()
    for match in re.finditer(r"^\{", text, re.M):
        try:
            data, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        for analyzers in data.values():
            for analyzer, reports in (analyzers or {}).items():
                if isinstance(reports, dict):  # {"error": "..."}: the analyzer itself failed
                    continue
                for report in reports or []:
                    posn = str(report.get("posn", ""))
                    found = re.match(r"(?P<file>.*?\.go):(?P<line>\d+)", posn)
                    if found and Path(found.group("file")).name == file_name:
                        findings.append(RawFinding(analyzer, int(found.group("line")),
                                                   str(report.get("message", "")).strip()))
    errors = [RawFinding("typecheck", line, message)
              for line, message in _located(text, file_name)]
    if proc.returncode not in (0, 1) and not errors and not findings:
        raise AnalyserError(f"go vet failed (exit {proc.returncode}): {text.strip()[:500]}")
    return findings + errors


class Staticcheck(GoAnalyser):
    """staticcheck: simplifications (S), style (ST), bugs (SA) and unused code (U1000)."""

    name = "staticcheck"
    caches = ("staticcheck",)

    def availability(self) -> tuple[str | None, str]:
        program = staticcheck_program()
        if program is None:
            return None, f"`staticcheck` (or `go-staticcheck`) not found on PATH " \
                         f"({INSTALL_STATICCHECK})"
        version = _first_line((program, "-version"), os.environ.get("PATH", ""))
        if version is None:
            return None, f"`{program} -version` failed ({INSTALL_STATICCHECK})"
        if go_version() is None:
            return None, f"staticcheck needs the go command, not found on PATH ({INSTALL_GO})"
        return version.replace("go-staticcheck", "staticcheck", 1), ""

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        path = work / file_name
        # a "//lint:ignore" or "//lint:file-ignore" directive would hide findings: neutralise
        # it, on the same line so positions are kept
        path.write_text(re.sub(r"//(\s*)lint:", r"//\1lint-directive-ignored:",
                               path.read_text(encoding="utf-8")), encoding="utf-8")
        env = self.prepare(work, file_name)
        checks = ",".join(options.get("checks", ["inherit"]))
        config = {"checks": options.get("checks", ["inherit"])}
        if options.get("initialisms"):
            config["initialisms"] = options["initialisms"]
        (work / "staticcheck.conf").write_text(
            "\n".join(f"{k} = {json.dumps(v)}" for k, v in config.items()) + "\n",
            encoding="utf-8")
        program = staticcheck_program() or "staticcheck"
        proc = self.execute([program, "-f", "json", "-show-ignored", "-tests=false",
                             "-checks", checks, "."], work, timeout=120.0, env=env)
        findings = []
        for line in proc.stdout.splitlines():
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                raise AnalyserError(f"staticcheck printed something that is not JSON: "
                                    f"{line[:300]}") from None
            location = item.get("location") or {}
            where = str(location.get("file") or "")
            if where and Path(where).name != file_name:
                continue
            code = str(item.get("code") or "?")
            if not where and code != "compile":
                continue
            findings.append(RawFinding(code, int(location.get("line") or 0),
                                       str(item.get("message", "")).strip()))
        if proc.returncode not in (0, 1) or (proc.returncode == 1 and not findings
                                             and not proc.stdout.strip()):
            raise AnalyserError(f"staticcheck failed (exit {proc.returncode}): "
                                f"{(proc.stderr.strip() or proc.stdout.strip())[:500]}")
        return findings
