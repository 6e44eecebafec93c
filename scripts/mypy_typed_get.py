"""A mypy plugin: ``d.get("key")`` on a TypedDict must name one of its keys.

mypy checks ``d["key"]`` against a TypedDict but, as PEP 589 allows, takes any literal key in
``d.get("key")`` (typing the result ``object``), so a misspelt key would read None without a
word. The readers of results files (``pytest_agentbench/entries.py``) use ``.get`` for the
keys an older file may lack: this holds those lookups to the shape too. A key that is not a
literal (``run.get(name)``) is not checked.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.errorcodes import TYPEDDICT_ITEM
from mypy.plugin import MethodContext, Plugin
from mypy.plugins.default import typed_dict_get_callback
from mypy.typeops import try_getting_str_literals
from mypy.types import Type, TypedDictType


def _checked_get(ctx: MethodContext) -> Type:
    if isinstance(ctx.type, TypedDictType) and ctx.args and len(ctx.args[0]) == 1:
        keys = try_getting_str_literals(ctx.args[0][0], ctx.arg_types[0][0]) or []
        name = ctx.type.fallback.type.name
        for key in keys:
            if key not in ctx.type.items:
                ctx.api.fail(f'TypedDict "{name}" has no key "{key}" (in .get)', ctx.context,
                             code=TYPEDDICT_ITEM)
    return typed_dict_get_callback(ctx)  # mypy's own typing of the result, as without us


class TypedGet(Plugin):
    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return _checked_get if fullname == "typing.Mapping.get" else None


def plugin(version: str) -> type[Plugin]:
    return TypedGet
