"""The Go the runner generates around a solution: the predefined node types, generic entry
points instantiated with the problem's type arguments, the method bindings of a class
problem's timing, and the main of a timing run that imports both contenders."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .source import (
    declares_type,
    parse_funcs,
    result_types,
    split_params,
    strip_comments,
    type_param_names,
)

if TYPE_CHECKING:
    from ...models import Problem

TREE_TYPES = """
// TreeNode is a binary tree node (predefined by pytest-agentbench).
type TreeNode struct {
	Val   int
	Left  *TreeNode
	Right *TreeNode
}
"""
LIST_TYPES = """
// ListNode is a singly linked list node (predefined by pytest-agentbench).
type ListNode struct {
	Val  int
	Next *ListNode
}
"""


#: the exported name of a timing contender's entry, in the glue beside its code
TIMING_ENTRY = "AgentbenchTimingEntry"


def predefined_types(problem: Problem, code: str) -> str:
    """The node types the problem mentions (its signature, its native tests) and the code
    does not declare itself (Go source)."""
    bare = strip_comments(code)
    mentions = problem.signature_text + (problem.native_tests or "")
    return "".join(text for name, text in (("TreeNode", TREE_TYPES), ("ListNode", LIST_TYPES))
                   if name in mentions and not declares_type(bare, name))


def timing_main(packages: dict[str, str]) -> str:
    """The main of a timing run (Go source): the harness's MainTiming given each contender's
    entry, ``packages`` mapping who ("solution", "reference") to its package's import path."""
    imports = "".join(f'\tagentbench{who} "{path}"\n' for who, path in packages.items())
    entries = "".join(f'\t\t"{who}": agentbench{who}.{TIMING_ENTRY},\n' for who in packages)
    return ("package main\n\nimport (\n\tagentbenchharness \"agentbench/harness\"\n"
            f"{imports})\n\nfunc main() {{\n"
            f"\tagentbenchharness.MainTiming(map[string]agentbenchharness.Entry{{\n{entries}"
            "\t})\n}\n")


def instantiate(name: str, type_params: str, type_args: Any) -> str | None:
    """``Chunk`` with ``[T any]`` and ``{"T": "int"}`` -> ``Chunk[int]``; a name without type
    parameters as it is; None when a type parameter has no type in ``type_args``."""
    names = type_param_names(type_params)
    if not names:
        return name
    if not isinstance(type_args, dict) or not all(isinstance(type_args.get(n), str)
                                                  for n in names):
        return None
    return f"{name}[{', '.join(type_args[n] for n in names)}]"


def method_bindings(code: str, type_name: str, instance: str) -> tuple[str, str]:
    """A class problem's methods bound for timing: the ``Methods`` value (Go source) and the
    generic helpers it uses, one per method shape. Each exported method the solution declares
    on the type is bound from its method expression, ``agentbenchBind1x2((*T).Push)`` for one
    parameter and two results (its shape read from the solution, so the binding compiles
    whatever the signature said): the helper decodes a call's arguments into the parameter
    types before the clock starts and returns a direct call (and whether its arguments are
    plain data, so that one binding serves every unit of a size), with no reflection in the
    timed unit and no type named in the generated code (so no import is needed)."""
    entries: dict[str, str] = {}
    shapes: set[tuple[int, int, bool]] = set()
    for func in parse_funcs(code):
        if func.receiver != type_name or not func.name[:1].isupper() or func.name in entries:
            continue
        params = split_params(func.params)
        variadic = bool(params) and params[-1].type.startswith("...")
        shape = (len(params), len(result_types(func.results)), variadic)
        shapes.add(shape)
        entries[func.name] = f"{_binder_name(*shape)}((*{instance}).{func.name})"
    items = "".join(f"\n\t{json.dumps(k)}: {v}," for k, v in entries.items())
    methods = f"agentbenchharness.Methods[*{instance}]{{{items}\n}}"
    return methods, "".join(_binder(*shape) for shape in sorted(shapes))


def _binder_name(params: int, results: int, variadic: bool) -> str:
    return f"agentbenchBind{params}x{results}{'v' if variadic else ''}"


def _binder(params: int, results: int, variadic: bool) -> str:
    """The generic helper that binds a method of this shape for timing (Go source)."""
    args = [f"A{i}" for i in range(1, params + 1)]
    outs = [f"R{i}" for i in range(1, results + 1)]
    types = ["O", *args]
    if variadic:
        types[-1] = "..." + types[-1]
    result = "" if not outs else outs[0] if len(outs) == 1 else f"({', '.join(outs)})"
    func_type = f"func({', '.join(types)}) {result}".rstrip()
    values = [f"a{i}" for i in range(1, params + 1)]
    decls = "".join(f"\t\tvar a{i} {'[]' if variadic and i == params else ''}A{i}\n"
                    for i in range(1, params + 1))
    decode = "DecodeVariadic" if variadic else "Decode"
    pointers = "".join(", &" + v for v in values)
    call = f"f({', '.join(['o', *values])}{'...' if variadic else ''})"
    plain = f"agentbenchharness.Plain({pointers[2:]})"
    if outs:
        kept = [f"r{i}" for i in range(1, results + 1)]
        keeps = [f"k{i}" for i in range(1, results + 1)]
        makes = ", ".join(f"agentbenchharness.Keep[R{i}]()" for i in range(1, results + 1))
        keep = f"\t{', '.join(keeps)} := {makes}\n"
        body = (f"\t\treturn func(o O) {{\n\t\t\t{', '.join(kept)} := {call}\n"
                + "".join(f"\t\t\tk{i}(r{i})\n" for i in range(1, results + 1))
                + f"\t\t}}, {plain}, nil\n")
    else:
        keep = ""
        body = f"\t\treturn func(o O) {{ {call} }}, {plain}, nil\n"
    what = f"{params} parameter(s){' (variadic)' if variadic else ''} and {results} result(s)"
    return (f"\n// {_binder_name(params, results, variadic)} binds a method of {what} for "
            "timing.\n"
            f"func {_binder_name(params, results, variadic)}[{', '.join(['O', *args, *outs])} any]"
            f"(f {func_type}) agentbenchharness.Method[O] {{\n{keep}"
            "\treturn func(args agentbenchharness.Args) (func(O), bool, error) {\n"
            f"{decls}"
            f"\t\tif err := agentbenchharness.{decode}(args{pointers})"
            "; err != nil {\n\t\t\treturn nil, false, err\n\t\t}\n"
            f"{body}\t}}\n}}\n")
