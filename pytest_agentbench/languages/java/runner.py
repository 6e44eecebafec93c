"""The Java runner: one JVM per problem compiles the solution in-process and runs every case.

The harness (``support/harness``) is compiled once into a jar with a CDS archive
(:mod:`.jvm`). Each problem then starts ONE sandboxed JVM that compiles only
the solution (plus ``TreeNode``/``ListNode`` when used, and the native tests) with the system
Java compiler, loads it in a fresh class loader, calls the entry point by reflection with every
JSON argument turned into the declared (generic) parameter type, reports one outcome event per
case through the outcome channel (:mod:`pytest_agentbench.channel`; the token is read before the
solution is compiled), and then runs the native tests in the same JVM on the real JUnit Platform,
one outcome per ``@Test`` method (``native_in_run_step``). It compiles into memory: the work
directory is read-only to it.

Entry points: a function problem names a method (``class Solution { public int[] twoSum(...) }``,
instance or static; a new instance per case); a class problem names a class whose constructor
takes the case's ``init`` and whose methods take its ``calls``.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any

from ... import channel, timing_inputs
from ...models import Problem, ProcessResult, Signature, TimingResult
from ..base import ExecSettings, Toolchain, first_lines
from ..harness_runner import (
    JOB,
    HarnessRunner,
    NativeCompileError,
    Step,
    keep_timing_dir,
    timing_input_text,
)
from ..timing_job import timing_from_events
from . import project
from .jvm import (
    HARNESS_CLASS,
    JVM_OPTIONS,
    PREDEFINED,
    SOLUTION_FILE,
    TESTS_FILE,
    TIMING_JVM_OPTIONS,
    WARMUP_CALLS,
    WARMUP_SECONDS,
    class_path,
    harness_build,
    junit_skip_reason,
)
from .prompt import java_args, java_literal, java_outcome
from .source import (
    JavaMember,
    JavaType,
    blank_comments_and_strings,
    declares,
    param_kind,
    predefined_needed,
    read_records,
    read_types,
)
from .toolchain import find_toolchain


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
        return declares(code, entry_point)

    def looks_like_code(self, text: str) -> bool:
        clean = blank_comments_and_strings(text)
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
            call = f"{problem.entry_point}({java_args(case.args, case.kwargs, params, records)})"
            outcome = java_outcome(case.raises, case.expected, True, problem.signature.returns,
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
                f"({java_args(init, init_kwargs, ctor_params, records)})")
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
            line = f"{var}.{c.method}({java_args(c.args, c.kwargs, params, records)});"
            if c.raises or c.has_expected:
                returns = method.returns if method else ""
                outcome = java_outcome(c.raises, c.expected, c.has_expected, returns, records)
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
        return find_toolchain()

    def native_skip_reason(self, problem: Problem) -> str | None:
        """Native tests run on the JUnit Platform: without its jars, such a problem is
        skipped, with the Debian packages to install."""
        return junit_skip_reason()

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
        return ["java", *flags, "-cp", class_path(jar), HARNESS_CLASS, *args]

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
        ``native_*`` events (``NativeRunner.java``, a JUnit Platform listener). ``skipped``:
        ``@Disabled`` (on the test or its class) or aborted by a failed assumption. A test that
        was running when the JVM ended is a ``timeout`` (killed at the time limit) or an
        ``error`` (the JVM died), one that never started ``not_run``. Raises
        :class:`NativeCompileError` when the solution (run without cases) or the tests do not
        compile."""
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

    # -- project mode: an Exercism exercise's JUnit 5 tests (project.py)
    def project_skip_reason(self, problem: Problem) -> str | None:
        return project.skip_reason(problem)

    def project_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """Every source compiled by javac against JUnit 5 and AssertJ, the test classes run
        by the JUnit Platform under the project harness."""
        return project.project_steps(work, problem, self.jvm_options)

    def parse_project(self, proc: ProcessResult, events: list[dict[str, Any]],
                      work: Path) -> list[tuple]:
        return project.parse_project(proc, events, project.test_source(work))

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
                       "warmup_seconds": WARMUP_SECONDS}}
            sizes = [timing_inputs.splice({"label": s.label, "n": s.n}, timing_input_text(s))
                     for s in problem.timing.sizes]
            (work / JOB).write_text(timing_inputs.with_list(job, ("timing", "sizes"), sizes),
                                    encoding="utf-8")
            step = Step(self.java_command(JOB, options=TIMING_JVM_OPTIONS), what="timing run")
            limits = self.limits_for("run", settings)  # two programs, two sizes, warm-ups
            limits = dc_replace(limits, wall_seconds=2 * limits.wall_seconds,
                                cpu_seconds=limits.cpu_seconds and 2 * limits.cpu_seconds)
            try:
                got = self.report(step, work, limits)
            finally:
                keep_timing_dir(work, settings)
        if got.forged:
            return TimingResult((), channel.forged_message(got.forged))
        return timing_from_events(got.events, got.process)
