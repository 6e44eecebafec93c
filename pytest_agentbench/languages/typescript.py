"""The TypeScript runner: a strict type check once per problem, then one Node.js process runs
every case.

The solution is type-checked and transpiled by a real TypeScript compiler (the ``typescript``
npm package pinned in the checkout's ``package.json``; ``npm ci`` installs it) with ``strict``,
target ES2022, CommonJS modules, ES2023 library and Node.js types: a type error is a compile
error with the first diagnostics. ``tsc`` spends most of its time starting and parsing the
standard library, so a compile server (``support/typescript/compiler.js --server``) is started
once per pytest process (under the sandbox's isolation wrapper: no network, read-only files):
it keeps the parsed library files and answers one JSON line per compile, with the sources in
the request and the JavaScript in the reply. It type-checks and emits untrusted code but never
runs it, and its compiler host sees nothing but those sources and ``node_modules``; every
request has a wall-clock limit and a server that hangs or dies is replaced. Without it
(``AGENTBENCH_TS_SERVER=0``, or if it cannot start) the same script runs as a sandboxed
compile step per problem. The analysers (``analysis/typescript_tools.py``) ask the same server
for the diagnostics that stricter compiler options add. ``node_modules`` and the support files
are the runner's ``readable_paths()``: visible in the sandbox even under ``/tmp``.

A plain LeetCode-style solution (top-level ``function``/``class``, with or without ``export``)
works: the compiler appends an ``export { ... }`` of the top-level names not exported yet.
``TreeNode`` and ``ListNode`` (LeetCode's definitions) are declared for the type check and
defined at run time. The harness (``support/typescript/harness.ts``, compiled once per
content and TypeScript version with :func:`build_cached`, then copied next to the solution)
runs the cases in a worker thread with a 256 MB stack, decodes each JSON argument into the
parameter's declared type (arrays, tuples, ``Map``, ``Set``, ``Record``, ``bigint``, trees from
level-order lists, linked lists from lists), awaits returned Promises (one that can never
settle fails its case), and writes the outcome events synchronously. A thrown error's
``error_type`` is its class name (``RangeError``, a custom ``ValidationError``); a thrown
primitive gives its ``typeof`` (``string``). Results come back as JSON: ``undefined`` as
``null``, a ``Map`` with primitive keys as an object, a ``Set`` as a list (compare it
``unordered``), ``NaN``/``Infinity`` tagged, ``bigint`` as an exact integer, trees and lists as
lists. Keyword arguments (``kwargs``, ``init_kwargs``, a call's ``kwargs``) take their
parameter's position, ``undefined`` filling the ones skipped; a thrown error that is an
instance of a subclass of the case's expected error (``raises``, ``init_raises``) is reported
as the expected class, as ``instanceof`` would accept it; with ``init_raises`` no method is
called.

Timing (``supports_timing``, the timing job of ``docs/runners.md``): after untimed warm-up calls
(at least two, and up to ten until they took 0.1 s: V8 optimises hot code while it runs), the
harness times ``repeat`` calls, each on freshly decoded arguments, in CPU seconds of the process
(``process.cpuUsage``). A class problem (``supports_class_timing``) is timed the same way, one
unit being a fresh object built from ``init`` and every call of ``calls`` in order (a getter
read), their arguments decoded beforehand by the methods' parameter types. A returned Promise
is awaited and a lazy result (an iterator: a generator's, ``map.keys()``'s) read to its end
inside the timed unit, so that a lazy answer is not timed as free. Node.js 20 has no per-thread
CPU clock (and /proc's is only as fine as the scheduler tick), so node runs with V8's
``--single-threaded``: garbage collection and optimising compilation work in the solution's
thread instead of helper threads, which would otherwise add a varying amount of CPU time to
each call. No garbage collection is forced between calls: after one V8 compiles regular
expressions again and sweeps lazily, charging the next call several milliseconds.

Examples in the prompt are TypeScript (``format_example``): ``chunk([1, 2, 3], 2)  // -> [[1, 2],
[3]]``, ``// throws RangeError``, ``await`` before what returns a Promise, and for a class
``const lruCache = new LRUCache(2);`` then ``lruCache.get(1);  // -> "a"``, getters read as
properties.

Native tests are TypeScript using ``node:test`` and ``node:assert`` that import the solution
from ``./solution``; they run under Node's own test runner, one outcome per test (for
``describe`` blocks, per innermost test, named ``block > test``). Their reporter is our own
(``support/typescript/reporter.ts``, a node:test custom reporter): preloaded with ``--require``
before the test file imports the solution, it takes the outcome channel's token, then reports
each test through the channel (:mod:`pytest_agentbench.channel`), never to a file. A test that
its own code skips (``test.skip``, ``{ skip: true }``, ``t.skip()``, or a test in a skipped
block) or marks ``todo`` (``test.todo``, ``{ todo: ... }``, ``t.todo()``) is ``skipped``,
whether or not it ran and failed: never a pass. A run that ends before node:test reported every
test (the solution called ``process.exit``) gets an error outcome: tests it did not report are
not passes either.

The data-case harness takes the channel the same way, in its main thread, before the worker
that loads the solution starts. Both run with the work directory read-only.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

from .. import isolation, sandbox
from ..models import Case, Param, Problem, ProcessResult, Signature
from ..sandbox import Limits
from .base import Toolchain, first_lines
from .harness_runner import HarnessRunner, MiB, Step, build_cached, detect_toolchain

SUPPORT = Path(__file__).with_name("support") / "typescript"
COMPILER = SUPPORT / "compiler.js"
GLOBALS = "agentbench_globals.d.ts"
#: the compiled support files copied next to the solution (the sandbox may not see the cache)
SUPPORT_JS = ("harness.js", "prelude.js", "channel.js", "reporter.js")
INSTALL_HINT = "npm ci (in the pytest-agentbench checkout)"
MIN_NODE = 18  # node:test custom reporters, worker stack limits
_IDENT = r"[A-Za-z_$][\w$]*"


# ---------------------------------------------------------------- finding the compiler


def node_modules() -> Path | None:
    """Where ``typescript`` is installed: ``$AGENTBENCH_NODE_MODULES`` if set, else the
    checkout the plugin runs from, else ``./node_modules``."""
    explicit = os.environ.get("AGENTBENCH_NODE_MODULES")
    if explicit:
        candidates = [Path(explicit)]
    else:
        candidates = [Path(__file__).resolve().parents[2] / "node_modules",
                      Path.cwd() / "node_modules"]
    for candidate in candidates:
        if (candidate / "typescript" / "package.json").is_file():
            return candidate.resolve()
    return None


def toolchain_paths() -> tuple[Path, ...]:
    """What the sandbox must show besides the system, even under ``/tmp``: ``node_modules``
    (the compiler, its library, Biome) and the support files."""
    modules = node_modules()
    return (SUPPORT,) if modules is None else (modules, SUPPORT)


@cache
def package_version(package_json: Path) -> str:
    try:
        return str(json.loads(package_json.read_text(encoding="utf-8")).get("version", "?"))
    except (OSError, ValueError):
        return "?"


def node_toolchain(minimum: tuple[int, ...], packages: tuple[str, ...]) -> Toolchain:
    """``node`` on PATH at version ``minimum`` or later, and ``node_modules`` holding every
    one of ``packages``; the version is node's and the first package's
    (``node v20.19.2; typescript 6.0.3``)."""
    node = detect_toolchain({"node": ("--version",)}, "apt-get install nodejs")
    if not node.available:
        return node
    found = re.match(r"v?(\d+)(?:\.(\d+))?", node.version)
    if found is not None and (int(found.group(1)), int(found.group(2) or 0)) < minimum:
        need = ".".join(map(str, minimum))
        return Toolchain(False, reason=f"node {node.version} is too old (the runner needs "
                         f"Node.js {need} or later)", install_hint="apt-get install nodejs")
    modules = node_modules()
    if modules is None:
        where = os.environ.get("AGENTBENCH_NODE_MODULES") or (
            f"{Path(__file__).resolve().parents[2] / 'node_modules'} or ./node_modules")
        return Toolchain(False, reason=f"typescript not installed (not in {where})",
                         install_hint=INSTALL_HINT)
    for package in packages:
        if not (modules / package / "package.json").is_file():
            return Toolchain(False, reason=f"{package} not installed (not in {modules})",
                             install_hint=INSTALL_HINT)
    version = package_version(modules / packages[0] / "package.json")
    return Toolchain(True, version=f"node {node.version}; {packages[0]} {version}")


# ---------------------------------------------------------------- reading signatures


def _skip_string(text: str, i: int) -> int:
    """Index just after the string literal that starts at ``i``."""
    quote = text[i]
    i += 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def strip_comments(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
            out.append(" ")
        elif text[i] in "\"'`":
            end = _skip_string(text, i)
            out.append(text[i:end])
            i = end
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def matching(text: str, i: int) -> int:
    """Index of the bracket closing the one at ``i`` (``=>`` is not a bracket)."""
    pairs = {"(": ")", "[": "]", "{": "}", "<": ">"}
    stack: list[str] = []
    j = i
    while j < len(text):
        ch = text[j]
        if ch in "\"'`":
            j = _skip_string(text, j)
            continue
        if ch == ">" and j > 0 and text[j - 1] == "=":
            j += 1
            continue
        if ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return j
        j += 1
    return len(text)


def split_top(text: str, sep: str = ",") -> list[str]:
    """``text`` split at ``sep`` outside brackets and strings."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "\"'`":
            i = _skip_string(text, i)
            continue
        if text.startswith("=>", i):
            i += 2
            continue
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def read_type(text: str, i: int, stop_at_arrow: bool = False) -> tuple[str, int]:
    """The type expression starting at ``i`` and the index where it ends: before a body's
    ``{``, a ``;``, ``,`` or ``=`` at depth 0, a closing bracket, or the end of the line."""
    depth = 0
    expecting = True
    j = i
    while j < len(text):
        ch = text[j]
        if text.startswith("=>", j):
            if depth == 0 and stop_at_arrow:
                break
            j += 2
            expecting = True
            continue
        if ch in "\"'`":
            j = _skip_string(text, j)
            expecting = False
            continue
        if ch in "([{<":
            if ch == "{" and depth == 0 and not expecting:
                break
            depth += 1
            expecting = True
        elif ch in ")]}>":
            if depth == 0:
                break
            depth -= 1
            expecting = False
        elif (depth == 0 and ch in ";,=") or (depth == 0 and ch == "\n" and not expecting):
            break
        elif ch in "|&:?":
            expecting = True
        elif not ch.isspace():
            expecting = False
        j += 1
    return " ".join(text[i:j].split()), j


