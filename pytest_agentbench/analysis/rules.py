"""Rule tables: data that says which finding counts against which dimension, and how much.

Each entry matches ``tool:RULE`` by prefix (the longest wins) and names a dimension and a
severity; a finding costs its severity's points (``SEVERITIES``, or the table's own) times the
entry's ``weight`` (1 unless given). ``stub_rules`` lists what a signature stub breaks just by
being a stub (no docstring, unused parameters, a body that only raises): such findings in the
starter file never excuse the same finding in an answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

#: points a finding costs by severity: a style nit, a missed idiom, a risk of bugs
SEVERITIES: dict[str, float] = {"nit": 0.5, "idiom": 1.0, "risk": 2.0}
DEFAULT_SEVERITY = "idiom"


@dataclass(frozen=True)
class Rule:
    match: str
    dimension: str
    weight: float = 1.0
    family: str = ""
    severity: str = DEFAULT_SEVERITY


@dataclass(frozen=True)
class RuleTable:
    language: str
    default: str
    rules: tuple[Rule, ...]
    tools: dict[str, dict[str, Any]]
    stub_rules: tuple[str, ...] = ()
    severities: dict[str, float] = field(default_factory=lambda: dict(SEVERITIES))

    def classify(self, tool: str, rule: str) -> Rule | None:
        """The longest matching entry for ``tool:rule``; None means the finding is ignored."""
        key = f"{tool}:{rule}"
        best = max((r for r in self.rules if key.startswith(r.match)),
                   key=lambda r: len(r.match), default=None)
        if best is None:
            return Rule(key, self.default)
        return None if best.dimension == "ignore" else best

    def points(self, rule: Rule) -> float:
        """What one finding of ``rule`` costs."""
        return self.severities.get(rule.severity, 1.0) * rule.weight

    def stub_only(self, tool: str, rule: str) -> bool:
        """Whether a stub breaks ``tool:rule`` by being a stub (see the module docstring)."""
        key = f"{tool}:{rule}"
        return any(key.startswith(prefix) for prefix in self.stub_rules)

    def dimensions_of_tool(self, tool: str) -> tuple[str, ...]:
        dims = {r.dimension for r in self.rules if r.match.startswith(f"{tool}:")}
        dims.discard("ignore")
        return tuple(sorted(dims or {self.default}))

    def tool_options(self, tool: str) -> dict[str, Any]:
        return dict(self.tools.get(tool, {}))


@cache
def load_rules(language: str, path: Path | None = None) -> RuleTable:
    """``language``'s rule table: the file at ``path`` (a language bundle's), or the built-in
    language package's ``rules.json``, or an empty table (every finding counts against best
    practices)."""
    if path is None:
        path = _bundled_rules(language)
        if path is None:
            return RuleTable(language, "best_practices", (), {})
    return table_from_data(language, json.loads(Path(path).read_text(encoding="utf-8")))


def _bundled_rules(language: str) -> Path | None:
    """The rule table of a built-in language that ships it in its own package."""
    from ..languages import builtin_bundle  # the languages import this module

    bundle = builtin_bundle(language)
    return bundle.rules if bundle is not None else None


def table_from_data(language: str, data: dict[str, Any]) -> RuleTable:
    severities = {**SEVERITIES, **{k: float(v) for k, v in data.get("severities", {}).items()}}
    rules = []
    for r in data["rules"]:
        severity = r.get("severity", DEFAULT_SEVERITY)
        if severity not in severities:
            raise ValueError(f"rules/{language}.json: {r['match']!r} has an unknown severity "
                             f"{severity!r} (known: {', '.join(severities)})")
        rules.append(Rule(r["match"], r["dimension"], float(r.get("weight", 1.0)),
                          r.get("family", ""), severity))
    return RuleTable(language, data.get("default", "best_practices"), tuple(rules),
                     data.get("tools", {}), tuple(data.get("stub_rules", ())), severities)
