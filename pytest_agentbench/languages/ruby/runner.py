"""The Ruby runner: one ``ruby`` process per problem runs every case through a harness.

Files (``support/``): ``harness.rb`` runs the data cases, ``minitest_runner.rb``
the native tests, ``common.rb`` is what both share, ``tree_node.rb`` / ``list_node.rb`` are the
predefined node classes. They are copied next to ``solution.rb`` in the work directory.

Signatures. A Ruby stub has no types, so a suite gives them as YARD tags in the comment above
the method (or above ``initialize`` for a class)::

    # @param root [TreeNode, nil]
    # @param target [Integer]
    # @return [Array<Integer>]
    def path_sum(root, target)
    end

A parameter whose type is ``TreeNode`` (optionally ``, nil``) has kind ``tree`` and takes a
level-order array with ``nil`` holes; ``ListNode`` is ``linked_list`` and takes an array;
``String`` is ``str``; anything else (or no tag) is ``other``. A signature with a top-level
``def`` is a function problem; one with only a ``class``/``module`` is a class problem whose
constructor parameters are those of ``initialize``. Keyword parameters (``name:``) are filled
from a case's ``kwargs``; they are not positional parameters of the signature.

Values in. JSON arguments arrive as Ruby values as ``JSON.parse`` gives them: Array, Hash with
String keys, String, Integer, Float, true/false/nil; trees and linked lists are built from
arrays where the parameter's kind says so. Class cases call ``Klass.new(*init, **init_kwargs)``
(a case with ``init_raises`` expects that call to raise), then
``public_send(method, *args, **kwargs)`` per call. Function cases call the top-level method
(or, failing that, the method of ``Solution.new``, the LeetCode layout).

Values out. nil/true/false/Integer/String as they are; Float as is (NaN and infinities as
``{"$float": ...}``); Symbol -> String; Array -> list; Hash -> object whose String or Symbol keys
become strings and other keys their JSON text (``1`` -> ``"1"``); Set -> sorted list; Struct
(and Data on Ruby >= 3.2) -> object of its members; Enumerator (lazy or not) -> list of its
elements; TreeNode -> level-order list with nil holes, trailing nils trimmed; ListNode ->
list; anything else ``{"$repr": inspect, "$type": class name}``. An exception is reported with
``error_type`` = its class name (``ArgumentError``, ``KeyError``, ``Bank::InsufficientFunds``):
that is what a case's ``raises`` names.

Speed. Ruby has no build step: the harness compiles the solution with
``RubyVM::InstructionSequence.compile_file`` in the same process that runs the cases, so a
syntax error is a ``compile_error`` event without a second process (a separate ``ruby -c``
step costs one more process start per problem). Everything runs under ``--disable-gems``
(loading RubyGems costs ~45 ms per start); a ``require`` of a bundled gem (prime, matrix,
minitest...) puts the bundled gems' lib directories on the load path and tries again. Nothing
is built between problems, so ``build_cached`` has nothing to keep.

Timing (``supports_timing``, ``timing_steps``). One ``ruby`` process times the solution against
the reference (``docs/runners.md``, "Timing"): the harness is written once in the work
directory, each contender's folder holds its code and the node classes it uses. The solution
is loaded at the top level, as for its cases; the reference (the suite's own code) is evaluated
inside an anonymous Module, so that its methods, classes and constants of the same names
replace none of the solution's. Per size the input is decoded once, then each round times one
unit of each, the reference first in even rounds, on a fresh copy of the arguments (``Marshal``
of the parsed JSON, converted as for a data case) after a full GC. A class problem
(``supports_class_timing``) is timed the same way, a unit being ``Klass.new(*init)`` and every
call of ``calls`` in order on that fresh object; the calls are made once per size and shared
by the units, except those passing an Array, a Hash or a String, copied per unit before the
clock starts. A lazy result (an ``Enumerator::Lazy``, any ``Enumerator``) is read inside the
timed unit (``first`` of at most 10^6 elements, as a data case's result is read), so that a
lazy answer is not timed as free; an exception ends the timing (``timing_error``, naming who
raised). A solution unit past the cut-off is ended by a watchdog thread (``timing_cut``). Units
are timed in CPU seconds, not wall-clock seconds: on a machine shared with other work, the wall
clock charges a call for every time slice the scheduler gives to someone else (here, under
load, 37 to 65 ms for a call that takes 8.5 ms of CPU). The calling thread's CPU clock is exact
and includes GC (it runs in that thread); the process's CPU clock, which also counts threads
the solution starts, is only as fine as the scheduler tick while the sandbox's CPU rlimit is
set, so a call is charged the process's time only when that clearly exceeds the thread's (by
10 ms and 10 %). Work pushed into a child process is not counted; the run's wall limit still
applies to it.

Examples in the prompt are Ruby code: ``paginate([1, 2], 1, skip: 1)  # => [[2]]``, and for a
class ``ledger = Ledger.new(overdraft: 50)`` followed by ``ledger.withdraw(30)  # => -30``,
operators, ``[]`` and setters written as Ruby writes them (``money <=> other``,
``config.port = 80``).

Native tests. ``native_tests`` is a minitest file (``Minitest::Test`` classes or
``describe``/``it`` specs), loaded after the solution, so ``require 'minitest/autorun'`` and
``require_relative 'solution'`` in it are no-ops. It runs in a second process with a custom
reporter sending one event per test as it starts and as it ends; tests run in the order
they are written and each is one outcome, named after its method (``Class#method`` when the
file has several test classes). A failed assertion is ``failed`` with its message and line,
an exception is ``error`` with its class name; a test that its own code skips (``skip``,
``skip_until``, a spec ``it`` without a block, ``raise Minitest::Skip`` in the tests file) is
``skipped``, never passed, while a skip raised from outside the tests file (by the solution)
is an ``error``; the test running when the process was killed is ``timeout`` (``error`` if
the process crashed), the ones after it ``not_run``, and a tests file that does not parse is
a compile error. Only the classes of the tests file count (tests an agent leaves in its
answer do not). A native-only problem gets a ``ruby -c`` step first, so that a syntax error
is still a compile error.

Reporting. Both scripts report through the outcome channel (:mod:`pytest_agentbench.channel`):
they read its token and close its pipe before any code of the solution is compiled or run
(nothing of the solution runs earlier: ``RUBYOPT`` is not passed on, and the solution is
loaded by the harness itself), and put it on every event. Nothing is written to the work
directory, which the run sees read-only (``HOME`` and ``TMPDIR`` are the sandbox's /tmp).

Memory. Ruby's default 1 MiB VM stack overflows below 10k frames. The VM stack is raised to
8 MiB (``RUBY_THREAD_VM_STACK_SIZE``: ~70k plain frames; every thread gets one) and the main
thread's machine stack to 64 MiB (``ulimit -s`` in a ``/bin/sh`` wrapper, ~1 ms; Ruby reserves
the whole limit as address space up front, so 1 GiB would eat half of the 2 GiB limit), so
recursion 10k deep through blocks works too. ``MALLOC_ARENA_MAX=2`` stops glibc from
reserving a 64 MiB arena per thread: ~200 threads fit in the address-space limit instead of
~100.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...models import Case, Param, Problem, ProcessResult, Signature
from .. import timing_job
from ..base import Toolchain, first_lines, process_failure
from ..harness_runner import HarnessRunner, NativeCompileError, Step, detect_toolchain
from .prompt import arguments, keyword_arguments, method_call, ruby_literal, variable_name
from .source import def_params, defines, outline, param_kind
from .toolchain import support_file, toolchain_dirs

MiB = 1024 * 1024

#: ``/bin/sh -c`` script that raises the stack limit of the main thread, then runs the command
STACK_WRAPPER = 'ulimit -s 65536 2>/dev/null; exec "$@"'


class RubyRunner(HarnessRunner):
    name = "ruby"
    aliases = ("rb",)
    display_name = "Ruby"
    file_name = "solution.rb"
    vm_stack_bytes = 8 * MiB
    supports_timing = True
    supports_class_timing = True

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        lines = text.expandtabs(2).splitlines()
        classes, defs = outline(text)
        class_names = {name: line for name, line in classes}
        top_defs = [d for d in defs if d[1] is None]
        node_classes = {"TreeNode", "ListNode"}
        if entry_point and entry_point in class_names:
            return self._class_signature(entry_point, defs, lines)
        if entry_point:
            chosen = [d for d in defs if d[0] == entry_point]
            chosen = [d for d in chosen if d[1] is None] or chosen
            if chosen:
                return self._function_signature(entry_point, chosen[0][2], lines)
            short = {n.split("::")[-1]: n for n in class_names}
            if entry_point in short:
                return self._class_signature(short[entry_point], defs, lines)
        if top_defs:
            name, _, line = top_defs[0]
            return self._function_signature(entry_point or name, line, lines)
        candidates = [n for n, _ in classes if "::" not in n and n not in node_classes]
        if candidates:
            sig = self._class_signature(candidates[0], defs, lines)
            if entry_point:
                return Signature(entry_point, "class", sig.params)
            return sig
        raise ValueError("no Ruby `def`, `class` or `module` in the signature")

    @staticmethod
    def _function_signature(name: str, line: int, lines: list[str]) -> Signature:
        positional, _, returns = def_params(lines, line)
        return Signature(name, "function", tuple(positional), returns, False,
                         param_kind(returns))

    @staticmethod
    def _class_signature(name: str, defs: list[tuple[str, str | None, int]],
                         lines: list[str]) -> Signature:
        init = next((d for d in defs if d[0] == "initialize" and d[1] == name), None)
        positional = def_params(lines, init[2])[0] if init else []
        return Signature(name, "class", tuple(positional))

    @staticmethod
    def keyword_params(problem: Problem) -> list[Param]:
        """The keyword parameters of the entry point (of ``initialize`` for a class)."""
        _, defs = outline(problem.signature_text)
        entry = problem.entry_point
        if problem.signature.kind == "class":
            found = next((d for d in defs if d[0] == "initialize" and d[1] == entry), None)
        else:
            found = next((d for d in defs if d[0] == entry and d[1] is None),
                         next((d for d in defs if d[0] == entry), None))
        if found is None:
            return []
        return def_params(problem.signature_text.expandtabs(2).splitlines(), found[2])[1]

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        return defines(code, entry_point)

    def looks_like_code(self, text: str) -> bool:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if not lines:
            return False
        first = lines[0].strip()
        if not re.match(r"(#|require|def\s|class\s|module\s|[A-Z]\w*\s*=|include\s|extend\s)",
                        first):
            return False
        if any(re.match(r"\s*(def|class)\s.*:\s*$", ln) for ln in lines):
            return False  # Python
        if any(re.match(r"\s*def\s.*\bdo\s*$", ln) for ln in lines):
            return False  # Elixir
        opens = any(re.match(r"\s*(def|class|module)\s", ln) for ln in lines)
        closes = any(re.match(r"\s*end\b", ln) for ln in lines)
        return opens and closes

    # -- prompting
    def format_value(self, value: Any) -> str:
        return ruby_literal(value)

    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        parts = []
        for i, arg in enumerate(args):
            kind = params[i].kind if i < len(params) else "other"
            if kind == "tree":
                parts.append(f"TreeNode.from_a({ruby_literal(arg)})")
            elif kind == "linked_list":
                parts.append(f"ListNode.from_a({ruby_literal(arg)})")
            else:
                parts.append(ruby_literal(arg))
        return f"{problem.entry_point}({', '.join(parts)})"

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """Examples as Ruby code: ``top_words('a b', 1)  # => [['a', 1]]`` with keyword
        arguments as ``name: value``; a class case builds an object named after the class and
        calls its methods (operators, ``[]`` and setters written as Ruby writes them)."""
        if case.expected_attributes is not None:
            obj = variable_name(problem.entry_point)
            lines = [f"{obj} = {problem.entry_point}.new"
                     f"{arguments(self, case.args, {}, parens=True)}"]
            lines += [f"{obj}.{name}  # => {ruby_literal(value)}"
                      for name, value in case.expected_attributes.items()]
            return "\n".join(lines)
        if case.calls is not None:
            return self._class_example(problem, case)
        call = self.format_call(problem, case.args)
        if case.kwargs:
            call = (call[:-1] + (", " if case.args else "") + keyword_arguments(case.kwargs)
                    + ")")
        if case.raises:
            return f"{call}  # raises {case.raises}"
        return f"{call}  # => {ruby_literal(case.expected)}"

    def _class_example(self, problem: Problem, case: Case) -> str:
        assert case.calls is not None
        obj = variable_name(problem.entry_point)
        new = (f"{problem.entry_point}.new"
               f"{arguments(self, case.init or (), case.init_kwargs, parens=True)}")
        if case.init_raises:
            return f"{new}  # raises {case.init_raises}"
        lines = [f"{obj} = {new}"]
        for call in case.calls:
            line = method_call(obj, call.method, call.args, call.kwargs)
            if call.raises:
                line += f"  # raises {call.raises}"
            elif call.has_expected:
                line += f"  # => {ruby_literal(call.expected)}"
            lines.append(line)
        return "\n".join(lines)

    def answer_instructions(self, problem: Problem) -> str:
        entry = problem.entry_point
        what = (f"the class or module `{entry}`" if problem.signature.kind == "class"
                else f"the top-level method `{entry}`")
        text = (
            "Answer with exactly one fenced code block tagged `ruby` containing the complete "
            f"solution: {what} exactly as in the signature, with the helpers it needs and the "
            "`require`s it uses (standard library only). Do not include tests, example usage "
            "or code that runs when the file is loaded. Arguments are plain Ruby values as "
            "`JSON.parse` gives them (Arrays, Hashes with String keys, Strings, Integers, "
            "Floats, true/false/nil); return plain values (Symbols are compared as Strings, "
            "Sets as sorted Arrays); an error is compared by its exception class name."
        )
        mentions = problem.signature_text + (problem.native_tests or "")
        if "TreeNode" in mentions:
            text += (" `TreeNode` (`attr_accessor :val, :left, :right`, "
                     "`TreeNode.new(val = 0, left = nil, right = nil)`) is predefined; do not "
                     "define it.")
        if "ListNode" in mentions:
            text += (" `ListNode` (`attr_accessor :val, :next`, "
                     "`ListNode.new(val = 0, next_node = nil)`) is predefined; do not define it.")
        return text

    # -- running
    def toolchain(self) -> Toolchain:
        return detect_toolchain({"ruby": ("--version",)}, "apt-get install ruby")

    def extra_env(self, work: Path) -> dict[str, str]:
        return {"RUBY_THREAD_VM_STACK_SIZE": str(self.vm_stack_bytes), "MALLOC_ARENA_MAX": "2"}

    def readable_paths(self) -> tuple[Path, ...]:
        """The interpreter's prefix, libraries and gem paths (:func:`ruby_dirs`)."""
        return toolchain_dirs()

    def job_for(self, problem: Problem) -> dict[str, Any]:
        job = super().job_for(problem)
        job["keyword_kinds"] = {p.name: p.kind for p in self.keyword_params(problem)}
        job["returns_kind"] = problem.signature.returns_kind
        return job

    @staticmethod
    def prelude(problem: Problem, code: str) -> str:
        """The node classes the problem mentions and the solution does not define itself."""
        mentions = problem.signature_text + (problem.native_tests or "")
        parts = []
        for name, source in (("TreeNode", "tree_node.rb"), ("ListNode", "list_node.rb")):
            defined = re.search(rf"^\s*(?:class\s+{name}\b|{name}\s*=)", code, re.M)
            if name in mentions and not defined:
                parts.append(support_file(source))
        return "\n".join(parts)

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        self._write_program(work, problem, code)
        self._write_harness(work)

    def _write_program(self, folder: Path, problem: Problem, code: str) -> None:
        """The code and the node classes it uses and does not define itself."""
        (folder / self.file_name).write_text(code, encoding="utf-8")
        prelude = self.prelude(problem, code)
        if prelude:
            (folder / "agentbench_prelude.rb").write_text(prelude, encoding="utf-8")

    @staticmethod
    def _write_harness(work: Path) -> None:
        (work / "agentbench_common.rb").write_text(support_file("common.rb"), encoding="utf-8")
        (work / "agentbench_harness.rb").write_text(support_file("harness.rb"), encoding="utf-8")

    def write_contender(self, folder: Path, problem: Problem,
                        contender: timing_job.Contender) -> None:
        """Only the contender's own files: the one harness is in the work directory."""
        self._write_program(folder, problem, contender.code)

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[timing_job.Contender]) -> tuple[list[Step], Step]:
        """No build: one harness process loads both contenders (the reference inside a Module
        of its own) and times them, interleaved."""
        self._write_harness(work)
        return [], self.run_step(work, problem)

    @staticmethod
    def _ruby(*args: str) -> list[str]:
        return ["/bin/sh", "-c", STACK_WRAPPER, "ruby", "ruby", "--disable-gems", *args]

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step(self._ruby("agentbench_harness.rb", "job.json"))

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        (work / "tests.rb").write_text(problem.native_tests or "", encoding="utf-8")
        (work / "agentbench_minitest.rb").write_text(support_file("minitest_runner.rb"),
                                                     encoding="utf-8")
        # With data cases the harness has compiled the solution already (a compile error it
        # reported ends the run before the native tests). Without, `ruby -c` makes a syntax
        # error a compile error here, named once.
        check = [] if problem.executable_cases else [
            Step(["ruby", "--disable-gems", "-c", self.file_name], what="compiler")]
        return check, Step(self._ruby("agentbench_minitest.rb"), what="tests")

    def compile_message(self, proc: ProcessResult) -> str:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        return "\n".join(lines[:20]) or proc.stdout.strip()

    @staticmethod
    def _unfinished(proc: ProcessResult) -> tuple[str, str]:
        """Status and message of the test that was running when the process ended."""
        if proc.timed_out:
            return "timeout", "did not finish within the time limit"
        why = process_failure(proc, "test")
        text = "the test process ended while this test was running"
        if why:
            text += f" ({why[1]})"
        tail = first_lines(proc.stderr.strip(), 5)
        return "error", f"{text}\n{tail}" if tail else text

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple[str, str, str, float]]:
        plan: list[str] = []
        started: set[str] = set()
        results: dict[str, tuple[str, str, float]] = {}
        for ev in events:
            kind = ev.get("event")
            if kind == "compile_error":  # the tests file does not parse
                raise NativeCompileError(str(ev.get("message", "")))
            if kind == "plan":
                plan = [str(n) for n in ev.get("names", [])]
            elif kind == "start":
                started.add(str(ev.get("name")))
            elif kind == "test":
                status = str(ev.get("status"))
                if status not in ("passed", "failed", "skipped"):
                    status = "error"
                results[str(ev.get("name"))] = (status, str(ev.get("message", "")),
                                                float(ev.get("seconds") or 0))
        out: list[tuple[str, str, str, float]] = []
        for name in plan + [n for n in results if n not in plan]:
            if name in results:
                out.append((name, *results[name]))
            elif name in started:
                out.append((name, *self._unfinished(proc), 0.0))
            else:
                out.append((name, "not_run", "not run: the test process ended first", 0.0))
        return out
