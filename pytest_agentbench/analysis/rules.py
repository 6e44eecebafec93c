"""Rule tables: data that says which finding counts against which dimension."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Rule:
    match: str
    dimension: str
    weight: float = 1.0
    family: str = ""


@dataclass(frozen=True)
class RuleTable:
    language: str
    default: str
    rules: tuple[Rule, ...]
    tools: dict[str, dict[str, Any]]

    def classify(self, tool: str, rule: str) -> Rule | None:
        """The longest matching entry for ``tool:rule``; None means the finding is ignored."""
        key = f"{tool}:{rule}"
        best = max((r for r in self.rules if key.startswith(r.match)),
                   key=lambda r: len(r.match), default=None)
        if best is None:
            return Rule(key, self.default)
        return None if best.dimension == "ignore" else best

    def dimensions_of_tool(self, tool: str) -> tuple[str, ...]:
        dims = {r.dimension for r in self.rules if r.match.startswith(f"{tool}:")}
        dims.discard("ignore")
        return tuple(sorted(dims or {self.default}))

    def tool_options(self, tool: str) -> dict[str, Any]:
        return dict(self.tools.get(tool, {}))


@cache
def load_rules(language: str) -> RuleTable:
    try:
        text = resources.files("pytest_agentbench").joinpath(
            f"data/rules/{language}.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return RuleTable(language, "best_practices", (), {})
    data = json.loads(text)
    rules = tuple(Rule(r["match"], r["dimension"], float(r.get("weight", 1.0)),
                       r.get("family", "")) for r in data["rules"])
    return RuleTable(language, data.get("default", "best_practices"), rules,
                     data.get("tools", {}))
