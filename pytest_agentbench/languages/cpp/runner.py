"""The C++ runner: one ``g++`` per problem, with a support library and a precompiled header
built once per compiler.

The support library (``harness/``, built by :func:`support_directory` with ``build_cached``) is
Catch2 v2's implementation, the outcome channel, the case loop, the timing job and the native
test runner (``agentbench_support.o``), and the precompiled ``agentbench.hpp`` (nlohmann/json,
Catch2 with every macro prefixed, the JSON codecs). Each problem compiles one translation unit
(:data:`~.codegen.MAIN_TU`): the header, the solution (``solution.cpp``, included as it is, so
the compiler's messages name its lines), the generated entry that decodes each argument into
its parameter's type (:mod:`.codegen`) and, when the problem has native tests, Catch2's plain
macro names and the tests (``tests.cpp``). One binary serves the data cases and the tests
(``--agentbench-native``), each test in a process of its own; a test hidden by its tags
(``[.]``), skipped with ``SKIP()``, or left out by the preprocessor is ``skipped``. A problem
whose ``include_ignored`` is true runs hidden tests too and is compiled with
``-DEXERCISM_RUN_ALL_TESTS`` (how Exercism's C++ track, and so Aider's benchmark, enables all).

C++ has no keyword arguments: a case's ``kwargs`` take the place of the parameter of that name.
An exception is reported under its type's name (``std::invalid_argument``); a case that says
``"raises": T`` passes when the exception is a ``T`` or derives from it.

Timing (:meth:`CppRunner.timing_steps`) builds one binary of both contenders, each compiled in
a namespace of its own (``agentbench_solution``, ``agentbench_reference``: they define the
same names, and the linker would merge their inline definitions), and the support library
times them in one process on the job's sizes, their units interleaved, in CPU seconds of the
calling thread (``CLOCK_THREAD_CPUTIME_ID``), or of the process when a unit clearly worked in
other threads; per size an untimed warm-up unit of each comes first. A solution's unit past
the cut-off is ended by a watchdog thread. A class problem (``supports_class_timing``) is
timed as a construction and its calls, each decoded before the clock into a ``std::variant``
of the methods' argument structs (:mod:`.codegen`); a lazy result (a future, a non-contiguous
``std::ranges`` view) is read inside the timed unit.
"""

from __future__ import annotations

import functools
import hashlib
import re
import subprocess
from pathlib import Path
from typing import Any

from ...models import Case, Param, Problem, ProcessResult, Signature
from ..base import Toolchain, first_lines
from ..harness_runner import HarnessRunner, Step, build_cached, detect_toolchain
from ..test_outcomes import planned_tests
from ..timing_job import Contender, folders
from .codegen import (
    ENTRY,
    MAIN_TU,
    TESTS,
    TIMING_UNIT,
    contender_unit,
    entry_code,
    job_methods,
    main_unit,
    tests_unit,
    timing_entry,
)
from .literals import cpp_literal, plain_value
from .source import ClassDecl, Function, catch_test_names, declarations, defines, type_kind

HARNESS = Path(__file__).with_name("harness")
BINARY = "solution.bin"
TIMING_BINARY = "timing.bin"
NATIVE_ARG = "--agentbench-native"
INCLUDE_HIDDEN_ARG = "--agentbench-include-hidden"
PROJECT_ENTRY = "agentbench_project_entry.cpp"
PROJECT_TESTS = "agentbench_project_tests.txt"
SOURCE_SUFFIXES = (".cpp", ".cc", ".cxx")
COMPILER = "g++"
INSTALL_HINT = "apt-get install g++ catch2 nlohmann-json3-dev"
#: The language standard: C++20 (g++ 12 has all of it the suites use: ranges, concepts,
#: std::span, designated initialisers, <=>; not std::format, which came with g++ 13).
STANDARD = "c++20"
#: -O2, as C++ is built for release; warnings on, never errors.
FLAGS = ["-std=" + STANDARD, "-O2", "-g0", "-pthread", "-Wall", "-Wextra"]
HEADERS = ("catch2/catch.hpp", "nlohmann/json.hpp")
INCLUDE_DIRS = (Path("/usr/include"), Path("/usr/local/include"))
SUPPORT_FILES = ("agentbench.hpp", "agentbench_support.cpp", "agentbench_nodes.hpp",
                 "agentbench_node_codec.hpp")
