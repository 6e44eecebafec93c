"""The Rust runner: one ``rustc`` per problem, linked against a support library built once.

Rust has no reflection, so the runner reads the signature (free ``fn``, or a type with its
``impl`` blocks) and generates a small harness entry per problem: each JSON argument is decoded
with the ``FromJson`` trait into the parameter's own type (borrowed parameters such as ``&str``
or ``&[T]`` are decoded into an owned value and lent), the entry point is called, and the result
is written back with ``ToJson`` (``Err(e)`` becomes an ``Err`` exception, a panic a ``panic``).
Everything that does not change between problems -- JSON, the traits, panic capture, the case
loop, trees and linked lists -- lives in ``rust_harness.rs``, compiled once per rustc version
into ``libagentbench_support.rlib`` (``build_cached``); each problem compiles only the solution
and its generated entry. The solution is the crate root, so its private items are in scope;
the generated code is appended with ``include!`` (line numbers of the solution are unchanged).
Native tests are a module of the same crate, built once with the data cases' entry into one
binary (``--cfg test``, not ``--test``: libtest reports on stdout, which the solution can write
too). The runner lists the ``#[test]`` functions (:func:`native_tests_of`) and strips their
attributes; run with ``--agentbench-native``, the binary's harness runs each test in a process
of its own (itself again), so a crash costs only that test, and reports every outcome through
the outcome channel (``pytest_agentbench/channel.py``), as the data cases do. The token is read
first thing in ``main``; what runs before ``main`` (a ``.init_array`` static of the solution)
is the documented limit. A test the tests' own code ignores (``#[ignore]``) or leaves out
(``#[cfg(...)]``) is ``skipped``; a problem whose ``include_ignored`` field is true (for loaders
of suites whose ignored tests are meant to run, like Exercism's) runs ``#[ignore]`` tests too.

Rust has no keyword arguments: a case's ``kwargs`` (a class case's ``init_kwargs``, a call's
``kwargs``) take the place of the parameter of that name (``job.json`` carries the parameter
names of each method). A constructor that returns ``Err`` or panics is what ``init_raises``
expects. A process the runtime aborts (a failed allocation, a stack overflow) names the cause
in the crashed case; a failed allocation is the memory limit, a resource limit.

Timing (``supports_timing``): the generated entry decodes the arguments afresh for every call
and times the call alone, after one untimed warm-up call, as the process's CPU time
(``getrusage``): on a shared machine the wall clock of a call of a few milliseconds is swamped
by whole scheduler ticks spent waiting for a core. An iterator result is collected inside the
timed call. A class problem (``supports_class_timing``) is timed as a construction and its call
sequence: the generated ``agentbench_class_timed`` decodes every call into an enum of the
methods' owned arguments first, then times direct calls (:func:`_class_timed_body`). A generic
type is instantiated with the problem's ``type_args`` (``{"T": "String"}``: ``Counter<String>``,
a method's own type parameters by name too), for data cases and timing alike.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..models import Case, FailureKind, Param, Problem, ProcessResult, RunOutput, Signature
from . import rust_project
from .base import ExecSettings, Toolchain, first_lines
from .brackets import match_close
from .harness_runner import HarnessRunner, Step, build_cached, detect_toolchain
from .test_outcomes import planned_tests

HARNESS = Path(__file__).with_name("rust_harness.rs")
SUPPORT_CRATE = "agentbench_support"
SUPPORT_RLIB = f"lib{SUPPORT_CRATE}.rlib"
TYPES_INCLUDE = "agentbench_types.rs"
MAIN_INCLUDE = "agentbench_main.rs"
TESTS_INCLUDE = "agentbench_tests.rs"
TESTS_MODULE = "agentbench_tests"
NATIVE_REGISTRY = "AGENTBENCH_NATIVE"
BINARY = "solution.bin"
NATIVE_ARG = "--agentbench-native"
INSTALL_HINT = "apt-get install rustc (or rustup: https://rustup.rs)"

#: One optimisation level for every build. Measured on the rust_mini references: opt-level=1
#: compiles about 1.6x faster than 2 and runs within ~20% of it; 0 compiles ~35% faster than 1
#: but runs iterator-heavy code ~10x slower, which would distort performance tests.
OPT_LEVEL = "1"
COMMON_FLAGS = ["--edition", "2021", "-C", f"opt-level={OPT_LEVEL}", "-C", "debuginfo=0",
                "-C", "overflow-checks=on"]
SUPPORT_FLAGS = ["--edition", "2021", "-C", "opt-level=2", "-C", "debuginfo=0"]

# ---------------------------------------------------------------- source text


_LITERAL = re.compile(
    r"""//[^\n]*                                    # line comment
      | /\*                                         # block comment (nesting handled below)
      | b?r(?P<hashes>\#*)"                         # raw string
      | b?"(?:[^"\\]|\\.)*"                         # string
      | b?'(?:[^'\\\n]|\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.))'  # char literal
    """,
    re.X | re.S,
)


def blank_literals(text: str) -> str:
    """``text`` with comments, strings and char literals turned into spaces (same offsets)."""
    out: list[str] = []
    pos = 0
    while True:
        m = _LITERAL.search(text, pos)
        if not m:
            out.append(text[pos:])
            break
        out.append(text[pos:m.start()])
        token = m.group(0)
        end = m.end()
        if token.startswith("/*"):
            depth, i = 1, m.end()
            while i < len(text) and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            end = i
        elif m.group("hashes") is not None:
            close = '"' + m.group("hashes")
            found = text.find(close, m.end())
            end = len(text) if found < 0 else found + len(close)
        if token.startswith("//") or token.startswith("/*"):
            out.append(re.sub(r"[^\n]", " ", text[m.start():end]))
        else:  # keep the quotes, blank the contents
            body = text[m.start():end]
            out.append(body[0] + re.sub(r"[^\n]", " ", body[1:-1]) + body[-1]
                       if len(body) >= 2 else body)
        pos = end
    return "".join(out)


def _match_angle(text: str, i: int) -> int:
    """Index of the ``>`` closing the ``<`` at ``i``; ``->`` and ``=>`` are not brackets."""
    depth = 0
    j = i
    while j < len(text):
        ch = text[j]
        if ch == "<":
            depth += 1
        elif ch == ">" and text[j - 1] not in "-=":
            depth -= 1
            if depth == 0:
                return j
        elif ch in "({[":
            j = match_close(text, j)
        elif ch in ";{}":
            return j
        j += 1
    return len(text)


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split at ``sep`` outside brackets (angle brackets included, arrows excluded)."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "<":
            depth += 1
        elif ch == ">" and (i == 0 or text[i - 1] not in "-="):
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p for p in (p.strip() for p in parts) if p]


# ---------------------------------------------------------------- types


class Unsupported(ValueError):
    """A parameter type the generated harness cannot build from JSON."""


@dataclass(frozen=True)
class RType:
    """A parsed Rust type. ``kind``: path, ref, slice, array, tuple, impl, dyn, fn, other."""

    kind: str
    name: str = ""  # path: the path without generics; array: the length; impl/dyn: the trait
    args: tuple[RType, ...] = ()
    mut: bool = False
    assoc: tuple[tuple[str, RType], ...] = ()  # impl Iterator<Item = T>
    text: str = ""

    @property
    def last(self) -> str:
        return self.name.rsplit("::", 1)[-1]


_TOKEN = re.compile(r"\s*(::|->|'[A-Za-z_]\w*|[A-Za-z_]\w*|\d+|\S)")


class _TypeParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _TOKEN.findall(text)
        self.i = 0

    def peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if expected is not None and tok != expected:
            raise ValueError(f"expected {expected!r} in type {self.text!r}, found {tok!r}")
        self.i += 1
        return tok

    def parse(self) -> RType:
        t = self.type_()
        if self.peek():
            raise ValueError(f"unexpected {self.peek()!r} in type {self.text!r}")
        return t

    def type_(self) -> RType:
        start = self.i
        tok = self.peek()
        if tok == "&":
            self.take()
            if self.peek().startswith("'"):
                self.take()
            mut = self.peek() == "mut"
            if mut:
                self.take()
            inner = self.type_()
            return RType("ref", args=(inner,), mut=mut, text=self._text(start))
        if tok == "*":
            self.take()
            self.take()  # const / mut
            inner = self.type_()
            return RType("other", args=(inner,), text=self._text(start))
        if tok == "[":
            self.take()
            inner = self.type_()
            if self.peek() == ";":
                self.take()
                length = []
                while self.peek() not in ("]", ""):
                    length.append(self.take())
                self.take("]")
                return RType("array", " ".join(length), (inner,), text=self._text(start))
            self.take("]")
            return RType("slice", args=(inner,), text=self._text(start))
        if tok == "(":
            self.take()
            items = []
            while self.peek() != ")":
                items.append(self.type_())
                if self.peek() == ",":
                    self.take()
                elif self.peek() != ")":
                    raise ValueError(f"bad tuple type {self.text!r}")
            self.take(")")
            if len(items) == 1 and not self._text(start).rstrip(")").rstrip().endswith(","):
                return items[0]  # parenthesised type
            return RType("tuple", args=tuple(items), text=self._text(start))
        if tok in ("impl", "dyn"):
            self.take()
            bounds = self.bounds()
            main = next((b for b in bounds if b.kind == "path"), RType("other"))
            return RType(tok, main.name, main.args, assoc=main.assoc, text=self._text(start))
        if tok in ("fn", "unsafe", "extern"):
            while self.peek() not in ("(", ""):
                self.take()
            self.skip_group()
            if self.peek() == "->":
                self.take()
                self.type_()
            return RType("fn", text=self._text(start))
        if tok == "!":
            self.take()
            return RType("other", "!", text="!")
        if tok == "<":  # qualified path <T as Trait>::Name
            depth = 0
            while True:
                t = self.take()
                depth += t == "<"
                depth -= t == ">"
                if depth == 0 or not t:
                    break
            while self.peek() == "::":
                self.take()
                self.take()
            return RType("other", text=self._text(start))
        return self.path()

    def path(self) -> RType:
        start = self.i
        parts = []
        if self.peek() == "::":
            self.take()
        args: list[RType] = []
        assoc: list[tuple[str, RType]] = []
        while True:
            tok = self.take()
            if not re.fullmatch(r"[A-Za-z_]\w*", tok):
                raise ValueError(f"unexpected {tok!r} in type {self.text!r}")
            parts.append(tok)
            if self.peek() == "<":
                args, assoc = self.generic_args()
            elif self.peek() == "(" and tok in ("Fn", "FnMut", "FnOnce"):
                self.skip_group()
                if self.peek() == "->":
                    self.take()
                    self.type_()
                return RType("fn", tok, text=self._text(start))
            if self.peek() == "::":
                self.take()
                continue
            break
        return RType("path", "::".join(parts), tuple(args), assoc=tuple(assoc),
                     text=self._text(start))

    def generic_args(self) -> tuple[list[RType], list[tuple[str, RType]]]:
        self.take("<")
        args: list[RType] = []
        assoc: list[tuple[str, RType]] = []
        while self.peek() not in (">", ""):
            tok = self.peek()
            if tok.startswith("'"):
                self.take()
                args.append(RType("lifetime", tok, text=tok))
            elif re.fullmatch(r"[A-Za-z_]\w*", tok) and self.peek(1) == "=":
                self.take()
                self.take()
                assoc.append((tok, self.type_()))
            elif tok.isdigit() or tok == "{":
                self.take()
                args.append(RType("other", tok, text=tok))
            else:
                args.append(self.type_())
            if self.peek() == ",":
                self.take()
            elif self.peek() != ">":
                raise ValueError(f"bad generic arguments in {self.text!r}")
        self.take(">")
        return args, assoc

    def bounds(self) -> list[RType]:
        out = []
        while True:
            if self.peek().startswith("'"):
                self.take()
            else:
                if self.peek() == "?":
                    self.take()
                out.append(self.path())
            if self.peek() != "+":
                return out
            self.take()

    def skip_group(self) -> None:
        depth = 0
        while self.peek():
            t = self.take()
            depth += t in "([{"
            depth -= t in ")]}"
            if depth == 0:
                return

    def _text(self, start: int) -> str:
        return _join_tokens(self.tokens[start:self.i])


def _join_tokens(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        word_after_word = re.match(r"[\w']", tok) and re.search(r"[\w']$", out)
        if out and (word_after_word or tok in ("=", "->", "+")
                    or out.endswith((",", "=", "->", "+"))):
            out += " "
        out += tok
    return out


@functools.lru_cache(maxsize=1024)
def parse_type(text: str) -> RType:
    """The type ``text`` parsed (``ValueError`` when it is not a Rust type)."""
    return _TypeParser(text).parse()


COLLECTIONS = ("Vec", "VecDeque", "HashSet", "BTreeSet", "BinaryHeap", "LinkedList")
MAPS = ("HashMap", "BTreeMap")
STRING_TRAITS = ("AsRef", "Into", "ToString", "Display", "Borrow")
ITER_TRAITS = ("Iterator", "IntoIterator", "DoubleEndedIterator", "ExactSizeIterator")


def render(t: RType, generics: frozenset[str] = frozenset(), self_type: str = "") -> str:
    """``t`` as an owned type that JSON can be decoded into (what a borrowed parameter lends)."""
    if t.kind == "ref":
        inner = t.args[0]
        if inner.kind == "path" and inner.name == "str":
            return "String"
        if inner.kind == "slice":
            return f"Vec<{render(inner.args[0], generics, self_type)}>"
        if inner.kind == "dyn" and inner.last in STRING_TRAITS:
            return "String"
        return render(inner, generics, self_type)
    if t.kind == "slice":
        return f"Vec<{render(t.args[0], generics, self_type)}>"
    if t.kind == "array":
        return f"[{render(t.args[0], generics, self_type)}; {t.name}]"
    if t.kind == "tuple":
        joined = ", ".join(render(a, generics, self_type) for a in t.args)
        return f"({joined},)" if len(t.args) == 1 else f"({joined})"
    if t.kind == "impl":
        item = dict(t.assoc).get("Item")
        if t.last in ITER_TRAITS and item is not None:
            return f"Vec<{render(item, generics, self_type)}>"
        if t.last in STRING_TRAITS:
            arg = t.args[0] if t.args else None
            if arg is not None and arg.kind == "slice":
                return f"Vec<{render(arg.args[0], generics, self_type)}>"
            return "String"
        raise Unsupported(f"`{t.text}` cannot be built from JSON")
    if t.kind == "lifetime":
        return "'static"
    if t.kind == "path":
        if t.name in generics:
            raise Unsupported(f"generic parameter `{t.name}` has no concrete type")
        name = self_type if t.name == "Self" and self_type else t.name
        if name.startswith("Self::"):
            raise Unsupported(f"`{t.text}` cannot be named outside its impl")
        if t.last in ("Rc", "Arc", "Box") and t.args and t.args[0].kind == "path" \
                and t.args[0].name == "str":
            return f"{name}<str>"
        if t.args:
            return f"{name}<{', '.join(render(a, generics, self_type) for a in t.args)}>"
        return name
    if t.kind in ("other",) and t.name.isdigit():
        return t.name
    raise Unsupported(f"`{t.text}` cannot be built from JSON")


def is_plain(t: RType) -> bool:
    """Whether a decoded owned value can be passed as it is (no borrowing, no conversion)."""
    if t.kind == "path":
        if t.last in ("Rc", "Arc", "Box") and t.args and t.args[0].kind == "path" \
                and t.args[0].name == "str":
            return True
        return all(is_plain(a) for a in t.args if a.kind != "lifetime")
    if t.kind in ("tuple", "array"):
        return all(is_plain(a) for a in t.args)
    return t.kind == "other" and t.name.isdigit()


class _Gen:
    """Expressions that lend decoded owned values as the parameter types."""

    def __init__(self) -> None:
        self.depth = 0
        self.hoisted: list[str] = []

    def pass_expr(self, t: RType, var: str) -> str:
        if is_plain(t):
            return var
        if t.kind == "ref":
            inner = t.args[0]
            amp = "&mut " if t.mut else "&"
            lendable = (is_plain(inner) or (inner.kind == "path" and inner.name == "str")
                        or (inner.kind == "slice" and is_plain(inner.args[0]))
                        or (inner.kind == "dyn" and inner.last in STRING_TRAITS))
            if lendable:
                return f"{amp}{var}"
            if t.mut:
                raise Unsupported(f"`{t.text}` cannot be lent from a decoded value")
            name = f"{var}_lent"
            if inner.kind == "slice":
                elem = inner.args[0]
                self.hoisted.append(f"let {name}: Vec<_> = {var}.iter()"
                                    f".map(|x| {self.conv_ref(elem, 'x')}).collect();")
            else:
                self.hoisted.append(f"let {name} = {self.conv_ref(inner, '&' + var)};")
            return f"&{name}"
        if t.kind == "impl":
            item = dict(t.assoc).get("Item")
            if t.last in ITER_TRAITS and item is not None:
                if is_plain(item):
                    return f"{var}.into_iter()"
                return f"{var}.iter().map(|x| {self.conv_ref(item, 'x')})"
            return var
        return self.conv_ref(t, f"&{var}")

    def conv_ref(self, t: RType, r: str) -> str:
        """An expression of type ``t`` borrowing from ``*r`` (``r``: a reference to the owned
        value of ``t``)."""
        if is_plain(t):
            return f"({r}).clone()"
        self.depth += 1
        x = f"x{self.depth}"
        try:
            if t.kind == "ref" and not t.mut:
                inner = t.args[0]
                if inner.kind == "path" and inner.name == "str":
                    return f"({r}).as_str()"
                if inner.kind == "slice" and is_plain(inner.args[0]):
                    return f"({r}).as_slice()"
                if is_plain(inner):
                    return r
            if t.kind == "path" and t.last in COLLECTIONS and len(t.args) == 1:
                converted = self.conv_ref(t.args[0], x)
                return f"({r}).iter().map(|{x}| {converted}).collect::<{t.last}<_>>()"
            if t.kind == "path" and t.last == "Option" and len(t.args) == 1:
                return f"({r}).as_ref().map(|{x}| {self.conv_ref(t.args[0], x)})"
            if t.kind == "path" and t.last in MAPS and len(t.args) == 2:
                k = self.conv_ref(t.args[0], f"{x}k")
                v = self.conv_ref(t.args[1], f"{x}v")
                return (f"({r}).iter().map(|({x}k, {x}v)| ({k}, {v}))"
                        f".collect::<{t.last}<_, _>>()")
            if t.kind == "tuple":
                items = [self.conv_ref(a, f"&({r}).{i}") for i, a in enumerate(t.args)]
                return f"({', '.join(items)},)"
            raise Unsupported(f"`{t.text}` cannot be lent from a decoded value")
        finally:
            self.depth -= 1


# ---------------------------------------------------------------- signatures


@dataclass
class FnItem:
    name: str
    params: list[tuple[str, str]]  # (name, type text)
    returns: str
    receiver: str | None = None  # "&self" | "&mut self" | "self" | None
    is_async: bool = False
    generics: frozenset[str] = frozenset()
    owner: str | None = None  # the impl's type
    trait: str | None = None  # the impl's or declaring trait


@dataclass
class Items:
    fns: list[FnItem] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # name -> struct/enum/trait/union
    fields: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def free(self) -> list[FnItem]:
        return [f for f in self.fns if f.owner is None and f.trait is None]

    def methods(self, owner: str) -> list[FnItem]:
        seen: dict[str, FnItem] = {}
        for f in self.fns:
            if f.owner == owner and f.name not in seen:
                seen[f.name] = f
        return list(seen.values())


_ITEM = re.compile(r"\b(impl|trait|fn|struct|enum|union|mod|macro_rules)\b|[{}]")
_IDENT_AT = re.compile(r"\s*([A-Za-z_]\w*)")


def scan_items(text: str) -> Items:
    """Functions (free, in impls, in traits), types and struct fields of Rust source text."""
    b = blank_literals(text)
    items = Items()
    _scan(b, 0, len(b), None, None, items)
    return items


def _scan(b: str, pos: int, end: int, owner: str | None, trait: str | None,
          items: Items) -> None:
    while True:
        m = _ITEM.search(b, pos, end)
        if not m:
            return
        tok = m.group(0)
        if tok == "{":
            pos = match_close(b, m.start()) + 1
            continue
        if tok == "}":
            pos = m.end()
            continue
        if tok == "fn":
            fn, pos = _parse_fn(b, m.start(), end, owner, trait)
            if fn is not None:
                items.fns.append(fn)
            continue
        name_m = _IDENT_AT.match(b, m.end())
        if tok == "impl":
            brace = _find_block_start(b, m.end(), end)
            if brace is None:
                pos = m.end()
                continue
            head = b[m.end():brace]
            trait_name, type_name = _impl_head(head)
            close = match_close(b, brace)
            _scan(b, brace + 1, close, type_name, trait_name, items)
            pos = close + 1
            continue
        if tok == "macro_rules":
            brace = _find_block_start(b, m.end(), end)
            pos = m.end() if brace is None else match_close(b, brace) + 1
            continue
        if name_m is None:
            pos = m.end()
            continue
        name = name_m.group(1)
        after = name_m.end()
        if tok == "mod":
            brace = _find_block_start(b, after, end)
            if brace is None or b[after:brace].strip():
                pos = after
                continue
            close = match_close(b, brace)
            _scan(b, brace + 1, close, owner, trait, items)
            pos = close + 1
            continue
        items.types.setdefault(name, tok)
        if tok == "trait":
            brace = _find_block_start(b, after, end)
            if brace is None:
                pos = after
                continue
            close = match_close(b, brace)
            _scan(b, brace + 1, close, None, name, items)
            pos = close + 1
            continue
        # struct / enum / union: skip the body; read named fields of structs
        j = after
        while j < end and b[j].isspace():
            j += 1
        if j < end and b[j] == "<":
            j = _match_angle(b, j) + 1
        k = j
        while k < end and b[k] not in "{(;":
            k += 1
        if k < end and b[k] == "{":
            close = match_close(b, k)
            if tok == "struct":
                items.fields[name] = _fields(b[k + 1:close])
            pos = close + 1
        elif k < end and b[k] == "(":
            pos = match_close(b, k) + 1
        else:
            pos = k + 1


def _find_block_start(b: str, pos: int, end: int) -> int | None:
    j = pos
    while j < end:
        ch = b[j]
        if ch == "{":
            return j
        if ch == ";" or ch == "}":
            return None
        if ch == "<":
            j = _match_angle(b, j)
        elif ch in "([":
            j = match_close(b, j)
        j += 1
    return None


def _impl_head(head: str) -> tuple[str | None, str | None]:
    head = head.strip()
    if head.startswith("<"):
        head = head[_match_angle(head, 0) + 1:]
    head = re.split(r"\bwhere\b", head)[0].strip()
    parts = re.split(r"\bfor\b", head, maxsplit=1)
    trait_text, type_text = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
    type_m = re.match(r"\s*(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)", type_text)
    trait_m = re.match(r"\s*!?(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)", trait_text or "")
    return (trait_m.group(1) if trait_m else None), (type_m.group(1) if type_m else None)


def _fields(body: str) -> list[tuple[str, str]]:
    out = []
    for part in split_top(body):
        part = re.sub(r"#\[[^\]]*\]", "", part).strip()
        m = re.match(r"(?:pub(?:\([^)]*\))?\s+)?([A-Za-z_]\w*)\s*:(?!:)\s*(.+)$", part, re.S)
        if m:
            out.append((m.group(1), " ".join(m.group(2).split())))
    return out


def _parse_fn(b: str, start: int, end: int, owner: str | None,
              trait: str | None) -> tuple[FnItem | None, int]:
    m = re.compile(r"fn\s+([A-Za-z_]\w*)\s*").match(b, start)
    if not m:
        return None, start + 2
    name = m.group(1)
    line_start = b.rfind("\n", 0, start) + 1
    prefix = b[line_start:start]
    is_async = bool(re.search(r"\basync\b", prefix))
    j = m.end()
    generics: frozenset[str] = frozenset()
    if j < end and b[j] == "<":
        close = _match_angle(b, j)
        generics = _generic_names(b[j + 1:close])
        j = close + 1
    while j < end and b[j].isspace():
        j += 1
    if j >= end or b[j] != "(":
        return None, j
    close = match_close(b, j)
    params_text = b[j + 1:close]
    j = close + 1
    returns = ""
    k = j
    while k < end and b[k] in " \t":
        k += 1
    if b.startswith("->", k):
        k += 2
        r_start = k
        while k < end:
            ch = b[k]
            if ch == "<":
                k = _match_angle(b, k) + 1
                continue
            if ch in "([":
                k = match_close(b, k) + 1
                continue
            if ch in "{;}" or ch == "\n" or (b.startswith("where", k) and \
                    not re.match(r"\w", b[k - 1]) and not re.match(r"\w", b[k + 5:k + 6])):
                break
            k += 1
        returns = " ".join(b[r_start:k].split())
    # the body, a where clause or nothing (stubs without bodies end at the line)
    while k < end and b[k] not in "{;}\n":
        k += 1
    if k < end and b[k] == "\n":
        rest = b[k:end].lstrip()
        if rest.startswith("where"):
            k = k + (len(b[k:end]) - len(rest))
            while k < end and b[k] not in "{;}":
                if b[k] == "\n" and _NEXT_FN.match(b, k):  # a stub's where clause ends there
                    break
                k += 1
    if k < end and b[k] == "{":
        k = match_close(b, k) + 1
    elif k < end and b[k] == ";":
        k += 1
    receiver, params = _params(params_text)
    fn = FnItem(name, params, returns, receiver, is_async, generics, owner, trait)
    return fn, k


_NEXT_FN = re.compile(r"\s*(?:#\[|(?:pub(?:\([^)]*\))?\s+)?(?:(?:const|async|unsafe)\s+)*fn\b)")


def _generic_names(text: str) -> frozenset[str]:
    names = set()
    for part in split_top(text):
        part = part.strip()
        if part.startswith("'"):
            continue
        m = re.match(r"(?:const\s+)?([A-Za-z_]\w*)", part)
        if m:
            names.add(m.group(1))
    return frozenset(names)


def _params(text: str) -> tuple[str | None, list[tuple[str, str]]]:
    receiver = None
    params: list[tuple[str, str]] = []
    for i, part in enumerate(split_top(text)):
        part = re.sub(r"#\[[^\]]*\]", "", part).strip()
        colon = _top_colon(part)
        pattern = part if colon < 0 else part[:colon]
        if i == 0 and re.fullmatch(r"&?\s*('\w+\s+)?(mut\s+)?self", pattern.strip()):
            ptype = part[colon + 1:].strip() if colon >= 0 else ""
            p = pattern.replace(" ", "")
            if ptype:
                receiver = "&mut self" if "&mut" in ptype else "&self" if "&" in ptype \
                    else "self"
            elif p.startswith("&"):
                receiver = "&mut self" if "mut" in p else "&self"
            else:
                receiver = "self"
            continue
        if colon < 0:
            params.append((f"arg{len(params)}", " ".join(part.split())))
            continue
        names = [w for w in re.findall(r"[A-Za-z_]\w*", pattern) if w not in ("mut", "ref")]
        name = names[-1] if names else f"arg{len(params)}"
        params.append((name, " ".join(part[colon + 1:].split())))
    return receiver, params


def _top_colon(part: str) -> int:
    depth = 0
    for i, ch in enumerate(part):
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        elif ch == ":" and depth == 0 and part[i + 1:i + 2] != ":" and part[i - 1:i] != ":":
            return i
    return -1


def param_kind(type_text: str) -> str:
    t = re.sub(r"'\w+|\bmut\b|&|\s", "", type_text)
    if t in ("str", "String", "Box<str>", "Rc<str>", "Arc<str>", "Cow<str>", "Cow<,str>",
             "implAsRef<str>", "implInto<String>", "implToString"):
        return "str"
    if "TreeNode" in t:
        return "tree"
    if "ListNode" in t:
        return "linked_list"
    return "other"


def _is_result(returns: str) -> bool:
    return bool(re.match(r"(?:(?:std|core)::)?(?:(?:result|io|fmt)::)?Result\b", returns))


def _is_iterator(returns: str) -> bool:
    """A lazy result (``impl Iterator<...>``, ``Box<dyn Iterator<...>>``): it is read to its
    end (collected) inside the call, for a data case and for timing alike."""
    return bool(re.match(rf"(?:impl\s+|Box\s*<\s*dyn\s+)(?:{'|'.join(ITER_TRAITS)})\b",
                         returns))


def _returns_self(returns: str, type_name: str) -> bool:
    return bool(re.fullmatch(rf"(?:Self|{re.escape(type_name)})(?:<.*>)?", returns.strip()))


# ---------------------------------------------------------------- code generation


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


def substitute(t: RType, concrete: dict[str, RType]) -> RType:
    """``t`` with each generic parameter named in ``concrete`` replaced by its type."""
    if t.kind == "path" and not t.args and t.name in concrete:
        return concrete[t.name]
    if not t.args and not t.assoc:
        return t
    return replace(t, args=tuple(substitute(a, concrete) for a in t.args),
                   assoc=tuple((k, substitute(v, concrete)) for k, v in t.assoc))


def type_generics(text: str, name: str) -> list[str]:
    """The type parameters of the struct or enum ``name`` declared in ``text`` (lifetimes
    left out)."""
    b = blank_literals(text)
    match = re.search(rf"\b(?:struct|enum|union)\s+{re.escape(name)}\s*<", b)
    if not match:
        return []
    start = match.end() - 1
    return sorted(_generic_names(b[start + 1:_match_angle(b, start)]),
                  key=lambda g: b.find(g, start))


@dataclass(frozen=True)
class Instance:
    """A class problem's type as the generated code names it: ``Counter<String>`` for the
    generic ``Counter<T>`` with the problem's ``type_args`` ``{"T": "String"}``, which also
    give the types of its methods' own type parameters, by name."""

    name: str
    generics: tuple[str, ...] = ()
    concrete: tuple[tuple[str, RType], ...] = ()

    @classmethod
    def of(cls, problem: Problem) -> Instance:
        concrete = []
        raw = problem.extra.get("type_args")
        for key, text in (raw.items() if isinstance(raw, dict) else ()):
            try:
                concrete.append((str(key), parse_type(str(text))))
            except ValueError:
                continue
        generics = tuple(type_generics(problem.signature_text, problem.entry_point))
        return cls(problem.entry_point, generics, tuple(concrete))

    @property
    def missing(self) -> list[str]:
        """The type's own parameters that have no type."""
        given = dict(self.concrete)
        return [g for g in self.generics if g not in given]

    @property
    def text(self) -> str:
        if not self.generics or self.missing:
            return self.name
        given = dict(self.concrete)
        return f"{self.name}<{', '.join(render(given[g]) for g in self.generics)}>"

    def param(self, type_text: str) -> RType:
        """A parameter's type, its generic parameters instantiated."""
        return substitute(parse_type(type_text), dict(self.concrete))

    def open(self, fn: FnItem) -> frozenset[str]:
        """The generic parameters of ``fn`` (and of its type) left without a type."""
        given = dict(self.concrete)
        return frozenset(g for g in (*fn.generics, *self.generics) if g not in given)


