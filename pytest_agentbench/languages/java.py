"""The Java runner: one JVM per problem compiles the solution in-process and runs every case.

The harness (``support/java``: a JSON codec, reflection-based argument conversion, an in-process
compiler front end, and a JUnit 5 style test runner with JUnit's ``@Test`` and ``Assertions``
API) is compiled once per content hash into a jar with :func:`build_cached`, together with a
dynamic CDS archive of the classes a run loads (the harness and javac), which roughly halves the
JVM's start-up and compile time. Each problem then starts ONE sandboxed JVM that compiles only
the solution (plus ``TreeNode``/``ListNode`` when used, and the native tests) with the system
Java compiler, loads it in a fresh class loader, calls the entry point by reflection with every
JSON argument turned into the declared (generic) parameter type, reports one outcome event per
case through the outcome channel (:mod:`pytest_agentbench.channel`; the token is read before the
solution is compiled), and then runs the native tests in the same JVM, one outcome per ``@Test``
method (``native_in_run_step``). It compiles into memory: the work directory is read-only to it.

Entry points: a function problem names a method (``class Solution { public int[] twoSum(...) }``,
instance or static; a new instance per case); a class problem names a class whose constructor
takes the case's ``init`` and whose methods take its ``calls``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from functools import cache
from pathlib import Path
from typing import Any

from .. import channel
from ..models import (
    Param,
    Problem,
    ProcessResult,
    Signature,
    TimingResult,
)
from . import java_project
from .base import (
    ExecSettings,
    Toolchain,
    first_lines,
)
from .harness_runner import (
    JOB,
    HarnessRunner,
    NativeCompileError,
    Step,
    build_cached,
    detect_toolchain,
    timing_input,
)
from .java_project import compile_jar, jdk_identity
from .python import timing_from_events

SUPPORT = Path(__file__).with_name("support") / "java"
HARNESS_SOURCES = SUPPORT / "harness"  # compiled into the harness jar
PREDEFINED = SUPPORT / "predefined"  # TreeNode, ListNode: compiled with a solution that uses them
TRAINING = SUPPORT / "training"  # what a typical run loads, for the CDS archive
HARNESS_CLASS = "agentbench.Harness"
HARNESS_JAR = "agentbench-harness.jar"
SOLUTION_FILE = "Solution.java"
TESTS_FILE = "NativeTests.java"
INSTALL_HINT = "apt-get install openjdk-17-jdk-headless"
MIN_JAVA = 17

#: JVM options of every run. Serial GC, no perf-data file and the C1 compiler only start
#: fastest: a run is dominated by javac's cold code, and C1 cuts it by about a third (hot loops
#: of a solution run slower than under C2, results do not change). The heap and metaspace are
#: capped here because the run step has no address-space limit (the JVM reserves large ranges
#: up front). -ea (assertions on) as under Maven Surefire. No attach mechanism: a child process
#: of the solution (``jcmd``) cannot dump this JVM's heap, which holds the channel's token.
JVM_OPTIONS = (
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:-UsePerfData",
    "-Xshare:auto",
    "-Xmx1g",
    "-XX:MaxMetaspaceSize=512m",
    "-XX:ReservedCodeCacheSize=128m",
    "-ea",
    "-Dfile.encoding=UTF-8",
    "-Djava.awt.headless=true",
    "-XX:+DisableAttachMechanism",
)

#: the timing job runs with both JIT compilers (C2 too): what is measured is the code as a
#: deployed JVM runs it after warm-up calls, not C1's quicker but slower code. -Xbatch compiles
#: in the foreground, so the code is compiled by the end of the warm-up whatever the machine's
#: load (in the background, compilations queue up on a busy machine and finish during the timed
#: calls of one contender but not the other). A fixed, large young generation: a call starts
#: with an empty one (a collection precedes each timed call) and rarely fills it, so collections
#: (timed by the clock) seldom fall within a call.
TIMING_JVM_OPTIONS = (*(o for o in JVM_OPTIONS if o != "-XX:TieredStopAtLevel=1"),
                      "-Xbatch", "-Xms1g", "-Xmn512m")
#: untimed calls of each contender before the timed ones (per size): at most this many, and
#: no more once their CPU time reaches this
WARMUP_CALLS = 200
WARMUP_SECONDS = 0.5






# ---------------------------------------------------------------- reading Java source text


def _blank_comments_and_strings(text: str) -> str:
    """The text with comments, string and char literals blanked (positions kept)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        two = text[i:i + 2]
        if two == "//":
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif two == "/*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
        elif text[i] in "\"'":
            quote, j = text[i], i + 1
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            for k in range(i + 1, j - 1):
                out[k] = " " if text[k] != "\n" else "\n"
            i = j
            continue
        else:
            i += 1
            continue
        for k in range(i, j):
            out[k] = " " if text[k] != "\n" else "\n"
        i = j
    return "".join(out)