_NULLISH = re.compile(r"\|\s*(null|undefined)\b|\b(null|undefined)\s*\|")


def bare_type(ts_type: str) -> str:
    """The type without ``| null``/``| undefined`` and outer parentheses."""
    t = _NULLISH.sub("", ts_type).strip()
    while t.startswith("(") and matching(t, 0) == len(t) - 1:
        t = t[1:-1].strip()
    return t


def unwrap_promise(ts_type: str) -> str:
    m = re.fullmatch(r"\s*(?:Promise|PromiseLike)\s*<(.*)>\s*", ts_type, re.S)
    return m.group(1).strip() if m else ts_type


def type_kind(ts_type: str) -> str:
    t = bare_type(ts_type)
    if t == "string":
        return "str"
    if t == "TreeNode":
        return "tree"
    if t == "ListNode":
        return "linked_list"
    return "other"


_MODIFIERS = re.compile(r"^(?:(?:public|private|protected|readonly|override)\s+)+")


def parse_params(text: str) -> tuple[Param, ...]:
    params: list[Param] = []
    for raw in split_top(text):
        part = _MODIFIERS.sub("", raw.strip())
        if not part:
            continue
        rest = part.startswith("...")
        part = part.removeprefix("...").strip()
        if part[:1] in "{[":
            end = matching(part, 0) + 1
        else:
            m = re.match(_IDENT, part)
            end = m.end() if m else len(part)
        name, tail = part[:end].strip(), part[end:].strip()
        if name == "this":
            continue
        optional = rest or tail.startswith("?")
        tail = tail.removeprefix("?").strip()
        annotation = ""
        if tail.startswith(":"):
            annotation, stop = read_type(tail, 1)
            tail = tail[stop:].strip()
        optional = optional or tail.startswith("=")
        if rest and annotation:
            annotation = f"...{annotation}"
        params.append(Param(name, annotation, type_kind(annotation), not optional))
    return tuple(params)


