"""Parse the seed format's ``input``/``expected`` strings as literals, never evaluating them.

Both Python-style and JSON-style literals are accepted (``None``/``null``, ``True``/``true``).
The text is parsed with :mod:`ast` and the bare names ``null``, ``true``, ``false`` are turned
into constants before :func:`ast.literal_eval` reads the tree, so nothing is ever executed.
"""

from __future__ import annotations

import ast
from typing import Any

from .value_limits import decode_json, value_issues

_JSON_NAMES = {"null": None, "true": True, "false": False}


class NotALiteral(ValueError):
    """The text is not a literal; the message says what was found instead."""


def _deeper_than(tree: ast.AST, limit: int) -> bool:
    """Whether ``tree`` nests more than ``limit`` nodes deep, walked without recursion."""
    todo = [(tree, 1)]
    while todo:
        node, depth = todo.pop()
        if depth > limit:
            return True
        todo.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return False


class _JsonNames(ast.NodeTransformer):
    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in _JSON_NAMES:
            return ast.copy_location(ast.Constant(_JSON_NAMES[node.id]), node)
        return node


def parse_literal(text: str) -> Any:
    """Return the value of ``text`` as a Python/JSON literal or raise :class:`NotALiteral`.

    A value beyond the limits of :mod:`.value_limits` (nested too deeply, an integer of too
    many digits, NaN or an infinity) is not a literal either: nothing could compare or carry it.
    """
    stripped = text.strip()
    if not stripped:
        raise NotALiteral("empty text")
    try:
        value, too_deep = decode_json(stripped)
    except ValueError:
        value, too_deep = _python_literal(stripped), []
    issues = too_deep or value_issues(value)
    if issues:
        raise NotALiteral(issues[0].message)
    return value


#: syntax nested deeper than this is not read (the walks below recurse; how deep they could
#: go would otherwise depend on the process's recursion limit, which other code may raise)
MAX_SYNTAX_DEPTH = 500


def _python_literal(text: str) -> Any:
    try:
        parsed = ast.parse(text, mode="eval")
        if _deeper_than(parsed, MAX_SYNTAX_DEPTH):
            raise RecursionError
        tree = _JsonNames().visit(parsed)
    except SyntaxError as exc:
        raise NotALiteral(f"not valid literal syntax ({exc.msg})") from None
    except (RecursionError, MemoryError):
        raise NotALiteral("nested too deeply to read") from None
    try:
        return ast.literal_eval(tree)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise NotALiteral(_describe_non_literal(tree.body)) from None


def _describe_non_literal(node: ast.AST) -> str:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Lambda):
            return "contains a lambda (code, not data)"
        if isinstance(sub, ast.Call):
            return "contains a call (code, not data)"
        if isinstance(sub, ast.Name):
            return f"contains the name {sub.id!r} (not a value)"
    return f"{type(node).__name__} expression, not a literal"


def to_json_compatible(value: Any) -> Any:
    """Tuples become lists, recursively; used where values must be JSON for other languages."""
    if isinstance(value, (list, tuple)):
        return [to_json_compatible(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_compatible(v) for k, v in value.items()}
    return value
