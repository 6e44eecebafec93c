"""The PHP runner: one ``php`` process per problem runs every case through a PHP harness.

PHP has no separate compile step: the harness requires the solution inside ``try`` and turns a
``ParseError``/``CompileError`` (or a compile-time fatal error, seen by a shutdown handler) into
a ``compile_error`` event, which costs nothing beyond the run itself (``php -l`` would be a
second process per problem). Arguments are converted to the parameter types the harness reads
by reflection (the stub's types and PHPDoc element types when the solution leaves them out);
results go back as JSON. The harness is checked with ``php -l`` once per content hash in the
cache and copied into each work directory (the sandbox shows a solution only its own
directory). Native tests run under PHPUnit 9 (``support/native.php``; Debian's ``phpunit``,
without which native items are skipped naming the package): PHPUnit test classes as PHPUnit
runs them, and ``test*`` functions and methods that use ``assert()`` adapted to PHPUnit test
cases, one outcome per test, reported by a PHPUnit listener through the channel; a test that
skips itself (``markTestSkipped()``/``markTestIncomplete()``, ``\\AgentBench\\skip()``,
``incomplete()``) or is disabled (``#[\\AgentBench\\Skip]``) is "skipped", never passed, and
only the tests file (or PHPUnit itself) can skip. Timing
(``docs/runners.md``, :meth:`PhpRunner.timing_steps`) runs the solution and the reference in one
``php`` process (``support/timing.php``): the reference in a namespace of its own, the solution
global as for its cases, one unit of each per round (a call of the entry function, or a fresh
object and its call sequence) on fresh arguments, in CPU seconds (``getrusage()``: PHP runs the
solution on one thread); a generator or other lazy result is read to its end inside the unit,
and a solution unit past the cut-off is stopped by ``SIGALRM``.

Both PHP scripts report through the outcome channel (:mod:`pytest_agentbench.channel`): they
read its token before the solution is loaded (nothing of the solution runs earlier: the
``auto_prepend_file`` setting is cleared on the command line) and put it on every event line.
The run sees its work directory read-only; what a process could not report (a fatal error that
left its shutdown handler no memory, the allocator's "Out of memory") is completed from stderr
by :meth:`PhpRunner.complete_events`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from ...models import Case, Problem, ProcessResult, Signature
from ..base import Toolchain
from ..harness_runner import JOB, HarnessRunner, NativeCompileError, Step, build_cached
from ..timing_job import Contender
from .diagnostics import fatal_error_events, out_of_memory_events, work_of
from .prompt import LIST_NOTE, TREE_NOTE, outcome, params_of, php_args, php_literal
from .source import declarations, doc_param_types, param_kind, read_params
from .toolchain import (
    HARNESS_DIR,
    SUPPORT,
    SUPPORT_FILES,
    find_phpunit,
    find_toolchain,
    ini_args,
    lint,
)


class PhpRunner(HarnessRunner):
    name = "php"
    aliases = ("php8", "phtml")
    display_name = "PHP"
    file_name = "solution.php"
    supports_timing = True
    supports_class_timing = True

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        functions, types = declarations(text)
        classes = [t for t in types if t.kind == "class" and not t.abstract]
        wanted = (entry_point or "").lower()
        if wanted:
            fn = next((f for f in functions if f.name.lower() == wanted), None)
            cls = next((t for t in types if t.name.lower() == wanted), None)
            if fn is None and cls is None:
                raise ValueError(f"the signature does not declare {entry_point!r}")
        else:
            fn = functions[0] if functions else None
            cls = classes[0] if classes and fn is None else None
            if fn is None and cls is None:
                raise ValueError("no PHP `function` or `class` in the signature")
        if fn is not None:
            return Signature(fn.name, "function", read_params(fn.params), fn.returns, False,
                             param_kind(fn.returns))
        assert cls is not None
        ctor = next((m for m in cls.methods
                     if m.name.lower() == "__construct"), None)
        return Signature(cls.name, "class", read_params(ctor.params) if ctor else ())

    @staticmethod
    def stub_docs(problem: Problem) -> dict[str, str]:
        """PHPDoc parameter types of the entry point (or its constructor) in the stub."""
        functions, types = declarations(problem.signature_text)
        name = problem.entry_point.lower()
        if problem.signature.kind == "class":
            cls = next((t for t in types if t.name.lower() == name), None)
            methods = cls.methods if cls else []
            decl = next((m for m in methods if m.name.lower() == "__construct"), None)
        else:
            decl = next((f for f in functions if f.name.lower() == name), None)
        return doc_param_types(decl.doc) if decl else {}

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        """A function or class-like of that name (PHP's names are case-insensitive) at the
        top of the code or in a block there (``if (!function_exists(...))``, a namespace)."""
        functions, types = declarations(code)
        return any(d.name.lower() == entry_point.lower() for d in (*functions, *types))

    def looks_like_code(self, text: str) -> bool:
        return bool(re.match(r"\s*<\?php\b", text)) or bool(re.search(
            r"^\s*(?:declare\s*\(\s*strict_types|function\s+\w+\s*\(|"
            r"(?:(?:final|abstract|readonly)\s+)*(?:class|enum|interface|trait)\s+\w+)",
            text, re.M))

    # -- prompting
    def format_value(self, value: Any) -> str:
        return php_literal(value)

    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        parts = [php_literal(a, params[i].type if i < len(params) else "")
                 for i, a in enumerate(args)]
        return f"{problem.entry_point}({', '.join(parts)})"

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """An example as PHP: ``slugify('A b', separator: '_')  // -> 'a_b'`` for a function,
        ``$obj = new Money(amount: 1000, currency: 'EUR');`` then ``$obj->add(...);  // -> v``
        for a class (an argument whose parameter is a class of the signature is shown as
        ``new Class(...)``; an error expected as ``// throws ErrorClass``).
        """
        functions, types = declarations(problem.signature_text)
        classes = {t.name.lower(): t for t in types if t.kind == "class"}
        if case.calls is None and case.expected_attributes is None:
            fn = next((f for f in functions if f.name.lower() == problem.entry_point.lower()),
                      None)
            shown = (f"{problem.entry_point}"
                     f"({php_args(case.args, case.kwargs, params_of(fn), classes)})")
            return shown + outcome(case.raises, case.expected, True)
        cls = classes.get(problem.entry_point.lower())
        methods = {m.name.lower(): m for m in (cls.methods if cls else [])}
        init = php_args(case.args if case.expected_attributes is not None else case.init or (),
                         case.init_kwargs, params_of(methods.get("__construct")), classes)
        if case.init_raises:
            return f"new {problem.entry_point}({init});  // throws {case.init_raises}"
        lines = [f"$obj = new {problem.entry_point}({init});"]
        if case.expected_attributes is not None:
            lines += [f"$obj->{name};  // -> {php_literal(value)}"
                      for name, value in case.expected_attributes.items()]
        for call in case.calls or ():
            args = php_args(call.args, call.kwargs, params_of(methods.get(call.method.lower())),
                             classes)
            lines.append(f"$obj->{call.method}({args});"
                         + outcome(call.raises, call.expected, call.has_expected))
        return "\n".join(lines)

    def answer_instructions(self, problem: Problem) -> str:
        kind = "class" if problem.signature.kind == "class" else "function"
        text = (
            "Answer with exactly one fenced code block tagged `php` containing the complete "
            "file: `<?php`, `declare(strict_types=1);`, then the "
            f"{kind} `{problem.entry_point}` exactly as in the signature (same name, parameter "
            "order and types), with the helpers it needs. Standard library only: the PHP CLI "
            "and its bundled extensions (no Composer packages, no mbstring). Do not declare a "
            "namespace and do not write code that runs at load time (no echo, tests or "
            "example usage). Arguments arrive as the declared types; an error named in the "
            "task is an exception of that class (compared by its short class name)."
        )
        if kind == "class":
            text += (" Each case constructs the class with the constructor shown and calls its "
                     "public methods in order.")
        if "TreeNode" in problem.signature_text:
            text += TREE_NOTE
        if "ListNode" in problem.signature_text:
            text += LIST_NOTE
        return text

    # -- running
    def toolchain(self) -> Toolchain:
        return find_toolchain()

    def support_dir(self) -> Path:
        """The harness files, written and checked once per content hash into the cache."""
        sources = {name: (SUPPORT / name).read_text(encoding="utf-8") for name in SUPPORT_FILES}
        return build_cached("php-harness", sources, lint)

    def job_for(self, problem: Problem) -> dict[str, Any]:
        job = super().job_for(problem)
        docs = self.stub_docs(problem)
        for param in job["params"]:
            if param["name"] in docs:
                param["doc"] = docs[param["name"]]
        return job

    @staticmethod
    def as_php_file(code: str) -> str:
        """The code as a PHP file: an opening tag is added when the answer left it out."""
        stripped = code.lstrip("\ufeff")
        if re.match(r"\s*<\?php\b", stripped):
            return stripped.lstrip()
        return "<?php\n\n" + stripped.lstrip("\n")

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        """The solution, and the (checked) harness copied beside it: the sandbox shows the
        solution its own directory, and the cache may be somewhere it cannot see."""
        (work / self.file_name).write_text(self.as_php_file(code), encoding="utf-8")
        harness, checked = work / HARNESS_DIR, self.support_dir()
        harness.mkdir(exist_ok=True)
        for name in SUPPORT_FILES:
            shutil.copyfile(checked / name, harness / name)

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step(["php", *ini_args(), str(work / HARNESS_DIR / "harness.php"), "job.json"])

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[Contender]) -> tuple[list[Step], Step]:
        """No compile step; the solution folder's harness runs the timing job, loading both
        contenders (the reference in a namespace of its own, ``support/timing.php``)."""
        solution = next(c for c in chosen if c.who == "solution")
        harness = work / solution.folder / HARNESS_DIR / "harness.php"
        return [], Step(["php", *ini_args(), str(harness), JOB])

    def native_skip_reason(self, problem: Problem) -> str | None:
        """Native tests need PHPUnit 9 (``apt-get install phpunit``)."""
        found = find_phpunit()
        return found if isinstance(found, str) else None

    def readable_paths(self) -> tuple[Path, ...]:
        """PHPUnit's include root (``/usr/share/php``, already readable as a system path)."""
        found = find_phpunit()
        return () if isinstance(found, str) else (found.parent.parent,)

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """PHPUnit runs the tests file (``support/native.php``)."""
        found = find_phpunit()
        if isinstance(found, str):  # native_skip_reason skipped such items before any agent
            raise RuntimeError(found)
        (work / "tests.php").write_text(self.as_php_file(problem.native_tests or ""),
                                        encoding="utf-8")
        runner = work / HARNESS_DIR / "native.php"
        return [], Step(["php", *ini_args(), str(runner), str(found), str(work / self.file_name),
                         str(work / "tests.php"), problem.entry_point,
                         problem.signature.kind], what="test runner")

    #: the work directory whose cases' run last failed to load the solution (runs in one
    #: process follow each other): its native tests' run, failing the same way, adds nothing
    _load_failed_in: Path | None = None

    def complete_events(self, step: Step, proc: ProcessResult,
                        events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The events, completed for a process that a fatal error or the allocator ended."""
        work = work_of(step)
        native = step.what == "test runner"
        if proc.returncode == 255:
            events = [*events, *fatal_error_events(proc, work, events)]
        if not native and proc.returncode in (1, 255) and not proc.timed_out:
            events = [*events, *out_of_memory_events(proc, events)]
        if not native:
            failed = any(ev.get("event") in ("compile_error", "load_error") for ev in events)
            self._load_failed_in = work if failed else None
        return events

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple]:
        """One entry per test event (a test reported twice is there twice, for the template
        to void), then the planned tests never reported: timeout/error for the one running
        when the process ended, not_run after it.

        A solution (or tests file) that does not compile raises :class:`NativeCompileError`;
        one that fails while loading is one error entry, unless the cases' run said so already.
        """
        for ev in events:
            if ev.get("event") not in ("compile_error", "load_error"):
                continue
            if self._load_failed_in == work:
                return []  # the cases' run already reported it
            if ev["event"] == "compile_error":
                raise NativeCompileError(str(ev.get("message", "")))
            return [("(loading the solution)", "error", "the solution failed while loading: "
                     f"{ev.get('error_type', 'Error')}: {ev.get('message', '')}")]
        plan: list[str] = next((list(ev.get("tests", [])) for ev in events
                                if ev.get("event") == "plan"), [])
        reported = [ev for ev in events if ev.get("event") == "test" and "test" in ev]
        done = {str(ev["test"]) for ev in reported}
        started = [str(ev["test"]) for ev in events if ev.get("event") == "start" and "test" in ev]
        running = next((t for t in reversed(started) if t not in done), None)
        out: list[tuple] = [(str(ev["test"]), str(ev.get("status", "error")),
                             str(ev.get("message", "")), float(ev.get("seconds") or 0.0))
                            for ev in reported]
        for name in plan:
            if name in done:
                continue
            if name == running and proc.timed_out:
                out.append((name, "timeout", "did not finish within the time limit"))
            elif name == running:
                out.append((name, "error", "the test process ended while this test was running"
                            f" (status {proc.returncode}, signal {proc.signal})"))
            else:
                out.append((name, "not_run", "not run: the process ended first"))
        return out