#: what tests written for Catch2 v3, or Exercism's bundled header, include
SHIMS = ("catch.hpp", "test/catch.hpp", "catch2/catch_all.hpp", "catch2/catch_test_macros.hpp",
         "catch2/catch_approx.hpp", "catch2/matchers/catch_matchers.hpp",
         "catch2/matchers/catch_matchers_string.hpp",
         "catch2/matchers/catch_matchers_floating_point.hpp",
         "catch2/matchers/catch_matchers_vector.hpp")


def header_path(name: str) -> Path | None:
    return next((d / name for d in INCLUDE_DIRS if (d / name).is_file()), None)


def catch_names(catch_header: str) -> str:
    """Catch2's plain macro names (``REQUIRE``, ``TEST_CASE``...), taken from its own header:
    the branch it defines when ``CATCH_CONFIG_PREFIX_ALL`` is not set. Included after the
    solution, so that the solution's own ``INFO`` or ``CHECK`` is never a Catch2 macro."""
    lines = catch_header.splitlines()
    start = next(i for i, line in enumerate(lines)
                 if "If CATCH_CONFIG_PREFIX_ALL is not defined then the CATCH_ prefix" in line)
    assert lines[start + 1].strip() == "#else", "unexpected layout of catch.hpp"
    depth, out = 0, []
    for line in lines[start + 2:]:
        directive = line.strip()
        if re.match(r"#\s*if", directive):
            depth += 1
        elif re.match(r"#\s*endif", directive):
            if depth == 0:
                break
            depth -= 1
        out.append(line)
    skip = ("#ifndef AGENTBENCH_CATCH_NAMES_HPP\n#define AGENTBENCH_CATCH_NAMES_HPP\n"
            "// Catch2 v2's plain macro names, extracted from its header when the support "
            "library is built.\n")
    tail = ("\n#ifndef SKIP\n/// Catch2 v3's SKIP(), for v2: the test is reported skipped.\n"
            "#define SKIP(...) do { ::Catch::ReusableStringStream agentbench_skip; "
            "agentbench_skip << \"\" __VA_ARGS__; "
            "::agentbench::skip_test(agentbench_skip.str()); } while (false)\n#endif\n"
            "#endif\n")
    return skip + "\n".join(out) + tail


@functools.cache
def compiler_version() -> str:
    try:
        out = subprocess.run([COMPILER, "--version"], capture_output=True, text=True,
                             timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.splitlines()[0].strip() if out.returncode == 0 and out.stdout else ""


def support_directory() -> Path:
    """The support object and the precompiled header, built once per compiler, flags and
    Catch2 and nlohmann/json headers."""
    catch = header_path("catch2/catch.hpp")
    json_header = header_path("nlohmann/json.hpp")
    if catch is None or json_header is None:
        raise RuntimeError(f"Catch2 v2 or nlohmann/json is not installed: {INSTALL_HINT}")
    catch_text = catch.read_text(encoding="utf-8", errors="replace")
    sources = {name: (HARNESS / name).read_text(encoding="utf-8") for name in SUPPORT_FILES}
    sources["agentbench_catch_names.hpp"] = catch_names(catch_text)
    for shim in SHIMS:
        sources[shim] = "#include <catch2/catch.hpp>\n"
    digest = hashlib.sha256(catch_text.encode() + json_header.read_bytes()).hexdigest()[:16]
    sources["BUILD"] = f"{compiler_version()}\n{' '.join(FLAGS)}\n{digest}\n"

    def build(directory: Path) -> None:
        for argv in ([COMPILER, *FLAGS, "-x", "c++-header", "agentbench.hpp", "-o",
                      "agentbench.hpp.gch"],
                     [COMPILER, *FLAGS, "-c", "agentbench_support.cpp", "-o",
                      "agentbench_support.o"]):
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=900,
                                  check=False, cwd=directory)
            if proc.returncode != 0:
                raise RuntimeError("building the C++ support library failed:\n"
                                   + first_lines(proc.stderr, 30))

    return build_cached("cpp-support", sources, build)


