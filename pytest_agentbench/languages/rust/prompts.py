"""Rust in prompts: arguments and results as Rust literals of the parameters' types, the
examples of a function or a class problem, and how to answer."""

from __future__ import annotations

import json
import re
from typing import Any

from ...models import Case, Problem
from .source import FnItem, Items, is_result, scan_items
from .types import MAPS, RType, parse_type


def rust_str(s: str) -> str:
    """``s`` as a Rust string literal."""
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _rust_char(s: str) -> str:
    inner = rust_str(s)[1:-1].replace("\\\"", '"').replace("'", "\\'")
    return f"'{inner}'"


def rust_literal(value: Any, type_text: str = "") -> str:
    """A Rust expression for a JSON value of the given type, for examples in prompts."""
    try:
        t: RType | None = parse_type(type_text) if type_text.strip() else None
    except ValueError:
        t = None
    return _literal(value, t)


def _node_kind(t: RType | None) -> str:
    """``tree``/``list`` when ``t`` is a (possibly optional, boxed, shared) tree or list node."""
    while t is not None:
        wrapper = t.kind == "path" and t.last in ("Option", "Box", "Rc", "Arc", "RefCell")
        if t.kind == "ref" or (wrapper and t.args):
            t = t.args[0]
        elif t.kind == "path" and t.last in ("TreeNode", "ListNode"):
            return "tree" if t.last == "TreeNode" else "list"
        else:
            return ""
    return ""


def _literal(value: Any, t: RType | None) -> str:
    if t is None:
        return plain(value)
    node = _node_kind(t)
    if node and isinstance(value, list):
        return f"{node}![{', '.join(plain(v) for v in value)}]"
    while t is not None and t.kind == "ref" and not (
            t.args[0].kind == "slice" or (t.args[0].kind == "path" and t.args[0].name == "str")):
        t = t.args[0]
    name = t.last if t is not None and t.kind == "path" else ""
    args = t.args if t is not None else ()
    if name in ("Box", "Rc", "Arc", "RefCell") and args:
        return _literal(value, args[0])
    if name == "Option" and args:
        return "None" if value is None else f"Some({_literal(value, args[0])})"
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) or name in ("f64", "f32"):
            f = float(value)
            if f != f:
                return "f64::NAN"
            if f in (float("inf"), float("-inf")):
                return "f64::INFINITY" if f > 0 else "f64::NEG_INFINITY"
            text = repr(f)
            return text if ("." in text or "e" in text) else text + ".0"
        return str(value)
    if isinstance(value, str):
        if name == "char" and len(value) == 1:
            return _rust_char(value)
        if name in ("String",) or (t is not None and t.kind == "path" and name != "str"
                                   and name in ("Box", "Rc", "Arc", "Cow")):
            return f"{rust_str(value)}.to_string()"
        return rust_str(value)
    if isinstance(value, list):
        if t is not None and t.kind == "tuple":
            items = [_literal(v, t.args[i] if i < len(t.args) else None)
                     for i, v in enumerate(value)]
            return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
        if t is not None and t.kind == "ref" and t.args[0].kind == "slice":
            elem = t.args[0].args[0]
            return f"&[{', '.join(_literal(v, elem) for v in value)}]"
        if t is not None and t.kind == "array":
            return f"[{', '.join(_literal(v, t.args[0]) for v in value)}]"
        if t is not None and t.kind in ("impl",):
            item = dict(t.assoc).get("Item")
            return f"vec![{', '.join(_literal(v, item) for v in value)}]"
        elem_type = args[0] if args else None
        inner = ", ".join(_literal(v, elem_type) for v in value)
        if name in ("VecDeque", "HashSet", "BTreeSet", "BinaryHeap", "LinkedList"):
            return f"{name}::from([{inner}])"
        return f"vec![{inner}]"
    if isinstance(value, dict):
        key_t = args[0] if len(args) == 2 else None
        val_t = args[1] if len(args) == 2 else None
        container = name if name in MAPS else "HashMap"
        pairs = []
        for k, v in value.items():
            key = k
            if key_t is not None and key_t.kind == "path" and key_t.last not in ("String", "str"):
                key_lit = k if re.fullmatch(r"-?\d+", k) else rust_str(k)
            else:
                key_lit = _literal(key, key_t)
            pairs.append(f"({key_lit}, {_literal(v, val_t)})")
        return f"{container}::from([{', '.join(pairs)}])"
    return json.dumps(value)


def _arguments(args: tuple[Any, ...] | list[Any], kwargs: dict[str, Any],
               params: list[tuple[str, str]]) -> str:
    """Arguments as literals of the parameters' types; keyword arguments go where their
    parameter is (Rust has no keyword arguments), unknown ones last."""
    values = list(args)
    if kwargs:
        rest = dict(kwargs)
        for name, _type in params[len(values):]:
            if name not in rest:
                break
            values.append(rest.pop(name))
        values += list(rest.values())
    return ", ".join(rust_literal(v, params[i][1] if i < len(params) else "")
                     for i, v in enumerate(values))


def _outcome(raises: str | None, expected: Any, has_expected: bool, returns: str = "") -> str:
    """What a call gives, as a comment after it ("" when nothing is checked)."""
    if raises == "Err":
        return "-> Err(..)"
    if raises == "panic":
        return "panics"
    if raises:
        return f"raises {raises}"
    if not has_expected:
        return ""
    unit = re.fullmatch(r"(?:(?:std|core)::)?(?:(?:result|io|fmt)::)?Result\s*<\s*\(\s*\)\s*"
                        r"(?:,.*)?>|\(\s*\)|", returns.strip(), re.S)
    if expected is None and unit:
        return "-> Ok(())" if returns.strip().startswith(("Result", "std", "core", "io",
                                                           "fmt")) else "-> ()"
    return f"-> {plain(expected)}"


