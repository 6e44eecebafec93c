"""The TypeScript runner: a strict type check once per problem, then one Node.js process runs
every case.

The solution is type-checked and transpiled by a real TypeScript compiler (the ``typescript``
npm package pinned in the checkout's ``package.json``; ``npm ci`` installs it) with ``strict``,
target ES2022, CommonJS modules, ES2023 library and Node.js types: a type error is a compile
error with the first diagnostics. ``tsc`` spends most of its time starting and parsing the
standard library, so a compile server (``support/compiler.js --server``) is started
once per pytest process (under the sandbox's isolation wrapper: no network, read-only files):
it keeps the parsed library files and answers one JSON line per compile, with the sources in
the request and the JavaScript in the reply. It type-checks and emits untrusted code but never
runs it, and its compiler host sees nothing but those sources and ``node_modules``; every
request has a wall-clock limit and a server that hangs or dies is replaced. Without it
(``AGENTBENCH_TS_SERVER=0``, or if it cannot start) the same script runs as a sandboxed
compile step per problem. The analysers (:mod:`.analysers`) ask the same server
for the diagnostics that stricter compiler options add. ``node_modules`` and the support files
are the runner's ``readable_paths()``: visible in the sandbox even under ``/tmp``.

A plain LeetCode-style solution (top-level ``function``/``class``, with or without ``export``)
works: the compiler appends an ``export { ... }`` of the top-level names not exported yet.
``TreeNode`` and ``ListNode`` (LeetCode's definitions) are declared for the type check and
defined at run time. The harness (``support/harness.ts``, compiled once per
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

Timing (the timing job of ``docs/runners.md``, :meth:`TypeScriptRunner.timing_steps`): the
solution and the reference, each written and compiled in a folder of its own, are timed by
ONE harness process in the work directory, which loads both (the reference afresh even when it
is the same file: each has its own module state) and times them interleaved, size by size: the
input decoded once, then untimed warm-up units of each (at least two, and up to ten until they
took 0.1 s: V8 optimises hot code while it runs), then rounds of one unit each, every unit on
arguments as fresh as newly decoded ones (the same primitives, a copy of plain arrays and
objects, a new decoding of anything else: decoding 2 * 10^5 calls' arguments by their types
cost ten times the calls), in CPU seconds of the process (``process.cpuUsage``). A class
problem (``supports_class_timing``) is timed the same way, one unit being a fresh object built
from ``init`` and every call of ``calls`` in order (a getter read), their arguments decoded
beforehand by the methods' parameter types. A returned Promise is awaited and a lazy result
(an iterator: a generator's, ``map.keys()``'s) read to its end inside the timed unit, so that
a lazy answer is not timed as free. A solution unit past the cut-off is ended by a watchdog in
the harness's main thread, an endless loop too. Node.js 20 has no per-thread CPU clock (and
/proc's is only as fine as the scheduler tick), so node runs with V8's ``--single-threaded``:
garbage collection and optimising compilation work in the solution's thread instead of helper
threads, which would otherwise add a varying amount of CPU time to each call. No garbage
collection is forced between calls: after one V8 compiles regular expressions again and sweeps
lazily, charging the next call several milliseconds.

Examples in the prompt are TypeScript (``format_example``): ``chunk([1, 2, 3], 2)  // -> [[1, 2],
[3]]``, ``// throws RangeError``, ``await`` before what returns a Promise, and for a class
``const lruCache = new LRUCache(2);`` then ``lruCache.get(1);  // -> "a"``, getters read as
properties.

Native tests are TypeScript using ``node:test`` and ``node:assert`` that import the solution
from ``./solution``; they run under Node's own test runner, one outcome per test (for
``describe`` blocks, per innermost test, named ``block > test``). Their reporter is our own
(``support/reporter.ts``, a node:test custom reporter): preloaded with ``--require``
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

import json
import re
from pathlib import Path
from typing import Any

from ... import sandbox_user
from ...models import Case, Problem, ProcessResult, Signature
from ...sandbox import Limits
from .. import timing_job
from ..harness_runner import Step
from ..node import NodeRunner
from .compiler import built_harness, compile_server, server_enabled
from .job import typed_job
from .native import native_results
from .prompt import example_lines, ts_call, ts_literal
from .source import strip_comments, ts_signature
from .toolchain import COMPILER, GLOBALS, MIN_NODE, SUPPORT, SUPPORT_JS, TIMING_JS


class TypeScriptRunner(NodeRunner):
    name = "typescript"
    aliases = ("ts",)
    display_name = "TypeScript"
    file_name = "solution.ts"
    min_node = (MIN_NODE,)
    node_packages = ("typescript", "@types/node")
    support = SUPPORT
    optional_mark = "?"

    native_note = (" Tests import the names of the signature from the solution module, so "
                   "keep them top-level.")

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
        return ts_call(problem, args)

    def format_value(self, value: Any) -> str:
        return ts_literal(value)

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """Examples as TypeScript (:func:`example_lines`)."""
        return example_lines(problem, case, problem.signature_text)

    def answer_intro(self, problem: Problem, what: str) -> str:
        return (
            "Answer with exactly one fenced code block tagged `ts` containing the complete "
            f"TypeScript source: the top-level {what} `{problem.entry_point}` exactly as in the "
            "signature (`export` is optional), with any helpers and the imports it needs "
            "(Node.js built-in `node:` modules only, no npm packages). The code is type-checked "
            "with `strict: true` (target ES2022, ES2023 library, Node.js 20 types): a type "
            "error fails the answer. Do not include tests, example usage or top-level code "
            "that runs."
        )

    # -- running
    def job_for(self, problem: Problem) -> dict[str, Any]:
        return typed_job(super().job_for(problem), problem, problem.signature_text)

    def harness_dir(self) -> Path:
        """The compiled harness and prelude, built once per content and TypeScript version."""
        return built_harness(self.node(), str(self.modules()))

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        self._write_source(work, code)
        self.write_harness(work, SUPPORT_JS)

    def _write_source(self, work: Path, code: str) -> None:
        """The solution, the globals' declarations and the request that compiles them."""
        (work / self.file_name).write_text(code, encoding="utf-8")
        (work / GLOBALS).write_text((SUPPORT / "globals.d.ts").read_text(encoding="utf-8"),
                                    encoding="utf-8")
        self._request(work, "compile.json", [self.file_name, GLOBALS], [self.file_name])

    def write_contender(self, folder: Path, problem: Problem,
                        contender: timing_job.Contender) -> None:
        """A contender's source and compile request; its compiled JavaScript is written
        there (by the compile step: the sandbox's user owns the folder)."""
        self._write_source(folder, contender.code)
        sandbox_user.hand_over(folder)

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[timing_job.Contender]) -> tuple[list[Step], Step]:
        """Each contender's folder compiled on its own (through the compile server), then
        one harness in the work directory that loads and times both."""
        self.write_harness(work, TIMING_JS)
        steps = [self._compile_step(f"{c.folder}/compile.json")
                 for c in timing_job.folders(chosen)]
        return steps, self.run_step(work, problem)

    @staticmethod
    def _request(work: Path, name: str, roots: list[str], emit: list[str]) -> None:
        request = {"dir": str(work), "roots": roots, "emit": emit, "expose": "solution.ts"}
        (work / name).write_text(json.dumps(request), encoding="utf-8")

    def _compile_step(self, request: str) -> Step:
        return Step([self.node(), "--max-old-space-size=2048", str(COMPILER),
                     str(self.modules()), "--once", request], what="compiler")

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        return [self._compile_step("compile.json")]

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        (work / "solution.test.ts").write_text(problem.native_tests or "", encoding="utf-8")
        self._request(work, "compile-tests.json", [self.file_name, "solution.test.ts", GLOBALS],
                      [self.file_name, "solution.test.ts"])
        # the reporter is preloaded first: it takes the channel before the tests (and the
        # solution they import) are loaded, and node:test then runs the same module
        run = Step([self.node(), "--enable-source-maps", "--max-old-space-size=1536",
                    "--require", "./reporter.js", "--require", "./prelude.js",
                    "--test-reporter=./reporter.js", "solution.test.js"], what="test")
        return [self._compile_step("compile-tests.json")], run

    def execute(self, step: Step, work: Path, limits: Limits,
                writable: tuple[Path, ...] = ()) -> ProcessResult:
        """A compile step: answered by the compile server when it is enabled and answers,
        else run as the sandboxed ``node compiler.js --once`` it is."""
        if server_enabled() and step.what == "compiler" and step.argv[-2:-1] == ["--once"]:
            path = work / step.argv[-1]  # a timing contender's is in its folder
            request = json.loads(path.read_text(encoding="utf-8"))
            server = compile_server(self.node(), self.modules())
            result = server.compile(path.parent, request, timeout=limits.wall_seconds)
            if result is not None:
                return result
        return super().execute(step, work, limits, writable)

    def compile_message(self, proc: ProcessResult) -> str:
        lines = [ln for ln in (proc.stdout.strip() or proc.stderr.strip()).splitlines()
                 if ln.strip()]
        return "\n".join(lines[:20])

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple[str, str, str, float]]:
        return self.relative_messages(native_results(events, proc), work)
