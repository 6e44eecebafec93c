"""Rust code generation: the per-problem harness entry appended to the solution
(``include!``): data cases of a function or a class, their timing (a class problem's as a
construction and its call sequence), the predefined ``TreeNode``/``ListNode`` and the native
tests' module, all compiled against the support crate (``harness/rust_harness.rs``)."""

from __future__ import annotations

import json
import re

from ...models import Problem
from .prompts import rust_str
from .source import (
    FnItem,
    Items,
    blank_literals,
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

PRELUDE = ("#[allow(unused_imports)]\n"
           "use ::std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, "
           "LinkedList, VecDeque};\n"
           "#[allow(unused_imports)]\n"
           "use ::std::{borrow::Cow, cell::RefCell, rc::Rc, sync::Arc};\n")


def _defines_type(code_b: str, name: str) -> bool:
    return bool(re.search(rf"\b(?:struct|enum|type|union)\s+{name}\b", code_b))


def predefined_types(code: str, mentions: str) -> str:
    """TreeNode/ListNode definitions the solution may use, and their JSON conversions."""
    code_b = blank_literals(code)
    out = []
    if re.search(r"\bTreeNode\b", mentions):
        if not _defines_type(code_b, "TreeNode"):
            out.append(TREE_RC if re.search(r"Rc\s*<\s*RefCell\s*<\s*TreeNode", mentions)
                       else TREE_BOX)
        out.append(f"::{SUPPORT_CRATE}::tree_node_json!(TreeNode);\n")
    if re.search(r"\bListNode\b", mentions):
        if not _defines_type(code_b, "ListNode"):
            out.append(LIST_BOX)
        out.append(f"::{SUPPORT_CRATE}::list_node_json!(ListNode);\n")
    return "".join(out)


def _free_fn_in(code_b: str, name: str) -> bool:
    return bool(re.search(rf"^(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?"
                          rf"(?:unsafe\s+)?(?:extern\s+\"[^\"]*\"\s+)?fn\s+{name}\b",
                          code_b, re.M))


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


def _timed_body(fn: FnItem, callee: str, self_type: str,
                types: Instance | None = None) -> list[str]:
    """Statements that decode the arguments, time the call alone, and end with the seconds."""
    lines = _call_body(fn, callee, self_type, finish=False, types=types)
    if lines[0].startswith("compile_error"):
        return lines
    returns = fn.returns.strip()
    lines.insert(-1, f"let start = ::{SUPPORT_CRATE}::cpu_seconds();")
    if is_iterator(returns):
        lines.append("let result: Vec<_> = result.into_iter().collect();")
    lines.append(f"let seconds = ::{SUPPORT_CRATE}::cpu_seconds() - start;")
    if is_result(returns):
        lines.append(f"if let Err(error) = &result {{\n"
                     f"    return Err(::{SUPPORT_CRATE}::err_value!(error));\n}}")
    lines.append(f"::{SUPPORT_CRATE}::opaque(&result);")
    lines.append("Ok(seconds)")
    return lines


def _indent(lines: list[str], by: int) -> str:
    pad = " " * by
    return "\n".join(pad + ln if ln else ln for ln in lines)


def generate_main(problem: Problem, code: str) -> str:
    """The per-problem harness entry appended to the solution (``include!``)."""
    crate = f"::{SUPPORT_CRATE}"
    parts = ["// Generated by pytest-agentbench: the harness entry of this problem.\n"]
    cases = "None"
    if problem.executable_cases or problem.timing is not None:
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


def _generate_entry(problem: Problem, code: str) -> tuple[str, str]:
    """The entry functions of the data cases, and the ``Cases`` value that names them."""
    items = scan_items(problem.signature_text)
    code_b = blank_literals(code)
    parts: list[str] = []
    allow = ("#[allow(unused_mut, unused_variables, unused_imports, unreachable_code, "
             "clippy::all)]")
    crate = f"::{SUPPORT_CRATE}"
    if problem.signature.kind != "class":
        name = problem.entry_point
        fn = next((f for f in items.free if f.name == name), None) \
            or next((f for f in items.fns if f.name == name), None)
        if fn is None:
            fn = FnItem(name, [(p.name, p.type) for p in problem.signature.params],
                        problem.signature.returns)
        callee = name
        owner = fn.owner
        if owner is None and not _free_fn_in(code_b, name) \
                and re.search(r"\bimpl\s+Solution\b", code_b):
            owner = "Solution"  # LeetCode style: impl Solution { pub fn ... }
        if owner is not None:
            callee = f"{owner}::{name}"
            if owner == "Solution" and not _defines_type(code_b, "Solution"):
                parts.append("/// LeetCode's holder of solution functions.\n"
                             "pub struct Solution;\n")
        types = Instance(owner or "", (), Instance.of(problem).concrete)
        body = _call_body(fn, callee, owner or "", types=types)
        timed = _timed_body(fn, callee, owner or "", types)
        parts.append(f"""
{allow}
fn agentbench_entry(args: &[{crate}::Json]) -> {crate}::CallResult {{
{_indent(PRELUDE.splitlines(), 4)}
{_indent(body, 4)}
}}

{allow}
fn agentbench_timed(args: &[{crate}::Json]) -> Result<f64, {crate}::Failure> {{
{_indent(PRELUDE.splitlines(), 4)}
{_indent(timed, 4)}
}}
""")
        return "".join(parts), f"Some({crate}::Cases::Function(agentbench_entry, agentbench_timed))"
    type_name = problem.entry_point
    types = Instance.of(problem)  # Counter<String> for Counter<T> with its type_args
    methods = items.methods(type_name)
    ctor = next((m for m in methods if m.receiver is None and m.name == "new"), None) \
        or next((m for m in methods if m.receiver is None
                 and re.search(rf"\b(Self|{re.escape(type_name)})\b", m.returns)), None)
    construct = timed_fn = "None"
    if problem.executable_cases:
        parts.append(_class_cases(type_name, types, methods, ctor, problem, items))
        construct = "Some(agentbench_construct)"
    if problem.timing is not None:
        parts.append(f"""
{allow}
fn agentbench_class_timed(
    init: &[{crate}::Json],
    calls: &[{crate}::Json],
) -> Result<f64, {crate}::Failure> {{
{_indent(PRELUDE.splitlines(), 4)}
{_indent(_class_timed_body(types, methods, ctor), 4)}
}}
""")
        timed_fn = "Some(agentbench_class_timed)"
    return "".join(parts), f"Some({crate}::Cases::Class({construct}, {timed_fn}))"


def _class_cases(type_name: str, types: Instance, methods: list[FnItem], ctor: FnItem | None,
                 problem: Problem, items: Items) -> str:
    """The object of a class problem's data cases: its methods called by name with JSON
    arguments, and its constructor (``agentbench_construct``)."""
    crate = f"::{SUPPORT_CRATE}"
    allow = ("#[allow(unused_mut, unused_variables, unused_imports, unreachable_code, "
             "clippy::all)]")
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
        arms.append(f'"{m.name}" => {{\n{_indent(body, 4)}\n}}')
    arms.append(f"_ => Err({crate}::no_method(method)),")
    attr_arms = []
    if any(c.expected_attributes is not None for c in problem.executable_cases):
        for fname, _ftype in items.fields.get(type_name, []):
            attr_arms.append(f'"{fname}" => {crate}::value!(obj.{fname}).ok(),')
    attr_arms.append("_ => None,")
    return f"""
struct AgentbenchObject(Option<{self_type}>);

{allow}
impl {crate}::Object for AgentbenchObject {{
    fn call(&mut self, method: &str, args: &[{crate}::Json]) -> {crate}::CallResult {{
{_indent(PRELUDE.splitlines(), 8)}
        match method {{
{_indent(chr(10).join(arms).splitlines(), 12)}
        }}
    }}

    fn attribute(&self, name: &str) -> Option<{crate}::Json> {{
        let obj = self.0.as_ref()?;
        match name {{
{_indent(attr_arms, 12)}
        }}
    }}
}}

{allow}
fn agentbench_construct(
    args: &[{crate}::Json],
) -> Result<Box<dyn {crate}::Object>, {crate}::Failure> {{
{_indent(PRELUDE.splitlines(), 4)}
{_indent(ctor_body, 4)}
}}
"""


def _class_timed_body(types: Instance, methods: list[FnItem], ctor: FnItem | None) -> list[str]:
    """The body of a class problem's timing entry (``agentbench_class_timed``): it decodes the
    constructor's arguments and every call's into an enum of calls (one variant per method,
    holding its arguments as owned values), then starts the clock, constructs the object and
    makes every call by a direct method call, forcing a lazy result (an iterator is collected)
    and discarding the rest (an ``Err`` too: it is the method's answer); a panic, or a
    constructor's ``Err``, ends the timing. A method whose parameters cannot be built from JSON
    is one the timing input cannot call (its calls are refused before the clock starts)."""
    crate = f"::{SUPPORT_CRATE}"
    self_type = types.text
    if types.missing:
        why = (f"the generic type `{types.name}` needs a type for {', '.join(types.missing)} "
               "(the problem's type_args) to be timed")
        return [f"return Err({crate}::Failure::new(\"ArgumentError\", {json.dumps(why)}));"]
    lines: list[str] = []
    # the constructor's arguments, decoded before the clock starts
    gen = Lender()
    ctor_args: list[str] = []
    if ctor is not None:
        lines.append(f"{crate}::arity(init, {len(ctor.params)})?;")
        for i, (_name, type_text) in enumerate(ctor.params):
            try:
                t = types.param(type_text)
                lines.append(f"let mut c{i}: {render(t, types.open(ctor), self_type)} = "
                             f"{crate}::arg(init, {i})?;")
                ctor_args.append(gen.pass_expr(t, f"c{i}"))
            except (Unsupported, ValueError) as exc:
                why = (f"the constructor `{ctor.name}` cannot be called from JSON: parameter "
                       f"{i + 1}: {exc}")
                return [f"return Err({crate}::Failure::new(\"ArgumentError\", "
                        f"{json.dumps(why)}));"]
        lines += gen.hoisted
        make = [f"let result = <{self_type}>::{ctor.name}({', '.join(ctor_args)});"]
        returns = ctor.returns.strip()
        if is_result(returns):
            make += ["let made = match result {", "    Ok(obj) => obj,",
                     f"    Err(error) => return Err({crate}::err_value!(error)),", "};"]
        elif returns.startswith("Option"):
            make += ["let made = match result {", "    Some(obj) => obj,",
                     f"    None => return Err({crate}::Failure::new(\"None\", "
                     "\"the constructor returned None\")),", "};"]
        else:
            make.append("let made = result;")
    else:
        lines.append(f"{crate}::arity(init, 0)?;")
        make = [f"let made = <{self_type} as ::std::default::Default>::default();"]
    # one variant per method that JSON can call, its arguments owned
    variants: list[str] = []
    decode_arms: list[str] = []
    call_arms: list[str] = []
    for m in methods:
        if m is ctor:
            continue
        arm = _timed_call(m, len(variants), types)
        if isinstance(arm, str):
            why = json.dumps(f"the method `{m.name}` cannot be called from JSON: {arm}")
            decode_arms.append(f'"{m.name}" => return Err({crate}::Failure::new('
                               f'"ArgumentError", {why})),')
            continue
        variant, decode, call = arm
        variants.append(variant)
        decode_arms.append(f'"{m.name}" => {{\n{_indent(decode, 4)}\n}}')
        call_arms.append(call)
    decode_arms.append(f"_ => return Err({crate}::no_method(method)),")
    lines += ["#[allow(dead_code)]", "enum AgentbenchCall {",
              *(f"    {v}," for v in variants), "}",
              "let mut prepared = Vec::with_capacity(calls.len());",
              "for call in calls {",
              f"    let (method, args) = {crate}::method_call(call)?;",
              "    prepared.push(match method {",
              *_indent(chr(10).join(decode_arms).splitlines(), 8).split("\n"),
              "    });",
              "}",
              f"let start = {crate}::cpu_seconds();",
              *make,
              f"let mut obj: Option<{self_type}> = Some(made);",
              "for call in prepared {",
              "    match call {",
              *_indent(chr(10).join(call_arms).splitlines(), 8).split("\n"),
              "    }",
              "}",
              f"let seconds = {crate}::cpu_seconds() - start;",
              "Ok(seconds)"]
    return lines


def _timed_call(m: FnItem, index: int, types: Instance) -> tuple[str, list[str], str] | str:
    """A method's variant of the timed calls (``V0(i32, String)``), the statements that decode
    a call's arguments into it, and the match arm that makes the call; or why it cannot be."""
    crate = f"::{SUPPORT_CRATE}"
    gen = Lender()
    owned, passed = [], []
    for i, (_name, type_text) in enumerate(m.params):
        try:
            t = types.param(type_text)
            owned.append(render(t, types.open(m), types.text))
            passed.append(gen.pass_expr(t, f"a{i}"))
        except (Unsupported, ValueError) as exc:
            return f"parameter {i + 1}: {exc}"
    name = f"V{index}"
    fields = f"({', '.join(owned)})" if owned else ""
    variant = f"{name}{fields}"
    decode = [f"{crate}::arity(args, {len(m.params)})?;",
              f"AgentbenchCall::{name}"
              + (f"({', '.join(f'{crate}::arg(args, {i})?' for i in range(len(owned)))})"
                 if owned else "")]
    pattern = f"AgentbenchCall::{name}" + (
        f"({', '.join(f'mut a{i}' for i in range(len(owned)))})" if owned else "")
    body = list(gen.hoisted)
    returns = m.returns.strip()
    if m.receiver is None:
        callee = f"<{types.text}>::{m.name}"
    elif m.receiver == "self":
        body.append(f"let taken = obj.take().ok_or_else({crate}::consumed)?;")
        callee = f"taken.{m.name}"
    else:
        callee = f"{crate}::live(&mut obj)?.{m.name}"
    call = f"{callee}({', '.join(passed)})"
    if m.is_async:
        call = f"{crate}::block_on({call})"
    if m.receiver == "self" and returns_self(returns, types.name):
        body.append(f"obj = Some({call});")
    else:
        body.append(f"let result = {call};")
        if is_iterator(returns):  # lazy: its work is done when it is read
            body.append("let result: Vec<_> = result.into_iter().collect();")
        body.append(f"{crate}::opaque(&result);")
    return variant, decode, f"{pattern} => {{\n{_indent(body, 4)}\n}}"


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
