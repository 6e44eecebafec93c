"""Limits on the values a suite file may hold, so that a broken or hostile file is an error that
names the field instead of a crash somewhere later.

- Nesting: arrays and objects nested deeper than :data:`MAX_DEPTH` make Python's recursive code
  (the ``json`` module, ``repr``, the judge, the harness codec) raise ``RecursionError``, and
  the Rust harness's JSON reader stops at 128 levels. :func:`decode_json` never lets ``json``
  recurse that deep: it finds such values in the text first.
- Integers: one of more than :data:`MAX_INT_DIGITS` digits raises ``ValueError`` wherever
  Python turns it into text or back (the job file read in the sandbox, a report, the results
  file), so :func:`decode_json` does not even convert it.
- NaN and Infinity: not JSON (Python's ``json`` accepts them), no harness of another language
  reads them, and under ``approx`` a tolerance of Infinity passes every answer.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Path_ = tuple[str | int, ...]

#: the deepest nesting of arrays and objects allowed, counted from the top of the file
MAX_DEPTH = 100
#: Python's default limit on converting integers to and from decimal text
MAX_INT_DIGITS = 4300
#: how many levels of a too-deep value's path a message shows
_SHOWN_PATH = 12


@dataclass(frozen=True)
class HugeInt:
    """An integer of the file with too many digits to convert; kept only to be reported."""

    digits: int


@dataclass(frozen=True)
class ValueIssue:
    """A value beyond the limits: where it is and what is wrong with it."""

    path: Path_
    message: str


def int_digits_limit() -> int:
    """:data:`MAX_INT_DIGITS`, or this interpreter's own limit where it is set lower."""
    own = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    return min(MAX_INT_DIGITS, own) if own else MAX_INT_DIGITS


def _parse_int(text: str) -> int | HugeInt:
    digits = len(text.lstrip("-"))
    if digits > int_digits_limit():
        return HugeInt(digits)
    return int(text)


def decode_json(text: str) -> tuple[Any, list[ValueIssue]]:
    """``json.loads`` that neither recurses past :data:`MAX_DEPTH` nor converts a huge integer.

    A value nested too deeply is blanked out of the text (positions are kept, so a syntax error
    still points at the right line and column) and comes back as an issue with its path; a
    huge integer becomes a :class:`HugeInt`, which :func:`value_issues` reports. Malformed
    text raises :class:`json.JSONDecodeError`.
    """
    spans = _too_deep(text)
    places = _places(text, [start for start, _, _ in spans])
    issues = [ValueIssue(path, f"{_nested_too_deeply()} (at {place})")
              for (_, _, path), place in zip(spans, places, strict=True)]
    pieces, done = [], 0
    for start, end, _ in spans:
        pieces += [text[done:start], "0", re.sub(r"[^\n]", " ", text[start + 1:end])]
        done = end
    return json.loads("".join([*pieces, text[done:]]), parse_int=_parse_int), issues


def _places(text: str, offsets: list[int]) -> list[str]:
    """Line and column of each offset (in order); the column alone in a one-line text (a JSONL
    row). One pass over the text, however many offsets."""
    one_line = "\n" not in text.rstrip("\n")
    places, line, line_start, counted = [], 1, 0, 0
    for offset in offsets:
        newlines = text.count("\n", counted, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, offset) + 1
        counted = offset
        column = offset - line_start + 1
        places.append(f"column {column}" if one_line else f"line {line}, column {column}")
    return places


# a string (to its end, or to the end of the line if unterminated, so a match never fails and
# the scan stays linear) or a structural character
_TOKEN = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"?|[\[\]{}:,]')


class _Frame:
    """An open array or object while scanning: the index or key of the value being read."""

    def __init__(self, is_object: bool) -> None:
        self.is_object = is_object
        self.key: str | int = "" if is_object else 0
        self.expects_key = is_object


