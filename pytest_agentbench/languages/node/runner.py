""":class:`NodeRunner`: what the JavaScript and TypeScript runners do alike on Node.js.

Both run every case in one ``node`` process with the same harness (``typescript/support/
harness.ts``, compiled once per content by TypeScript's compile server, then copied next to
the solution: the sandbox may not see the cache), time both contenders in one node, need the
checkout's ``node_modules`` and the harness's support files readable in the sandbox, and run
native tests whose messages name files of the work directory. What differs (the compile step,
the test runner, how the harness is built) is each runner's own."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import ClassVar

from ...models import Problem
from ..base import Toolchain
from ..harness_runner import HarnessRunner, MiB, Step
from .outcomes import TestResult
from .toolchain import INSTALL_HINT, node_modules, node_paths, node_program, node_toolchain

#: Node.js and its tools without colour codes in what they print
NO_COLOR = {"NO_COLOR": "1", "NODE_DISABLE_COLORS": "1"}


class NodeRunner(HarnessRunner):
    """A runner whose solutions run on Node.js in the shared harness."""

    # V8's heap limits (--max-old-space-size, the worker's resourceLimits) leave out array
    # buffers; without a cgroup only an address-space limit stops a solution that allocates
    # them without end. V8 (no WebAssembly) runs the harness and its worker in about 1 GiB of
    # address space.
    run_memory_bytes = 4096 * MiB
    supports_timing = True
    supports_class_timing = True
    #: the oldest Node.js the runner works with, and the packages ``node_modules`` must hold
    #: (the first one's version is the toolchain's)
    min_node: ClassVar[tuple[int, ...]] = (18,)
    node_packages: ClassVar[tuple[str, ...]] = ("typescript",)
    #: what a missing ``node_modules`` lacks, for the error
    missing_modules: ClassVar[str] = "typescript is"
    #: the harness's support files: the sandbox reads them (``typescript/support``)
    support: ClassVar[Path]
    #: how the predefined classes' constructors read in the task (``val?`` in TypeScript)
    optional_mark: ClassVar[str] = ""
    #: what the task says when the problem has native tests
    native_note: ClassVar[str] = ""

    def toolchain(self) -> Toolchain:
        return node_toolchain(self.min_node, self.node_packages)

    @staticmethod
    def node() -> str:
        return node_program()

    def modules(self) -> Path:
        """The checkout's ``node_modules``; RuntimeError when it is not installed."""
        modules = node_modules()
        if modules is None:
            raise RuntimeError(f"{self.missing_modules} not installed; run: {INSTALL_HINT}")
        return modules

    def extra_env(self, work: Path) -> dict[str, str]:
        return dict(NO_COLOR)

    def harness_dir(self) -> Path:
        """The directory of the compiled harness files."""
        raise NotImplementedError

    def write_harness(self, work: Path, names: tuple[str, ...]) -> None:
        """The compiled harness files ``names`` copied into ``work``."""
        harness = self.harness_dir()
        for name in names:
            shutil.copyfile(harness / name, work / name)

    def run_step(self, work: Path, problem: Problem) -> Step:
        # --single-threaded: V8's collector and optimising compiler work in the thread they
        # serve, so the timing mode's CPU clock measures the solution's thread alone
        return Step([self.node(), "--enable-source-maps", "--single-threaded",
                     "--max-old-space-size=256", "harness.js"])

    def readable_paths(self) -> tuple[Path, ...]:
        """``node_modules`` and the harness's support files."""
        return node_paths(self.support)

    @staticmethod
    def relative_messages(results: list[TestResult], work: Path) -> list[TestResult]:
        """``results`` with the work directory taken out of the paths their messages name."""
        prefixes = {f"{work}/", f"{work.resolve()}/"}
        tests = []
        for name, status, message, seconds in results:
            for prefix in prefixes:
                message = message.replace(prefix, "")
            tests.append((name, status, message, seconds))
        return tests

    def answer_intro(self, problem: Problem, what: str) -> str:
        """The first sentences of the answer's instructions: the fence, the source and the
        top-level ``what`` (``function`` or ``class``) it must hold."""
        raise NotImplementedError

    def answer_instructions(self, problem: Problem) -> str:
        """:meth:`answer_intro`, then what the task says of calls (a Promise is awaited), of
        the predefined ``TreeNode`` and ``ListNode``, and of native tests."""
        text = self.answer_intro(problem, "class" if problem.signature.kind == "class"
                                 else "function")
        if problem.signature.kind == "class":
            text += (" The constructor and the methods shown are called directly; a method "
                     "may return a Promise, which is awaited.")
        elif problem.signature.is_async:
            text += " The returned Promise is awaited."
        mark = self.optional_mark
        mentions = problem.signature_text + (problem.native_tests or "")
        if "TreeNode" in mentions:
            text += (" `TreeNode` is predefined as on LeetCode (`val`, `left`, `right`, "
                     f"`constructor(val{mark}, left{mark}, right{mark})`); do not declare it. "
                     "In the examples, `tree([...])` is a tree in level order with `null` "
                     "holes.")
        if "ListNode" in mentions:
            text += (" `ListNode` is predefined as on LeetCode (`val`, `next`, "
                     f"`constructor(val{mark}, next{mark})`); do not declare it. In the "
                     "examples, `list([...])` is a linked list of those values.")
        if problem.native_tests:
            text += self.native_note
        return text