def _matching(text: str, start: int, open_ch: str = "{", close_ch: str = "}") -> int:
    """Index of the bracket closing the one at ``start`` (len(text) if unclosed)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == open_ch:
            depth += 1
        elif text[i] == close_ch:
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split at ``sep`` outside of <>, (), [] and {}."""
    depth = 0
    cur: list[str] = []
    out: list[str] = []
    for ch in text:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        if ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [p.strip() for p in out if p.strip()]


_MODIFIERS = {"public", "protected", "private", "static", "final", "abstract", "synchronized",
              "native", "default", "strictfp", "transient", "volatile", "sealed", "non-sealed"}
_TYPE_KW = re.compile(r"\b(class|interface|enum|record)\s+([A-Za-z_$][\w$]*)")
_ANNOTATION = re.compile(r"@[\w$.]+(\s*\([^()]*\))?")


@dataclass(frozen=True)
class JavaMember:
    name: str
    params: tuple[Param, ...]
    returns: str  # "" for a constructor
    static: bool
    is_constructor: bool
    private: bool = False


@dataclass(frozen=True)
class JavaType:
    kind: str  # class | interface | enum | record
    name: str
    members: tuple[JavaMember, ...]
    components: tuple[Param, ...] = ()  # a record's


def param_kind(java_type: str) -> str:
    t = re.sub(r"\s+", "", java_type)
    if t in ("String", "java.lang.String", "CharSequence"):
        return "str"
    if "TreeNode" in t:
        return "tree"
    if "ListNode" in t:
        return "linked_list"
    return "other"


def parse_params(text: str) -> tuple[Param, ...]:
    params = []
    for i, part in enumerate(split_top(_ANNOTATION.sub(" ", text))):
        words = part.replace("...", "[]... ").split()
        words = [w for w in words if w != "final"]
        if len(words) >= 2:
            name = words[-1]
            typ = " ".join(words[:-1]).replace("[]... ", "...").replace("[]...", "...")
        else:
            name, typ = f"arg{i}", " ".join(words)
        typ = re.sub(r"\s*([<>,\[\]])\s*", r"\1", typ).replace(",", ", ")
        params.append(Param(name, typ, param_kind(typ)))
    return tuple(params)


def _member(header: str, type_name: str) -> JavaMember | None:
    header = _ANNOTATION.sub(" ", header).strip()
    paren = header.find("(")
    if paren < 0 or "=" in header[:paren]:
        return None  # a field
    if _TYPE_KW.search(header[:paren]):
        return None  # a record header or a nested type
    close = _matching(header, paren, "(", ")")
    before = header[:paren].split()
    if not before:
        return None
    name = before[-1]
    words = before[:-1]
    rest = " ".join(w for w in words if w not in _MODIFIERS).strip()
    if rest.startswith("<"):  # a generic method's type parameters
        rest = rest[_matching(rest, 0, "<", ">") + 1:].strip()
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", name) or name in ("if", "for", "while", "switch",
                                                                "catch", "return", "new"):
        return None
    is_ctor = not rest and name == type_name
    if not rest and not is_ctor:
        return None
    returns = re.sub(r"\s*([<>,\[\]])\s*", r"\1", rest).replace(",", ", ")
    return JavaMember(name, parse_params(header[paren + 1:close]), returns, "static" in words,
                      is_ctor, "private" in words)


def _members(body: str, type_name: str) -> tuple[JavaMember, ...]:
    """Methods and constructors declared directly in a type body (nested bodies skipped)."""
    members = []
    header: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "{":
            member = _member("".join(header), type_name)
            if member:
                members.append(member)
            header = []
            i = _matching(body, i) + 1
            continue
        if ch == ";":
            member = _member("".join(header), type_name)
            if member:
                members.append(member)
            header = []
        elif ch == "(":  # keep parameter lists whole
            close = _matching(body, i, "(", ")")
            header.append(body[i:close + 1])
            i = close + 1
            continue
        else:
            header.append(ch)
        i += 1
    member = _member("".join(header), type_name)  # a last header without a body
    if member:
        members.append(member)
    return tuple(members)


