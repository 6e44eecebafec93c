"""The Go runner: one build per problem, one process runs every case by reflection.

The solution becomes ``package main`` next to a small generated ``agentbench_main.go`` that
hands the entry point (a function; for a type, its constructor or a zero value) to the harness
package ``agentbench/harness`` (``go_harness.go``). The harness is written once per content hash
into the cache directory and required through a ``replace`` directive, so the go build cache
compiles it once for every problem and run; each problem compiles only the solution and the
generated file, then links.

Arguments cross as JSON decoded by reflection into the parameter's own Go type (slices, maps,
structs, pointers, trees from level-order lists, linked lists from lists); results go back as
JSON (trees and lists as lists, structs as objects). Conventions: a non-nil ``error`` result is
the exception ``error``, a panic the exception ``panic``; several results are a list
(``(v, ok)`` is ``[v, ok]``); class-design problems call methods by name (``push`` finds
``Push``).

Go has no keyword arguments: a case's ``kwargs`` (and a class case's ``init_kwargs``, a call's
``kwargs``) take the place of their parameter by name, from the signature (``job.json`` carries
the parameter names of each method). A constructor that returns a non-nil error or panics is
what ``init_raises`` expects.

Timing (``supports_timing``): the harness decodes the timing input once and calls the function
on a fresh deep copy each time, after one warm-up call, with the garbage collector off during the
call; the seconds reported are the process's CPU time during the call, which on a shared
machine is far steadier than the clock (see ``go_harness.go``, ``runTiming``). A channel the
call returns is drained inside the timed call. A class problem (``supports_class_timing``) is
timed as a construction and its call sequence, the methods bound by generated generic helpers
(:func:`method_bindings`) so that the timed calls are direct, not reflection. A generic entry
point is instantiated with the problem's ``type_args`` (``{"T": "int"}``: ``Chunk[int]``), for
data cases and timing alike; an interface parameter that ``*bytes.Buffer`` satisfies (an
``io.Writer``) takes a JSON string as a new buffer holding it.

Problems with native tests are built once as a test binary (``go test -c``) that serves both
the data cases and the tests: the generated ``TestMain`` runs the harness, or runs each test in
a child process of its own so that a panic costs only that test's outcome. A test that skips
itself (``t.Skip``), or whose every subtest does, is ``skipped``, never passed.

The harness reports through the outcome channel (:mod:`pytest_agentbench.channel`), taking the
token in its package's ``init``, before any code of the solution's package runs; the run step
sees the work directory read-only, and only the compile steps write the go build cache.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from .. import sandbox_user
from ..models import Case, FailureKind, Param, Problem, ProcessResult, RunOutput, Signature
from . import go_project
from .base import ExecSettings, Toolchain
from .harness_runner import (
    HarnessRunner,
    MiB,
    Step,
    build_cached,
    cache_root,
    detect_toolchain,
)

HARNESS = Path(__file__).with_name("go_harness.go")
HARNESS_MODULE = "agentbench/harness"
BINARY = "solution.bin"
INSTALL_HINT = "apt-get install golang-go"
MIN_GO = (1, 18)  # the harness and the suites use generics and strings.Cut

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

# ---------------------------------------------------------------- reading Go declarations

_IDENT = re.compile(r"[A-Za-z_]\w*")
_TYPE_KEYWORDS = {"chan", "func", "map", "struct", "interface"}


@dataclass(frozen=True)
class FuncDecl:
    name: str
    receiver: str  # the receiver's base type name, "" for a plain function
    type_params: str  # "[T any]" or ""
    params: str  # the text between the parentheses
    results: str  # "int", "(int, error)" or ""


@dataclass(frozen=True)
class TypeDecl:
    name: str
    generic: bool


def strip_comments(text: str) -> str:
    """Go source without comments (string and rune literals respected), lines kept."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            chunk = text[i:] if end < 0 else text[i:end + 2]
            out.append("\n" * chunk.count("\n") or " ")
            i += len(chunk)
        elif ch in "\"'`":
            j = i + 1
            while j < n and text[j] != ch and not (ch != "`" and text[j] == "\n"):
                j += 2 if text[j] == "\\" and ch != "`" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _balanced(text: str, start: int) -> int:
    """Index just past the bracket group opening at ``start``."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack: list[str] = []
    for i in range(start, len(text)):
        ch = text[i]
        if ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
    return len(text)


def _skip_space(text: str, i: int, newlines: bool = True) -> int:
    spaces = " \t\r\n" if newlines else " \t\r"
    while i < len(text) and text[i] in spaces:
        i += 1
    return i


def base_type_name(go_type: str) -> str:
    """``*Stack[T]`` -> ``Stack``; ``pkg.Type`` -> ``Type``."""
    t = go_type.strip().lstrip("*").strip()
    t = t.split("[", 1)[0]
    return t.rsplit(".", 1)[-1].strip()


def parse_funcs(text: str) -> list[FuncDecl]:
    """Every top-level ``func`` declaration (or header) of Go source."""
    code = strip_comments(text)
    funcs: list[FuncDecl] = []
    for match in re.finditer(r"(?m)^[ \t]*func\b", code):
        i = _skip_space(code, match.end())
        receiver = ""
        if i < len(code) and code[i] == "(":
            end = _balanced(code, i)
            # "(s *Stack[T])", "(p Pair[K, V])" or "(*Stack)": the type after the optional name
            recv = re.match(r"\s*(?:[A-Za-z_]\w*\s+(?=[*A-Za-z_]))?\*?\s*([A-Za-z_]\w*)",
                            code[i + 1:end - 1])
            receiver = recv.group(1) if recv else ""
            i = _skip_space(code, end)
        name = _IDENT.match(code, i)
        if not name:
            continue
        i = _skip_space(code, name.end())
        type_params = ""
        if i < len(code) and code[i] == "[":
            end = _balanced(code, i)
            type_params = code[i:end]
            i = _skip_space(code, end)
        if i >= len(code) or code[i] != "(":
            continue
        end = _balanced(code, i)
        params = code[i + 1:end - 1]
        i = _skip_space(code, end, newlines=False)
        if i < len(code) and code[i] == "(":
            results = code[i:_balanced(code, i)]
        else:
            stop = len(code)
            for pos in range(i, len(code)):
                if code[pos] == "\n" or (code[pos] == "{" and _opens_body(code, i, pos)):
                    stop = pos
                    break
            results = code[i:stop]
        funcs.append(FuncDecl(name.group(), receiver, type_params, " ".join(params.split()),
                              " ".join(results.split())))
    return funcs


def _opens_body(code: str, start: int, brace: int) -> bool:
    """Whether the ``{`` at ``brace`` opens the body rather than ``interface{}``/``struct{}``."""
    before = code[start:brace].rstrip()
    return not (before.endswith("interface") or before.endswith("struct"))


def parse_types(text: str) -> list[TypeDecl]:
    """Every top-level type name, in single declarations and ``type ( ... )`` groups."""
    code = strip_comments(text)
    types: list[TypeDecl] = []
    for match in re.finditer(r"(?m)^[ \t]*type\b", code):
        i = _skip_space(code, match.end())
        if i < len(code) and code[i] == "(":
            body = code[i + 1:_balanced(code, i) - 1]
            depth = 0
            for line in body.splitlines():
                if depth == 0:
                    spec = _type_spec(line)
                    if spec:
                        types.append(spec)
                depth += line.count("{") - line.count("}")
        else:
            spec = _type_spec(code[i:code.find("\n", i) if "\n" in code[i:] else len(code)])
            if spec:
                types.append(spec)
    return types


def _type_spec(line: str) -> TypeDecl | None:
    match = re.match(r"\s*([A-Za-z_]\w*)\s*(\[[^\]]*\])?", line)
    if not match:
        return None
    brackets = match.group(2) or ""
    # "[T any]" declares type parameters; "[4]" or "[N]" is an array type
    generic = bool(re.match(r"\[\s*[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*\s+\S", brackets))
    return TypeDecl(match.group(1), generic)


def offline_go_env(work: Path) -> dict[str, str]:
    """The go command on its own in ``work``: no network, no toolchain download, no workspace,
    no cgo, GOPATH and temporary files inside ``work``. The runner and the analysers add their
    build caches."""
    return {
        "GOPATH": str(work / ".gopath"),
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GOTOOLCHAIN": "local",
        "GOTELEMETRY": "off",
        "GOWORK": "off",
        "CGO_ENABLED": "0",
        "GO111MODULE": "on",
        # go ignores a go.mod in the temporary-files root, so that must be elsewhere
        "TMPDIR": str(work / ".tmp"),
    }


def _split_top(text: str) -> list[str]:
    depth, cur, out = 0, "", []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _name_and_type(part: str) -> tuple[str | None, str]:
    match = re.match(r"([A-Za-z_]\w*)\s+(\S.*)$", part)
    if match and match.group(1) not in _TYPE_KEYWORDS:
        return match.group(1), match.group(2).strip()
    return None, part.strip()


def split_params(text: str) -> list[Param]:
    """Go parameters, with grouped names (``a, b int``) expanded and unnamed ones numbered."""
    parts = [p.strip() for p in _split_top(text) if p.strip()]
    named = [_name_and_type(p) for p in parts]
    if not any(name for name, _ in named):  # only types: func(int, string)
        return [Param(f"arg{i}", t, go_kind(t)) for i, (_, t) in enumerate(named)]
    params: list[Param] = []
    pending: list[str] = []
    for name, typ in named:
        if name is None:  # a bare name waiting for the type of a later group
            pending.append(typ)
            continue
        for n in (*pending, name):
            params.append(Param(n, typ, go_kind(typ)))
        pending = []
    for n in pending:
        params.append(Param(f"arg{len(params)}", n, go_kind(n)))
    return params


def result_types(results: str) -> list[str]:
    """``(v int, err error)`` -> ``["int", "error"]``; ``int`` -> ``["int"]``."""
    text = results.strip()
    if not text:
        return []
    if text.startswith("(") and _balanced(text, 0) == len(text):
        return [p.type for p in split_params(text[1:-1])]
    return [text]


def go_kind(go_type: str) -> str:
    """How seed-format text is read for a Go type: "str", "tree", "linked_list" or "other"."""
    t = go_type.strip()
    if t == "string":
        return "str"
    if t.lstrip("*") == "TreeNode":
        return "tree"
    if t.lstrip("*") == "ListNode":
        return "linked_list"
    return "other"


def _returns_kind(results: str) -> str:
    types = result_types(results)
    if len(types) == 2 and types[1] == "error":
        return go_kind(types[0])
    return go_kind(types[0]) if len(types) == 1 else "other"


def _is_constructor(func: FuncDecl, type_name: str) -> bool:
    types = result_types(func.results)
    if func.receiver or not types or base_type_name(types[0]) != type_name:
        return False
    return func.name.startswith(("New", "new", "Make", "make")) or func.name in (
        "Constructor", type_name)


# ---------------------------------------------------------------- Go literals for prompts


def go_literal(value: Any, go_type: str = "", elide: bool = False) -> str:
    """A Go literal for a JSON value of the given type (inferred when not given).

    ``elide`` drops the type of a composite literal inside another, as gofmt -s does.
    """
    t = go_type.strip()
    if t.startswith("..."):
        t = t[3:]
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if t in ("rune", "byte") and len(value) == 1:
            return "'" + json.dumps(value, ensure_ascii=False)[1:-1].replace("'", "\\'") + "'"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        if t.lstrip("*") in ("TreeNode", "ListNode"):
            maker = "tree" if "TreeNode" in t else "list"
            return f"{maker}({', '.join(go_literal(v) for v in value)})"
        if not t and not elide and _is_result_tuple(value):  # (v, ok), (T, error) values
            return f"({', '.join(go_literal(v) for v in value)})"
        if not t or t in ("any", "interface{}"):
            t = "[]" + _infer_type(value, elem=True)
        inner = re.sub(r"^(\[\d*\])", "", t) if t.startswith("[") else ""
        items = ", ".join(go_literal(v, inner, elide=True) for v in value)
        return f"{{{items}}}" if elide else f"{t}{{{items}}}"
    if isinstance(value, dict):
        match = re.match(r"map\[(.*?)\](.*)", t)
        if not t and value and all(re.fullmatch(r"[A-Z]\w*", str(k)) for k in value):
            t = "struct"  # exported field names: most likely a struct result
        if t and not match and t not in ("any", "interface{}"):  # a struct: named fields
            items = ", ".join(f"{k}: {go_literal(v)}" for k, v in value.items())
            prefix = "" if elide or t == "struct" else t.lstrip("*")
            return f"{'&' if t.startswith('*') and not elide else ''}{prefix}{{{items}}}"
        if match:
            key_t, val_t = match.group(1), match.group(2)
        else:
            key_t, val_t = "string", _infer_type(list(value.values()), elem=True)
            t = f"map[{key_t}]{val_t}"
        items = ", ".join(f"{go_literal(k, key_t)}: {go_literal(v, val_t, elide=True)}"
                          for k, v in value.items())
        return f"{{{items}}}" if elide else f"{t}{{{items}}}"
    return json.dumps(value)


def _is_result_tuple(values: list[Any]) -> bool:
    """Whether an untyped list mixes scalar kinds, as several results of a call do."""
    kinds = {type(v) for v in values}
    scalars = all(v is None or isinstance(v, (bool, int, float, str)) for v in values)
    return 2 <= len(values) <= 4 and scalars and len(kinds) > 1 and kinds != {int, float}


def _infer_type(values: list[Any], elem: bool = False) -> str:
    """The Go element type shared by JSON values: int, float64, string, bool, []T, map, any."""
    kinds = set()
    for v in values:
        if isinstance(v, bool):
            kinds.add("bool")
        elif isinstance(v, int):
            kinds.add("int")
        elif isinstance(v, float):
            kinds.add("float64")
        elif isinstance(v, str):
            kinds.add("string")
        elif isinstance(v, list):
            kinds.add("[]" + _infer_type(v, elem=True))
        elif isinstance(v, dict):
            kinds.add(f"map[string]{_infer_type(list(v.values()), elem=True)}")
        else:
            kinds.add("any")
    if kinds == {"int", "float64"}:
        return "float64"
    return kinds.pop() if len(kinds) == 1 else ("any" if kinds or not elem else "int")


# ---------------------------------------------------------------- the runner


class GoRunner(HarnessRunner):
    name = "go"
    aliases = ("golang",)
    display_name = "Go"
    file_name = "solution.go"
    # The Go runtime reserves about 700 MiB of address space for its own tables; with this
    # limit a solution still gets about 2 GiB of heap before "fatal error: out of memory".
    run_memory_bytes = 3072 * MiB

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        funcs = parse_funcs(text)
        types = parse_types(text)
        type_names = [t.name for t in types]
        receivers = [f.receiver for f in funcs if f.receiver]
        free = [f for f in funcs if not f.receiver]
        if entry_point:
            by_name = [f for f in free if f.name == entry_point]
            if entry_point in type_names or (not by_name and entry_point in receivers):
                return self._class_signature(entry_point, free)
            if by_name:
                return self._function_signature(by_name[0])
            raise ValueError(f"the signature declares no Go func or type {entry_point!r}")
        known = set(type_names) | set(receivers)
        plain = [f for f in free if not any(_is_constructor(f, t) for t in known)]
        if plain:
            return self._function_signature(plain[0])
        for name in [*type_names, *receivers]:
            if name in receivers or any(_is_constructor(f, name) for f in free):
                return self._class_signature(name, free)
        if type_names:
            return self._class_signature(type_names[0], free)
        raise ValueError("no Go `func` or `type` in the signature")

    @staticmethod
    def _function_signature(func: FuncDecl) -> Signature:
        return Signature(func.name, "function", tuple(split_params(func.params)), func.results,
                         False, _returns_kind(func.results))

    @staticmethod
    def _class_signature(type_name: str, free: list[FuncDecl]) -> Signature:
        ctor = next((f for f in free if _is_constructor(f, type_name)), None)
        params = tuple(split_params(ctor.params)) if ctor else ()
        return Signature(type_name, "class", params, ctor.results if ctor else "")

    def constructor_in(self, text: str, type_name: str) -> FuncDecl | None:
        """The function of the signature that makes a ``type_name``, if there is one."""
        return next((f for f in parse_funcs(text) if _is_constructor(f, type_name)), None)

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        name = re.escape(entry_point)
        return bool(re.search(rf"^\s*func\s+(\([^)]*\)\s*)?{name}\s*[\[(]", code, re.M)
                    or re.search(rf"^\s*type\s+{name}\b", code, re.M)
                    or re.search(rf"^\s+{name}(\[[^\]]*\])?\s+(struct|interface)\b", code, re.M))

    def looks_like_code(self, text: str) -> bool:
        return bool(re.search(r"^\s*(package\s+\w+|func\s+(\([^)]*\)\s*)?\w+\s*[\[(])", text,
                              re.M))

    # -- prompting
    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        types = [p.type for p in params]
        if types and types[-1].startswith("..."):
            types += [types[-1]] * max(0, len(args) - len(types))
        parts = [go_literal(a, types[i] if i < len(types) else "") for i, a in enumerate(args)]
        return f"{problem.entry_point}({', '.join(parts)})"

    def format_value(self, value: Any) -> str:
        return go_literal(value)

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """Examples as Go: ``Truncate("hello", 3)  // -> "he…"``, several results as Go writes
        them (``0, false``; ``6, nil``), a non-nil error as ``// -> non-nil error``, a panic as
        ``// panics``; keyword arguments take their place in the parameter list. A class case
        makes a value with the constructor (or ``&Type{}``) and calls its methods."""
        funcs = parse_funcs(problem.signature_text)
        if case.expected_attributes is not None or case.calls is not None:
            return self._class_example(problem, case, funcs)
        func = next((f for f in funcs if f.name == problem.entry_point and not f.receiver), None)
        params = list(problem.signature.params)
        call = (f"{problem.entry_point}"
                f"({_go_arguments(case.args, case.kwargs, params)})")
        return f"{call}  // {_go_outcome(case.raises, case.expected, True, func)}"

    def _class_example(self, problem: Problem, case: Case, funcs: list[FuncDecl]) -> str:
        name = problem.entry_point
        var = _variable_name(name)
        ctor = self.constructor_in(problem.signature_text, name)
        methods = {f.name: f for f in funcs if f.receiver == name}
        if case.expected_attributes is not None:
            init, init_kwargs = case.args, case.kwargs
        else:
            init, init_kwargs = case.init or (), case.init_kwargs
        if ctor is not None:
            make = f"{ctor.name}({_go_arguments(init, init_kwargs, split_params(ctor.params))})"
        else:
            make = f"&{name}{{}}"
        if case.init_raises:
            return f"{make}  // {_go_outcome(case.init_raises, None, False, ctor)}"
        lines = [f"{var} := {make}"]
        if case.expected_attributes is not None:
            for attr, value in case.expected_attributes.items():
                lines.append(f"{var}.{_exported(attr)}  // -> {go_literal(value)}")
            return "\n".join(lines)
        for c in case.calls or ():
            method = methods.get(c.method) or methods.get(_exported(c.method))
            go_name = method.name if method else _exported(c.method)
            params = split_params(method.params) if method else []
            line = f"{var}.{go_name}({_go_arguments(c.args, c.kwargs, params)})"
            if c.raises or c.has_expected:
                line += f"  // {_go_outcome(c.raises, c.expected, c.has_expected, method)}"
            lines.append(line)
        return "\n".join(lines)

    def answer_instructions(self, problem: Problem) -> str:
        sig = problem.signature
        text = (
            "Answer with exactly one fenced code block tagged `go` containing a complete "
            f"`package main` file that defines `{problem.entry_point}` exactly as in the "
            "signature (same name, parameter and result types), with its imports (standard "
            "library only) and any helpers. Do not write `func main`, `TestMain` or tests: the "
            "file is compiled together with the benchmark's harness and tests."
        )
        if sig.kind == "class":
            ctor = self.constructor_in(problem.signature_text, problem.entry_point)
            text += (f" Provide the constructor `{ctor.name}` and the methods shown; tests "
                     "call the exported methods." if ctor else
                     f" Tests start from the zero value of `{problem.entry_point}` (it must be "
                     "ready to use) and call the exported methods shown.")
        text += (" A non-nil `error` result counts as the error the description asks for; "
                 "several results are read as a list (`(v, ok)` is `[v, ok]`).")
        mentions = problem.signature_text + (problem.native_tests or "")
        if "TreeNode" in mentions:
            text += (" `TreeNode` (`Val int`, `Left`, `Right *TreeNode`) is predefined; do not "
                     "declare it.")
        if "ListNode" in mentions:
            text += " `ListNode` (`Val int`, `Next *ListNode`) is predefined; do not declare it."
        if "TreeNode" in problem.signature_text or "ListNode" in problem.signature_text:
            text += (" In the examples `tree(...)` is a tree in level order (`nil` for a missing "
                     "child) and `list(...)` a linked list, written that way for brevity.")
        version = go_language_version(self.toolchain())
        text += f" The code is compiled with Go {version}"
        if _version_tuple(version) < (1, 21):
            text += (", so the `slices`, `maps` and `cmp` packages and the `min`, `max` and "
                     "`clear` builtins are not available")
        return text + "."

    # -- running
    supports_timing = True
    supports_class_timing = True

    def job_for(self, problem: Problem) -> dict[str, Any]:
        """The shared job plus the parameter names of each method (for keyword arguments)."""
        job = super().job_for(problem)
        if problem.signature.kind == "class":
            job["methods"] = {
                f.name: [p.name for p in split_params(f.params)]
                for f in parse_funcs(problem.signature_text) if f.receiver == problem.entry_point}
        return job

    def toolchain(self) -> Toolchain:
        found = detect_toolchain({"go": ("version",)}, INSTALL_HINT)
        if found.available and _version_tuple(go_language_version(found)) < MIN_GO:
            return Toolchain(False, found.version,
                             f"{found.version}: Go {'.'.join(map(str, MIN_GO))} or newer is "
                             "needed (generics)", INSTALL_HINT)
        return found

    def extra_env(self, work: Path) -> dict[str, str]:
        # TMPDIR is the compile steps' own (see _build): a solution's os.TempDir() is the
        # sandbox's private /tmp, since the run step sees the work directory read-only
        env = {k: v for k, v in offline_go_env(work).items() if k != "TMPDIR"}
        return {**env, "GOCACHE": str(build_cache()), "GOMEMLIMIT": "1536MiB"}

    def writable_caches(self) -> tuple[Path, ...]:
        return (build_cache(),)

    def readable_paths(self) -> tuple[Path, ...]:
        """The Go installation (GOROOT), which may lie outside the sandbox's system paths
        (``~/sdk/go1.22``, with only its ``bin`` on PATH)."""
        root = go_root(os.environ.get("PATH", ""))
        return (root,) if root is not None else ()

    @staticmethod
    def as_main_package(code: str, file_name: str = "solution.go") -> str:
        """Code as ``package main``, its line numbers kept, ``func main`` renamed."""
        code = re.sub(r"^func\s+main\s*\(\s*\)", "func agentbenchSolutionMain()", code,
                      flags=re.M)
        clause = re.compile(r"^[ \t]*package[ \t]+\w+[^\n]*$", re.M)
        stripped = strip_comments(code)
        found = clause.search(stripped)
        if found:
            line = stripped.count("\n", 0, found.start())
            lines = code.split("\n")
            lines[line] = "package main"
            return "\n".join(lines)
        return f"package main\n\n//line {file_name}:1:1\n" + code

    def harness_dir(self) -> Path:
        """The harness module, written once per content hash into the cache directory, which
        the compiler (the sandbox's user) reads."""
        sources = {"go.mod": f"module {HARNESS_MODULE}\n\ngo 1.19\n",
                   "harness.go": HARNESS.read_text(encoding="utf-8")}
        return build_cached("go-harness", sources, lambda _dir: None)

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        (work / ".tmp").mkdir()
        sandbox_user.hand_over(work / ".tmp")  # the compiler's temporary files
        version = go_language_version(self.toolchain())
        (work / "go.mod").write_text(
            f"module agentbench\n\ngo {version}\n\nrequire {HARNESS_MODULE} v0.0.0\n\n"
            f"replace {HARNESS_MODULE} => {self.harness_dir()}\n", encoding="utf-8")
        (work / self.file_name).write_text(self.as_main_package(code), encoding="utf-8")
        bare = strip_comments(code)
        types = ""
        mentions = problem.signature_text + (problem.native_tests or "")
        if "TreeNode" in mentions and not _declares_type(bare, "TreeNode"):
            types += TREE_TYPES
        if "ListNode" in mentions and not _declares_type(bare, "ListNode"):
            types += LIST_TYPES
        fields, helpers = self._entry(problem, code)
        (work / "agentbench_main.go").write_text(
            "package main\n\nimport agentbenchharness \"agentbench/harness\"\n"
            f"{types}\nvar agentbenchEntry = agentbenchharness.Entry{{{fields}}}\n\n"
            f"func main() {{ agentbenchharness.Main(agentbenchEntry) }}\n{helpers}",
            encoding="utf-8")
        if problem.native_tests:
            self._write_tests(work, problem)

    def _entry(self, problem: Problem, code: str) -> tuple[str, str]:
        """The fields of the harness's Entry for this problem (Go source), and the generated
        helpers they use. A generic entry point is instantiated with the problem's
        ``type_args`` (``{"T": "int"}``); a class problem with timing inputs gets its methods
        bound for timing (:func:`method_bindings`)."""
        name = problem.entry_point
        fields = f"Name: {json.dumps(name)}"
        if not problem.executable_cases and problem.timing is None:
            # native tests only: nothing for the harness to call
            return fields + ", Problem: \"this problem has no data cases\"", ""
        text = problem.signature_text
        type_args = problem.extra.get("type_args")
        if problem.signature.kind == "class":
            ctor = self.constructor_in(text, name)
            generic = any(t.name == name and t.generic for t in parse_types(text))
            type_name = instantiate(name, _type_params_of(text, name), type_args)
            ctor_name = ctor.name if ctor else ""
            if ctor and ctor.type_params:
                ctor_name = instantiate(ctor.name, ctor.type_params, type_args) or ""
            if (generic and type_name == name) or not type_name or (ctor and not ctor_name):
                return fields + (f", Problem: \"{name} is generic: data cases cannot "
                                 "instantiate it without the problem's type_args; use native "
                                 "tests\""), ""
            fields += (f", Constructor: {ctor_name}" if ctor else
                       f", New: func() interface{{}} {{ return new({type_name}) }}")
            if problem.timing is None:
                return fields, ""
            methods, helpers = method_bindings(code, name, type_name)
            return fields + f", Methods: {methods}", helpers
        func = next((f for f in parse_funcs(text) if f.name == name and not f.receiver), None)
        if func and func.type_params:
            instance = instantiate(name, func.type_params, type_args)
            if instance is None:
                return fields + (f", Problem: \"{name} is a generic function: data cases cannot "
                                 "instantiate it without the problem's type_args; use native "
                                 "tests\""), ""
            return fields + f", Func: {instance}", ""
        return fields + f", Func: {name}", ""

    def _write_tests(self, work: Path, problem: Problem) -> None:
        tests = self.as_main_package(problem.native_tests or "", "solution_test.go")
        user_main = bool(re.search(r"^[ \t]*func\s+TestMain\s*\(", tests, re.M))
        if user_main:
            tests = re.sub(r"^([ \t]*)func\s+TestMain\s*\(", r"\1func agentbenchUserTestMain(",
                           tests, flags=re.M)
        (work / "solution_test.go").write_text(tests, encoding="utf-8")
        run = "agentbenchUserTestMain(m)" if user_main else "os.Exit(m.Run())"
        (work / "agentbench_main_test.go").write_text(
            "package main\n\nimport (\n\t\"os\"\n\t\"testing\"\n\n"
            "\tagentbenchharness \"agentbench/harness\"\n)\n\n"
            "func TestMain(m *testing.M) {\n"
            "\tswitch os.Getenv(\"AGENTBENCH_MODE\") {\n"
            "\tcase \"cases\":\n\t\tagentbenchharness.Main(agentbenchEntry)\n"
            "\tcase \"tests\":\n\t\tagentbenchharness.RunTests()\n\t}\n"
            f"\t{run}\n}}\n", encoding="utf-8")

    def _build(self, work: Path, problem: Problem) -> Step:
        # -s -w: no symbol table and DWARF, which makes linking about a third cheaper; panics
        # still show file:line (from pclntab). Tests are built without vet: a vet finding is
        # not a compile error.
        flags = ["-ldflags=-s -w", "-o", BINARY, "."]
        env = {"TMPDIR": offline_go_env(work)["TMPDIR"]}
        if problem.native_tests:
            return Step(["go", "test", "-c", "-vet=off", *flags], env, what="compiler")
        return Step(["go", "build", *flags], env, what="compiler")

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        return [self._build(work, problem)]

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step([str(work / BINARY)], env={"AGENTBENCH_MODE": "cases"})

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        # With data cases, compile_steps already built the test binary, which serves both.
        build = [] if problem.executable_cases else [self._build(work, problem)]
        return build, Step([str(work / BINARY)], env={"AGENTBENCH_MODE": "tests"},
                           what="test binary")

    def project_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """An Exercism exercise's test binary, run under test2json (``go_project.py``)."""
        harness = go_project.project_harness(self.harness_dir(), offline_go_env(work))
        return go_project.project_steps(work, problem, go_language_version(self.toolchain()),
                                        harness)

    def parse_project(self, proc: ProcessResult, events: list[dict[str, Any]],
                      work: Path) -> list[tuple]:
        return go_project.parse_project(proc, events)

    def compile_message(self, proc: ProcessResult) -> str:
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines()
                 if ln.strip() and not ln.startswith("#")]
        notes = []
        for ln in lines:
            missing = re.search(r"agentbench_main\.go:\d+:\d+: undefined: (\w+)", ln)
            if missing:
                notes.append(f"the solution does not define `{missing.group(1)}` "
                             "(as in the signature)")
        return "\n".join([*notes, *(re.sub(r"^\./", "", ln) for ln in lines[:20])])

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple[str, str, str]]:
        """The test binary's events, one outcome per listed test (see ``RunTests`` in
        ``go_harness.go``): passed, failed, error or skipped (``t.Skip``, or every subtest
        skipped); a test the binary started but never finished, or never reached, is an
        error."""
        names: list[str] = []
        started: list[str] = []
        results: dict[str, tuple[str, str, str]] = {}
        for ev in events:
            kind = ev.get("event")
            if kind == "listed":
                names = [str(n) for n in ev.get("names") or []]
            elif kind == "start":
                started.append(str(ev.get("name")))
            elif kind == "test":
                name = str(ev.get("name"))
                results[name] = (name, str(ev.get("status", "error")), str(ev.get("message", "")))
            elif kind == "tests_error":
                return [("(test binary)", "error", str(ev.get("message", "")))]
        out = []
        for name in names:
            if name in results:
                out.append(results[name])
            elif name in started:
                why = ("killed at the time limit" if proc.timed_out
                       else "the test binary ended while it ran")
                out.append((name, "error", f"did not finish: {why}"))
            else:
                out.append((name, "error", "not run: the test binary ended first"))
        return out

    # -- Go's fatal errors (not recoverable) named in the report
    def run(self, problem: Problem, code: str, settings: ExecSettings) -> RunOutput:
        out = explain_fatal(super().run(problem, code, settings))
        out = explain_output_flood(out, settings.limits.file_size_bytes)
        if out.failure == FailureKind.COMPILE_ERROR and re.search(
                r'^\s*import\s+(\(\s*)?"C"', strip_comments(code), re.M):
            out = replace(out, message="cgo is disabled (CGO_ENABLED=0): a file that imports "
                                       f"\"C\" is not compiled\n{out.message}")
        return out


