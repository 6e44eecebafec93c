"""The Python runner, on the :class:`~..harness_runner.HarnessRunner` template: one sandboxed
interpreter per problem runs every case and native test through the harness
(``harness/python_harness.py``), or the same job forked from a warm interpreter in the fork
server, the runner's warm server (:mod:`.forked`, :mod:`.forkserver`)."""

from __future__ import annotations

import ast
import json
import platform
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from ...models import Case, Problem, RunOutput, Signature, TimingSize
from ...sandbox import Limits
from ..base import ExecSettings, Toolchain
from ..harness_runner import (
    JOB,
    HarnessRunner,
    cache_root,
)
from ..steps import Reported, Step, WarmServer
from ..timing_job import Contender
from . import forkserver
from .forked import ForkedSteps
from .harness import HARNESS, PROJECT_HARNESS
from .harness import python_harness as codec
from .project import TOOLS, project_output
from .source import param_kind, signature_params, stub_bodies
from .timing import timing_input_text

#: what every Python step runs with
RUN_ENV = {"PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0"}


class PythonRunner(HarnessRunner):
    name = "python"
    aliases = ("py", "python3", "py3", "python2", "ipython", "pycon")
    display_name = "Python"
    file_name = "solution.py"

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or sys.executable

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        try:
            tree = ast.parse(stub_bodies(text))
        except SyntaxError as exc:
            return self._signature_by_pattern(text, entry_point, exc.msg)
        defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                        ast.ClassDef))]
        if entry_point:
            defs = [n for n in defs if n.name == entry_point] or defs
        if not defs:
            raise ValueError("no `def` or `class` in the signature")
        node = defs[0]
        name = entry_point or node.name
        if isinstance(node, ast.ClassDef):
            init = next((n for n in node.body if isinstance(n, (ast.FunctionDef,
                         ast.AsyncFunctionDef)) and n.name == "__init__"), None)
            params = signature_params(init, skip_self=True) if init else ()
            return Signature(name, "class", params)
        returns = ast.unparse(node.returns) if node.returns is not None else ""
        return Signature(name, "function", signature_params(node, skip_self=False), returns,
                         isinstance(node, ast.AsyncFunctionDef), param_kind(returns))

    def _signature_by_pattern(self, text: str, entry_point: str | None, why: str) -> Signature:
        match = re.search(r"^\s*(async\s+)?(def|class)\s+([A-Za-z_]\w*)", text, re.M)
        if not match:
            raise ValueError(f"cannot read the signature ({why})")
        kind = "class" if match.group(2) == "class" else "function"
        return Signature(entry_point or match.group(3), kind, (), "", bool(match.group(1)))

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        pattern = rf"^\s*(?:async\s+def|def|class)\s+{re.escape(entry_point)}\b"
        if re.search(pattern, code, re.M):
            return True
        return bool(re.search(rf"^{re.escape(entry_point)}\s*=", code, re.M))

    def looks_like_code(self, text: str) -> bool:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return False
        return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                   for n in tree.body)

    # -- prompting
    def format_value(self, value: Any) -> str:
        return repr(value)

    def answer_instructions(self, problem: Problem) -> str:
        helpers = ""
        kinds = {p.kind for p in problem.signature.params}
        if "tree" in kinds or "TreeNode" in problem.signature_text:
            helpers += (" `TreeNode` (attributes `val`, `left`, `right`) is predefined; do not"
                        " redefine it.")
        if "linked_list" in kinds or "ListNode" in problem.signature_text:
            helpers += " `ListNode` (attributes `val`, `next`) is predefined; do not redefine it."
        return super().answer_instructions(problem) + helpers

    # -- running
    def toolchain(self) -> Toolchain:
        return Toolchain(True, f"{platform.python_implementation()} {platform.python_version()}")

    def job_for(self, problem: Problem) -> dict[str, Any]:
        cases = [self._case_job(problem, c) for c in problem.executable_cases]
        return {
            "solution": self.file_name,
            "entry_point": problem.entry_point,
            "kind": problem.signature.kind,
            "cases": cases,
            "native_tests": problem.native_tests,
            "native_first_index": len(problem.cases),
            "param_kinds": [p.kind for p in problem.signature.params],  # what timing converts
        }

    @staticmethod
    def _case_job(problem: Problem, case: Case) -> dict[str, Any]:
        job: dict[str, Any] = {"index": case.index}
        if case.expected_attributes is not None:
            job["init"] = [codec.encode(a) for a in case.args]
            job["attributes"] = list(case.expected_attributes)
        elif case.calls is not None:
            job["init"] = [codec.encode(a) for a in (case.init or ())]
            job["init_kwargs"] = {k: codec.encode(v) for k, v in case.init_kwargs.items()}
            job["calls"] = [
                {"method": c.method, "args": [codec.encode(a) for a in c.args],
                 "kwargs": {k: codec.encode(v) for k, v in c.kwargs.items()}}
                for c in case.calls
            ]
        else:
            job["args"] = [codec.encode(a) for a in case.args]
            job["kwargs"] = {k: codec.encode(v) for k, v in case.kwargs.items()}
            job["param_kinds"] = [p.kind for p in problem.signature.params]
        return job

    @property
    def thread_safe_run(self) -> bool:
        return forkserver.enabled()

    def warm_up(self, settings: ExecSettings, threads: int) -> None:
        if forkserver.enabled():
            forkserver.prestart(self.executable, settings.limits, threads)

    def release_thread(self) -> None:
        forkserver.close_thread_servers()

    # -- the template's steps: one interpreter runs the cases and the native tests
    native_as_cases = True

    def warm_server(self) -> WarmServer | None:
        """The fork server, unless it is turned off or proved unusable here."""
        return ForkedSteps(self.executable) if forkserver.enabled() else None

    def limits_for(self, step_kind: str, settings: ExecSettings) -> Limits:
        """A run has the settings' limits as they are: an interpreter reserves no large
        virtual ranges that would need an address-space allowance of its own."""
        if step_kind == "run":
            return settings.limits
        return super().limits_for(step_kind, settings)

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        (work / self.file_name).write_text(code, encoding="utf-8")
        shutil.copyfile(HARNESS, work / "harness.py")

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step([self.executable, "-I", "-B", "harness.py", JOB], env=dict(RUN_ENV),
                    warm=True)

    # -- project mode: an exercise's own unittest/pytest-style tests, by module name
    def project_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """The project's test modules run by ``python_project_harness.py`` (every TestCase
        method and plain ``test_*`` function one outcome), from a tools directory beside the
        project's own files."""
        project = problem.project
        assert project is not None
        job = {"mode": "project", "solution": list(project.solution),
               "tests": list(project.tests)}
        tools = work / TOOLS
        tools.mkdir()
        shutil.copyfile(HARNESS, tools / HARNESS.name)
        shutil.copyfile(PROJECT_HARNESS, tools / PROJECT_HARNESS.name)
        (tools / JOB).write_text(json.dumps(job), encoding="utf-8")
        return [], Step([self.executable, "-I", "-B", f"{TOOLS}/{HARNESS.name}",
                         f"{TOOLS}/{JOB}"], env=dict(RUN_ENV), warm=True)

    def project_output(self, problem: Problem, got: Reported, work: Path) -> RunOutput:
        return project_output(problem, got.events, got.process, got.forged)

    # -- timing: the template's one protocol, both contenders in one interpreter
    supports_timing = True
    supports_class_timing = True
    #: a timing run has a case run's limits (the harness's watchdog cuts a slow solution)
    timing_limit_factor = 1

    def timing_size_text(self, size: TimingSize) -> str:
        """A timing size in the harness's value codec (tuples, sets, bytes kept)."""
        return timing_input_text(size, cache_root() / "timing-inputs")

    def write_contender(self, folder: Path, problem: Problem, contender: Contender) -> None:
        (folder / self.file_name).write_text(contender.code, encoding="utf-8")

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[Contender]) -> tuple[list[Step], Step]:
        """No build; the harness beside the contenders' folders, run on the job."""
        shutil.copyfile(HARNESS, work / "harness.py")
        return [], Step([self.executable, "-I", "-B", "harness.py", JOB],
                        env={"PYTHONHASHSEED": "0"}, what="timing run")
