"""Rust code generation: the per-problem harness entry appended to the solution
(``include!``): data cases of a function or a class, the predefined ``TreeNode``/``ListNode``
and the native tests' module, all compiled against the support crate
(``harness/rust_harness.rs``). The timing glue is :mod:`.timing`'s."""

from __future__ import annotations

import json
import re

from ...models import Problem
from .prompts import rust_str
from .source import (
    FnItem,
    Items,
    declares_free_fn,
    declares_type,
    implements,
    is_iterator,
    is_result,
    native_tests_of,
    returns_self,
    scan_items,
)
from .toolchain import SUPPORT_CRATE
from .types import Instance, Lender, Unsupported, render

TESTS_MODULE = "agentbench_tests"
NATIVE_REGISTRY = "AGENTBENCH_NATIVE"


TREE_BOX = """
/// A binary tree node (predefined by pytest-agentbench).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TreeNode {
    pub val: i32,
    pub left: Option<Box<TreeNode>>,
    pub right: Option<Box<TreeNode>>,
}

impl TreeNode {
    /// A leaf holding `val`.
    #[inline]
    #[must_use]
    #[allow(dead_code)]
    pub fn new(val: i32) -> Self {
        TreeNode { val, left: None, right: None }
    }
}
"""
TREE_RC = """
/// A binary tree node (predefined by pytest-agentbench, LeetCode's shared-node form).
#[derive(Debug, PartialEq, Eq)]
pub struct TreeNode {
    pub val: i32,
    pub left: Option<::std::rc::Rc<::std::cell::RefCell<TreeNode>>>,
    pub right: Option<::std::rc::Rc<::std::cell::RefCell<TreeNode>>>,
}

impl TreeNode {
    /// A leaf holding `val`.
    #[inline]
    #[must_use]
    #[allow(dead_code)]
    pub fn new(val: i32) -> Self {
        TreeNode { val, left: None, right: None }
    }
}
"""
LIST_BOX = """
/// A singly linked list node (predefined by pytest-agentbench).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListNode {
    pub val: i32,
    pub next: Option<Box<ListNode>>,
}

impl ListNode {
    /// A node holding `val` with no successor.
    #[inline]
    #[must_use]
    #[allow(dead_code)]
    pub fn new(val: i32) -> Self {
        ListNode { next: None, val }
    }
}
"""

ALLOW = ("#[allow(unused_mut, unused_variables, unused_imports, unreachable_code, "
         "dead_code, clippy::all)]")

PRELUDE = ("#[allow(unused_imports)]\n"
           "use ::std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, "
           "LinkedList, VecDeque};\n"
           "#[allow(unused_imports)]\n"
           "use ::std::{borrow::Cow, cell::RefCell, rc::Rc, sync::Arc};\n")


def _node_definitions(code: str, mentions: str) -> dict[str, str | None]:
    """The node types the problem mentions, each with the definition the harness provides
    (``None`` when the solution defines its own)."""
    out: dict[str, str | None] = {}
    if re.search(r"\bTreeNode\b", mentions):
        shared = re.search(r"Rc\s*<\s*RefCell\s*<\s*TreeNode", mentions)
        out["TreeNode"] = None if declares_type(code, "TreeNode") else (
            TREE_RC if shared else TREE_BOX)
    if re.search(r"\bListNode\b", mentions):
        out["ListNode"] = None if declares_type(code, "ListNode") else LIST_BOX
    return out


def predefined_types(code: str, mentions: str) -> str:
    """TreeNode/ListNode definitions the solution may use, and their JSON conversions."""
    out = []
    for name, definition in _node_definitions(code, mentions).items():
        if definition is not None:
            out.append(definition)
        macro = "tree_node_json" if name == "TreeNode" else "list_node_json"
        out.append(f"::{SUPPORT_CRATE}::{macro}!({name});\n")
    return "".join(out)


def cloned_nodes(problem: Problem, code: str) -> frozenset[str]:
    """The node types whose ``Clone`` copies a whole tree or list: the harness's own
    ``Box`` forms (``TREE_BOX``, ``LIST_BOX``); a solution's own or the ``Rc`` form may share
    nodes between a clone and its original."""
    mentions = problem.signature_text + "\n" + (problem.native_tests or "")
    return frozenset(name for name, definition in _node_definitions(code, mentions).items()
                     if definition in (TREE_BOX, LIST_BOX))