def _too_deep(text: str) -> list[tuple[int, int, Path_]]:
    """(start, end, path) of each value that opens deeper than :data:`MAX_DEPTH`."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return []
    spans: list[tuple[int, int, Path_]] = []
    stack: list[_Frame] = []
    tokens = _TOKEN.finditer(text)
    for match in tokens:
        token = match.group()
        if token in ("[", "{") and len(stack) == MAX_DEPTH:
            end = _skip_value(tokens, len(text))
            spans.append((match.start(), end, _shown(tuple(f.key for f in stack))))
        elif token in ("[", "{"):
            stack.append(_Frame(token == "{"))
        elif token in ("]", "}"):
            if stack:
                stack.pop()
        elif stack:
            _advance(stack[-1], token)
    return spans


def _advance(frame: _Frame, token: str) -> None:
    """Follow a string, colon or comma inside ``frame``."""
    if token == ",":
        if frame.is_object:
            frame.expects_key = True
        else:
            frame.key = int(frame.key) + 1
    elif token.startswith('"') and frame.expects_key:
        try:
            frame.key = json.loads(token)
        except ValueError:
            frame.key = token[1:-1]
        frame.expects_key = False


def _skip_value(tokens: Iterator[re.Match[str]], text_end: int) -> int:
    """Read past the value just opened; where it ends (the end of the text if it never does)."""
    depth = 1
    for match in tokens:
        token = match.group()
        if token in ("[", "{"):
            depth += 1
        elif token in ("]", "}"):
            depth -= 1
            if depth == 0:
                return match.end()
    return text_end


def _shown(path: Path_) -> Path_:
    """A too-deep value's path as a message shows it: up to its last key, and not too long."""
    keys = [i for i, part in enumerate(path) if isinstance(part, str)]
    return path[: keys[-1] + 1][:_SHOWN_PATH] if keys else ()


def _nested_too_deeply() -> str:
    return f"nested more than {MAX_DEPTH} levels deep"


def value_issues(value: Any, path: Path_ = ()) -> list[ValueIssue]:
    """Every value beyond the limits in ``value``, walked without recursion: containers nested
    deeper than :data:`MAX_DEPTH`, integers of too many digits, NaN and infinities."""
    issues: list[ValueIssue] = []
    todo: list[tuple[Any, Path_, int]] = [(value, path, 1)]
    while todo:
        item, where, depth = todo.pop()
        if isinstance(item, (list, tuple, set, frozenset, dict)):
            if depth > MAX_DEPTH:
                issues.append(ValueIssue(_shown(where), _nested_too_deeply()))
                continue
            todo.extend(reversed(list(_children(item, where, depth))))
            continue
        message = _scalar_issue(item)
        if message:
            issues.append(ValueIssue(where, message))
    return issues


def _children(item: Any, where: Path_, depth: int) -> Any:
    if isinstance(item, dict):
        for key, sub in item.items():
            field = key if isinstance(key, str) else "(a key)"
            yield key, (*where, field), depth + 1
            yield sub, (*where, field), depth + 1
    else:
        for index, sub in enumerate(item):
            yield sub, (*where, index), depth + 1


def _too_many_digits(value: int) -> bool:
    limit = int_digits_limit()
    # below 2 ** (3 * limit) < 10 ** limit there is no need to compute the power
    return value.bit_length() > 3 * limit and abs(value) >= 10 ** limit


def _scalar_issue(value: Any) -> str | None:
    if isinstance(value, HugeInt):
        return (f"an integer of {value.digits} digits; at most {int_digits_limit()} are "
                "allowed")
    if isinstance(value, int) and _too_many_digits(value):
        return f"an integer of more than {int_digits_limit()} digits"
    if isinstance(value, float) and not math.isfinite(value):
        name = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        return (f"{name} is not allowed: the comparison rules need finite numbers (a number "
                "too large for a float reads as Infinity); check such results in `native_tests`")
    return None
