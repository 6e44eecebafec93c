"""Take the solution code out of an agent's answer.

Fenced blocks (``` or ~~~, CommonMark rules for closing) are read with their info string; the
tag is mapped to a language through the registry's aliases (``py``, ``python3``, ``golang``...).
Choice, in order: blocks tagged with the problem's language, then untagged blocks, then blocks
with a tag that names no known language; within the first group that has any, the block that
defines the entry point wins, else the longest. An answer without fences counts as code only
when the whole text parses as the language and defines the entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import LanguageRegistry, LanguageRunner
from .models import Solution

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    tag: str
    code: str
    position: int


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced code block, in order; an unclosed fence runs to the end of the answer."""
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if not match or (match.group("fence")[0] == "`" and "`" in match.group("info")):
            i += 1
            continue
        fence = match.group("fence")
        indent = len(match.group("indent"))
        body: list[str] = []
        i += 1
        closer = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        while i < len(lines) and not closer.match(lines[i]):
            line = lines[i]
            strip = min(indent, len(line) - len(line.lstrip(" ")))
            body.append(line[strip:])
            i += 1
        i += 1  # skip the closing fence
        blocks.append(Block(_tag(match.group("info")), "\n".join(body).strip("\n") + "\n",
                            len(blocks)))
    return blocks


def _tag(info: str) -> str:
    """The language word of an info string: ``{.python}``, ``python:sol.py``, ``py title=x``."""
    word = info.strip().split()[0] if info.strip() else ""
    word = word.strip("{}").lstrip(".")
    return re.split(r"[:,;]", word, maxsplit=1)[0].lower()


def extract_solution(
    answer: str, runner: LanguageRunner, entry_point: str, registry: LanguageRegistry
) -> Solution | None:
    blocks = [b for b in fenced_blocks(answer) if b.code.strip()]
    tagged = [b for b in blocks if registry.canonical(b.tag) == runner.name]
    untagged = [b for b in blocks if not b.tag]
    unknown = [b for b in blocks if b.tag and registry.canonical(b.tag) is None
               and runner.defines(b.code, entry_point)]
    for group, what in ((tagged, f"tagged `{runner.name}`"), (untagged, "untagged"),
                        (unknown, "with an unrecognised tag")):
        if group:
            chosen, why = _choose(group, runner, entry_point)
            count = f"{len(blocks)} block{'s' if len(blocks) != 1 else ''} in the answer"
            return Solution(chosen.code, runner.name,
                            f"fenced block {what} #{chosen.position + 1} ({why}; {count})")
    stripped = answer.strip()
    if not blocks and stripped and runner.looks_like_code(stripped) \
            and runner.defines(stripped, entry_point):
        return Solution(stripped + "\n", runner.name, "the whole answer (no fenced block)")
    return None


def _choose(group: list[Block], runner: LanguageRunner, entry_point: str) -> tuple[Block, str]:
    defining = [b for b in group if runner.defines(b.code, entry_point)]
    if defining:
        best = max(defining, key=lambda b: (len(b.code), b.position))
        return best, f"defines `{entry_point}`"
    best = max(group, key=lambda b: (len(b.code), b.position))
    return best, f"the longest; none defines `{entry_point}`"
