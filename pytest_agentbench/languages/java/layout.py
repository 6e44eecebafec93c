"""The Java workspace: ``Solution.java`` holding the signature, every method that returns a
value given a body that throws."""

from __future__ import annotations

import re

from ...agents.workspace import Layout

_JAVA_METHOD = re.compile(
    r"^([ \t]*)(?:(?:public|private|protected|static|final|synchronized|default)\s+)*"
    r"(?:<[^>{;]+>\s+)?(?!(?:public|private|protected|static|final|synchronized|default|new|"
    r"return)\b)([\w.$]+(?:<[^{;()]*>)?(?:\[\])*)\s+\w+\s*\([^;{]*\)"
    r"(?:\s*throws\s+[\w.,\s]+)?\s*\{", re.M)


def java_stub(sig: str) -> str:
    """The signature with a ``throw`` in every method that returns a value and whose body
    holds only comments (else: "missing return statement")."""
    out: list[str] = []
    pos = 0
    for found in _JAVA_METHOD.finditer(sig):
        indent, returns = found.group(1), found.group(2)
        close = _matching_brace(sig, found.end() - 1)
        body = sig[found.end():close]
        if returns == "void" or close < 0 or _strip_java_comments(body).strip():
            continue
        step = indent + (indent or "    ")  # one level deeper, in the signature's own unit
        inner = [f"{step}{ln.strip()}" for ln in body.splitlines() if ln.strip()]
        inner.append(f'{step}throw new UnsupportedOperationException("not implemented");')
        out += [sig[pos:found.end()], "\n" + "\n".join(inner) + f"\n{indent}"]
        pos = close
    out.append(sig[pos:])
    return "".join(out)


def _matching_brace(text: str, start: int) -> int:
    """The index of the ``}`` closing the ``{`` at ``start`` (-1 if none)."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def _strip_java_comments(text: str) -> str:
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)


def java_layout(sig: str, entry: str, language: str) -> Layout:
    """``Solution.java`` holding the signature with stub bodies; ``*Test.java`` and
    ``*Tests.java`` files are tests."""
    return Layout(language, "Solution.java", {"Solution.java": java_stub(sig)}, (".java",),
                  ("*Test.java", "*Tests.java"))