_RECORD = re.compile(r"\brecord\s+([A-Za-z_$][\w$]*)\s*(<[^(]*>)?\s*\(")


def read_records(text: str) -> dict[str, tuple[Param, ...]]:
    """Every record declared in the text, nested ones included: name -> components."""
    clean = _blank_comments_and_strings(text)
    out = {}
    for match in _RECORD.finditer(clean):
        start = match.end() - 1
        out[match.group(1)] = parse_params(clean[start + 1:_matching(clean, start, "(", ")")])
    return out


def read_types(text: str) -> list[JavaType]:
    """Top-level type declarations of Java source text, with their members."""
    clean = _blank_comments_and_strings(text)
    types = []
    i = 0
    while True:
        match = _TYPE_KW.search(clean, i)
        if not match:
            break
        kind, name = match.group(1), match.group(2)
        brace = clean.find("{", match.end())
        if brace < 0:
            break
        header = clean[match.end():brace]
        components: tuple[Param, ...] = ()
        if kind == "record" and "(" in header:
            start = header.index("(")
            components = parse_params(header[start + 1:_matching(header, start, "(", ")")])
        end = _matching(clean, brace)
        members = _members(clean[brace + 1:end], name) if kind != "enum" else ()
        types.append(JavaType(kind, name, members, components))
        i = end + 1
    return types


def predefined_needed(code: str, context: str = "") -> list[str]:
    """``TreeNode``/``ListNode``: the predefined types the code (or its problem's signature and
    tests, ``context``) uses without declaring them, to compile next to it."""
    defined = {t.name for t in read_types(code)} | set(re.findall(
        r"\b(?:class|record|interface)\s+(TreeNode|ListNode)\b",
        _blank_comments_and_strings(code)))
    return [name for name in ("TreeNode", "ListNode")
            if re.search(rf"\b{name}\b", context + code) and name not in defined]


# ---------------------------------------------------------------- Java literals for prompts


def _java_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028")


def _generic_args(java_type: str) -> list[str]:
    t = java_type.strip()
    if "<" not in t or not t.endswith(">"):
        return []
    return split_top(t[t.index("<") + 1:-1])


def _base(java_type: str) -> str:
    return re.sub(r"<.*", "", java_type.strip()).split(".")[-1]


_LIST_TYPES = {"List", "Collection", "Iterable", "ArrayList", "LinkedList"}
_SET_TYPES = {"Set", "HashSet", "LinkedHashSet", "SortedSet", "NavigableSet", "TreeSet"}
_QUEUE_TYPES = {"Queue", "Deque", "ArrayDeque", "PriorityQueue"}
_MAP_TYPES = {"Map", "HashMap", "LinkedHashMap", "TreeMap", "SortedMap", "NavigableMap",
              "ConcurrentMap", "ConcurrentHashMap"}