def _call_body(fn: FnItem, callee: str, self_type: str = "", recv: str = "",
               before_call: str = "", finish: bool = True,
               types: Instance | None = None) -> list[str]:
    """Statements that decode the arguments, call, and end with the CallResult expression.
    ``types`` instantiates the generic parameters of a generic type's methods."""
    gen = Lender()
    lines = [f"::{SUPPORT_CRATE}::arity(args, {len(fn.params)})?;"]
    call_args = []
    mut_vars = []
    types = types or Instance(self_type)
    for i, (_name, type_text) in enumerate(fn.params):
        var = f"a{i}"
        try:
            t = types.param(type_text)
            owned = render(t, types.open(fn), types.text)
            lines.append(f"let mut {var}: {owned} = ::{SUPPORT_CRATE}::arg(args, {i})?;")
            call_args.append(gen.pass_expr(t, var))
            if t.kind == "ref" and t.mut:
                mut_vars.append(var)
        except (Unsupported, ValueError) as exc:
            why = json.dumps(f"pytest-agentbench cannot pass JSON as parameter {i + 1} of "
                             f"`{fn.name}`: {exc}; test it with native tests")
            return [f"compile_error!({why});"]
    lines += gen.hoisted
    if before_call:
        lines.append(before_call)
    call = f"{callee}({', '.join(call_args)})"
    if fn.is_async:
        call = f"::{SUPPORT_CRATE}::block_on({call})"
    returns = fn.returns.strip()
    if recv == "self" and self_type and returns_self(returns, types.name):
        lines.append(f"self.0 = Some({call});")
        lines.append(f"Ok(::{SUPPORT_CRATE}::Json::Null)")
        return lines
    lines.append(f"let result = {call};")
    if not finish:
        return lines
    if returns in ("", "()") and len(mut_vars) == 1:
        lines.append("let () = result;")
        lines.append(f"::{SUPPORT_CRATE}::value!({mut_vars[0]})")
    elif is_iterator(returns):
        lines.append("let result: Vec<_> = result.into_iter().collect();")
        lines.append(f"::{SUPPORT_CRATE}::value!(result)")
    elif is_result(returns):
        lines.append("match result {")
        lines.append(f"    Ok(value) => ::{SUPPORT_CRATE}::value!(value),")
        lines.append(f"    Err(error) => Err(::{SUPPORT_CRATE}::err_value!(error)),")
        lines.append("}")
    else:
        lines.append(f"::{SUPPORT_CRATE}::value!(result)")
    return lines


def indent(lines: list[str], by: int) -> str:
    """The lines (each may hold several) indented by ``by`` spaces, blank ones left blank."""
    pad = " " * by
    return "\n".join(pad + ln if ln else ln for line in lines for ln in line.split("\n"))


def generate_main(problem: Problem, code: str) -> str:
    """The per-problem harness entry appended to the solution (``include!``)."""
    crate = f"::{SUPPORT_CRATE}"
    parts = ["// Generated by pytest-agentbench: the harness entry of this problem.\n"]
    cases = "None"
    if problem.executable_cases:
        entry, cases = _generate_entry(problem, code)
        parts.append(entry)
    tests = f"{TESTS_MODULE}::{NATIVE_REGISTRY}" if problem.native_tests else "&[]"
    parts.append(f"""
fn main() {{
    // The harness reads the channel's token before it calls any code of the solution. Code
    // that runs before `main` (a `#[link_section = ".init_array"]` static of the solution)
    // runs before that: the documented limit of the channel for Rust.
    {crate}::main({crate}::Harness {{
        cases: {cases},
        tests: {tests},
    }})
}}
""")
    return "".join(parts)


