"""Reading a Python signature: ``ast`` once every header has a body, parameters and their
kinds from the annotations."""

from __future__ import annotations

import ast
import re

from ...models import Param

_STR_TYPES = {"str", "builtins.str"}


def param_kind(annotation: str) -> str:
    """``tree``/``linked_list`` for an annotation naming ``TreeNode``/``ListNode``, ``str`` for
    ``str``, else ``other``."""
    compact = annotation.replace(" ", "")
    if "TreeNode" in compact:
        return "tree"
    if "ListNode" in compact:
        return "linked_list"
    if compact in _STR_TYPES:
        return "str"
    return "other"


def stub_bodies(text: str) -> str:
    """Give every ``def``/``class`` header of a signature an ellipsis body so ``ast`` reads it."""
    out: list[str] = []
    lines = text.expandtabs(4).splitlines()
    for i, line in enumerate(lines):
        out.append(line)
        stripped = line.strip()
        if stripped.endswith(":") and re.match(r"(async\s+def|def|class)\b", stripped):
            indent = len(line) - len(line.lstrip())
            nxt = next((ln for ln in lines[i + 1 :] if ln.strip()), "")
            nxt_indent = len(nxt) - len(nxt.lstrip())
            nxt_is_body = nxt_indent > indent and not nxt.strip().startswith(("def", "async"))
            if stripped.startswith("class") or not nxt_is_body:
                out.append(" " * (indent + 4) + "...")
    return "\n".join(out)


def signature_params(fn: ast.FunctionDef | ast.AsyncFunctionDef,
                     skip_self: bool) -> tuple[Param, ...]:
    """The positional parameters of ``fn`` with their annotations (``self``/``cls`` left out
    when ``skip_self``)."""
    args = list(fn.args.posonlyargs) + list(fn.args.args)
    first_default = len(args) - len(fn.args.defaults)
    params = []
    for i, a in enumerate(args):
        if i == 0 and skip_self and a.arg in ("self", "cls"):
            continue
        annotation = ast.unparse(a.annotation) if a.annotation is not None else ""
        params.append(Param(a.arg, annotation, param_kind(annotation), i < first_default))
    return tuple(params)
