"""The Python workspace: ``solution.py`` holding the signature with a body under every header
and the imports its annotations need."""

from __future__ import annotations

import ast
import re

from ...agents.workspace import Layout


def python_layout(sig: str, entry: str, language: str) -> Layout:
    """``solution.py``: the signature with stub bodies and the imports it needs; ``test_*.py``,
    ``*_test.py`` and ``conftest.py`` are tests."""
    return Layout(language, "solution.py", {"solution.py": python_stub(sig)}, (".py",),
                  ("test_*.py", "*_test.py", "conftest.py"))


def python_stub(sig: str) -> str:
    """The signature with a body under every ``def``/``class`` that has none."""
    lines = sig.rstrip().splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        stripped = line.strip()
        if not stripped.endswith(":") or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        following = next((ln for ln in lines[i + 1:] if ln.strip()), None)
        if following is None or len(following) - len(following.lstrip()) <= indent:
            body = "raise NotImplementedError" if re.match(r"(async\s+)?def\b", stripped) \
                else "pass"
            out.append(" " * (indent + 4) + body)
    code = "\n".join(out) + "\n"
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return sig
    return python_imports(tree) + code


# names the plugin's Python harness defines for every solution (trees, linked lists)
PREDEFINED = frozenset({"TreeNode", "ListNode"})


def python_imports(tree: ast.Module) -> str:
    """The import lines a stub needs to be valid Python: ``typing`` names its annotations use
    (``List``, ``Optional``, ``Callable``...) and standard modules it names (``time.monotonic``
    as a default)."""
    import sys
    import typing

    defined = {n.name for n in ast.walk(tree) if isinstance(n, (ast.ClassDef, ast.FunctionDef,
                                                                 ast.AsyncFunctionDef))}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - defined - PREDEFINED
    modules = sorted(n for n in names if n in sys.stdlib_module_names and n != "typing")
    typed = sorted(n for n in names if n in typing.__all__ and n not in modules)
    lines = [f"import {m}" for m in modules]
    if typed:
        lines.append(f"from typing import {', '.join(typed)}")
    return "\n".join(lines) + "\n\n\n" if lines else ""