def function_target(problem: Problem, code: str) -> tuple[FnItem, str, Instance, str]:
    """A function problem's entry point: its signature, how the solution's code calls it
    (``name`` or ``Solution::name``), the types its parameters are read with, and the
    definition of LeetCode's ``Solution`` holder when the code uses one without defining it
    (else ``""``)."""
    items = scan_items(problem.signature_text)
    name = problem.entry_point
    fn = next((f for f in items.free if f.name == name), None) \
        or next((f for f in items.fns if f.name == name), None)
    if fn is None:
        fn = FnItem(name, [(p.name, p.type) for p in problem.signature.params],
                    problem.signature.returns)
    callee, holder = name, ""
    owner = fn.owner
    if owner is None and not declares_free_fn(code, name) and implements(code, "Solution"):
        owner = "Solution"  # LeetCode style: impl Solution { pub fn ... }
    if owner is not None:
        callee = f"{owner}::{name}"
        if owner == "Solution" and not declares_type(code, "Solution"):
            holder = "/// LeetCode's holder of solution functions.\npub struct Solution;\n"
    return fn, callee, Instance(owner or "", (), Instance.of(problem).concrete), holder


def constructor(methods: list[FnItem], type_name: str) -> FnItem | None:
    """A class's constructor: ``new``, else the first associated function returning it."""
    return next((m for m in methods if m.receiver is None and m.name == "new"), None) \
        or next((m for m in methods if m.receiver is None
                 and re.search(rf"\b(Self|{re.escape(type_name)})\b", m.returns)), None)


def _generate_entry(problem: Problem, code: str) -> tuple[str, str]:
    """The entry functions of the data cases, and the ``Cases`` value that names them."""
    crate = f"::{SUPPORT_CRATE}"
    if problem.signature.kind != "class":
        fn, callee, types, holder = function_target(problem, code)
        body = _call_body(fn, callee, types.name, types=types)
        return f"""{holder}
{ALLOW}
fn agentbench_entry(args: &[{crate}::Json]) -> {crate}::CallResult {{
{indent(PRELUDE.splitlines(), 4)}
{indent(body, 4)}
}}
""", f"Some({crate}::Cases::Function(agentbench_entry))"
    items = scan_items(problem.signature_text)
    type_name = problem.entry_point
    types = Instance.of(problem)  # Counter<String> for Counter<T> with its type_args
    methods = items.methods(type_name)
    cases = _class_cases(type_name, types, methods, constructor(methods, type_name), problem,
                         items)
    return cases, f"Some({crate}::Cases::Class(agentbench_construct))"


def _class_cases(type_name: str, types: Instance, methods: list[FnItem], ctor: FnItem | None,
                 problem: Problem, items: Items) -> str:
    """The object of a class problem's data cases: its methods called by name with JSON
    arguments, and its constructor (``agentbench_construct``)."""
    crate = f"::{SUPPORT_CRATE}"
    self_type = types.text
    if ctor is not None:
        ctor_body = _call_body(ctor, f"<{self_type}>::{ctor.name}", type_name, finish=False,
                               types=types)
        if not ctor_body[0].startswith("compile_error"):
            ctor_body += _ctor_tail(ctor.returns.strip())
    else:
        ctor_body = [f"{crate}::arity(args, 0)?;",
                     f"let result = <{self_type} as ::std::default::Default>::default();",
                     "Ok(Box::new(AgentbenchObject(Some(result))))"]
    arms = []
    for m in methods:
        if m is ctor:
            continue
        if m.receiver is None:
            body = _call_body(m, f"<{self_type}>::{m.name}", type_name, types=types)
        elif m.receiver == "self":
            take = f"let obj = self.0.take().ok_or_else({crate}::consumed)?;"
            body = _call_body(m, f"obj.{m.name}", type_name, recv="self", before_call=take,
                              types=types)
        else:
            body = _call_body(m, f"obj.{m.name}", type_name,
                              before_call=f"let obj = {crate}::live(&mut self.0)?;",
                              types=types)
        arms.append(f'"{m.name}" => {{\n{indent(body, 4)}\n}}')
    arms.append(f"_ => Err({crate}::no_method(method)),")
    attr_arms = []
    if any(c.expected_attributes is not None for c in problem.executable_cases):
        for fname, _ftype in items.fields.get(type_name, []):
            attr_arms.append(f'"{fname}" => {crate}::value!(obj.{fname}).ok(),')
    attr_arms.append("_ => None,")
    return f"""
struct AgentbenchObject(Option<{self_type}>);

{ALLOW}
impl {crate}::Object for AgentbenchObject {{
    fn call(&mut self, method: &str, args: &[{crate}::Json]) -> {crate}::CallResult {{
{indent(PRELUDE.splitlines(), 8)}
        match method {{
{indent(chr(10).join(arms).splitlines(), 12)}
        }}
    }}

    fn attribute(&self, name: &str) -> Option<{crate}::Json> {{
        let obj = self.0.as_ref()?;
        match name {{
{indent(attr_arms, 12)}
        }}
    }}
}}

{ALLOW}
fn agentbench_construct(
    args: &[{crate}::Json],
) -> Result<Box<dyn {crate}::Object>, {crate}::Failure> {{
{indent(PRELUDE.splitlines(), 4)}
{indent(ctor_body, 4)}
}}
"""