def _call_body(fn: FnItem, callee: str, self_type: str = "", recv: str = "",
               before_call: str = "", finish: bool = True,
               types: Instance | None = None) -> list[str]:
    """Statements that decode the arguments, call, and end with the CallResult expression.
    ``types`` instantiates the generic parameters of a generic type's methods."""
    gen = _Gen()
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
    if recv == "self" and self_type and _returns_self(returns, types.name):
        lines.append(f"self.0 = Some({call});")
        lines.append(f"Ok(::{SUPPORT_CRATE}::Json::Null)")
        return lines
    lines.append(f"let result = {call};")
    if not finish:
        return lines
    if returns in ("", "()") and len(mut_vars) == 1:
        lines.append("let () = result;")
        lines.append(f"::{SUPPORT_CRATE}::value!({mut_vars[0]})")
    elif _is_iterator(returns):
        lines.append("let result: Vec<_> = result.into_iter().collect();")
        lines.append(f"::{SUPPORT_CRATE}::value!(result)")
    elif _is_result(returns):
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
    if _is_iterator(returns):
        lines.append("let result: Vec<_> = result.into_iter().collect();")
    lines.append(f"let seconds = ::{SUPPORT_CRATE}::cpu_seconds() - start;")
    if _is_result(returns):
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
    gen = _Gen()
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
        if _is_result(returns):
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
    gen = _Gen()
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
    if m.receiver == "self" and _returns_self(returns, types.name):
        body.append(f"obj = Some({call});")
    else:
        body.append(f"let result = {call};")
        if _is_iterator(returns):  # lazy: its work is done when it is read
            body.append("let result: Vec<_> = result.into_iter().collect();")
        body.append(f"{crate}::opaque(&result);")
    return variant, decode, f"{pattern} => {{\n{_indent(body, 4)}\n}}"