def java_literal(value: Any, java_type: str = "",
                 records: dict[str, tuple[Param, ...]] | None = None) -> str:
    """A Java expression for a JSON value of the given Java type (for examples in prompts)."""
    records = records or {}
    t = java_type.strip().replace("...", "[]")
    base = _base(t)
    if value is None:
        return "Optional.empty()" if base == "Optional" else "null"
    if base == "Optional":
        inner = _generic_args(t)
        return f"Optional.of({java_literal(value, inner[0] if inner else '', records)})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if base in ("char", "Character") and len(value) == 1:
            return "'\\''" if value == "'" else "'" + _java_string(value)[1:-1] + "'"
        return _java_string(value)
    if isinstance(value, int):
        if base in ("long", "Long") or not -(2**31) <= value < 2**31:
            return f"{value}L"
        if base in ("double", "Double"):
            return f"{value}.0"
        if base in ("float", "Float"):
            return f"{value}.0f"
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "Double.NaN"
        if math.isinf(value):
            return "Double.POSITIVE_INFINITY" if value > 0 else "Double.NEGATIVE_INFINITY"
        return repr(value) + ("f" if base in ("float", "Float") else "")
    if base in records and isinstance(value, (list, dict)):
        components = records[base]
        items = ([value.get(c.name) for c in components] if isinstance(value, dict)
                 else list(value))
        parts = [java_literal(v, components[i].type if i < len(components) else "", records)
                 for i, v in enumerate(items)]
        return f"new {base}({', '.join(parts)})"
    if isinstance(value, list):
        if base in ("TreeNode", "ListNode") and not value:
            return "null"
        if base == "TreeNode":
            return f"TreeNode.of({', '.join(java_literal(v) for v in value)})"
        if base == "ListNode":
            return f"ListNode.of({', '.join(java_literal(v) for v in value)})"
        if t.endswith("[]"):
            return f"new {t} {_array_init(value, t[:-2], records)}"
        inner = _generic_args(t)
        elem = inner[0] if inner else ""
        joined = ", ".join(java_literal(v, elem, records) for v in value)
        if base in _SET_TYPES:
            return f"Set.of({joined})"
        if base in _QUEUE_TYPES:
            return f"new {base if base != 'Queue' else 'ArrayDeque'}<>(List.of({joined}))"
        if None in value:
            return f"Arrays.asList({joined})"
        return f"List.of({joined})"
    if isinstance(value, dict):
        inner = _generic_args(t)
        key_t, val_t = (inner[0], inner[1]) if len(inner) == 2 else ("String", "")
        pairs = [(java_literal(_map_key(k, key_t), key_t, records),
                  java_literal(v, val_t, records)) for k, v in value.items()]
        if len(pairs) <= 10:
            return f"Map.of({', '.join(f'{k}, {v}' for k, v in pairs)})"
        entries = ", ".join(f"Map.entry({k}, {v})" for k, v in pairs)
        return f"Map.ofEntries({entries})"
    return json.dumps(value)


def _map_key(key: str, key_type: str) -> Any:
    if _base(key_type) in ("Integer", "Long", "Short", "Byte", "int", "long"):
        try:
            return int(key)
        except ValueError:
            return key
    if _base(key_type) in ("Double", "Float"):
        try:
            return float(key)
        except ValueError:
            return key
    return key


def _array_init(value: list[Any], elem_type: str, records: dict[str, tuple[Param, ...]]) -> str:
    if elem_type.endswith("[]"):
        parts = [_array_init(v, elem_type[:-2], records) if isinstance(v, list)
                 else java_literal(v, elem_type, records) for v in value]
    else:
        parts = [java_literal(v, elem_type, records) for v in value]
    return "{" + ", ".join(parts) + "}"


def _java_args(args: tuple[Any, ...], kwargs: dict[str, Any], params: list[Param],
               records: dict[str, tuple[Param, ...]]) -> str:
    """Arguments as Java expressions for the parameter types; keyword arguments in their place."""
    values = list(args) + [kwargs[p.name] for p in params[len(args):] if p.name in kwargs]
    types = [p.type for p in params]
    if types and types[-1].endswith("..."):
        types[-1] = types[-1][:-3]
        types += [types[-1]] * max(0, len(values) - len(types))
    return ", ".join(java_literal(v, types[i] if i < len(types) else "", records)
                     for i, v in enumerate(values))


def _java_outcome(raises: str | None, expected: Any, has_expected: bool, returns: str,
                  records: dict[str, tuple[Param, ...]]) -> str:
    if raises:
        return f"throws {raises}"
    if not has_expected:
        return "(not checked)"
    return f"-> {java_literal(expected, returns, records)}"


# ---------------------------------------------------------------- the runner


def _java_version(text: str) -> int | None:
    match = re.search(r'(?:javac|version)\s+"?(\d+)(?:\.(\d+))?', text)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