def type_param_names(type_params: str) -> list[str]:
    """``[K comparable, V any]`` or ``[K, V any]`` -> ``["K", "V"]``."""
    inner = type_params.strip()[1:-1] if type_params.strip().startswith("[") else ""
    return [m.group() for part in _split_top(inner)
            if (m := _IDENT.match(part.strip()))]


def _type_params_of(text: str, type_name: str) -> str:
    """The type parameter list of a type declared in ``text`` (``[T any]``), or ``""``."""
    code = strip_comments(text)
    match = re.search(rf"(?m)^[ \t]*(?:type[ \t]+)?{re.escape(type_name)}[ \t]*\[", code)
    if not match:
        return ""
    brackets = code[match.end() - 1:_balanced(code, match.end() - 1)]
    return brackets if re.match(r"\[\s*[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*\s+\S", brackets) else ""


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
    types before the clock starts and returns a direct call, with no reflection in the timed
    unit and no type named in the generated code (so no import is needed)."""
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
    call = f"f({', '.join(['o', *values])}{'...' if variadic else ''})"
    if outs:
        kept = [f"r{i}" for i in range(1, results + 1)]
        keeps = [f"k{i}" for i in range(1, results + 1)]
        makes = ", ".join(f"agentbenchharness.Keep[R{i}]()" for i in range(1, results + 1))
        body = (f"\t\t{', '.join(keeps)} := {makes}\n"
                f"\t\treturn func(o O) {{\n\t\t\t{', '.join(kept)} := {call}\n"
                + "".join(f"\t\t\tk{i}(r{i})\n" for i in range(1, results + 1))
                + "\t\t}, nil\n")
    else:
        body = f"\t\treturn func(o O) {{ {call} }}, nil\n"
    what = f"{params} parameter(s){' (variadic)' if variadic else ''} and {results} result(s)"
    return (f"\n// {_binder_name(params, results, variadic)} binds a method of {what} for "
            "timing.\n"
            f"func {_binder_name(params, results, variadic)}[{', '.join(['O', *args, *outs])} any]"
            f"(f {func_type}) agentbenchharness.Method[O] {{\n"
            "\treturn func(args agentbenchharness.Args) (func(O), error) {\n"
            f"{decls}"
            f"\t\tif err := agentbenchharness.{decode}(args{''.join(', &' + v for v in values)})"
            "; err != nil {\n\t\t\treturn nil, err\n\t\t}\n"
            f"{body}\t}}\n}}\n")


def _exported(name: str) -> str:
    """A suite's method or attribute name in Go's exported form (as the harness finds it):
    ``push`` -> ``Push``, ``max_events`` -> ``MaxEvents``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def _variable_name(type_name: str) -> str:
    """A short Go variable for a value of a type: ``RingBuffer`` -> ``rb``, ``LRUCache`` ->
    ``c``... the initials of its words, an acronym counting as one word."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]?[a-z0-9]+|[A-Z]+", type_name)
    initials = "".join(w[0] for w in words if not (w.isupper() and len(w) > 1)).lower()
    initials = initials or (type_name[:1].lower() or "v")
    return "x" if initials in _GO_KEYWORDS else initials


_GO_KEYWORDS = {"go", "if", "for", "func", "map", "var", "type", "case", "chan", "else",
                "goto", "range", "select", "struct", "switch", "return", "defer", "const",
                "break", "default", "import", "package", "continue", "fallthrough", "interface"}


def _go_arguments(args: tuple[Any, ...] | list[Any], kwargs: dict[str, Any],
                  params: list[Param]) -> str:
    """Arguments as Go literals of the parameters' types; keyword arguments go where their
    parameter is (Go has no keyword arguments), unknown ones last."""
    values = list(args)
    if kwargs:
        names = [p.name for p in params]
        rest = dict(kwargs)
        for name in names[len(values):]:
            if name not in rest:
                break
            values.append(rest.pop(name))
        values += list(rest.values())
    types = [p.type for p in params]
    if types and types[-1].startswith("..."):
        types += [types[-1]] * max(0, len(values) - len(types))
    return ", ".join(go_literal(v, types[i] if i < len(types) else "")
                     for i, v in enumerate(values))


def _go_outcome(raises: str | None, expected: Any, has_expected: bool,
                func: FuncDecl | None) -> str:
    """What a call gives, as a Go reader would put it."""
    if raises == "error":
        return "-> non-nil error"
    if raises == "panic":
        return "panics"
    if raises:
        return f"raises {raises}"
    if not has_expected:
        return "-> (no check)"
    types = result_types(func.results) if func else []
    with_error = bool(types) and types[-1] == "error"
    if with_error:
        types = types[:-1]
    if len(types) > 1 and isinstance(expected, list) and len(expected) == len(types):
        text = ", ".join(go_literal(v, t) for v, t in zip(expected, types, strict=True))
    elif len(types) == 1:
        text = go_literal(expected, types[0])
    elif not types and with_error:
        text = ""
    else:
        text = go_literal(expected)
    if with_error:
        text = f"{text}, nil" if text else "nil"
    return f"-> {text}"


def _declares_type(code: str, name: str) -> bool:
    return bool(re.search(rf"^\s*type\s+{name}\b", code, re.M)
                or re.search(rf"^\s+{name}\s+struct\b", code, re.M))


def explain_output_flood(out: RunOutput, file_size_bytes: int | None) -> RunOutput:
    """A solution that filled its output file to the file-size limit hit a resource limit,
    even when it was killed later: the Go runtime ignores SIGXFSZ, so its writes just failed
    from then on, and a flood that ignores write errors runs on until the time limit."""
    proc = out.process
    if (proc is None or not file_size_bytes or proc.stdout_bytes < file_size_bytes
            or out.failure not in (FailureKind.TIMEOUT, FailureKind.RUNTIME_ERROR)):
        return out
    why = (f"the solution wrote {file_size_bytes // MiB} MiB of output, the file size limit "
           "(Go ignores SIGXFSZ: its writes failed from then on)")
    return replace(out, failure=FailureKind.RESOURCE_LIMIT,
                   message=f"{why}\n{out.message}".strip())


_FATAL = re.compile(r"^(panic: .*|fatal error: .*|runtime: goroutine stack exceeds .*)$", re.M)
_RESOURCE = ("fatal error: out of memory", "stack exceeds", "fatal error: stack overflow")


def explain_fatal(out: RunOutput) -> RunOutput:
    """Name a crash of the Go runtime (a panic in a goroutine of the solution, a deadlock,
    concurrent map writes, out of memory) in the crashed case and the item's message."""
    proc = out.process
    if proc is None or not proc.stderr:
        return out
    found = _FATAL.findall(proc.stderr)
    crashed = any(o.status == "exception" and o.error_type == "Crash" for o in out.outcomes)
    if not found or (out.failure is None and not crashed):
        return out
    lines = [found[0]]
    if found[0].startswith("panic: ") and "goroutine " in proc.stderr:
        lines[0] += " (in a goroutine the harness does not run, so it cannot be recovered)"
    detail = "\n".join(lines + solution_frames(proc.stderr)[:3])
    outcomes = tuple(
        replace(o, message=f"{o.message}: {detail}")
        if o.status == "exception" and o.error_type == "Crash" else o
        for o in out.outcomes)
    failure, message = out.failure, out.message
    if any(marker in proc.stderr for marker in _RESOURCE):
        failure = FailureKind.RESOURCE_LIMIT
        message = f"{message}\n{detail}".strip() if message else detail
    elif failure is not None and found[0] not in message:
        message = f"{message}\n{detail}"
    return replace(out, outcomes=outcomes, failure=failure, message=message)