_FUNCTION = re.compile(
    rf"(?<![\w$.])(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?P<async>async\s+)?"
    rf"function\s*\*?\s*(?P<name>{_IDENT})\s*")
_CLASS = re.compile(rf"(?<![\w$.])(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?"
                    rf"class\s+(?P<name>{_IDENT})")
_ARROW = re.compile(
    rf"(?<![\w$.])(?:export\s+)?(?:const|let|var)\s+(?P<name>{_IDENT})\s*(?::[^=]*)?=\s*"
    rf"(?P<async>async\s+)?(?:function\b\s*\*?\s*(?:{_IDENT})?\s*)?(?=[(<])")
_MEMBER_WORDS = {"public", "private", "protected", "static", "readonly", "abstract", "override",
                 "declare", "async", "accessor"}


def _callable_at(text: str, i: int, arrow: bool = False) -> tuple[str, str, int] | None:
    """Parameters and return type of the callable whose generics or ``(`` start at ``i``."""
    i = _skip_space(text, i)
    if i < len(text) and text[i] == "<":
        i = _skip_space(text, matching(text, i) + 1)
    if i >= len(text) or text[i] != "(":
        return None
    close = matching(text, i)
    params = text[i + 1:close]
    j = _skip_space(text, close + 1, newlines=False)
    returns = ""
    if j < len(text) and text[j] == ":":
        returns, j = read_type(text, j + 1, stop_at_arrow=arrow)
    return params, returns, j


def _skip_space(text: str, i: int, newlines: bool = True) -> int:
    while i < len(text) and text[i].isspace() and (newlines or text[i] != "\n"):
        i += 1
    return i


def class_members(text: str, body_start: int) -> tuple[tuple[Param, ...], dict[str, Any]]:
    """The constructor's parameters and the methods (``{name: {params, returns}}``) of the
    class body whose ``{`` is at ``body_start``."""
    end = matching(text, body_start)
    body = text[body_start + 1:end]
    ctor: tuple[Param, ...] = ()
    methods: dict[str, Any] = {}
    i = 0
    while i < len(body):
        i = _skip_space(body, i)
        if i >= len(body):
            break
        if body[i] in ";,":
            i += 1
            continue
        if body[i] == "@":  # a decorator
            m = re.match(rf"@{_IDENT}(?:\.{_IDENT})*", body[i:])
            i += m.end() if m else 1
            if i < len(body) and body[i] == "(":
                i = matching(body, i) + 1
            continue
        m = re.match(rf"(#?{_IDENT}|\"[^\"]*\"|'[^']*'|\[)", body[i:])
        if not m:
            i += 1
            continue
        word = m.group(1)
        after = _skip_space(body, i + len(word), newlines=False)
        nxt = body[after] if after < len(body) else ""
        if word in _MEMBER_WORDS | {"get", "set"} and nxt not in "(<:?=;!\n":
            i = after
            continue
        if word == "[":  # computed name or index signature: skip to the end of the member
            i = matching(body, i) + 1
            _, i = read_type(body, i)
            continue
        name = word.strip("\"'")
        j = after
        if j < len(body) and body[j] in "?!":
            j += 1
        found = _callable_at(body, j)
        if found is not None:
            params_text, returns, k = found
            params = parse_params(params_text)
            if name == "constructor":
                ctor = params
            elif not name.startswith("#"):
                methods[name] = {"params": [{"name": p.name, "type": p.type} for p in params],
                                 "returns": returns}
            k = _skip_space(body, k)
            if k < len(body) and body[k] == "{":
                k = matching(body, k) + 1
            i = k
            continue
        # a property: skip its type and initializer
        k = j
        if k < len(body) and body[k] == ":":
            _, k = read_type(body, k + 1)
        while k < len(body) and body[k] not in ";\n":
            k = matching(body, k) + 1 if body[k] in "([{" else k + 1
        i = k + 1
    return ctor, methods