def _ctor_tail(returns: str) -> list[str]:
    crate = f"::{SUPPORT_CRATE}"
    wrap = "Ok(Box::new(AgentbenchObject(Some({}))))"
    if is_result(returns):
        return ["match result {",
                f"    Ok(obj) => {wrap.format('obj')},",
                f"    Err(error) => Err({crate}::err_value!(error)),",
                "}"]
    if returns.startswith("Option"):
        return ["match result {",
                f"    Some(obj) => {wrap.format('obj')},",
                f'    None => Err({crate}::Failure::new("None", "the constructor returned None")),',
                "}"]
    return [wrap.format("result")]


def generate_types(problem: Problem, code: str) -> str:
    """The predefined types the problem mentions (TreeNode, ListNode), for ``include!``."""
    mentions = problem.signature_text + "\n" + (problem.native_tests or "")
    return ("// Generated by pytest-agentbench: predefined types and their JSON conversions.\n"
            + predefined_types(code, mentions))


def generate_tests(problem: Problem) -> str:
    """The native tests as a module appended to the solution (``include!``): their source with
    the test attributes taken out (:func:`native_tests_of`), then the list of the tests that
    the harness runs (``NATIVE_REGISTRY``)."""
    source, tests = native_tests_of(problem.native_tests or "")
    crate = f"::{SUPPORT_CRATE}"
    entries = []
    for test in tests:
        fields = (f"name: {rust_str(test.path)}, ignored: {test.ignored or 'None'}, "
                  f"should_panic: {test.should_panic or 'None'}")
        run = f"|| {crate}::TestReturn::test_outcome({test.path}())"
        if not test.cfgs:
            entries.append(f"{crate}::NativeTest {{ {fields}, disabled: false, run: {run} }},")
            continue
        predicate = f"all({', '.join(test.cfgs)})"  # a test its own #[cfg] leaves out is skipped
        entries += [f"#[cfg({predicate})]",
                    f"{crate}::NativeTest {{ {fields}, disabled: false, run: {run} }},",
                    f"#[cfg(not({predicate}))]",
                    f"{crate}::NativeTest {{ {fields}, disabled: true, run: || Ok(()) }},"]
    registry = (f"\n\n    // Generated: the tests above, in order, for the harness.\n"
                f"    pub(crate) const {NATIVE_REGISTRY}: &[{crate}::NativeTest] = &[\n"
                + "".join(f"        {line}\n" for line in entries) + "    ];\n")
    return ("// Generated by pytest-agentbench: the problem's native tests.\n"
            + f"\n#[cfg(test)]\nmod {TESTS_MODULE} {{\n"
            "    #![allow(unused_imports, dead_code, clippy::all)]\n"
            "    use super::*;\n\n"
            + source.rstrip() + registry + "}\n")


def as_crate_root(code: str, includes: list[str]) -> str:
    """The solution as the crate root with the generated files included after it (its line
    numbers unchanged); a ``main`` of its own is renamed out of the way."""
    code = re.sub(r"^(\s*(?:pub\s+)?)fn\s+main\s*\(\s*\)", r"\1fn agentbench_solution_main()",
                  code, flags=re.M)
    lines = "".join(f'include!("{name}");\n' for name in includes)
    return code.rstrip("\n") + "\n\n" + lines