_FRAME = re.compile(r"^\s*(?:\S*/)?(solution(?:_test)?\.go:\d+)(?:\s+\+0x[0-9a-f]+)?\s*$")


def solution_frames(stack: str) -> list[str]:
    """``function at solution.go:line`` for each frame of a Go stack trace in the solution."""
    lines = stack.splitlines()
    frames = []
    for i, line in enumerate(lines):
        match = _FRAME.match(line)
        if match:
            caller = lines[i - 1].strip() if i else ""
            frames.append(f"{caller} at {match.group(1)}" if caller else match.group(1))
    return frames


@cache
def _parse_version(text: str) -> str:
    match = re.search(r"go(\d+)\.(\d+)", text)
    return f"{match.group(1)}.{match.group(2)}" if match else "1.19"


def build_cache() -> Path:
    """The go build cache shared by every build (compile steps write it)."""
    return cache_root() / "go-build"


@cache
def go_root(path: str) -> Path | None:
    """GOROOT of the ``go`` found on ``path`` (None without one)."""
    exe = shutil.which("go", path=path)
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "env", "GOROOT"], capture_output=True, text=True, timeout=60,
                             check=False, env={**os.environ, "GOTOOLCHAIN": "local",
                                               "GOFLAGS": "", "GOWORK": "off"})
    except (OSError, subprocess.SubprocessError):
        return None
    root = out.stdout.strip()
    return Path(root) if out.returncode == 0 and root and Path(root).is_dir() else None


def go_language_version(toolchain: Toolchain) -> str:
    """``go version go1.19.8 linux/amd64`` -> ``1.19`` (the go.mod language version)."""
    return _parse_version(toolchain.version)


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())