class JavaRunner(HarnessRunner):
    name = "java"
    aliases = ()
    display_name = "Java"
    file_name = SOLUTION_FILE
    run_memory_bytes = None  # the JVM reserves address space up front; -Xmx caps the heap
    native_in_run_step = True  # one JVM compiles, runs the cases, then the native tests
    jvm_options: tuple[str, ...] = JVM_OPTIONS

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        types = read_types(text)
        if not types:
            # bare method headers: read them as the members of a Solution class
            types = read_types(f"class Solution {{\n{text}\n}}")
        if not any(t.members or t.components for t in types):
            raise ValueError("no Java class, record or method in the signature")
        if entry_point:
            for t in types:
                if t.name == entry_point:
                    return self._class_signature(t)
            for t in types:
                for m in t.members:
                    if m.name == entry_point and not m.is_constructor:
                        return self._method_signature(m)
            raise ValueError(f"the signature declares no type or method {entry_point!r}")
        classes = [t for t in types if t.kind == "class"]
        solution = next((t for t in classes if t.name == "Solution"), None)
        if solution is None:
            for t in classes:
                if any(not m.private and (m.is_constructor or not m.static) for m in t.members):
                    return self._class_signature(t)
            solution = next((t for t in classes if t.members), None)
        if solution is None:
            records = [t for t in types if t.kind == "record"]
            if records:
                return self._class_signature(records[-1])
            raise ValueError("no class with methods in the signature")
        methods = [m for m in solution.members if not m.is_constructor and not m.private]
        if not methods:
            raise ValueError(f"class {solution.name} declares no method")
        return self._method_signature(methods[0])

    @staticmethod
    def _class_signature(t: JavaType) -> Signature:
        ctor = next((m for m in t.members if m.is_constructor and not m.private), None)
        params = ctor.params if ctor else t.components
        return Signature(t.name, "class", params)

    @staticmethod
    def _method_signature(m: JavaMember) -> Signature:
        return Signature(m.name, "function", m.params, m.returns, False, param_kind(m.returns))

    @staticmethod
    def owner_of(text: str, method: str) -> str | None:
        """The class of the signature that declares ``method``."""
        for t in read_types(text):
            if any(m.name == method and not m.is_constructor for m in t.members):
                return t.name
        return None

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        clean = _blank_comments_and_strings(code)
        name = re.escape(entry_point)
        if re.search(rf"\b(class|interface|enum|record)\s+{name}\b", clean):
            return True
        return bool(re.search(rf"[\w$>\]]\s+{name}\s*\([^;{{}}]*\)\s*(throws\s+[\w$.,\s]+)?\{{",
                              clean))

    def looks_like_code(self, text: str) -> bool:
        clean = _blank_comments_and_strings(text)
        return "{" in clean and bool(re.search(
            r"^\s*(import\s+(static\s+)?[\w.]+(\.\*)?\s*;|((public|final|abstract|sealed)\s+)*"
            r"(class|interface|record|enum)\s+\w+)", clean, re.M))

    # -- prompting
    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        records = read_records(problem.signature_text)
        parts = [java_literal(a, params[i].type if i < len(params) else "", records)
                 for i, a in enumerate(args)]
        return f"{problem.entry_point}({', '.join(parts)})"

    def format_value(self, value: Any) -> str:
        return java_literal(value)

    def format_example(self, problem: Problem, case: Any) -> str | None:
        """Examples as Java: ``twoSum(new int[] {2, 7}, 9)  // -> new int[] {0, 1}``, values
        written for their declared types (records, Optional, trees), ``// throws X`` for an
        expected exception; a class case declares ``var`` with ``new`` and calls its methods."""
        text = problem.signature_text
        records = read_records(text)
        types = read_types(text)
        if case.expected_attributes is None and case.calls is None:
            params = list(problem.signature.params)
            call = f"{problem.entry_point}({_java_args(case.args, case.kwargs, params, records)})"
            outcome = _java_outcome(case.raises, case.expected, True, problem.signature.returns,
                                    records)
            return f"{call}  // {outcome}"
        owner = next((t for t in types if t.name == problem.entry_point), None)
        members = owner.members if owner else ()
        ctor = next((m for m in members if m.is_constructor and not m.private), None)
        generic = re.search(rf"\b(class|record)\s+{re.escape(problem.entry_point)}\s*<", text)
        var = problem.entry_point[:1].lower() + problem.entry_point[1:]
        if case.expected_attributes is not None:
            init, init_kwargs = case.args, case.kwargs
        else:
            init, init_kwargs = case.init or (), case.init_kwargs
        ctor_params = list(ctor.params if ctor else problem.signature.params)
        make = (f"new {problem.entry_point}{'<>' if generic else ''}"
                f"({_java_args(init, init_kwargs, ctor_params, records)})")
        if case.init_raises:
            return f"{make};  // throws {case.init_raises}"
        lines = [f"var {var} = {make};"]
        if case.expected_attributes is not None:
            for attr, value in case.expected_attributes.items():
                lines.append(f"{var}.{attr}  // -> {java_literal(value, '', records)}")
            return "\n".join(lines)
        for c in case.calls or ():
            method = next((m for m in members if m.name == c.method and not m.is_constructor
                           and len(m.params) == len(c.args) + len(c.kwargs)), None)
            params = list(method.params) if method else []
            line = f"{var}.{c.method}({_java_args(c.args, c.kwargs, params, records)});"
            if c.raises or c.has_expected:
                returns = method.returns if method else ""
                outcome = _java_outcome(c.raises, c.expected, c.has_expected, returns, records)
                line += f"  // {outcome}"
            lines.append(line)
        return "\n".join(lines)

    def answer_instructions(self, problem: Problem) -> str:
        sig = problem.signature
        if sig.kind == "class":
            what = (f"the class `{problem.entry_point}` with the constructor and the methods of "
                    "the signature (same names, parameter and return types)")
        else:
            owner = self.owner_of(problem.signature_text, problem.entry_point) or "Solution"
            what = (f"`class {owner}` with the method `{problem.entry_point}` exactly as in the "
                    "signature (it is called on a new instance for every case)")
        text = (
            "Answer with exactly one fenced code block tagged `java` containing one complete "
            f"Java 17 source file: {what}, with its imports (standard library only), every "
            "type the signature declares, and any helper classes (not public, or nested). Do "
            "not declare a `package`, a `main` method or tests."
        )
        mentions = problem.signature_text + (problem.native_tests or "")
        if "TreeNode" in mentions:
            text += (" `TreeNode` (fields `int val`, `TreeNode left`, `TreeNode right`; "
                     "constructors `TreeNode()`, `TreeNode(int val)`, "
                     "`TreeNode(int val, TreeNode left, TreeNode right)`) is predefined; do not "
                     "declare it.")
        if "ListNode" in mentions:
            text += (" `ListNode` (fields `int val`, `ListNode next`; constructors `ListNode()`, "
                     "`ListNode(int val)`, `ListNode(int val, ListNode next)`) is predefined; do "
                     "not declare it.")
        return text

    # -- toolchain
    def toolchain(self) -> Toolchain:
        found = detect_toolchain({"javac": ("-version",), "java": ("-version",)}, INSTALL_HINT)
        if not found.available:
            return found
        major = _java_version(found.version)
        if major is not None and major < MIN_JAVA:
            return Toolchain(False, reason=f"Java {MIN_JAVA} or newer is needed, found "
                             f"{found.version}", install_hint=INSTALL_HINT)
        return found

    # -- files and commands
    @staticmethod
    def as_default_package(code: str) -> str:
        """The code without its ``package`` line (replaced by a blank line: numbering kept)."""
        return re.sub(r"^\s*package\s+[\w.]+\s*;[ \t]*$", "", code, count=1, flags=re.M)

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        (work / SOLUTION_FILE).write_text(self.as_default_package(code), encoding="utf-8")
        for name in predefined_needed(code, problem.signature_text + (problem.native_tests or "")):
            shutil.copyfile(PREDEFINED / f"{name}.java", work / f"{name}.java")
        if problem.native_tests:
            (work / TESTS_FILE).write_text(self.as_default_package(problem.native_tests),
                                           encoding="utf-8")

    def job_for(self, problem: Problem) -> dict[str, Any]:
        """The shared job, plus the exception type each case, constructor or call expects
        (``raises``, ``init_raises``): the harness reports a subclass of it as it, as JUnit's
        ``assertThrows`` accepts subclasses."""
        job = super().job_for(problem)
        cases = {c.index: c for c in problem.executable_cases}
        for entry in job["cases"]:
            case = cases[entry["index"]]
            if case.raises:
                entry["raises"] = case.raises
            if case.init_raises:
                entry["init_raises"] = case.init_raises
            for call_job, call in zip(entry.get("calls", ()), case.calls or (), strict=False):
                if call.raises:
                    call_job["raises"] = call.raises
        return job

    def write_job(self, work: Path, problem: Problem) -> None:
        job = {**self.job_for(problem), "java": self.java_job(work, problem)}
        (work / JOB).write_text(json.dumps(job), encoding="utf-8")

    def java_job(self, work: Path, problem: Problem) -> dict[str, Any]:
        return {
            "source": SOLUTION_FILE,
            "support": [f"{n}.java" for n in ("TreeNode", "ListNode")
                        if (work / f"{n}.java").exists()],
            "tests": TESTS_FILE if problem.native_tests else None,
            "owner": (self.owner_of(problem.signature_text, problem.entry_point)
                      if problem.signature.kind == "function" else None),
        }

    def run_readable_paths(self) -> tuple[Path, ...]:
        """The harness jar and its CDS archive, which the JVM reads from the cache."""
        jar, archive = harness_build()
        return (jar.parent, *((archive.parent,) if archive is not None else ()))

    def java_command(self, *args: str, options: tuple[str, ...] | None = None) -> list[str]:
        jar, archive = harness_build()
        flags = list(self.jvm_options if options is None else options)
        if archive is not None:
            flags.insert(0, f"-XX:SharedArchiveFile={archive}")
        return ["java", *flags, "-cp", str(jar), HARNESS_CLASS, *args]

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        """None: the harness compiles the solution inside the run's JVM (see the module)."""
        return []

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step(self.java_command(JOB))

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """The native tests alone, for a problem without cases (the harness compiles them
        in-process: no compile step); with cases, the run step runs them too."""
        return [], Step(self.java_command(JOB, "native"), what="test runner")

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple]:
        """Per ``@Test`` method, in order: (name, status, message, seconds), from the run's
        ``native_*`` events (``NativeRunner.java``). ``skipped``: ``@Disabled`` (on the test or
        its class) or aborted by a failed assumption. A test that was running when the JVM
        ended is a ``timeout`` (killed at the time limit) or an ``error`` (the JVM died), one
        that never started ``not_run``. Raises :class:`NativeCompileError` when the solution
        (run without cases) or the tests do not compile."""
        results: dict[str, tuple[str, str, str, float]] = {}
        for ev in events:
            kind, name = ev.get("event"), str(ev.get("name", ""))
            if kind == "compile_error":  # the solution's, in a run of the native tests alone
                raise NativeCompileError(first_lines(str(ev.get("message", ""))))
            if kind == "native_compile_error":
                raise NativeCompileError("the native tests do not compile against the solution:\n"
                                         + first_lines(str(ev.get("message", ""))))
            if kind == "native_error":
                return [("(native tests)", "error", str(ev.get("message", "")))]
            if kind == "native_tests":
                for listed in ev.get("names", []):
                    results[str(listed)] = (str(listed), "not_run",
                                            "not run: the process ended first", 0.0)
            elif kind == "native_start" and proc.timed_out:
                results[name] = (name, "timeout", "did not finish within the time limit", 0.0)
            elif kind == "native_start":
                results[name] = (name, "error", "did not finish: the process was killed or "
                                 "ended during this test", 0.0)
            elif kind == "native_test":
                results[name] = (name, str(ev.get("status", "error")),
                                 str(ev.get("message", "")), float(ev.get("seconds", 0.0) or 0.0))
        return list(results.values())

    # -- project mode: an Exercism exercise's JUnit 5 tests (java_project.py)
    def project_skip_reason(self, problem: Problem) -> str | None:
        return java_project.skip_reason(problem)

    def project_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """Every source compiled by javac against JUnit 5 and AssertJ, the test classes run
        by the JUnit Platform under the project harness."""
        return java_project.project_steps(work, problem, self.jvm_options)

    def parse_project(self, proc: ProcessResult, events: list[dict[str, Any]],
                      work: Path) -> list[tuple]:
        return java_project.parse_project(proc, events, java_project.test_source(work))

    # -- timing: one JVM for the solution and the reference
    supports_timing = True
    supports_class_timing = True

    def benchmark(self, problem: Problem, code: str, reference: str,
                  settings: ExecSettings) -> TimingResult:
        """The solution and the reference in ONE sandboxed JVM, as the cases are run: each is
        compiled and loaded in a class loader of its own, then both are called in turn on each
        timing size after warm-up calls, timed in CPU seconds (``Timing.java``). One JVM start
        and one compile of each instead of a process per round; the JIT compilers (C1 and C2)
        warm up on both alike. A class problem's size is a construction and its calls, timed
        together."""
        assert problem.timing is not None
        with tempfile.TemporaryDirectory(prefix="agentbench-java-time-") as tmp:
            work = Path(tmp)
            contenders = []
            for who, source in (("solution", code), ("reference", reference)):
                same = who == "reference" and source == code  # e.g. the reference agent
                folder = "solution" if same else who
                if not same:
                    (work / folder).mkdir()
                    self.write_files(work / folder, dc_replace(problem, native_tests=None),
                                     source)
                support = sorted(p.name for p in (work / folder).glob("*.java")
                                 if p.name != SOLUTION_FILE)
                sources = [SOLUTION_FILE, *support]
                contenders.append({"who": who, "dir": folder, "sources": sources})
            job = {**self.job_for(problem), "cases": [], "mode": "timing",
                   "java": {"owner": (self.owner_of(problem.signature_text, problem.entry_point)
                                      if problem.signature.kind == "function" else None)},
                   "timing": {
                       "contenders": contenders,
                       "repeat": problem.timing.repeat,
                       "cutoff_ratio": 25.0,
                       "warmup_calls": WARMUP_CALLS,
                       "warmup_seconds": WARMUP_SECONDS,
                       "sizes": [{"label": s.label, "n": s.n, **timing_input(s)}
                                 for s in problem.timing.sizes]}}
            (work / JOB).write_text(json.dumps(job), encoding="utf-8")
            step = Step(self.java_command(JOB, options=TIMING_JVM_OPTIONS), what="timing run")
            limits = self.limits_for("run", settings)  # two programs, two sizes, warm-ups
            limits = dc_replace(limits, wall_seconds=2 * limits.wall_seconds,
                                cpu_seconds=limits.cpu_seconds and 2 * limits.cpu_seconds)
            proc, events, forged = self.report(step, work, limits)
        if forged:
            return TimingResult((), channel.forged_message(forged))
        return timing_from_events(events, proc)