class CppRunner(HarnessRunner):
    name = "cpp"
    aliases = ("c++", "cxx", "cc", "hpp")
    display_name = "C++"
    file_name = "solution.cpp"
    supports_timing = True
    supports_class_timing = True

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        decls = declarations(text)
        if entry_point:
            if entry_point in decls.classes:
                return self._class(decls.classes[entry_point])
            fn = next((f for f in decls.functions if f.name == entry_point), None)
            fn = fn or next((m for c in decls.classes.values() for m in c.methods
                             if m.name == entry_point), None)
            if fn is None:
                raise ValueError(f"the signature declares no function or class "
                                 f"`{entry_point}`")
            return self._function(fn)
        if decls.functions:
            return self._function(decls.functions[0])
        classes = [c for c in decls.classes.values() if c.name != "Solution"]
        if classes:
            return self._class(next((c for c in classes if c.ctors or c.methods), classes[0]))
        solution = decls.classes.get("Solution")
        if solution is not None and solution.methods:
            return self._function(solution.methods[0])
        raise ValueError("no C++ function or class in the signature")

    @staticmethod
    def _function(fn: Function) -> Signature:
        params = tuple(Param(n, t, type_kind(t), not d) for n, t, d in fn.params)
        return Signature(fn.name, "function", params, fn.returns,
                         bool(re.search(r"\bstd::(?:shared_)?future\b", fn.returns)),
                         type_kind(fn.returns))

    @staticmethod
    def _class(cls: ClassDecl) -> Signature:
        ctor = cls.ctors[0] if cls.ctors else None
        params = tuple(Param(n, t, type_kind(t), not d) for n, t, d in ctor.params) \
            if ctor else ()
        return Signature(cls.name, "class", params, cls.name)

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        return defines(code, entry_point)

    def looks_like_code(self, text: str) -> bool:
        return bool(re.search(r"^\s*(?:#\s*include\s*[<\"]|(?:template\s*<|class\s+\w+|"
                              r"struct\s+\w+|namespace\s+\w+|using\s+namespace\b)|"
                              r"[\w:<>,\s*&]+\s+\w+\s*\([^;]*\)\s*(?:const\s*)?\{)", text, re.M))

    # -- prompting
    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        parts = [cpp_literal(a, params[i].type if i < len(params) else "")
                 for i, a in enumerate(args)]
        return f"{problem.entry_point}({', '.join(parts)})"

    def format_value(self, value: Any) -> str:
        return plain_value(value)

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """Examples in C++: ``two_sum({2, 7, 11, 15}, 9)  // -> [0, 1]``, arguments as C++
        literals of the parameters' types, the result as plain data; a class case constructs
        the object and calls its methods, a statement per line."""
        params = problem.signature.params
        if case.calls is None and case.expected_attributes is None:
            shown = self.format_call(problem, self._positional(case.args, case.kwargs, params))
            outcome = f"throws {case.raises}" if case.raises else \
                f"-> {plain_value(case.expected)}"
            return f"{shown}  // {outcome}"
        init = ", ".join(cpp_literal(a, params[i].type if i < len(params) else "")
                         for i, a in enumerate(self._positional(case.init or case.args,
                                                                case.init_kwargs, params)))
        lines = [f"{problem.entry_point} obj{{{init}}};"]
        if case.init_raises:
            lines[0] += f"  // throws {case.init_raises}"
        if case.expected_attributes is not None:
            for name, value in case.expected_attributes.items():
                lines.append(f"obj.{name};  // -> {plain_value(value)}")
            return "\n".join(lines)
        methods = declarations(problem.signature_text).classes.get(problem.entry_point)
        for call in case.calls or ():
            fn = next((m for m in (methods.methods if methods else ())
                       if m.name == call.method), None)
            mparams = tuple(Param(n, t) for n, t, _d in fn.params) if fn else ()
            args = self._positional(call.args, call.kwargs, mparams)
            text = ", ".join(cpp_literal(a, mparams[i].type if i < len(mparams) else "")
                             for i, a in enumerate(args))
            line = f"obj.{call.method}({text});"
            if call.raises:
                line += f"  // throws {call.raises}"
            elif call.has_expected:
                line += f"  // -> {plain_value(call.expected)}"
            lines.append(line)
        return "\n".join(lines)

    @staticmethod
    def _positional(args: Any, kwargs: Any, params: tuple[Param, ...]) -> tuple[Any, ...]:
        out = list(args or ())
        for p in params[len(out):]:
            if kwargs and p.name in kwargs:
                out.append(kwargs[p.name])
        return tuple(out)

    def answer_instructions(self, problem: Problem) -> str:
        sig = problem.signature
        what = (f"the class `{sig.entry_point}` with the constructor and member functions of "
                "the signature (same names, parameter and return types; its data members are "
                "yours to choose)" if sig.kind == "class" else
                f"the function `{sig.entry_point}` exactly as in the signature (same parameter "
                "and return types)")
        text = (f"Answer with exactly one fenced code block tagged `cpp` containing the complete "
                f"solution: {what}, with the `#include` lines it needs (standard library only) "
                "and any helpers. Do not write `main` or tests. It is compiled as C++20 with "
                "g++ (`-std=c++20 -O2`). An exception counts as an error unless the task asks "
                "for one. In the examples, `// -> ...` gives the result as plain data: `[...]` "
                "for vectors, arrays, sets, pairs and tuples, `{...}` for maps, `null` for "
                "`std::nullopt` or `nullptr`; `// throws T` means an exception of type `T`.")
        if "TreeNode" in problem.signature_text:
            text += (" `TreeNode` is predefined as on LeetCode (`int val; TreeNode *left, "
                     "*right;`, `TreeNode(int x)`); do not declare it. `tree{...}` in the "
                     "examples is the tree's level-order list (`null`: no node).")
        if "ListNode" in problem.signature_text:
            text += (" `ListNode` is predefined as on LeetCode (`int val; ListNode *next;`, "
                     "`ListNode(int x)`); do not declare it. `list{...}` in the examples is the "
                     "list's values in order.")
        return text

    # -- running
    def toolchain(self) -> Toolchain:
        found = detect_toolchain({COMPILER: ("--version",)}, INSTALL_HINT)
        if not found.available:
            return found
        missing = [h for h in HEADERS if header_path(h) is None]
        if missing:
            return Toolchain(False, found.version, f"{', '.join(missing)} not found (Catch2 v2 "
                             "and nlohmann/json headers)", INSTALL_HINT)
        return Toolchain(True, version=found.version)

    def job_for(self, problem: Problem) -> dict[str, Any]:
        """The shared job plus the parameter names of each method (for keyword arguments) and
        ``include_ignored``: whether hidden tests run."""
        job = super().job_for(problem)
        if problem.signature.kind == "class":
            job["methods"] = job_methods(problem)
        job["include_ignored"] = self._include_ignored(problem)
        return job

    @staticmethod
    def _include_ignored(problem: Problem) -> bool:
        return problem.extra.get("include_ignored") is True or bool(
            problem.project is not None and problem.project.include_ignored)

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        tests = bool(problem.native_tests)
        (work / self.file_name).write_text(code, encoding="utf-8")
        (work / ENTRY).write_text(entry_code(problem), encoding="utf-8")
        (work / MAIN_TU).write_text(main_unit(problem, code, self.file_name, tests),
                                    encoding="utf-8")
        if tests:
            (work / TESTS).write_text(tests_unit(problem), encoding="utf-8")

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        support = support_directory()
        defines_ = ["-DEXERCISM_RUN_ALL_TESTS"] if self._include_ignored(problem) else []
        return [Step([COMPILER, *FLAGS, *defines_, "-I", str(support), "-o", BINARY,
                      str(support / "agentbench_support.o"), MAIN_TU], what="compiler")]

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step([str(work / BINARY)])

    def write_contender(self, folder: Path, problem: Problem, contender: Contender) -> None:
        """The contender's source as written, and its translation unit of the timing build
        (:func:`.codegen.contender_unit`: the source in ``namespace agentbench_<who>``)."""
        (folder / self.file_name).write_text(contender.code, encoding="utf-8")
        unit = contender_unit(problem, contender.code, contender.folder,
                              f"{folder.name}/{self.file_name}")
        (folder / TIMING_UNIT).write_text(unit, encoding="utf-8")

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[Contender]) -> tuple[list[Step], Step]:
        """One binary of every contender's translation unit (one per folder: the reference
        shares the solution's when its code is the same); the first one also holds the
        timing entry that names them all (a unit of its own would load the precompiled
        header once more, 0.7 s). The support library's ``main`` runs the timing job."""
        owners = [c.folder for c in folders(chosen)]
        with (work / owners[0] / TIMING_UNIT).open("a", encoding="utf-8") as unit:
            unit.write(timing_entry(owners))
        support = support_directory()
        return ([Step([COMPILER, *FLAGS, "-I", str(support), "-o", TIMING_BINARY,
                       str(support / "agentbench_support.o"),
                       *(f"{folder}/{TIMING_UNIT}" for folder in owners)], what="compiler")],
                Step([str(work / TIMING_BINARY)]))

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        built = problem.executable_cases and (work / BINARY).exists()
        return ([] if built else self.compile_steps(work, problem),
                Step([str(work / BINARY), NATIVE_ARG], what="test binary"))

    def project_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """Project mode (an Exercism exercise: ``two_fer.h``, ``two_fer.cpp``,
        ``two_fer_test.cpp``, ``test/catch.hpp``, ``test/tests-main.cpp``): every C++ source
        of the project is compiled and linked with the support library, whose ``main`` runs
        the tests; a source that defines Catch2's own main (``CATCH_CONFIG_MAIN``) is left
        out, and a bundled single-header Catch2 is replaced by Debian's, which the support
        library was built with (``EXERCISM_TEST_SUITE`` makes Exercism's tests include it
        directly)."""
        support = support_directory()
        sources = []
        for path in sorted(work.rglob("*")):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix in (".hpp", ".h") and "TWOBLUECUBES_SINGLE_INCLUDE_CATCH" in text:
                path.write_text("#include <catch2/catch.hpp>\n", encoding="utf-8")
            elif path.suffix in SOURCE_SUFFIXES and not re.search(
                    r"#\s*define\s+CATCH_CONFIG_(?:MAIN|RUNNER)\b", text):
                sources.append(str(path.relative_to(work)))
        assert problem.project is not None
        (work / PROJECT_TESTS).write_text("\n".join(problem.project.tests), encoding="utf-8")
        (work / PROJECT_ENTRY).write_text(
            '#include "agentbench.hpp"\n\n// project mode: the tests only, no data cases\n'
            "agentbench::Entry agentbench_entry() { return {}; }\n", encoding="utf-8")
        defines_ = ["-DEXERCISM_TEST_SUITE"] + (
            ["-DEXERCISM_RUN_ALL_TESTS"] if self._include_ignored(problem) else [])
        compile_step = Step([COMPILER, *FLAGS, *defines_, "-I", str(support), "-I", ".",
                             "-o", BINARY, str(support / "agentbench_support.o"),
                             PROJECT_ENTRY, *sources], what="compiler")
        hidden = [INCLUDE_HIDDEN_ARG] if self._include_ignored(problem) else []
        return [compile_step], Step([str(work / BINARY), NATIVE_ARG, *hidden],
                                    what="test binary")

    def parse_project(self, proc: ProcessResult, events: list[dict[str, Any]],
                      work: Path) -> list[tuple]:
        """The project's tests as :meth:`parse_native` reads them, the tests the preprocessor
        left out found in the project's test files (listed by :meth:`project_steps`)."""
        listed = (work / PROJECT_TESTS).read_text(encoding="utf-8").splitlines()
        source = "\n".join((work / rel).read_text(encoding="utf-8", errors="replace")
                           for rel in listed if (work / rel).is_file())
        return native_results(proc, events, source)

    def compile_message(self, proc: ProcessResult) -> str:
        """The compiler's errors first (its warnings are not what failed)."""
        text = proc.stderr.strip() or proc.stdout.strip()
        lines = [ln for ln in text.splitlines() if ln.strip()]
        errors = [i for i, ln in enumerate(lines) if re.search(r"\berror\b", ln)]
        start = max(0, errors[0] - 2) if errors else 0
        return "\n".join(lines[start:start + 20])

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple]:
        source = (work / TESTS).read_text(encoding="utf-8") if (work / TESTS).exists() else ""
        return native_results(proc, events, source)


def native_results(proc: ProcessResult, events: list[dict[str, Any]], source: str
                   ) -> list[tuple]:
    """One entry per test the binary registered (its ``tests`` event), in order, from its
    ``native`` events, then the tests of ``source`` that the preprocessor left out (skipped);
    the test that had started when the run was stopped is a timeout (or an error, if the
    binary died), the ones after it not_run."""
    out, reported, planned = planned_tests(proc, events)
    if planned is not None:
        for name in catch_test_names(source):
            if name not in planned:
                out.append((name, "skipped", "left out by the preprocessor (#if)", 0.0))
    return out + reported  # a name reported twice, or not listed, voids the run


