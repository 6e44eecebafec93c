"""Bracket matching in source text whose comments and literals are already blanked (Rust, C++)."""

from __future__ import annotations

_PAIRS = {"(": ")", "[": "]", "{": "}"}


def match_close(text: str, i: int) -> int:
    """Index of the bracket closing the one at ``i`` (or ``len(text)``); literals blanked."""
    stack = [_PAIRS[text[i]]]
    j = i + 1
    while j < len(text):
        ch = text[j]
        if ch in _PAIRS:
            stack.append(_PAIRS[ch])
        elif ch in ")]}":
            if stack and stack[-1] == ch:
                stack.pop()
            if not stack:
                return j
        j += 1
    return len(text)