# ---------------------------------------------------------------- the harness jar, built once


def _sources(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.java"))}


def _build_archive(jar: Path, staging: Path) -> None:
    """A dynamic CDS archive of what a typical run loads; none if this JVM cannot make one."""
    with tempfile.TemporaryDirectory(prefix="agentbench-java-cds-") as tmp:
        work = Path(tmp)
        shutil.copyfile(TRAINING / SOLUTION_FILE, work / SOLUTION_FILE)
        shutil.copyfile(TRAINING / TESTS_FILE, work / TESTS_FILE)
        shutil.copyfile(PREDEFINED / "TreeNode.java", work / "TreeNode.java")
        cases = [{"index": 0, "args": [[3, 1, 2], ["ab", "c"], [1, 2, None, 3], {"a": 1},
                                       [4, "x"], 2**40, 0.5, "z"]}]
        job = {"entry_point": "train", "kind": "function",
               "params": [{"name": f"p{i}", "type": "", "kind": "other"} for i in range(8)],
               "returns": "", "cases": cases,
               "java": {"source": SOLUTION_FILE, "support": ["TreeNode.java"],
                        "tests": TESTS_FILE, "owner": "Solution"}}
        (work / JOB).write_text(json.dumps(job), encoding="utf-8")
        archive = staging / "harness.jsa"
        (work / "channel").mkdir()
        chan = channel.Channel(work / "channel")
        with chan.open() as fds, contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(["java", f"-XX:ArchiveClassesAtExit={archive}", *JVM_OPTIONS,
                            "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                            "-cp", str(jar), HARNESS_CLASS, JOB],
                           cwd=work, env={**os.environ, **fds}, pass_fds=channel.Channel.fds(fds),
                           capture_output=True, timeout=300, check=False)
        finished = any(ev.get("event") == "native_done" for ev in chan.events().events)
        if archive.exists() and not finished:  # the training run did not get through
            archive.unlink()


@cache
def harness_build() -> tuple[Path, Path | None]:
    """The harness jar and its CDS archive (None when the JVM made none), built once."""
    identity = jdk_identity()
    sources = _sources(HARNESS_SOURCES)
    sources["jdk.txt"] = identity
    jar = build_cached("java-harness", sources,
                       lambda staging: compile_jar(staging, HARNESS_JAR)) / HARNESS_JAR
    stat = jar.stat()  # the archive is only valid for this very jar file
    key = {"jar": f"{jar}\n{stat.st_mtime_ns}\n{stat.st_size}", "jdk.txt": identity,
           "options.txt": "\n".join(JVM_OPTIONS),
           **{f"training/{k}": v for k, v in _sources(TRAINING).items()},
           **{f"predefined/{k}": v for k, v in _sources(PREDEFINED).items()}}
    cds = build_cached("java-cds", key, lambda staging: _build_archive(jar, staging))
    archive = cds / "harness.jsa"
    return jar, archive if archive.exists() else None