def _declarations(text: str) -> list[tuple[int, str, str, re.Match[str]]]:
    found = [(m.start(), "function", m.group("name"), m) for m in _FUNCTION.finditer(text)]
    found += [(m.start(), "class", m.group("name"), m) for m in _CLASS.finditer(text)]
    found += [(m.start(), "arrow", m.group("name"), m) for m in _ARROW.finditer(text)]
    return sorted(found, key=lambda d: d[0])


def read_class(text: str, name: str) -> tuple[tuple[Param, ...], dict[str, Any]] | None:
    text = strip_comments(text)
    for m in _CLASS.finditer(text):
        if m.group("name") == name:
            brace = text.find("{", m.end())
            return ((), {}) if brace < 0 else class_members(text, brace)
    return None


def ts_signature(text: str, entry_point: str | None) -> Signature:
    clean = strip_comments(text)
    decls = _declarations(clean)
    if entry_point:
        decls = [d for d in decls if d[2] == entry_point] or decls
    if not decls:
        raise ValueError("no TypeScript `function` or `class` in the signature")
    _, kind, name, match = decls[0]
    if kind == "class":
        brace = clean.find("{", match.end())
        params = class_members(clean, brace)[0] if brace >= 0 else ()
        return Signature(entry_point or name, "class", params)
    found = _callable_at(clean, match.end(), arrow=kind == "arrow")
    if found is None:
        raise ValueError(f"cannot read the parameters of {name!r}")
    params_text, returns, _ = found
    is_async = bool(match.group("async")) or unwrap_promise(returns) != returns
    value_type = unwrap_promise(returns)
    return Signature(entry_point or name, "function", parse_params(params_text), returns,
                     is_async, type_kind(value_type))


# ---------------------------------------------------------------- literals for prompts


def _element_type(ts_type: str) -> str:
    t = bare_type(ts_type).removeprefix("readonly ").strip()
    if t.endswith("[]"):
        return bare_type(t[:-2])
    m = re.fullmatch(r"(?:Readonly)?Array\s*<(.*)>", t, re.S)
    return m.group(1).strip() if m else ""


def _generic_args(ts_type: str, *names: str) -> list[str] | None:
    t = bare_type(ts_type)
    m = re.fullmatch(rf"(?:{'|'.join(names)})\s*<(.*)>", t, re.S)
    return [a.strip() for a in split_top(m.group(1))] if m else None


def _key(name: str) -> str:
    return name if re.fullmatch(_IDENT, name) else json.dumps(name, ensure_ascii=False)


def ts_literal(value: Any, ts_type: str = "") -> str:
    """A TypeScript expression for a JSON value of the given type, for prompts."""
    t = bare_type(ts_type)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value}n" if t == "bigint" else str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        if t in ("TreeNode", "ListNode"):
            inner = ", ".join(ts_literal(v) for v in value)
            return f"{'tree' if t == 'TreeNode' else 'list'}([{inner}])"
        set_args = _generic_args(t, "Set", "ReadonlySet")
        if set_args is not None:
            return f"new Set([{', '.join(ts_literal(v, set_args[0]) for v in value)}])"
        if t.startswith("[") and t.endswith("]"):
            types = [s.strip() for s in split_top(t[1:-1])]
            return "[" + ", ".join(ts_literal(v, types[i] if i < len(types) else "")
                                   for i, v in enumerate(value)) + "]"
        element = _element_type(t)
        return f"[{', '.join(ts_literal(v, element) for v in value)}]"
    if isinstance(value, dict):
        map_args = _generic_args(t, "Map", "ReadonlyMap")
        if map_args is not None and len(map_args) == 2:
            key_t, val_t = map_args
            pairs = ", ".join(
                f"[{ts_literal(_map_key(k, key_t), key_t)}, {ts_literal(v, val_t)}]"
                for k, v in value.items())
            return f"new Map([{pairs}])"
        record = _generic_args(t, "Record")
        val_t = record[1] if record is not None and len(record) == 2 else ""
        if not value:
            return "{}"
        items = ", ".join(f"{_key(str(k))}: {ts_literal(v, val_t)}" for k, v in value.items())
        return f"{{ {items} }}"
    return json.dumps(value)


def _map_key(key: Any, key_type: str) -> Any:
    if bare_type(key_type) in ("number", "bigint") and isinstance(key, str):
        with contextlib.suppress(ValueError):
            return int(key)
    return key


def _exact_ints(value: Any, ts_type: str) -> Any:
    """Integers of a ``bigint``-typed argument as strings (the harness makes them bigints)."""
    if "bigint" not in ts_type:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return [_exact_ints(v, ts_type) for v in value]
    if isinstance(value, dict):
        return {k: _exact_ints(v, ts_type) for k, v in value.items()}
    return value


def _ts_arguments(args: tuple[Any, ...], kwargs: dict[str, Any],
                  params: tuple[Param, ...]) -> str:
    """Arguments as TypeScript, keyword arguments in their parameter's position."""
    values = [ts_literal(a, params[i].type if i < len(params) else "")
              for i, a in enumerate(args)]
    for name, value in kwargs.items():
        at = next((i for i, p in enumerate(params) if p.name == name), None)
        if at is None:
            values.append(f"/* {name}: */ {ts_literal(value)}")
            continue
        values += ["undefined"] * (at + 1 - len(values))
        values[at] = ts_literal(value, params[at].type)
    return ", ".join(values)


