"""The Rust runner: one ``rustc`` per problem, linked against a support library built once.

Rust has no reflection, so the runner reads the signature (free ``fn``, or a type with its
``impl`` blocks) and generates a small harness entry per problem: each JSON argument is decoded
with the ``FromJson`` trait into the parameter's own type (borrowed parameters such as ``&str``
or ``&[T]`` are decoded into an owned value and lent), the entry point is called, and the result
is written back with ``ToJson`` (``Err(e)`` becomes an ``Err`` exception, a panic a ``panic``).
Everything that does not change between problems -- JSON, the traits, panic capture, the case
loop, trees and linked lists -- lives in ``harness/rust_harness.rs``, compiled once per rustc
version into ``libagentbench_support.rlib`` (``build_cached``); each problem compiles only the
solution and its generated entry. The solution is the crate root, so its private items are in
scope; the generated code is appended with ``include!`` (line numbers of the solution are
unchanged). Native tests are a module of the same crate, built once with the data cases' entry
into one binary (``--cfg test``, not ``--test``: libtest reports on stdout, which the solution
can write too). The runner lists the ``#[test]`` functions (:func:`native_tests_of`) and strips
their attributes; run with ``--agentbench-native``, the binary's harness runs each test in a
process of its own (itself again), so a crash costs only that test, and reports every outcome
through the outcome channel (``pytest_agentbench/channel.py``), as the data cases do. The token
is read first thing in ``main``; what runs before ``main`` (a ``.init_array`` static of the
solution) is the documented limit. A test the tests' own code ignores (``#[ignore]``) or leaves
out (``#[cfg(...)]``) is ``skipped``; a problem whose ``include_ignored`` field is true (for
loaders of suites whose ignored tests are meant to run, like Exercism's) runs ``#[ignore]``
tests too.

Rust has no keyword arguments: a case's ``kwargs`` (a class case's ``init_kwargs``, a call's
``kwargs``) take the place of the parameter of that name (``job.json`` carries the parameter
names of each method). A constructor that returns ``Err`` or panics is what ``init_raises``
expects. A process the runtime aborts (a failed allocation, a stack overflow) names the cause
in the crashed case; a failed allocation is the memory limit, a resource limit.

Timing (``supports_timing``, :meth:`RustRunner.timing_steps`): solution and reference are
timed in ONE process, one binary whose crate root is the solution, as for its data cases, and
the reference a module of its own (``#[path]``), each with its generated glue appended inside
it (:mod:`.timing`). Each size's
input is parsed and decoded once; each unit gets fresh arguments before the clock (a clone
where the clone is a whole copy, else a new decoding of the parsed JSON), one untimed warm-up
unit each per size, and the call alone is timed as the process's CPU time (``getrusage``): on
a shared machine the wall clock of a call of a few milliseconds is swamped by whole scheduler
ticks spent waiting for a core. An iterator result is collected inside the timed unit. A class
problem (``supports_class_timing``) is timed as a construction and its call sequence, every
call decoded first into an enum of the methods' owned arguments, then made directly. A generic
type is instantiated with the problem's ``type_args`` (``{"T": "String"}``: ``Counter<String>``,
a method's own type parameters by name too), for data cases and timing alike.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...models import Case, FailureKind, Param, Problem, ProcessResult, RunOutput, Signature
from ..base import ExecSettings, Toolchain
from ..harness_runner import HarnessRunner, Step, detect_toolchain
from ..test_outcomes import planned_tests
from ..timing_job import Contender
from . import project as rust_project
from .codegen import as_crate_root, generate_main, generate_tests, generate_types
from .prompts import answer_instructions, format_example, plain, rust_literal
from .source import FnItem, Items, defines, param_kind, scan_items
from .timing import generate_timing, timing_main
from .toolchain import (
    COMMON_FLAGS,
    INSTALL_HINT,
    SUPPORT_CRATE,
    SUPPORT_RLIB,
    find_rust_tools,
    rust_tools,
    support_library,
    sysroot_paths,
)

TYPES_INCLUDE = "agentbench_types.rs"
MAIN_INCLUDE = "agentbench_main.rs"
TESTS_INCLUDE = "agentbench_tests.rs"
TIMING_INCLUDE = "agentbench_timing.rs"
TIMING_MAIN = "agentbench_timing_main.rs"
BINARY = "solution.bin"
TIMING_BINARY = "timing.bin"
NATIVE_ARG = "--agentbench-native"


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
        return defines(code, entry_point)

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
        return plain(value)

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """Examples as Rust (:func:`.prompts.format_example`)."""
        return format_example(problem, case)

    def answer_instructions(self, problem: Problem) -> str:
        return answer_instructions(problem)

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
        if problem.executable_cases or problem.native_tests:
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

    def write_contender(self, folder: Path, problem: Problem, contender: Contender) -> None:
        """The contender's code with its predefined types and its timing glue appended
        (:mod:`.timing`); the solution's, the crate root, also includes ``main``."""
        code = contender.code
        includes = [TYPES_INCLUDE, TIMING_INCLUDE]
        if contender.who == "solution":
            includes.append(TIMING_MAIN)  # written by timing_steps, which knows the others
        (folder / TYPES_INCLUDE).write_text(generate_types(problem, code), encoding="utf-8")
        (folder / TIMING_INCLUDE).write_text(generate_timing(problem, code), encoding="utf-8")
        (folder / self.file_name).write_text(as_crate_root(code, includes), encoding="utf-8")

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[Contender]) -> tuple[list[Step], Step]:
        """One binary times both contenders: the solution is the crate root, the reference a
        module of its own (:func:`timing_main`)."""
        root = next(c.folder for c in chosen if c.who == "solution")
        (work / root / TIMING_MAIN).write_text(timing_main(chosen, self.file_name),
                                               encoding="utf-8")
        build = Step(self._rustc("--crate-type", "bin", "--crate-name", "agentbench_timing",
                                 "-o", TIMING_BINARY, f"{root}/{self.file_name}"),
                     what="compiler")
        return [build], Step([str(work / TIMING_BINARY)])

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