_KEYWORDS = frozenset((
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
    "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type",
    "union", "unsafe", "use", "where", "while", "yield"))


def _variable_name(type_name: str) -> str:
    """``LruCache`` -> ``lru_cache``, ``LRUCache`` -> ``lru_cache``."""
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", type_name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", words).lower()
    return "value" if name in _KEYWORDS or not name.isidentifier() else name


def _class_example(problem: Problem, case: Case, items: Items) -> str:
    name = problem.entry_point
    methods = {m.name: m for m in items.methods(name)}
    ctor = next((m for m in methods.values() if m.receiver is None and m.name == "new"), None) \
        or next((m for m in methods.values() if m.receiver is None
                 and re.search(rf"\b(Self|{re.escape(name)})\b", m.returns)), None)
    if case.expected_attributes is not None:
        init, init_kwargs = case.args, case.kwargs
    else:
        init, init_kwargs = case.init or (), case.init_kwargs
    if ctor is not None:
        make = f"{name}::{ctor.name}({_arguments(init, init_kwargs, ctor.params)})"
        if is_result(ctor.returns) or ctor.returns.startswith("Option"):
            make += "?"
    else:
        make = f"{name}::default()"
    if case.init_raises:
        return f"{make}  // {_outcome(case.init_raises, None, False)}"
    var = _variable_name(name)
    calls = case.calls or ()
    mutable = any((methods.get(c.method) or FnItem(c.method, [], "", "&mut self")).receiver
                  in ("&mut self", "self") for c in calls)
    lines = [f"let {'mut ' if mutable else ''}{var} = {make};"]
    if case.expected_attributes is not None:
        lines += [f"{var}.{attr}  // -> {plain(value)}"
                  for attr, value in case.expected_attributes.items()]
        return "\n".join(lines)
    for c in calls:
        method = methods.get(c.method)
        params = method.params if method else []
        callee = f"{name}::{c.method}" if method and method.receiver is None \
            else f"{var}.{c.method}"
        line = f"{callee}({_arguments(c.args, c.kwargs, params)});"
        outcome = _outcome(c.raises, c.expected, c.has_expected,
                           method.returns if method else "")
        lines.append(f"{line}  // {outcome}" if outcome else line)
    return "\n".join(lines)


def plain(value: Any) -> str:
    """A value of unknown type (an expected result): JSON-like, with Rust strings and None."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return rust_str(value)
    if isinstance(value, float):
        return _literal(value, parse_type("f64"))
    if isinstance(value, (list, tuple)):
        return f"[{', '.join(plain(v) for v in value)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{rust_str(str(k))}: {plain(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def format_example(problem: Problem, case: Case) -> str | None:
    """Examples as Rust: ``parse_duration("1h30m")  // -> 5400``, the arguments as literals
    of the parameters' types (a keyword argument at its parameter's place), the result as
    plain data, ``// -> Err(..)`` for an ``Err`` and ``// panics`` for a panic. A class case
    makes the value with its constructor and calls the methods, a statement per line."""
    items = scan_items(problem.signature_text)
    if case.is_class_case:
        return _class_example(problem, case, items)
    fn = next((f for f in items.fns if f.name == problem.entry_point), None)
    params = [(p.name, p.type) for p in problem.signature.params]
    callee = problem.entry_point
    if fn is not None and fn.owner is not None:
        callee = f"{fn.owner}::{callee}"
    call = f"{callee}({_arguments(case.args, case.kwargs, params)})"
    outcome = _outcome(case.raises, case.expected, True, problem.signature.returns)
    return f"{call}  // {outcome}"

def answer_instructions(problem: Problem) -> str:
    """What the prompt asks of a Rust answer: one `rust` block, the entry point as the
    signature declares it, what the examples' notation means, the predefined node types."""
    sig = problem.signature
    if sig.kind == "class":
        text = (
            "Answer with exactly one fenced code block tagged `rust` containing the complete "
            f"solution: the type `{sig.entry_point}` and its `impl` with the constructor and "
            "methods of the signature (same names, parameter and return types), with the "
            "`use` declarations it needs (standard library only, no crates) and helpers."
        )
    else:
        text = (
            "Answer with exactly one fenced code block tagged `rust` containing the complete "
            f"solution: the function `{sig.entry_point}` exactly as in the signature (same "
            "parameter and return types), with the `use` declarations it needs (standard "
            "library only, no crates) and helpers."
        )
    text += (" Do not write `fn main` or tests. It is compiled as Rust 2021 with overflow "
             "checks on; an `Err` result counts as an error and a panic as a crash unless "
             "the task asks for them. In the examples, `// -> ...` gives the result as plain "
             "data: `[...]` for vectors, slices, tuples and sets, `{...}` for maps, `None` "
             "for `None`, and `v` for `Some(v)` or `Ok(v)`; `// -> Err(..)` is an `Err` "
             "result and `// panics` a panic.")
    if "TreeNode" in problem.signature_text:
        style = ("Option<Rc<RefCell<TreeNode>>>"
                 if re.search(r"Rc\s*<\s*RefCell\s*<\s*TreeNode", problem.signature_text)
                 else "Option<Box<TreeNode>>")
        text += (f" `TreeNode` is predefined (`pub val: i32`, `pub left`/`pub right: "
                 f"{style}`, `TreeNode::new(val)`); do not declare it. `tree![...]` in the "
                 "examples is the tree's level-order list (`None`: no node).")
    if "ListNode" in problem.signature_text:
        text += (" `ListNode` is predefined (`pub val: i32`, `pub next: "
                 "Option<Box<ListNode>>`, `ListNode::new(val)`); do not declare it. "
                 "`list![...]` in the examples is the list's values in order.")
    return text