def _result_literal(value: Any, returns: str) -> str:
    """An expected result: ``undefined`` for no value where the type says so (``void``,
    ``V | undefined``), as the harness reports ``undefined`` as ``null``."""
    ts_type = unwrap_promise(returns)
    if value is None and (ts_type.strip() in ("void", "undefined") or (
            re.search(r"\bundefined\b", ts_type) and not re.search(r"\bnull\b", ts_type))):
        return "undefined"
    return ts_literal(value, ts_type)


def _variable_name(class_name: str) -> str:
    """The class name in lowerCamelCase: ``TaskQueue`` -> ``taskQueue``, ``LRUCache`` ->
    ``lruCache``."""
    head = re.match(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]+$|[A-Z]?", class_name)
    cut = head.end() if head else 0
    name = class_name[:cut].lower() + class_name[cut:]
    return name if name != class_name else f"my{class_name}"


def _is_getter(signature: str, member: str) -> bool:
    return bool(re.search(rf"(?<![\w$])get\s+{re.escape(member)}\s*\(", strip_comments(signature)))


def example_lines(problem: Problem, case: Case, source: str) -> str:
    """Examples as TypeScript: ``chunk([1, 2, 3], 2)  // -> [[1, 2], [3]]``, ``// throws
    RangeError`` for a thrown error, ``await`` before a call that returns a Promise, keyword
    arguments in their parameter's position (``undefined`` for the ones skipped). A class
    case makes an object with ``new`` and calls its methods, getters read as properties;
    ``source`` holds the declarations with their types (the signature's text)."""
    sig = problem.signature
    if case.calls is None and case.expected_attributes is None:
        call = f"{problem.entry_point}({_ts_arguments(case.args, case.kwargs, sig.params)})"
        if sig.is_async:
            call = f"await {call}"
        if case.raises:
            return f"{call}  // throws {case.raises}"
        return f"{call}  // -> {_result_literal(case.expected, sig.returns)}"
    found = read_class(source, problem.entry_point)
    methods = found[1] if found else {}
    var = _variable_name(problem.entry_point)
    if case.expected_attributes is not None:
        init, init_kwargs = case.args, case.kwargs
    else:
        init, init_kwargs = case.init or (), case.init_kwargs
    make = f"new {problem.entry_point}({_ts_arguments(init, init_kwargs, sig.params)})"
    if case.init_raises:
        return f"{make};  // throws {case.init_raises}"
    lines = [f"const {var} = {make};"]
    if case.expected_attributes is not None:
        lines += [f"{var}.{name}  // -> {ts_literal(value)}"
                  for name, value in case.expected_attributes.items()]
        return "\n".join(lines)
    for c in case.calls or ():
        method = methods.get(c.method, {})
        returns = str(method.get("returns", ""))
        if _is_getter(source, c.method) and not c.args and not c.kwargs:
            line = f"{var}.{c.method}"
        else:
            params = tuple(Param(p["name"], p["type"], type_kind(p["type"]))
                           for p in method.get("params", []))
            line = f"{var}.{c.method}({_ts_arguments(c.args, c.kwargs, params)})"
        if unwrap_promise(returns) != returns or re.search(
                rf"\basync\s+{re.escape(c.method)}\s*[<(]", source):
            line = f"await {line}"
        if c.raises:
            line += f";  // throws {c.raises}"
        elif c.has_expected:
            line += f";  // -> {_result_literal(c.expected, returns)}"
        else:
            line += ";"
        lines.append(line)
    return "\n".join(lines)


def typed_job(job: dict[str, Any], problem: Problem, source: str) -> dict[str, Any]:
    """The harness's job (``harness.ts``): ``job`` with the class's ``methods`` read from
    ``source`` (the declarations with their types), and the integers of ``bigint``-typed
    arguments as strings, since JSON numbers lose digits past 2**53 in JavaScript."""
    methods: dict[str, Any] = {}
    if problem.signature.kind == "class":
        found = read_class(source, problem.entry_point)
        methods = found[1] if found else {}
        job["methods"] = methods
    job["solution"] = "solution.js"
    types = [p.type for p in problem.signature.params]
    for case in job["cases"]:
        for key in ("args", "init"):
            if key in case:
                case[key] = [_exact_ints(a, types[i] if i < len(types) else "")
                             for i, a in enumerate(case[key])]
        for call in case.get("calls", ()):
            params = methods.get(call["method"], {}).get("params", [])
            call["args"] = [_exact_ints(a, params[i]["type"] if i < len(params) else "")
                            for i, a in enumerate(call["args"])]
    return job


# ---------------------------------------------------------------- the compile server


