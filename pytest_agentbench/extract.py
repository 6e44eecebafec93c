"""Take the solution code out of an agent's answer.

Fenced blocks (``` or ~~~, CommonMark rules for closing) are read with their info string; the
tag is mapped to a language through the registry's aliases (``py``, ``python3``, ``golang``...).
Choice, in order: blocks tagged with the problem's language, then untagged blocks, then blocks
with a tag that names no known language; within the first group that has any, the block that
defines the entry point wins, else the longest. An answer without fences counts as code only
when the whole text parses as the language and defines the entry point.

A project problem's answer (:func:`extract_files`) may hold several files: each fenced block
preceded by a line with the file's path (as Aider's "whole" edit format prints them), or naming
it in its info string (```` ```python bowling.py ````), is that file; an answer whose blocks
name no solution file is one file, the main one, chosen as above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import LanguageRegistry, LanguageRunner
from .models import Problem, Solution

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    tag: str
    code: str
    position: int
    names: tuple[str, ...] = ()  # file paths the line before the fence or its info string name


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
        start = i
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
        names = _names(match.group("info"), lines[max(0, start - 2):start])
        blocks.append(Block(_tag(match.group("info")), "\n".join(body).strip("\n") + "\n",
                            len(blocks), names))
    return blocks


_PATH = re.compile(r"[\w.\-]+(?:/[\w.\-]+)*\.\w+")


def _names(info: str, before: list[str]) -> tuple[str, ...]:
    """File paths a block is labelled with: in its info string (``python bowling.py``,
    ``python:src/lib.rs``, ``title="x.py"``), or alone on the line before the fence (or the
    one before that, across a blank line), bare or decorated (``**bowling.py**``,
    ``# `bowling.py` ``, ``File: bowling.py``)."""
    words = re.split(r"[\s:,;=\"']+", info.strip())[1:] if info.strip() else []
    if info.strip() and ":" in info.split()[0]:
        words.insert(0, info.split()[0].split(":", 1)[1])
    found = [w for w in words if _PATH.fullmatch(w)]
    for line in reversed(before):
        text = re.sub(r"^(?:#+|[-*>]|\d+\.)\s+", "", line.strip())
        text = re.sub(r"^(?:file(?:name)?|path)\s*:\s*", "", text, flags=re.I)
        text = text.strip("*_`'\" ").rstrip(":").strip("*_`'\" ")
        if _PATH.fullmatch(text):
            found.append(text)
            break
        if line.strip():
            break
    return tuple(dict.fromkeys(f.removeprefix("./") for f in found))


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


def extract_files(answer: str, runner: LanguageRunner, problem: Problem,
                  registry: LanguageRegistry) -> Solution | None:
    """A project problem's answer: every block labelled with one of its solution files' paths
    is that file (a later block for the same file wins); without such a label, the answer is
    one file, the main one, as :func:`extract_solution` chooses it."""
    project = problem.project
    assert project is not None
    blocks = [b for b in fenced_blocks(answer) if b.code.strip()]
    files: dict[str, str] = {}
    others: list[str] = []
    for block in blocks:
        path = solution_path(block.names, project.solution)
        if path is not None:
            files[path] = block.code
        elif block.names:
            others.append(block.names[0])
    if files:
        how = f"{len(files)} solution file{'s' if len(files) != 1 else ''} named in the " \
              f"answer: {', '.join(files)}"
        if others:
            how += "; blocks for other files left out: " + ", ".join(others[:5])
        code = files.get(project.main) or next(iter(files.values()))
        return Solution(code, runner.name, how, files)
    single = extract_solution(answer, runner, problem.entry_point, registry)
    if single is None:
        return None
    return Solution(single.code, single.language, f"{single.how}; taken as {project.main}",
                    {project.main: single.code})


def solution_path(names: tuple[str, ...], solution: tuple[str, ...]) -> str | None:
    """The solution file one of ``names`` means: the same path, or the only solution file
    with that file name (``src/lib.rs`` for ``lib.rs``) or at the end of that path."""
    for name in names:
        if name in solution:
            return name
        matches = [p for p in solution if p.rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1]
                   and (p.endswith("/" + name) or name.endswith("/" + p) or "/" not in name)]
        if len(matches) == 1:
            return matches[0]
    return None
