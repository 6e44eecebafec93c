"""Rust analysers: clippy (its lint groups and rustc's own warnings) and ``rustfmt``, each run
sandboxed on the solution file alone.

Both run the real binaries of the toolchain's sysroot (``rustc --print sysroot``), not the
rustup proxies on ``PATH``: a proxy needs ``RUSTUP_HOME``, and the sandbox gives a tool a home
of its own. The sysroot is made readable in the sandbox (``sysroot_paths``): rustup keeps it
under ``~/.rustup``, which the sandbox's allow-list leaves out.

- ``clippy``: ``clippy-driver --crate-type lib --emit=metadata --error-format=json`` on the
  solution as a crate of its own, with the predefined ``TreeNode``/``ListNode`` (and LeetCode's
  ``struct Solution``) appended after its last line when it uses them without declaring them.
  The lint groups of the rule table's ``tools.clippy.groups`` (and single ``lints``) are given
  with ``--force-warn``, so an ``#[allow(...)]`` or ``#![deny(warnings)]`` in the answer neither
  hides a finding nor turns one into an error; a lint the answer enables itself outside that set
  is dropped, so every answer is measured with the same lints. The rule of a finding is
  ``<group>::<lint>``: the clippy category (``style::needless_return``,
  ``pedantic::missing_errors_doc``, ``correctness::...``) or, for rustc's lints, their group
  (``unused::dead_code``, ``nonstandard_style::non_snake_case``, ``rustc::<lint>`` when it has
  none), read from ``clippy-driver -W help`` once per toolchain. A file that does not compile
  gives ``error::<code>`` findings. An answer that declares nothing ``pub`` is linted as if its
  items (outside function bodies and trait impls) were ``pub``: as a library crate its entry
  point would otherwise be "never used", and everything it calls with it. Options of the table:
  ``edition``, ``groups``, ``lints``, ``allow`` (lints not counted), ``crate_doc`` (give the
  crate the crate-level documentation ``missing_docs`` asks of a library, which a one-file
  answer is not asked for: a ``#![doc]`` put in front of its first line) and ``config``
  (``clippy.toml`` settings, written to the tool's own directory, which ``CLIPPY_CONF_DIR``
  names so that no configuration elsewhere is read).
- ``rustfmt``: ``rustfmt --edition 2021`` on a copy, with a configuration written from the
  table (the defaults: rustfmt's own style); each block of lines it changes is one finding
  (``format``). A file rustfmt cannot parse is one ``syntax`` finding.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import sandbox_user
from ...analysis.base import Analyser, AnalyserError, RawFinding, format_findings
from .. import syntax
from .codegen import predefined_types
from .source import blank_literals
from .toolchain import find_rust_tools, sysroot_paths

if TYPE_CHECKING:
    from tree_sitter import Node

INSTALL_CLIPPY = ("rustup component add clippy (with Debian's rustc: apt-get install "
                  "rust-clippy)")
INSTALL_RUSTFMT = "rustup component add rustfmt (with Debian's rustc: apt-get install rustfmt)"

#: clippy's lint categories (each lint is in exactly one; ``clippy::all`` is the first five)
CATEGORIES = ("correctness", "suspicious", "style", "complexity", "perf", "pedantic",
              "nursery", "restriction", "cargo")
#: rustc lint groups that name a finding's family, first match wins
RUSTC_GROUPS = ("nonstandard_style", "unused", "rust_2018_idioms", "let_underscore",
                "future_incompatible")
#: the crate-level documentation given to the linted crate when the table's ``crate_doc`` is on
CRATE_DOC = "The answer."
DEFAULT_GROUPS = ("clippy::all", "clippy::pedantic", "unused", "nonstandard_style",
                  "rust_2018_idioms")


# ---------------------------------------------------------------- the toolchain


def _sysroot_bin() -> Path | None:
    tools = find_rust_tools()  # the real rustc, in its sysroot's bin directory
    return Path(tools.rustc).parent if tools is not None else None


def _sysroot() -> tuple[Path, ...]:
    return sysroot_paths()


def tool_path(program: str) -> str | None:
    """The real ``program`` of the toolchain (its sysroot's, else the one on ``PATH``)."""
    path = os.environ.get("PATH", "")
    bin_dir = _sysroot_bin()
    if bin_dir is not None:
        real = bin_dir / program
        if real.is_file() and os.access(real, os.X_OK):
            return str(real)
    return shutil.which(program, path=path)


@functools.cache
def _version_line(exe: str) -> str | None:
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (out.stdout.strip() or out.stderr.strip()).splitlines()
    return lines[0].strip() if out.returncode == 0 and lines else None


def _availability(program: str, install: str) -> tuple[str | None, str]:
    exe = tool_path(program)
    if exe is None:
        return None, f"`{program}` not found (neither in rustc's sysroot nor on PATH): {install}"
    version = _version_line(exe)
    if version is None:
        return None, f"`{exe} --version` failed: {install}"
    return version, ""


@dataclass(frozen=True)
class LintCatalogue:
    """What ``clippy-driver -W help`` says: each lint's default level and each group's lints
    (names with ``_``, clippy's with their ``clippy::`` prefix)."""

    levels: dict[str, str]
    groups: dict[str, frozenset[str]]

    def group_of(self, lint: str) -> str:
        if lint.startswith("clippy::"):
            return next((c for c in CATEGORIES if lint in self.groups.get(f"clippy::{c}", ())),
                        "clippy")
        return next((g for g in RUSTC_GROUPS if lint in self.groups.get(g, ())), "rustc")

    def members(self, group_or_lint: str) -> frozenset[str]:
        name = _lint_name(group_or_lint)
        if name in self.groups:
            return self.groups[name]
        if name == "clippy::all":  # older clippy releases do not list it
            return frozenset().union(*(self.groups.get(f"clippy::{c}", frozenset())
                                       for c in CATEGORIES[:5]))
        return frozenset({name})


def _lint_name(text: str) -> str:
    return text.strip().replace("-", "_")


@functools.cache
def lint_catalogue(exe: str) -> LintCatalogue:
    """The lints and groups of this clippy-driver (empty if it cannot say)."""
    try:
        out = subprocess.run([exe, "-W", "help"], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return LintCatalogue({}, {})
    levels: dict[str, str] = {}
    groups: dict[str, frozenset[str]] = {}
    section = ""
    for line in (out.stdout + "\n" + out.stderr).splitlines():
        if line.startswith(("Lint checks", "Lint groups")):
            section = "groups" if line.startswith("Lint groups") else "lints"
            continue
        parts = line.split(None, 2)
        if len(parts) < 2 or parts[0] in ("name", "----"):
            continue
        if section == "lints" and parts[1] in ("allow", "warn", "deny", "forbid", "force-warn"):
            levels[_lint_name(parts[0])] = parts[1]
        elif section == "groups" and parts[0] != "warnings":
            members = line.split(None, 1)[1]
            groups[_lint_name(parts[0])] = frozenset(
                _lint_name(m) for m in members.split(",") if m.strip())
    return LintCatalogue(levels, groups)


# ---------------------------------------------------------------- the linted crate


#: the items ``pub`` applies to (not ``use``, ``impl``, ``extern`` blocks or macros)
_VISIBLE_ITEMS = ("function_item", "function_signature_item", "struct_item", "enum_item",
                  "trait_item", "type_item", "const_item", "static_item", "mod_item",
                  "union_item")


def publish_items(code: str) -> str:
    """``code`` with ``pub `` before each item outside function bodies and trait impls that
    has no visibility of its own (line numbers unchanged): at the top level, in modules and in
    inherent impls, read by the tree-sitter Rust grammar."""
    inserts: list[int] = []  # byte offsets

    def scan(block: Node) -> None:
        for node in block.named_children:
            body = node.child_by_field_name("body")
            if node.type in _VISIBLE_ITEMS and not syntax.children(node, "visibility_modifier"):
                inserts.append(node.start_byte)
            inherent = node.type == "impl_item" and node.child_by_field_name("trait") is None
            if node.type == "ERROR":  # what did not parse: its items too
                scan(node)
            elif body is not None and (node.type == "mod_item" or inherent):
                scan(body)

    scan(syntax.parse(code, "rust"))
    data = code.encode("utf-8")
    for at in reversed(inserts):
        data = data[:at] + b"pub " + data[at:]
    return data.decode("utf-8")


def lint_source(code: str) -> str:
    """The crate clippy reads: the solution (items made ``pub`` when it declares nothing
    ``pub``), then the predefined types it uses without declaring them."""
    blank = blank_literals(code)
    text = code if re.search(r"\bpub\b", blank) else publish_items(code)
    extra = "\n".join(line for line in predefined_types(code, code).splitlines()
                      if "agentbench_support" not in line)
    if re.search(r"\bimpl\s+Solution\b", blank) and not re.search(
            r"\b(?:struct|enum|type)\s+Solution\b", blank):
        extra += "\n/// LeetCode's holder of solution functions.\npub struct Solution;\n"
    return text.rstrip("\n") + "\n" + extra


def _primary_line(diagnostic: dict[str, Any], file_name: str) -> int | None:
    """The line in ``file_name`` a diagnostic is about (through macro expansions)."""
    spans = diagnostic.get("spans") or []
    span = next((s for s in spans if s.get("is_primary")), spans[0] if spans else None)
    while span is not None:
        if Path(str(span.get("file_name", ""))).name == file_name:
            return int(span.get("line_start") or 0)
        span = (span.get("expansion") or {}).get("span")
    return None


class Clippy(Analyser):
    """clippy-driver: clippy's lint groups and rustc's warnings, as a library crate."""

    name = "clippy"

    def availability(self) -> tuple[str | None, str]:
        return _availability("clippy-driver", INSTALL_CLIPPY)

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        exe = tool_path("clippy-driver")
        if exe is None:
            raise AnalyserError(f"clippy-driver not found: {INSTALL_CLIPPY}")
        source = work / file_name
        code = source.read_text(encoding="utf-8")
        lines = len(code.splitlines())
        linted = lint_source(code)
        if options.get("crate_doc"):  # not asked of a one-file answer: the crate gets one
            linted = f'#![doc = "{CRATE_DOC}"] ' + linted
        source.write_text(linted, encoding="utf-8")
        config = options.get("config", {})
        (work / "clippy.toml").write_text(
            "".join(f"{key} = {json.dumps(value)}\n" for key, value in config.items()),
            encoding="utf-8")
        catalogue = lint_catalogue(exe)
        groups = list(options.get("groups", DEFAULT_GROUPS))
        single = list(options.get("lints", []))
        forced = [arg for lint in [*groups, *single] for arg in ("--force-warn", lint)]
        argv = [exe, "--edition", str(options.get("edition", "2021")), "--crate-type", "lib",
                "--crate-name", "solution", "--emit=metadata", "--out-dir", str(work / "out"),
                "--error-format=json", "--cap-lints", "warn", *forced, file_name]
        proc = self.execute(argv, work, timeout=120.0, readable=_sysroot(),
                            env={"CLIPPY_CONF_DIR": str(work), "RUST_BACKTRACE": "0"})
        measured: set[str] = set()
        for group in [*groups, *single]:
            measured |= catalogue.members(group)
        allowed = {_lint_name(a) for a in options.get("allow", [])}
        findings: list[RawFinding] = []
        errors = 0
        for text in proc.stderr.splitlines():
            if not text.startswith("{"):
                continue
            try:
                diagnostic = json.loads(text)
            except ValueError:
                continue
            level = diagnostic.get("level")
            code_name = (diagnostic.get("code") or {}).get("code")
            line = _primary_line(diagnostic, file_name)
            if level == "error":
                errors += 1
                if line is not None and line <= lines:
                    findings.append(RawFinding(f"error::{code_name or 'compile'}", line,
                                               str(diagnostic.get("message", ""))))
                continue
            if level != "warning" or not code_name or line is None or line > lines:
                continue
            lint = _lint_name(code_name)
            if lint in allowed or not self._measured(lint, measured, catalogue):
                continue
            findings.append(RawFinding(f"{catalogue.group_of(lint)}::{lint.split('::')[-1]}",
                                       line, str(diagnostic.get("message", ""))))
        if proc.returncode not in (0, 1) or (proc.returncode == 1 and not errors):
            raise AnalyserError(f"clippy-driver failed (exit {proc.returncode}): "
                                f"{proc.stderr.strip()[-500:]}")
        return findings

    @staticmethod
    def _measured(lint: str, measured: set[str], catalogue: LintCatalogue) -> bool:
        """Whether a lint is in the measured set: forced, or warned by rustc by default."""
        if not catalogue.levels or lint in measured:
            return True
        return not lint.startswith("clippy::") and catalogue.levels.get(lint) in (
            "warn", "deny", "forbid")


class Rustfmt(Analyser):
    """rustfmt: every block of lines it would change is one finding."""

    name = "rustfmt"

    def availability(self) -> tuple[str | None, str]:
        version, why = _availability("rustfmt", INSTALL_RUSTFMT)
        return (" ".join(version.split()[:2]) if version else None), why

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        exe = tool_path("rustfmt")
        if exe is None:
            raise AnalyserError(f"rustfmt not found: {INSTALL_RUSTFMT}")
        original = (work / file_name).read_text(encoding="utf-8")
        copy = "formatted.rs"
        (work / copy).write_text(original, encoding="utf-8")
        sandbox_user.hand_over(work / copy)  # rustfmt, as the sandbox's user, rewrites it
        config = options.get("config", {})
        (work / "rustfmt.toml").write_text(
            "".join(f"{key} = {json.dumps(value)}\n" for key, value in config.items()),
            encoding="utf-8")
        proc = self.execute([exe, "--edition", str(options.get("edition", "2021")),
                             "--config-path", str(work / "rustfmt.toml"), copy], work,
                            readable=_sysroot())
        if proc.returncode != 0:
            found = re.search(r"^error[^\n]*\n\s*--> [^\n]*?:(\d+):\d+", proc.stderr, re.M)
            if found:
                first = proc.stderr.strip().splitlines()[0]
                return [RawFinding("syntax", int(found.group(1)), first.strip()[:200])]
            raise AnalyserError(f"rustfmt failed (exit {proc.returncode}): "
                                f"{proc.stderr.strip()[:500]}")
        return format_findings(original, (work / copy).read_text(encoding="utf-8"), "rustfmt")