class CompileServer:
    """``node compiler.js --server``: started on first use, one per pytest process, replaced
    when it dies or overruns a request's time limit."""

    def __init__(self, node: str, modules: Path) -> None:
        self.node = node
        self.modules = modules
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self._home = tempfile.mkdtemp(prefix="agentbench-tsc-")
        self.started = 0
        atexit.register(self.close)

    def _start(self) -> bool:
        self.close(remove_home=False)
        env = sandbox.clean_env(Path(self._home))
        argv = [self.node, "--max-old-space-size=2048", str(COMPILER), str(self.modules),
                "--server"]
        wrapped = isolation.Wrapped(argv)
        if sandbox.mode() != "off":  # no network, read-only files: it needs neither
            wrapped = isolation.wrap(argv, Path(self._home), readable=(self.modules, SUPPORT))
        try:
            self._proc = subprocess.Popen(
                wrapped.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, cwd=self._home, env=env, start_new_session=True,
                preexec_fn=wrapped.switch_user, pass_fds=wrapped.fds)
        except OSError:
            self._proc = None
            return False
        finally:
            wrapped.close()
        self._buffer = b""
        self.started += 1
        try:
            ready = json.loads(self._read_line(120.0)).get("ready")
        except (OSError, TimeoutError, EOFError, ValueError, AttributeError):
            ready = False
        if not ready:
            self.close(remove_home=False, graceful=False)
        return bool(ready)

    def _read_line(self, timeout: float) -> bytes:
        assert self._proc is not None and self._proc.stdout is not None
        deadline = time.monotonic() + timeout
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise EOFError("the compile server exited")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def ask(self, directory: Path, request: dict[str, Any],
            timeout: float) -> tuple[dict[str, Any] | None, float]:
        """The server's reply to ``request`` about the files of ``directory`` (sent in the
        request) and the seconds it took; None when no server can answer. Raises
        :class:`TimeoutError` when the server overran ``timeout`` (it is replaced)."""
        names = {*request["roots"], *request["emit"]}
        files = {n: (directory / n).read_text(encoding="utf-8") for n in sorted(names)
                 if (directory / n).is_file()}
        line = json.dumps({**request, "dir": str(directory), "files": files}).encode() + b"\n"
        with self._lock:
            for _attempt in range(2):
                if (self._proc is None or self._proc.poll() is not None) and not self._start():
                    return None, 0.0
                assert self._proc is not None and self._proc.stdin is not None
                started = time.perf_counter()
                try:
                    self._proc.stdin.write(line)
                    self._proc.stdin.flush()
                    reply = json.loads(self._read_line(timeout))
                except TimeoutError:
                    self.close(remove_home=False, graceful=False)
                    raise
                except (OSError, EOFError, ValueError):
                    self.close(remove_home=False, graceful=False)
                    continue
                return reply, time.perf_counter() - started
        return None, 0.0

    def compile(self, directory: Path, request: dict[str, Any],
                timeout: float) -> ProcessResult | None:
        """Compile ``request``'s files of ``directory`` and write the JavaScript there; the
        result as a finished process, or None if no server can answer."""
        started = time.perf_counter()
        try:
            reply, seconds = self.ask(directory, request, timeout)
        except TimeoutError:
            return ProcessResult(None, time.perf_counter() - started, timed_out=True)
        if reply is None:
            return None
        ok = bool(reply.get("ok"))
        for name, text in (reply.get("outputs") or {}).items():
            target = (directory / name).resolve()
            if target.parent == directory.resolve():
                target.write_text(text, encoding="utf-8")
        return ProcessResult(0 if ok else 1, seconds, stdout=str(reply.get("diagnostics", "")))

    def close(self, remove_home: bool = True, graceful: bool = True) -> None:
        """Stop the server (it exits when its stdin closes; killed if it does not)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                if proc.stdin is not None:
                    proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=2 if graceful else 0.01)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        if remove_home:
            shutil.rmtree(self._home, ignore_errors=True)


_SERVERS: dict[tuple[str, str], CompileServer] = {}


def compile_server(node: str, modules: Path) -> CompileServer:
    key = (node, str(modules))
    if key not in _SERVERS:
        _SERVERS[key] = CompileServer(node, modules)
    return _SERVERS[key]


def server_enabled() -> bool:
    return os.environ.get("AGENTBENCH_TS_SERVER", "1").strip().lower() not in ("0", "no", "off",
                                                                                 "false")


# ---------------------------------------------------------------- the runner


class TypeScriptRunner(HarnessRunner):
    name = "typescript"
    aliases = ("ts",)
    display_name = "TypeScript"
    file_name = "solution.ts"
    # V8's heap limits (--max-old-space-size, the worker's resourceLimits) leave out array
    # buffers; without a cgroup only an address-space limit stops a solution that allocates
    # them without end. V8 (no WebAssembly) runs the harness and its worker in about 1 GiB of
    # address space.
    run_memory_bytes = 4096 * MiB
    supports_timing = True
    supports_class_timing = True

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        return ts_signature(text, entry_point)

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        name = re.escape(entry_point)
        code = strip_comments(code)
        return bool(
            re.search(rf"^\s*(export\s+)?(default\s+)?(async\s+)?function\s*\*?\s*{name}\s*[<(]",
                      code, re.M)
            or re.search(rf"^\s*(export\s+)?(default\s+)?(abstract\s+)?class\s+{name}\b", code,
                         re.M)
            or re.search(rf"^\s*(export\s+)?(const|let|var)\s+{name}\b", code, re.M))

    def looks_like_code(self, text: str) -> bool:
        code = strip_comments(text)
        declares = re.search(
            r"^\s*(export\s+)?(default\s+)?(async\s+)?(function\s*\*?\s*[\w$]+\s*[<(]"
            r"|(abstract\s+)?class\s+[\w$]+|(const|let)\s+[\w$]+\s*(:[^=]+)?=)", code, re.M)
        prose = re.search(r"^[A-Z][a-z']+(\s+[\w',]+){3,}[.:!?]\s*$", code, re.M)
        return bool(declares) and not prose

    # -- prompting
    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        parts = [ts_literal(a, params[i].type if i < len(params) else "")
                 for i, a in enumerate(args)]
        return f"{problem.entry_point}({', '.join(parts)})"

    def format_value(self, value: Any) -> str:
        return ts_literal(value)

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """Examples as TypeScript (:func:`example_lines`)."""
        return example_lines(problem, case, problem.signature_text)

    def answer_instructions(self, problem: Problem) -> str:
        sig = problem.signature
        what = "class" if sig.kind == "class" else "function"
        text = (
            "Answer with exactly one fenced code block tagged `ts` containing the complete "
            f"TypeScript source: the top-level {what} `{problem.entry_point}` exactly as in the "
            "signature (`export` is optional), with any helpers and the imports it needs "
            "(Node.js built-in `node:` modules only, no npm packages). The code is type-checked "
            "with `strict: true` (target ES2022, ES2023 library, Node.js 20 types): a type "
            "error fails the answer. Do not include tests, example usage or top-level code "
            "that runs."
        )
        if sig.kind == "class":
            text += (" The constructor and the methods shown are called directly; a method "
                     "may return a Promise, which is awaited.")
        elif sig.is_async:
            text += " The returned Promise is awaited."
        mentions = problem.signature_text + (problem.native_tests or "")
        if "TreeNode" in mentions:
            text += (" `TreeNode` is predefined as on LeetCode (`val`, `left`, `right`, "
                     "`constructor(val?, left?, right?)`); do not declare it. In the examples, "
                     "`tree([...])` is a tree in level order with `null` holes.")
        if "ListNode" in mentions:
            text += (" `ListNode` is predefined as on LeetCode (`val`, `next`, "
                     "`constructor(val?, next?)`); do not declare it. In the examples, "
                     "`list([...])` is a linked list of those values.")
        if problem.native_tests:
            text += (" Tests import the names of the signature from the solution module, so "
                     "keep them top-level.")
        return text

    # -- running
    def toolchain(self) -> Toolchain:
        return node_toolchain((MIN_NODE,), ("typescript", "@types/node"))

    @staticmethod
    def _node() -> str:
        return shutil.which("node") or "node"

    @staticmethod
    def _modules() -> Path:
        modules = node_modules()
        if modules is None:
            raise RuntimeError("typescript is not installed; run: " + INSTALL_HINT)
        return modules

    def extra_env(self, work: Path) -> dict[str, str]:
        return {"NO_COLOR": "1", "NODE_DISABLE_COLORS": "1"}

    def job_for(self, problem: Problem) -> dict[str, Any]:
        return typed_job(super().job_for(problem), problem, problem.signature_text)

    def harness_dir(self) -> Path:
        """The compiled harness and prelude, built once per content and TypeScript version."""
        modules = self._modules()
        return built_harness(self._node(), str(modules))

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        (work / self.file_name).write_text(code, encoding="utf-8")
        (work / GLOBALS).write_text((SUPPORT / "globals.d.ts").read_text(encoding="utf-8"),
                                    encoding="utf-8")
        # the compiled harness is copied in: the sandbox may not see the cache directory
        for name in SUPPORT_JS:
            shutil.copyfile(self.harness_dir() / name, work / name)
        self._request(work, "compile.json", [self.file_name, GLOBALS], [self.file_name])

    @staticmethod
    def _request(work: Path, name: str, roots: list[str], emit: list[str]) -> None:
        request = {"dir": str(work), "roots": roots, "emit": emit, "expose": "solution.ts"}
        (work / name).write_text(json.dumps(request), encoding="utf-8")

    def _compile_step(self, request: str) -> Step:
        return Step([self._node(), "--max-old-space-size=2048", str(COMPILER),
                     str(self._modules()), "--once", request], what="compiler")

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        return [self._compile_step("compile.json")]

    def run_step(self, work: Path, problem: Problem) -> Step:
        # --single-threaded: V8's collector and optimising compiler work in the thread they
        # serve, so the timing mode's CPU clock measures the solution's thread alone
        return Step([self._node(), "--enable-source-maps", "--single-threaded",
                     "--max-old-space-size=256", "harness.js"])

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        (work / "solution.test.ts").write_text(problem.native_tests or "", encoding="utf-8")
        self._request(work, "compile-tests.json", [self.file_name, "solution.test.ts", GLOBALS],
                      [self.file_name, "solution.test.ts"])
        # the reporter is preloaded first: it takes the channel before the tests (and the
        # solution they import) are loaded, and node:test then runs the same module
        run = Step([self._node(), "--enable-source-maps", "--max-old-space-size=1536",
                    "--require", "./reporter.js", "--require", "./prelude.js",
                    "--test-reporter=./reporter.js", "solution.test.js"], what="test")
        return [self._compile_step("compile-tests.json")], run

    def execute(self, step: Step, work: Path, limits: Limits,
                writable: tuple[Path, ...] = ()) -> ProcessResult:
        """A compile step: answered by the compile server when it is enabled and answers,
        else run as the sandboxed ``node compiler.js --once`` it is."""
        if server_enabled() and step.what == "compiler" and step.argv[-2:-1] == ["--once"]:
            request = json.loads((work / step.argv[-1]).read_text(encoding="utf-8"))
            server = compile_server(self._node(), self._modules())
            result = server.compile(work, request, timeout=limits.wall_seconds)
            if result is not None:
                return result
        return super().execute(step, work, limits, writable)

    def readable_paths(self) -> tuple[Path, ...]:
        """``node_modules`` and the support files (:func:`toolchain_paths`)."""
        return toolchain_paths()

    def compile_message(self, proc: ProcessResult) -> str:
        lines = [ln for ln in (proc.stdout.strip() or proc.stderr.strip()).splitlines()
                 if ln.strip()]
        return "\n".join(lines[:20])

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple[str, str, str, float]]:
        prefixes = {f"{work}{os.sep}", f"{work.resolve()}{os.sep}"}
        tests = []
        for name, status, message, seconds in native_results(events, proc):
            for prefix in prefixes:
                message = message.replace(prefix, "")
            tests.append((name, status, message, seconds))
        return tests


@cache
def built_harness(node: str, modules: str) -> Path:
    compiled = [name.replace(".js", ".ts") for name in SUPPORT_JS]
    sources = {name: (SUPPORT / name).read_text(encoding="utf-8")
               for name in (*compiled, "compiler.js")}
    version = package_version(Path(modules) / "typescript" / "package.json")
    sources["typescript-version.txt"] = version + "\n"

    def build(directory: Path) -> None:
        request = {"dir": str(directory), "roots": compiled, "emit": compiled}
        (directory / "request.json").write_text(json.dumps(request), encoding="utf-8")
        result = None
        if server_enabled():
            result = compile_server(node, Path(modules)).compile(directory, request, 300)
        if result is None:
            proc = subprocess.run([node, str(directory / "compiler.js"), modules, "--once",
                                   str(directory / "request.json")],
                                  capture_output=True, text=True, timeout=300, check=False)
            result = ProcessResult(proc.returncode, 0.0, proc.stdout, proc.stderr)
        if result.returncode != 0 or not (directory / "harness.js").is_file():
            raise RuntimeError("the TypeScript harness does not compile:\n"
                               + first_lines(result.stdout or result.stderr, 20))

    return build_cached("typescript-harness", sources, build)


# ---------------------------------------------------------------- node:test events


def _failure(event: dict[str, Any]) -> tuple[str, str]:
    """Status and message of a failed test's event (``support/typescript/reporter.ts``)."""
    kind = str(event.get("failure_type") or "")
    error_name = str(event.get("error_name") or "")
    if kind == "testTimeoutFailure":
        status = "timeout"
    elif event.get("error_code") == "ERR_ASSERTION" or error_name == "AssertionError":
        status = "failed"
    else:
        status = "error"
    error = re.sub(r"\n\s*\n", "\n", str(event.get("error") or "").strip())
    message = f"{error_name}: {error}" if error_name and error_name != "Error" else error
    frames = [ln.strip() for ln in str(event.get("stack") or "").splitlines()
              if ln.strip().startswith("at ")]
    where = next((f for f in frames if "solution" in f), "")
    where = re.sub(r"^at (?:.*\((.*)\)|(.*))$", lambda m: m.group(1) or m.group(2), where)
    where = where or str(event.get("location") or "")
    if where:
        message = f"{message}\n  at {where}"
    return status, message.strip()


