"""The JavaScript runner: a syntax check once per problem, then one Node.js process runs every
case with the TypeScript runner's harness; native tests run under Jest.

**Module format.** A solution is ``solution.js``, in whichever module system its author
chose: an ES module (``export function f``, as Exercism's JavaScript track writes it),
CommonJS (``module.exports = { f }``, ``require("node:fs")``) or a plain script (a LeetCode-style
``function f``). No ``package.json`` names a module type, so Node.js 20.19+ decides by the
syntax, as it does for any such ``.js`` file: an ES module when it has ``import``/``export``
statements, CommonJS otherwise. The harness ``require()``s it either way (``require`` of an
ES module is on by default since Node.js 20.19; an ES module with top-level ``await`` cannot be
required, and fails to load), and Jest transforms it to CommonJS with Babel for the tests, so
one file serves both. Names of the signature the solution does not export are exported after
its last line (:func:`.source.with_exposed`), so exporting is optional.

**Compile step.** ``node --check`` with the module type made explicit
(``--experimental-default-type``): a syntax error is a compile error with the line and a caret.
(Plain ``node --check`` passes an ES module's syntax errors when it has to guess the type.)

**Cases** run in the TypeScript runner's harness (``typescript/support/harness.ts``, compiled
once per content with :func:`..typescript.built_harness` and copied next to the solution): the
JSDoc types of the signature (:mod:`.source`) are written into it as TypeScript types, so JSON
arguments are decoded into the declared ``Map``, ``Set``, ``bigint``, ``TreeNode``... exactly as
for TypeScript, and undocumented parameters get the JSON values as they are. Everything the
TypeScript runner documents about results, errors (``error_type`` is the thrown class's name),
Promises, keyword arguments, class cases, the worker's large stack and timing (both contenders
in one ``--single-threaded`` node, each syntax-checked in a folder of its own and loaded as a
module of its own, an ES module too; CPU time; class problems too; a generator's result read
inside the timed call) holds here. Both the harness and the Jest reporter take the outcome
channel's token before the solution is loaded, and run with the work directory read-only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from ...models import Case, Problem, ProcessResult, Signature
from .. import timing_job
from ..base import first_lines
from ..harness_runner import Step
from ..node import NodeRunner
from ..typescript import SUPPORT as HARNESS_SUPPORT
from ..typescript import (
    built_harness,
    example_lines,
    ts_call,
    ts_literal,
    ts_signature,
    typed_job,
)
from . import project
from .jest import REPORTER, TEST_FILE, jest_argv, jest_results, write_config
from .source import defines, is_module, looks_like_code, top_level_names, typed_source, with_exposed

SUPPORT = Path(__file__).with_name("support")
#: the compiled harness files copied next to the solution (the sandbox may not see the cache)
HARNESS_JS = ("harness.js", "prelude.js", "channel.js")


class JavaScriptRunner(NodeRunner):
    name = "javascript"
    aliases = ("js", "node", "nodejs", "mjs", "cjs")
    display_name = "JavaScript"
    file_name = "solution.js"
    #: require() of an ES module without a flag, and module syntax detection, came in 20.19
    min_node = (20, 19)
    #: what the runner needs from node_modules: Jest, its Babel transform, and TypeScript
    #: (which compiles the shared harness)
    node_packages = ("jest", "babel-jest", "jest-environment-node",
                     "@babel/plugin-transform-modules-commonjs", "typescript")
    missing_modules = "jest and typescript are"
    support = HARNESS_SUPPORT
    timing_sources = (HARNESS_SUPPORT,)  # TypeScript's harness times JavaScript's answers

    native_note = (" Jest tests import the names of the signature from `./solution`, so keep "
                   "them top-level.")

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        try:
            return ts_signature(typed_source(text), entry_point)
        except ValueError as exc:
            raise ValueError(str(exc).replace("TypeScript", "JavaScript")) from None

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        return defines(code, entry_point)

    def looks_like_code(self, text: str) -> bool:
        return looks_like_code(text)

    # -- prompting
    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        return ts_call(problem, args)

    def format_value(self, value: Any) -> str:
        return ts_literal(value)

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """Examples in JavaScript's syntax, which TypeScript's examples already are:
        ``chunk([1, 2, 3], 2)  // -> [[1, 2], [3]]``, ``new Map([...])`` for a parameter
        documented as a ``Map``, ``await`` before a call that returns a Promise."""
        return example_lines(problem, case, typed_source(problem.signature_text))

    def answer_intro(self, problem: Problem, what: str) -> str:
        return (
            "Answer with exactly one fenced code block tagged `javascript` containing the "
            f"complete JavaScript source for Node.js 20: the top-level {what} "
            f"`{problem.entry_point}` exactly as in the signature, with any helpers and the "
            "imports it needs (Node.js built-in `node:` modules only, no npm packages). Either "
            "module system works: an ES module (`export function ...`, `import ... from "
            "\"node:...\"`) or CommonJS (`module.exports = { ... }`, `require(\"node:...\")`); "
            "exporting is optional. Do not include tests, example usage or top-level code that "
            "runs."
        )

    # -- running
    def extra_env(self, work: Path) -> dict[str, str]:
        return {**super().extra_env(work), "FORCE_COLOR": "0"}

    def job_for(self, problem: Problem) -> dict[str, Any]:
        return typed_job(super().job_for(problem), problem, typed_source(problem.signature_text))

    def harness_dir(self) -> Path:
        """TypeScript's harness, compiled (:func:`..typescript.built_harness`)."""
        return built_harness(self.node(), str(self.modules()))

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        self._write_source(work, problem, code)
        self.write_harness(work, HARNESS_JS)

    def _write_source(self, work: Path, problem: Problem, code: str) -> None:
        # the names the signature declares (the entry point, say its error classes) are what
        # the harness and the tests import
        exposed = with_exposed(code, top_level_names(problem.signature_text))
        (work / self.file_name).write_text(exposed, encoding="utf-8")
        _untyped_package(work)

    def write_contender(self, folder: Path, problem: Problem,
                        contender: timing_job.Contender) -> None:
        self._write_source(folder, problem, contender.code)

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[timing_job.Contender]) -> tuple[list[Step], Step]:
        """Each contender's folder syntax-checked, then one harness in the work directory
        that loads and times both."""
        self.write_harness(work, HARNESS_JS)
        _untyped_package(work)
        steps = [self._check_step(work / c.folder / self.file_name, work)
                 for c in timing_job.folders(chosen)]
        return steps, self.run_step(work, problem)

    def _check_step(self, code_path: Path, work: Path) -> Step:
        module = is_module(code_path.read_text(encoding="utf-8"))
        kind = "module" if module else "commonjs"
        return Step([self.node(), f"--experimental-default-type={kind}", "--check",
                     str(code_path.relative_to(work))], what="syntax check")

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        return [self._check_step(work / self.file_name, work)]

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        (work / TEST_FILE).write_text(problem.native_tests or "", encoding="utf-8")
        shutil.copyfile(SUPPORT / REPORTER, work / REPORTER)
        write_config(work, self.modules())
        checks = ([] if problem.executable_cases
                  else [self._check_step(work / self.file_name, work)])
        return checks, Step(jest_argv(self.node(), self.modules()), what="test")

    def project_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """An Exercism exercise: its solution files syntax-checked, its spec files run by Jest
        with the native tests' reporter (``project.py``)."""
        modules = self.modules()
        self.write_harness(work, ("channel.js",))
        shutil.copyfile(SUPPORT / REPORTER, work / REPORTER)
        tests = project.prepare(work, problem, modules)
        checks = [self._check_step(work / rel, work) for rel in project.sources(problem)]
        return checks, Step(jest_argv(self.node(), modules, tests), what="test")

    def parse_project(self, proc: ProcessResult, events: list[dict[str, Any]],
                      work: Path) -> list[tuple[str, str, str, float]]:
        return self.parse_native(proc, events, work, project.test_files_of(work))

    def compile_message(self, proc: ProcessResult) -> str:
        text = proc.stderr.strip() or proc.stdout.strip()
        lines = [re.sub(r"^/\S*/(solution\.js)", r"\1", ln) for ln in text.splitlines()
                 if not ln.startswith(("    at ", "Node.js v"))]
        return first_lines("\n".join(lines), 20)

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]], work: Path,
                     test_file: str = TEST_FILE) -> list[tuple[str, str, str, float]]:
        return self.relative_messages(jest_results(events, proc, test_file), work)


def _untyped_package(work: Path) -> None:
    """A package that names no module type: Node.js decides by the syntax, whatever a
    package.json above the work directory says."""
    (work / "package.json").write_text('{"private": true}\n', encoding="utf-8")
