"""Reading a Ruby signature: its classes and modules, its ``def``s, their parameters
(positional and keyword), read by the tree-sitter Ruby grammar (:mod:`..syntax`), and the
types YARD tags give them (``@param``, ``@return``), read from the comment text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...models import Param
from .. import syntax

if TYPE_CHECKING:
    from tree_sitter import Node

_CLASSES = ("class", "module")
_DEFS = ("method", "singleton_method")
#: the parameters read: required, with a default, ``*rest`` and keyword ones
_PARAMS = ("identifier", "optional_parameter", "splat_parameter", "keyword_parameter")
_PARAM_TAG = re.compile(
    r"@param\s+(?:\[(?P<t1>[^\]]*)\]\s+(?P<n1>\w+)|(?P<n2>\w+)(?:\s+\[(?P<t2>[^\]]*)\])?)")
_RETURN_TAG = re.compile(r"@return\s+\[(?P<t>[^\]]*)\]")


def param_kind(yard_type: str) -> str:
    """``tree``/``linked_list`` for ``TreeNode``/``ListNode`` (``, nil`` allowed), ``str`` for
    ``String``, else ``other``."""
    alternatives = {t.strip() for t in yard_type.split(",") if t.strip()} - {"nil", "NilClass"}
    if alternatives == {"TreeNode"}:
        return "tree"
    if alternatives == {"ListNode"}:
        return "linked_list"
    if alternatives == {"String"}:
        return "str"
    return "other"


def _tree(text: str) -> Node:
    """``text`` parsed as Ruby. A signature may leave its ``class`` or ``def`` open (no
    ``end``): what does not parse is read again with up to three ``end`` lines added, which
    close it where Ruby would; lines keep their numbers."""
    root = syntax.parse(text, "ruby")
    for missing in range(1, 4) if syntax.has_errors(root) else ():
        closed = syntax.parse(text + "\nend" * missing, "ruby")
        if not syntax.has_errors(closed):
            return closed
    return root


def _params(plist: Node | None, types: dict[str, str]) -> tuple[list[Param], list[Param]]:
    """Positional and keyword parameters of a ``method_parameters`` node; blocks, ``**``,
    ``...``, an anonymous ``*`` and destructuring ``(a, b)`` left out."""
    positional: list[Param] = []
    keywords: list[Param] = []
    for node in syntax.children(plist) if plist is not None else []:
        name = node if node.type == "identifier" else node.child_by_field_name("name")
        if name is None or node.type not in _PARAMS:
            continue
        t = types.get(syntax.text(name), "")
        param = Param(syntax.text(name), t, param_kind(t),
                      node.type in ("identifier", "keyword_parameter")
                      and node.child_by_field_name("value") is None)
        (keywords if node.type == "keyword_parameter" else positional).append(param)
    return positional, keywords


def split_params(text: str, types: dict[str, str]) -> tuple[list[Param], list[Param]]:
    """Positional and keyword parameters of a Ruby parameter list (blocks and ``**`` left out)."""
    methods = syntax.top_level(_tree(f"def f({text}\n)\nend"), "method")
    return _params(methods[0].child_by_field_name("parameters") if methods else None, types)


def _yard_above(lines: list[str], index: int) -> tuple[dict[str, str], str]:
    """Parameter types and the return type from the comment block right above line ``index``."""
    types: dict[str, str] = {}
    returns = ""
    i = index - 1
    while i >= 0 and lines[i].strip().startswith("#"):
        comment = lines[i].strip()
        tag = _PARAM_TAG.search(comment)
        if tag:
            name = tag.group("n1") or tag.group("n2")
            types.setdefault(name, (tag.group("t1") or tag.group("t2") or "").strip())
        ret = _RETURN_TAG.search(comment)
        if ret and not returns:
            returns = ret.group("t").strip()
        i -= 1
    return types, returns


def _scopes(node: Node, owner: str | None = None) -> Iterator[tuple[Node, str, str | None]]:
    """The classes, modules and ``def``s under ``node`` (itself left out), in source order:
    each with its name (qualified for a class or module) and the qualified name of the class
    or module it is in (None at the top)."""
    for child in node.named_children:
        for found in syntax.descendants(child, *_CLASSES, *_DEFS):
            if not found.is_named:  # a ``class`` keyword left loose in an ERROR node
                continue
            name = syntax.text(found.child_by_field_name("name"))
            if found.type in _CLASSES:
                name = f"{owner}::{name}" if owner else name
            yield found, name, owner
            yield from _scopes(found, name if found.type in _CLASSES else owner)


def _lines_tree(lines: list[str]) -> Node:
    # the lines a reader is given (tab-expanded, split by ``str.splitlines``) joined by
    # "\n": the tree's rows are their indexes
    return _tree("\n".join(lines))


def outline(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, str | None, int]]]:
    """Classes/modules (qualified name, line) and defs (name, owner or None, line); lines are
    indexes into ``text.expandtabs(2).splitlines()``."""
    classes: list[tuple[str, int]] = []
    defs: list[tuple[str, str | None, int]] = []
    for node, name, owner in _scopes(_lines_tree(text.expandtabs(2).splitlines())):
        if node.type in _CLASSES:
            classes.append((name, node.start_point.row))
        else:
            defs.append((name, owner, node.start_point.row))
    return classes, defs


#: the calls that make a class and give it to a constant (``Point = Struct.new(:x, :y)``)
_CLASS_MAKERS = {"Struct", "Data", "Class", "Module"}


def defines(text: str, entry_point: str) -> bool:
    """Whether Ruby ``text`` defines ``entry_point``: a ``def`` of it (``self.`` or not), a
    class or module whose name ends with its last ``::`` part, a constant given a class made
    by ``Struct.new``, ``Data.define``, ``Class.new`` or ``Module.new``, or a
    ``define_method(:name)``."""
    last = entry_point.split("::")[-1]
    for node in syntax.named_nodes(_tree(text)):
        name = syntax.text(node.child_by_field_name("name"))
        if node.type in _DEFS and name == entry_point:
            return True
        if node.type in _CLASSES and name.split("::")[-1] == last:
            return True
        if node.type == "assignment":
            right = node.child_by_field_name("right")
            receiver = right.child_by_field_name("receiver") if right is not None \
                and right.type == "call" else None
            if syntax.text(node.child_by_field_name("left")) == last \
                    and syntax.text(receiver) in _CLASS_MAKERS:
                return True
        elif node.type == "call" \
                and syntax.text(node.child_by_field_name("method")) == "define_method":
            arguments = node.child_by_field_name("arguments")
            first = arguments.named_children[0] if arguments and arguments.named_children \
                else None
            if syntax.text(first) == f":{entry_point}":
                return True
    return False


def def_params(lines: list[str], index: int) -> tuple[list[Param], list[Param], str]:
    """Positional and keyword parameters, with their YARD types, and the YARD return type of
    the (first) ``def`` on line ``index``."""
    types, returns = _yard_above(lines, index)
    method = next((node for node, _, _ in _scopes(_lines_tree(lines))
                   if node.type in _DEFS and node.start_point.row == index), None)
    if method is None:
        return [], [], returns
    positional, keywords = _params(method.child_by_field_name("parameters"), types)
    return positional, keywords, returns