def native_results(events: list[dict[str, Any]],
                   proc: ProcessResult) -> list[tuple[str, str, str, float]]:
    """One ``(name, status, message, seconds)`` per test that node:test reported through the
    channel: the innermost tests, and a block or test that failed by itself (a hook, a throwing
    ``describe`` body). A test its own code skipped or marked todo, or one inside such a block,
    is ``skipped``. A test that started but has no result is a ``timeout`` when the process was
    killed at the time limit, else an error; a run that ended on its own before node:test
    reported every test (no ``done``) gets an error outcome of its own."""
    out: list[tuple[str, str, str, float]] = []
    started: list[str] = []
    finished: set[str] = set()
    disabled: list[str] = []  # blocks skipped or marked todo: their tests are skipped
    done = False
    for ev in events:
        kind = ev.get("event")
        if kind == "test_start":
            started.append(str(ev.get("name", "")))
        elif kind == "done":
            done = True
        elif kind == "harness_error":
            out.append(("node:test reporter", "error",
                        f"{ev.get('error_type', '')}: {ev.get('message', '')}", 0.0))
        elif kind == "test":
            name = str(ev.get("name", ""))
            finished.add(name)
            try:
                seconds = float(ev.get("seconds") or 0.0)
            except (TypeError, ValueError):
                seconds = 0.0
            if ev.get("skip") or ev.get("todo"):
                if ev.get("leaf"):
                    out.append((name, "skipped", str(ev.get("skip_reason") or ""), seconds))
                else:
                    disabled.append(name)
            elif ev.get("leaf"):
                out.append((name, "passed", "", seconds) if ev.get("passed")
                           else (name, *_failure(ev), seconds))
            elif not ev.get("passed") and ev.get("failure_type") != "subtestsFailed":
                out.append((name, *_failure(ev), seconds))
    # a block's directive comes after its tests' results: they are skipped with it
    for i, (name, _, _, seconds) in enumerate(out):
        if any(name.startswith(block + " > ") for block in disabled):
            out[i] = (name, "skipped", "in a skipped or todo block", seconds)
    return out + unfinished_tests(started, finished, done, bool(events), proc, "node:test")


def unfinished_tests(started: list[str], finished: set[str], done: bool, reported: bool,
                     proc: ProcessResult, runner: str) -> list[tuple[str, str, str, float]]:
    """Outcomes for what a test run left unfinished: a test that started (and is no block of
    other tests) without a result is a ``timeout`` when the process was killed at the time
    limit, else an error; a run that ended on its own before the test ``runner`` said it was
    ``done`` (after it ``reported`` something, or with status 0) gets an error of its own."""
    out: list[tuple[str, str, str, float]] = []
    known = [*started, *finished]
    for name in dict.fromkeys(started):
        if name in finished or any(other.startswith(name + " > ") for other in known):
            continue
        out.append((name, "timeout", "did not finish within the time limit", 0.0)
                   if proc.timed_out
                   else (name, "error", "did not finish (the test process ended)", 0.0))
    if not done and not proc.timed_out and proc.signal is None and (reported
                                                                    or proc.returncode == 0):
        out.append((runner, "error", "the test process ended (exit status "
                    f"{proc.returncode}) before {runner} reported every test", 0.0))
    return out
