"""The Go runner: one build per problem, one process runs every case by reflection.

The solution becomes ``package main`` next to a small generated ``agentbench_main.go`` that
hands the entry point (a function; for a type, its constructor or a zero value) to the harness
package ``agentbench/harness`` (``harness/harness.go``). The harness is written once per content
hash into the cache directory and required through a ``replace`` directive, so the go build cache
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

Timing (``supports_timing``, the one-process protocol of ``docs/runners.md``): one binary holds
both contenders, each a package of its own (``agentbench/solution``, ``agentbench/reference``)
whose generated glue (:meth:`GoRunner.write_contender`) exports its entry, and a generated main
hands both to the harness's ``MainTiming`` (``harness/timing.go``). Per size it decodes the input
once, then times a warm-up unit of each and the rounds (``repeat`` at the first size, as many as
the call budget allows at later ones), one unit of each per round, on a fresh deep copy of the
arguments each time, with the garbage collector off during the unit; the seconds reported are
the process's CPU time during the unit, which on a shared machine is far steadier than the
clock. A solution unit past the cut-off is ended by a watchdog. A channel the call returns is
drained inside the timed unit. A class problem (``supports_class_timing``) is timed as a
construction and its call sequence, the methods bound by generated generic helpers
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
from dataclasses import replace
from pathlib import Path
from typing import Any

from ... import sandbox_user
from ...models import Case, FailureKind, Problem, ProcessResult, RunOutput, Signature
from ..base import ExecSettings, Toolchain
from ..harness_runner import HarnessRunner, MiB, Step, build_cached
from ..timing_job import Contender
from . import project
from .codegen import (
    TIMING_ENTRY,
    instantiate,
    method_bindings,
    predefined_types,
    timing_main,
)
from .diagnostics import explain_fatal, explain_output_flood
from .prompt import exported, go_arguments, go_literal, go_outcome, variable_name
from .source import (
    FuncDecl,
    is_constructor,
    parse_funcs,
    parse_types,
    returns_kind,
    split_params,
    strip_comments,
    type_params_of,
)
from .toolchain import (
    build_cache,
    find_toolchain,
    go_language_version,
    go_root,
    offline_go_env,
    version_tuple,
)

HARNESS = tuple(Path(__file__).parent / "harness" / name for name in ("harness.go", "timing.go"))
HARNESS_MODULE = "agentbench/harness"
BINARY = "solution.bin"
TIMING_BINARY = "timing.bin"


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
        plain = [f for f in free if not any(is_constructor(f, t) for t in known)]
        if plain:
            return self._function_signature(plain[0])
        for name in [*type_names, *receivers]:
            if name in receivers or any(is_constructor(f, name) for f in free):
                return self._class_signature(name, free)
        if type_names:
            return self._class_signature(type_names[0], free)
        raise ValueError("no Go `func` or `type` in the signature")

    @staticmethod
    def _function_signature(func: FuncDecl) -> Signature:
        return Signature(func.name, "function", tuple(split_params(func.params)), func.results,
                         False, returns_kind(func.results))

    @staticmethod
    def _class_signature(type_name: str, free: list[FuncDecl]) -> Signature:
        ctor = next((f for f in free if is_constructor(f, type_name)), None)
        params = tuple(split_params(ctor.params)) if ctor else ()
        return Signature(type_name, "class", params, ctor.results if ctor else "")

    def constructor_in(self, text: str, type_name: str) -> FuncDecl | None:
        """The function of the signature that makes a ``type_name``, if there is one."""
        return next((f for f in parse_funcs(text) if is_constructor(f, type_name)), None)

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        return (any(f.name == entry_point for f in parse_funcs(code))
                or any(t.name == entry_point for t in parse_types(code)))

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
                f"({go_arguments(case.args, case.kwargs, params)})")
        return f"{call}  // {go_outcome(case.raises, case.expected, True, func)}"

    def _class_example(self, problem: Problem, case: Case, funcs: list[FuncDecl]) -> str:
        name = problem.entry_point
        var = variable_name(name)
        ctor = self.constructor_in(problem.signature_text, name)
        methods = {f.name: f for f in funcs if f.receiver == name}
        if case.expected_attributes is not None:
            init, init_kwargs = case.args, case.kwargs
        else:
            init, init_kwargs = case.init or (), case.init_kwargs
        if ctor is not None:
            make = f"{ctor.name}({go_arguments(init, init_kwargs, split_params(ctor.params))})"
        else:
            make = f"&{name}{{}}"
        if case.init_raises:
            return f"{make}  // {go_outcome(case.init_raises, None, False, ctor)}"
        lines = [f"{var} := {make}"]
        if case.expected_attributes is not None:
            for attr, value in case.expected_attributes.items():
                lines.append(f"{var}.{exported(attr)}  // -> {go_literal(value)}")
            return "\n".join(lines)
        for c in case.calls or ():
            method = methods.get(c.method) or methods.get(exported(c.method))
            go_name = method.name if method else exported(c.method)
            params = split_params(method.params) if method else []
            line = f"{var}.{go_name}({go_arguments(c.args, c.kwargs, params)})"
            if c.raises or c.has_expected:
                line += f"  // {go_outcome(c.raises, c.expected, c.has_expected, method)}"
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
        if version_tuple(version) < (1, 21):
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
        return find_toolchain()

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
    def as_package(code: str, file_name: str = "solution.go", package: str = "main") -> str:
        """Code as ``package main`` (or ``package``), its line numbers kept, ``func main``
        renamed."""
        code = re.sub(r"^func\s+main\s*\(\s*\)", "func agentbenchSolutionMain()", code,
                      flags=re.M)
        clause = re.compile(r"^[ \t]*package[ \t]+\w+[^\n]*$", re.M)
        stripped = strip_comments(code)
        found = clause.search(stripped)
        if found:
            line = stripped.count("\n", 0, found.start())
            lines = code.split("\n")
            lines[line] = f"package {package}"
            return "\n".join(lines)
        return f"package {package}\n\n//line {file_name}:1:1\n" + code

    def harness_dir(self) -> Path:
        """The harness module, written once per content hash into the cache directory, which
        the compiler (the sandbox's user) reads."""
        sources = {"go.mod": f"module {HARNESS_MODULE}\n\ngo 1.19\n",
                   **{path.name: path.read_text(encoding="utf-8") for path in HARNESS}}
        return build_cached("go-harness", sources, lambda _dir: None)

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        self._write_module(work)
        (work / self.file_name).write_text(self.as_package(code), encoding="utf-8")
        fields, helpers = self._entry(problem, code)
        (work / "agentbench_main.go").write_text(
            "package main\n\nimport agentbenchharness \"agentbench/harness\"\n"
            f"{predefined_types(problem, code)}\n"
            f"var agentbenchEntry = agentbenchharness.Entry{{{fields}}}\n\n"
            f"func main() {{ agentbenchharness.Main(agentbenchEntry) }}\n{helpers}",
            encoding="utf-8")
        if problem.native_tests:
            self._write_tests(work, problem)

    def _write_module(self, work: Path) -> None:
        """The module ``agentbench`` in ``work``, which requires the harness module, and the
        compiler's directory of temporary files."""
        (work / ".tmp").mkdir()
        sandbox_user.hand_over(work / ".tmp")
        version = go_language_version(self.toolchain())
        (work / "go.mod").write_text(
            f"module agentbench\n\ngo {version}\n\nrequire {HARNESS_MODULE} v0.0.0\n\n"
            f"replace {HARNESS_MODULE} => {self.harness_dir()}\n", encoding="utf-8")

    def _entry(self, problem: Problem, code: str, timed: bool = False) -> tuple[str, str]:
        """The fields of the harness's Entry for this problem (Go source), and the generated
        helpers they use. A generic entry point is instantiated with the problem's
        ``type_args`` (``{"T": "int"}``); a timing contender's class problem (``timed``)
        gets its methods bound (:func:`method_bindings`)."""
        name = problem.entry_point
        fields = f"Name: {json.dumps(name)}"
        if not timed and not problem.executable_cases:
            # native tests only: nothing for the harness to call
            return fields + ", Problem: \"this problem has no data cases\"", ""
        text = problem.signature_text
        type_args = problem.extra.get("type_args")
        if problem.signature.kind == "class":
            ctor = self.constructor_in(text, name)
            generic = any(t.name == name and t.generic for t in parse_types(text))
            type_name = instantiate(name, type_params_of(text, name), type_args)
            ctor_name = ctor.name if ctor else ""
            if ctor and ctor.type_params:
                ctor_name = instantiate(ctor.name, ctor.type_params, type_args) or ""
            if (generic and type_name == name) or not type_name or (ctor and not ctor_name):
                return fields + (f", Problem: \"{name} is generic: data cases cannot "
                                 "instantiate it without the problem's type_args; use native "
                                 "tests\""), ""
            fields += (f", Constructor: {ctor_name}" if ctor else
                       f", New: func() interface{{}} {{ return new({type_name}) }}")
            if not timed:
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

    def write_contender(self, folder: Path, problem: Problem, contender: Contender) -> None:
        """A timing contender as a package of its own (``agentbench/<folder>``, not main):
        its code, and the glue beside it that exports its entry (``AgentbenchTimingEntry``),
        so that unexported names and generic method bindings stay inside the package. The
        node types are predefined as for a run (the native tests may be what mentions them)."""
        code = contender.code
        (folder / self.file_name).write_text(self.as_package(code, package="contender"),
                                             encoding="utf-8")
        fields, helpers = self._entry(problem, code, timed=True)
        (folder / "agentbench_entry.go").write_text(
            "package contender\n\nimport agentbenchharness \"agentbench/harness\"\n"
            f"{predefined_types(problem, code)}\n"
            f"// {TIMING_ENTRY} is what the timing run calls.\n"
            f"var {TIMING_ENTRY} = agentbenchharness.Entry{{{fields}}}\n{helpers}",
            encoding="utf-8")

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[Contender]) -> tuple[list[Step], Step]:
        """One binary times both contenders (``MainTiming``, ``harness/timing.go``): the
        module ``agentbench`` in ``work``, each contender's package imported by a generated
        main. A reference with the solution's code gets a package of its own all the same
        (a copy), so that the two share no package variable (a cache, a counter)."""
        self._write_module(work)
        for contender in chosen:
            if contender.folder != contender.who and not (work / contender.who).exists():
                shutil.copytree(work / contender.folder, work / contender.who)
        (work / "agentbench_timing.go").write_text(
            timing_main({c.who: f"agentbench/{c.who}" for c in chosen}), encoding="utf-8")
        env = {"TMPDIR": offline_go_env(work)["TMPDIR"]}
        build = Step(["go", "build", "-ldflags=-s -w", "-o", TIMING_BINARY, "."], env,
                     what="compiler")
        return [build], Step([str(work / TIMING_BINARY)])

    def _write_tests(self, work: Path, problem: Problem) -> None:
        tests = self.as_package(problem.native_tests or "", "solution_test.go")
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
        """An Exercism exercise's test binary, run under test2json (:mod:`.project`)."""
        harness = project.project_harness(self.harness_dir(), offline_go_env(work))
        return project.project_steps(work, problem, go_language_version(self.toolchain()),
                                        harness)

    def parse_project(self, proc: ProcessResult, events: list[dict[str, Any]],
                      work: Path) -> list[tuple]:
        return project.parse_project(proc, events)

    def compile_message(self, proc: ProcessResult) -> str:
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines()
                 if ln.strip() and not ln.startswith("#")]
        notes = []
        for ln in lines:
            missing = re.search(r"agentbench_(?:main|entry)\.go:\d+:\d+: undefined: (\w+)", ln)
            if missing:
                notes.append(f"the solution does not define `{missing.group(1)}` "
                             "(as in the signature)")
        return "\n".join([*notes, *(re.sub(r"^\./", "", ln) for ln in lines[:20])])

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple[str, str, str]]:
        """The test binary's events, one outcome per listed test (see ``RunTests`` in
        ``harness/harness.go``): passed, failed, error or skipped (``t.Skip``, or every subtest
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