def _ctor_tail(returns: str) -> list[str]:
    crate = f"::{SUPPORT_CRATE}"
    wrap = "Ok(Box::new(AgentbenchObject(Some({}))))"
    if _is_result(returns):
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
        fields = (f"name: {_rust_str(test.path)}, ignored: {test.ignored or 'None'}, "
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


@dataclass(frozen=True)
class NativeTestFn:
    """A ``#[test]`` function of the native tests, as the harness's list names it."""

    path: str  # relative to the tests' module: ``name`` or ``module::name``
    ignored: str | None = None  # ``#[ignore]``: ``Some(<reason literal>)``
    should_panic: str | None = None  # ``#[should_panic]``: ``Some(<expected literal>)``
    cfgs: tuple[str, ...] = ()  # the ``#[cfg(...)]`` predicates of the function and its modules


_FN_HEAD = re.compile(r"(?P<vis>pub(?:\s*\([^)]*\))?\s+)?(?:(?:const|async|unsafe|extern\s*"
                      r"(?:\"[^\"]*\")?)\s+)*fn\s+(?P<name>[A-Za-z_]\w*)")
_MOD_HEAD = re.compile(r"(?P<vis>pub(?:\s*\([^)]*\))?\s+)?mod\s+(?P<name>[A-Za-z_]\w*)\s*$")


def native_tests_of(source: str) -> tuple[str, list[NativeTestFn]]:
    """The ``#[test]`` functions of ``source`` (in its modules too), in order, and ``source``
    rewritten for a build without ``--test`` (which would drop them): their ``#[test]``,
    ``#[ignore]`` and ``#[should_panic]`` blanked, and each function, and each module that holds
    one, made ``pub`` so the harness's list can name it. Lines are unchanged. Tests made
    by macros are not seen (libtest would run them)."""
    blank = blank_literals(source)
    tests: list[NativeTestFn] = []
    blanked: list[tuple[int, int]] = []
    published: list[int] = []

    def scan(start: int, end: int, path: tuple[str, ...], cfgs: tuple[str, ...]) -> bool:
        found = False
        pos = start
        while pos < end:
            attrs: list[tuple[int, int, str]] = []  # (start, end, text) of outer attributes
            while pos < end:
                while pos < end and blank[pos].isspace():
                    pos += 1
                inner = blank.startswith("#![", pos)
                if not (inner or blank.startswith("#[", pos)):
                    break
                bracket = blank.index("[", pos)
                close = match_close(blank, bracket)
                if not inner:
                    attrs.append((pos, close + 1, source[bracket + 1:close].strip()))
                pos = close + 1
            if pos >= end:
                return found
            j = item_head_end(blank, pos, end)
            if j >= end or blank[j] == "}":
                return found
            head = blank[pos:j]
            own_cfgs = tuple(m.group(1).strip() for _s, _e, text in attrs
                             if (m := re.fullmatch(r"cfg\s*\((.*)\)", text, re.S)))
            fn = _FN_HEAD.match(head)
            names = [re.sub(r"\s+", "", text) for _s, _e, text in attrs]
            if fn and "test" in names:
                found = True
                test = NativeTestFn("::".join((*path, fn.group("name"))), cfgs=cfgs + own_cfgs)
                for a_start, a_end, text in attrs:
                    kind, value = _test_attribute(text)
                    if kind is None:
                        continue
                    blanked.append((a_start, a_end))
                    if kind == "ignore":
                        test = replace(test, ignored=f"Some({value})")
                    elif kind == "should_panic":
                        test = replace(test, should_panic=f"Some({value})")
                tests.append(test)
                if not fn.group("vis"):
                    published.append(pos)
            if blank[j] == ";":
                pos = j + 1
                continue
            close = match_close(blank, j)
            module = _MOD_HEAD.match(head)
            if module and scan(j + 1, close, (*path, module.group("name")), cfgs + own_cfgs):
                found = True
                if not module.group("vis"):
                    published.append(pos)
            pos = close + 1
        return found

    scan(0, len(blank), (), ())
    edits = [(a, b, re.sub(r"[^\n]", " ", source[a:b])) for a, b in blanked]
    edits += [(at, at, "pub ") for at in published]
    out = source
    for a, b, text in sorted(edits, reverse=True):
        out = out[:a] + text + out[b:]
    return out, tests


def item_head_end(blank: str, pos: int, end: int) -> int:
    """Where the item starting at ``pos`` of ``blank`` (literals blanked) ends its head: at the
    ``;`` or the ``{`` of its block, or at the ``}`` closing the enclosing block (or ``end``)."""
    j = pos
    while j < end and blank[j] not in ";{}":
        if blank[j] in "([":
            j = match_close(blank, j)
        j += 1
    return j


def _test_attribute(text: str) -> tuple[str | None, str]:
    """What a test's attribute is to the harness: ``test``, ``ignore`` or ``should_panic``
    with the source of its string (``""`` when it has none), or None for any other."""
    m = re.fullmatch(r"(test|ignore|should_panic)\s*(?:=\s*(?P<eq>.+?)|\(\s*expected\s*=\s*"
                     r"(?P<expected>.+?)\s*\)|\(\s*\))?", text, re.S)
    if not m:
        return None, ""
    return m.group(1), (m.group("eq") or m.group("expected") or '""').strip()


def as_crate_root(code: str, includes: list[str]) -> str:
    """The solution as the crate root with the generated files included after it (its line
    numbers unchanged); a ``main`` of its own is renamed out of the way."""
    code = re.sub(r"^(\s*(?:pub\s+)?)fn\s+main\s*\(\s*\)", r"\1fn agentbench_solution_main()",
                  code, flags=re.M)
    lines = "".join(f'include!("{name}");\n' for name in includes)
    return code.rstrip("\n") + "\n\n" + lines


# ---------------------------------------------------------------- prompts


def _rust_str(s: str) -> str:
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
    inner = _rust_str(s)[1:-1].replace("\\\"", '"').replace("'", "\\'")
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
        return _plain(value)
    node = _node_kind(t)
    if node and isinstance(value, list):
        return f"{node}![{', '.join(_plain(v) for v in value)}]"
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
            return f"{_rust_str(value)}.to_string()"
        return _rust_str(value)
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
                key_lit = k if re.fullmatch(r"-?\d+", k) else _rust_str(k)
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
    return f"-> {_plain(expected)}"


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
        if _is_result(ctor.returns) or ctor.returns.startswith("Option"):
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
        lines += [f"{var}.{attr}  // -> {_plain(value)}"
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


def _plain(value: Any) -> str:
    """A value of unknown type (an expected result): JSON-like, with Rust strings and None."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _rust_str(value)
    if isinstance(value, float):
        return _literal(value, parse_type("f64"))
    if isinstance(value, (list, tuple)):
        return f"[{', '.join(_plain(v) for v in value)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_rust_str(str(k))}: {_plain(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


# ---------------------------------------------------------------- the toolchain


@dataclass(frozen=True)
class RustTools:
    rustc: str  # the compiler itself (not a rustup proxy, which needs RUSTUP_HOME)
    version: str  # `rustc -vV`


def _rustup_env(exe: str) -> dict[str, str] | None:
    """For a rustup proxy ``<home>/.cargo/bin/rustc`` run where ``HOME`` is elsewhere (a test's
    private home): the environment that points it back at ``<home>/.rustup``."""
    bin_dir = Path(exe).parent
    home = bin_dir.parent.parent
    if bin_dir.name != "bin" or bin_dir.parent.name != ".cargo" or \
            not (home / ".rustup").is_dir() or "RUSTUP_HOME" in os.environ:
        return None
    return {**os.environ, "RUSTUP_HOME": str(home / ".rustup"),
            "CARGO_HOME": str(bin_dir.parent)}


@functools.lru_cache(maxsize=8)
def _tools(path: str, home: str = "") -> RustTools | None:
    exe = shutil.which("rustc", path=path)
    if exe is None:
        return None
    for env in (None, _rustup_env(exe)):
        try:
            sysroot = subprocess.run([exe, "--print", "sysroot"], capture_output=True,
                                     text=True, timeout=60, check=True, env=env).stdout.strip()
            real = Path(sysroot, "bin", "rustc")
            rustc = str(real) if real.is_file() and os.access(real, os.X_OK) else exe
            version = subprocess.run([rustc, "-vV"], capture_output=True, text=True, timeout=60,
                                     check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        return RustTools(rustc, version)
    return None


def find_rust_tools() -> RustTools | None:
    """The real compiler and its version (None without a working rustc on PATH)."""
    return _tools(os.environ.get("PATH", ""), os.environ.get("HOME", ""))


def sysroot_paths() -> tuple[Path, ...]:
    """The toolchain's sysroot (rustc, clippy-driver, rustfmt, the standard library), for the
    sandbox to show: a rustup install keeps it under a home (``~/.rustup``) that it hides."""
    tools = find_rust_tools()
    return (Path(tools.rustc).parent.parent,) if tools is not None else ()


def rust_tools() -> RustTools:
    tools = find_rust_tools()
    if tools is None:
        raise RuntimeError(f"rustc is not available; install it: {INSTALL_HINT}")
    return tools


def support_library() -> Path:
    """The directory holding ``libagentbench_support.rlib``, built once per rustc version."""
    tools = rust_tools()
    sources = {
        "agentbench_support.rs": HARNESS.read_text(encoding="utf-8"),
        "BUILD": tools.version + "\n" + " ".join(SUPPORT_FLAGS) + "\n",
    }

    def build(directory: Path) -> None:
        proc = subprocess.run(
            [tools.rustc, *SUPPORT_FLAGS, "--crate-type", "rlib", "--crate-name", SUPPORT_CRATE,
             "-o", str(directory / SUPPORT_RLIB), str(directory / "agentbench_support.rs")],
            capture_output=True, text=True, timeout=600, check=False, cwd=directory)
        if proc.returncode != 0:
            raise RuntimeError("building the Rust support library failed:\n"
                               + first_lines(proc.stderr, 30))

    return build_cached("rust-support", sources, build)


# ---------------------------------------------------------------- the runner


class RustRunner(HarnessRunner):
    name = "rust"
    aliases = ("rs",)
    display_name = "Rust"
    file_name = "solution.rs"
    supports_timing = True
    supports_class_timing = True

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        items = scan_items(text)
        free = items.free
        owners = {f.owner for f in items.fns if f.owner}
        if entry_point:
            fn = next((f for f in free if f.name == entry_point), None)
            if fn is not None:
                return self._function(fn)
            if entry_point in items.types or entry_point in owners:
                return self._class(items, entry_point)
            fn = next((f for f in items.fns if f.name == entry_point and f.owner), None)
            if fn is not None:
                return self._function(fn)
            raise ValueError(f"the signature defines no fn or type `{entry_point}`")
        if free:
            return self._function(free[0])
        classes = [o for o in owners if o != "Solution"]
        ordered = [t for t in items.types if t in classes] + sorted(set(classes) -
                                                                     set(items.types))
        if ordered:
            with_ctor = [t for t in ordered
                         if any(m.name == "new" for m in items.methods(t))]
            return self._class(items, (with_ctor or ordered)[0])
        solution = [f for f in items.fns if f.owner == "Solution"]
        if solution:
            return self._function(solution[0])
        types = [t for t, kind in items.types.items() if kind in ("struct", "enum")]
        if types:
            return self._class(items, types[0])
        raise ValueError("no Rust `fn` or type in the signature")

    @staticmethod
    def _function(fn: FnItem) -> Signature:
        params = tuple(Param(n, t, param_kind(t)) for n, t in fn.params)
        return Signature(fn.name, "function", params, fn.returns, fn.is_async,
                         param_kind(fn.returns))

    @staticmethod
    def _class(items: Items, name: str) -> Signature:
        methods = items.methods(name)
        ctor = next((m for m in methods if m.receiver is None and m.name == "new"), None) \
            or next((m for m in methods if m.receiver is None
                     and re.search(rf"\b(Self|{re.escape(name)})\b", m.returns)), None)
        params = tuple(Param(n, t, param_kind(t)) for n, t in ctor.params) if ctor else ()
        return Signature(name, "class", params, name)

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        name = re.escape(entry_point)
        b = blank_literals(code)
        return bool(re.search(rf"\bfn\s+{name}\s*[<(]", b)
                    or re.search(rf"\b(?:struct|enum|trait|type|union)\s+{name}\b", b))

    def looks_like_code(self, text: str) -> bool:
        return bool(re.search(
            r"^\s*(?:use\s+[\w:]+|(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+\w+\s*[<(]"
            r"|(?:pub\s+)?(?:struct|enum|trait)\s+\w+|impl\b.*\{|#!?\[)", text, re.M))

    # -- prompting
    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        parts = [rust_literal(a, params[i].type if i < len(params) else "")
                 for i, a in enumerate(args)]
        callee = problem.entry_point
        if problem.signature.kind == "class":
            callee = f"{problem.entry_point}::new"
        return f"{callee}({', '.join(parts)})"

    def format_value(self, value: Any) -> str:
        return _plain(value)

    def format_example(self, problem: Problem, case: Case) -> str | None:
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

    def answer_instructions(self, problem: Problem) -> str:
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

    # -- running
    def job_for(self, problem: Problem) -> dict[str, Any]:
        """The shared job plus the parameter names of each method (for keyword arguments) and
        ``include_ignored``: whether ``#[ignore]`` tests run (a problem's ``include_ignored``
        field; false by default, when they are reported skipped)."""
        job = super().job_for(problem)
        if problem.signature.kind == "class":
            job["methods"] = {m.name: [n for n, _t in m.params]
                              for m in scan_items(problem.signature_text).methods(
                                  problem.entry_point)}
        job["include_ignored"] = problem.extra.get("include_ignored") is True
        return job

    def toolchain(self) -> Toolchain:
        found = detect_toolchain({"rustc": ("--version",)}, INSTALL_HINT)
        if not found.available:
            return found
        tools = find_rust_tools()
        if tools is None:
            return Toolchain(False, reason="`rustc --print sysroot` failed (a rustup proxy "
                             "without a default toolchain?)", install_hint=INSTALL_HINT)
        return Toolchain(True, version=tools.version.splitlines()[0])

    def extra_env(self, work: Path) -> dict[str, str]:
        return {"RUST_BACKTRACE": "0"}

    def readable_paths(self) -> tuple[Path, ...]:
        return sysroot_paths()

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        includes = [TYPES_INCLUDE]
        (work / TYPES_INCLUDE).write_text(generate_types(problem, code), encoding="utf-8")
        if problem.executable_cases or problem.native_tests or problem.timing is not None:
            includes.append(MAIN_INCLUDE)
            (work / MAIN_INCLUDE).write_text(generate_main(problem, code), encoding="utf-8")
        if problem.native_tests:
            includes.append(TESTS_INCLUDE)
            (work / TESTS_INCLUDE).write_text(generate_tests(problem), encoding="utf-8")
        (work / self.file_name).write_text(as_crate_root(code, includes), encoding="utf-8")

    def _rustc(self, *args: str) -> list[str]:
        support = support_library()
        return [rust_tools().rustc, *COMMON_FLAGS, "--cap-lints", "allow",
                "-L", f"dependency={support}",
                "--extern", f"{SUPPORT_CRATE}={support / SUPPORT_RLIB}", *args]

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        """One binary runs the data cases and the native tests (built with ``--cfg test``, not
        ``--test``: the harness runs the tests itself)."""
        tests = ["--cfg", "test"] if problem.native_tests else []
        return [Step(self._rustc("--crate-type", "bin", "--crate-name", "solution", *tests,
                                 "-o", BINARY, self.file_name), what="compiler")]

    def run(self, problem: Problem, code: str, settings: ExecSettings) -> RunOutput:
        return explain_abort(super().run(problem, code, settings))

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step([str(work / BINARY)])

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        built = problem.executable_cases and (work / BINARY).exists()
        return ([] if built else self.compile_steps(work, problem),
                Step([str(work / BINARY), NATIVE_ARG], what="test binary"))

    def project_skip_reason(self, problem: Problem) -> str | None:
        return rust_project.skip_reason(problem)

    def project_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """An Exercism exercise: the crate compiled as a library under its name, its
        integration tests run as native tests by a binary linked with it
        (``rust_project.py``)."""
        native = rust_project.as_native_problem(problem)
        self.write_files(work, native, "")
        self.write_job(work, native)
        library = Step(rust_project.library_argv(rust_tools().rustc, problem, COMMON_FLAGS),
                       what="compiler")
        tests = Step(self._rustc("--crate-type", "bin", "--crate-name", "agentbench_tests",
                                 "--cfg", "test", *rust_project.work_paths(work, problem),
                                 "-o", BINARY, self.file_name), what="compiler")
        return [library, tests], Step([str(work / BINARY), NATIVE_ARG], what="test binary")

    def parse_project(self, proc: ProcessResult, events: list[dict[str, Any]],
                      work: Path) -> list[tuple]:
        return self.parse_native(proc, events, work)

    def compile_message(self, proc: ProcessResult) -> str:
        text = proc.stderr.strip() or proc.stdout.strip()
        lines = [ln for ln in text.splitlines()
                 if ln.strip() and not ln.startswith(("For more information",
                                                      "Some errors have detailed"))]
        return "\n".join(lines[:20])

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple]:
        """One entry per test the harness listed (its ``tests`` event), in order, from its
        ``native`` events: passed, failed, error (the test's process died), skipped
        (``#[ignore]``, or left out by its own ``#[cfg]``), with the seconds its process took;
        the test that had started when the harness was stopped is a timeout (or an error, if
        the harness died), the ones after it not_run."""
        out, reported, _planned = planned_tests(proc, events)
        return out + reported  # a name reported twice, or not listed, voids the run





#: What the Rust runtime prints before it aborts the process (no unwinding, so no panic event)
_ABORT = re.compile(r"^(memory allocation of \d+ bytes failed|thread '[^']*' has overflowed "
                    r"its stack|fatal runtime error: .*)$", re.M)


def explain_abort(out: RunOutput) -> RunOutput:
    """Name what aborted the process in the crashed case and the item's message; an
    allocation that failed (the memory limit) is a resource limit, not a crash."""
    proc = out.process
    if proc is None or out.failure != FailureKind.RUNTIME_ERROR:
        return out
    found = _ABORT.findall(proc.stderr)
    if not found:
        return out
    detail = found[0].strip()
    outcomes = tuple(replace(o, message=f"{detail} ({o.message})")
                     if o.status == "exception" and o.error_type == "Crash" else o
                     for o in out.outcomes)
    failure = (FailureKind.RESOURCE_LIMIT if detail.startswith("memory allocation")
               else out.failure)
    return replace(out, outcomes=outcomes, failure=failure,
                   message=f"{detail}\n{out.message}".strip())
