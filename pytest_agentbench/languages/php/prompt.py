"""PHP for prompts: literals of JSON values, the arguments and outcome of an example call, and
the notes on the predefined ``TreeNode`` and ``ListNode``."""

from __future__ import annotations

from typing import Any

from ...models import Param
from ..scalars import scalar_literal
from .source import Decl, read_params

TREE_NOTE = (" `TreeNode` is predefined (`new TreeNode($val, $left = null, $right = null)`, public "
             "`$val`, `$left`, `$right`); do not declare it. In the examples, `tree([...])` is "
             "a tree given in level order with `null` for a missing child.")
LIST_NOTE = (" `ListNode` is predefined (`new ListNode($val, $next = null)`, public `$val`, "
             "`$next`); do not declare it. In the examples, `linked_list([...])` is the list "
             "of those values.")


def php_string(text: str) -> str:
    """A PHP string literal: single-quoted, double-quoted when it holds control characters."""
    if not any(ord(c) < 32 or c == "\x7f" for c in text):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    escapes = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\v": "\\v", "\f": "\\f", "\x1b": "\\e",
               "\\": "\\\\", '"': '\\"', "$": "\\$"}
    body = "".join(escapes.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 32 or c == "\x7f" else c)
                   for c in text)
    return f'"{body}"'


def php_literal(value: Any, php_type: str = "") -> str:
    """A PHP literal for a JSON value (``tree([...])``/``linked_list([...])`` for nodes)."""
    scalar = scalar_literal(value, null="null", nan="NAN", inf="INF", string=php_string)
    if scalar is not None:
        return scalar
    if isinstance(value, (list, tuple)):
        items = "[" + ", ".join(php_literal(v) for v in value) + "]"
        if "TreeNode" in php_type:
            return f"tree({items})"
        if "ListNode" in php_type:
            return f"linked_list({items})"
        return items
    if isinstance(value, dict):
        return "[" + ", ".join(f"{php_literal(k)} => {php_literal(v)}"
                               for k, v in value.items()) + "]"
    return php_string(str(value))


def params_of(decl: Decl | None) -> tuple[Param, ...]:
    """The parameters a declaration takes (none for no declaration or unreadable ones)."""
    try:
        return read_params(decl.params) if decl is not None else ()
    except ValueError:
        return ()


def _php_arg(value: Any, php_type: str, classes: dict[str, Decl]) -> str:
    """A value for a parameter: ``new Class(name: ...)`` for a class of the signature."""
    name = php_type.strip().lstrip("?\\").lower()
    cls = classes.get(name)
    if cls is not None and isinstance(value, dict) and name not in ("treenode", "listnode"):
        fields = ", ".join(f"{k}: {php_literal(v)}" for k, v in value.items())
        return f"new {cls.name}({fields})"
    return php_literal(value, php_type)


def php_args(args: tuple[Any, ...] | list[Any], kwargs: dict[str, Any],
              params: tuple[Param, ...], classes: dict[str, Decl]) -> str:
    """Arguments of an example call as PHP, keyword arguments named."""
    by_name = {p.name: p.type for p in params}
    parts = [_php_arg(a, params[i].type if i < len(params) else "", classes)
             for i, a in enumerate(args)]
    parts += [f"{k}: {_php_arg(v, by_name.get(k, ''), classes)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def outcome(raises: str | None, expected: Any, has_expected: bool) -> str:
    """The comment after an example call: what it returns or throws."""
    if raises:
        return f"  // throws {raises}"
    return f"  // -> {php_literal(expected)}" if has_expected else ""
