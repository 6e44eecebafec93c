"""Static analysis of a solution with the tools each language's community uses.

Each language bundle (:class:`pytest_agentbench.languages.LanguageBundle`) has its analysers
and a rule table (its package's ``rules.json``) that says which finding counts against which
dimension.
:func:`analyse` runs every analyser of the solution's language once (sandboxed, in a private
directory) and returns the findings; the quality evaluators turn them into scores.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import findings_cache
from .base import Analyser, AnalyserError, Finding, RawFinding, code_lines
from .rules import RuleTable, load_rules

if TYPE_CHECKING:
    from ..languages.bundle import LanguageBundle

__all__ = ["Analyser", "AnalyserError", "AnalysisResult", "Finding", "RawFinding", "analyse",
           "analysers_for", "code_lines", "inventory"]


def inventory(bundles: Sequence[LanguageBundle]) -> dict[str, dict[str, str]]:
    """Every analyser of each language with its version, or why it cannot run."""
    out: dict[str, dict[str, str]] = {}
    for bundle in bundles:
        tools = {}
        for analyser in bundle.analysers:
            version, why = analyser.availability()
            tools[analyser.name] = version if version is not None else f"unavailable: {why}"
        if tools:
            out[bundle.name] = tools
    return out


def analysers_for(language: str) -> list[Analyser]:
    """The built-in analysers of a built-in language (a plugin's come in its bundle)."""
    from ..languages import builtin_bundle

    bundle = builtin_bundle(language)
    return list(bundle.analysers) if bundle is not None else []


@dataclass(frozen=True)
class AnalysisResult:
    language: str
    findings: tuple[Finding, ...]
    lines: int
    tools: dict[str, str]  # name -> version, for the tools that ran
    missing: dict[str, str] = field(default_factory=dict)  # name -> why it could not run
    errors: dict[str, str] = field(default_factory=dict)  # name -> what went wrong running it
    dimensions_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # tool -> dims

    def for_dimension(self, dimension: str) -> list[Finding]:
        return [f for f in self.findings if f.dimension == dimension]

    def blockers(self, dimension: str) -> dict[str, str]:
        """Tools feeding ``dimension`` that did not run, with the reason."""
        out = {}
        for name, why in {**self.missing, **self.errors}.items():
            if dimension in self.dimensions_of.get(name, ()):
                out[name] = why
        return out


_CACHE: dict[str, AnalysisResult] = {}


def analyse(language: str, code: str, file_name: str,
            analysers: Sequence[Analyser] | None = None, rules: RuleTable | None = None,
            comments: tuple[str, ...] | None = None) -> AnalysisResult:
    """Run ``analysers`` (the built-in ones of ``language`` by default) on ``code`` once,
    files their findings with ``rules`` (the language's table by default) and counts code
    lines by ``comments``; results are cached by content."""
    chosen = list(analysers) if analysers is not None else analysers_for(language)
    table = rules if rules is not None else load_rules(language)
    available = [(a.name, a.availability()) for a in chosen]  # a tool hidden since: new key
    key = hashlib.sha256(f"{language}\0{file_name}\0{available}\0{id(table)}\0{comments}\0"
                         f"{code}".encode()).hexdigest()
    if key in _CACHE:
        return _CACHE[key]
    findings: list[Finding] = []
    tools: dict[str, str] = {}
    missing: dict[str, str] = {}
    errors: dict[str, str] = {}
    dims: dict[str, tuple[str, ...]] = {}
    for analyser, (_, (version, why)) in zip(chosen, available, strict=True):
        dims[analyser.name] = table.dimensions_of_tool(analyser.name)
        if version is None:
            missing[analyser.name] = why
            continue
        try:
            raw = _run(analyser, version, table.tool_options(analyser.name), file_name, code)
        except AnalyserError as exc:
            errors[analyser.name] = str(exc)
            continue
        tools[analyser.name] = version
        findings.extend(_classify(table, analyser.name, raw))
    findings.sort(key=lambda f: (f.line, f.tool, f.rule))
    result = AnalysisResult(language, tuple(findings), code_lines(code, language, comments), tools,
                            missing, errors, dims)
    _CACHE[key] = result
    return result


def _run(analyser: Analyser, version: str, options: dict[str, Any], file_name: str,
         code: str) -> list[RawFinding]:
    """The tool's raw findings: from the disk cache, or by running it (sandboxed) on ``code``
    in a private directory."""
    digest = findings_cache.key(analyser, version, options, file_name, code)
    kept = findings_cache.load(digest)
    if kept is not None:
        return kept
    with tempfile.TemporaryDirectory(prefix=f"agentbench-{analyser.name}-") as tmp:
        work = Path(tmp)
        (work / file_name).write_text(code, encoding="utf-8")
        raw = analyser.run(work, file_name, options)
    findings_cache.store(digest, raw)
    return raw


def _classify(table: RuleTable, tool: str, raw: list[RawFinding]) -> list[Finding]:
    """Classified findings, one per rule and line (a tool that reports a rule twice on one
    line, once per name say, is counted once)."""
    out = []
    seen: set[tuple[str, int]] = set()
    for r in raw:
        rule = table.classify(tool, r.rule)
        if rule is None or (r.rule, r.line) in seen:
            continue
        seen.add((r.rule, r.line))
        out.append(Finding(tool, r.rule, r.line, r.message, rule.dimension, table.points(rule),
                           rule.severity))
    return out
