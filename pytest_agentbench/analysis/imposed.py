"""Findings the task imposes: what an answer shares with the starter file the agent was given.

A suite fixes the entry point's name, its parameters, their types and the imports those need;
an analyser may dislike them (``List[int]`` where ``list[int]`` is modern, a camelCase name in
Python, five parameters where three are advised). Such findings cost nothing: the starter
(:func:`pytest_agentbench.agents.workspace.layout_for`) is analysed like an answer, and a
finding of the answer is *imposed* when the starter has one of the same tool and rule with the
same message or on a line that reads the same; each starter finding excuses one finding of the
answer. Rules a stub breaks by being a stub (``stub_rules`` of the rule table: no docstring, an
unused parameter) excuse nothing: the answer is expected to fix them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .base import Finding
from .rules import RuleTable


def _line(code: str, number: int) -> str:
    lines = code.splitlines()
    return " ".join(lines[number - 1].split()) if 0 < number <= len(lines) else ""


def mark_imposed(findings: Sequence[Finding], code: str, starter: Sequence[Finding],
                 starter_code: str, table: RuleTable) -> tuple[Finding, ...]:
    """``findings`` of ``code``, those the starter's findings excuse marked ``imposed``."""
    excuses = [(f.tool, f.rule, f.message, _line(starter_code, f.line)) for f in starter
               if not table.stub_only(f.tool, f.rule)]
    out = []
    for finding in findings:
        text = _line(code, finding.line)
        match = next((e for e in excuses if e[:2] == (finding.tool, finding.rule)
                      and (e[2] == finding.message or (text and e[3] == text))), None)
        if match is None:
            out.append(finding)
            continue
        excuses.remove(match)
        out.append(replace(finding, imposed=True))
    return tuple(out)
