"""The Python runner: one sandboxed interpreter per problem runs every case through the harness
(``harness/python_harness.py``), or a job forked from a warm interpreter in the fork server
(:mod:`.forkserver`)."""

from __future__ import annotations

import ast
import json
import platform
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ... import channel, sandbox, timing_inputs
from ...models import (
    Case,
    FailureKind,
    Problem,
    ProcessResult,
    RunOutput,
    Signature,
    TimingResult,
)
from ...project import build_files, write_project
from ..base import ExecSettings, LanguageRunner, Toolchain
from ..harness_runner import (
    CALL_BUDGET,
    MIN_CALLS,
    cache_root,
    keep_timing_dir,
    output_from_events,
)
from ..timing_job import timing_from_events
from . import forkserver
from .harness import HARNESS, PROJECT_HARNESS
from .harness import python_harness as codec
from .project import TOOLS, project_output
from .source import param_kind, signature_params, stub_bodies
from .timing import timing_input_text


class PythonRunner(LanguageRunner):
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

    def run(self, problem: Problem, code: str, settings: ExecSettings) -> RunOutput:
        if forkserver.enabled():
            try:
                return self._run_forked(problem, code, settings)
            except forkserver.Unavailable as exc:  # a process per problem from now on
                forkserver.mark_unavailable(str(exc))
        with tempfile.TemporaryDirectory(prefix="agentbench-py-") as tmp:
            work = Path(tmp)
            (work / self.file_name).write_text(code, encoding="utf-8")
            shutil.copyfile(HARNESS, work / "harness.py")
            job = self.job_for(problem)
            (work / "job.json").write_text(json.dumps(job), encoding="utf-8")
            proc, got = channel.run_harness(
                [self.executable, "-I", "-B", "harness.py", "job.json"], work,
                sandbox.clean_env(work, {"PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0"}),
                settings.limits)
            if settings.keep_dir is not None:
                shutil.copytree(work, settings.keep_dir, dirs_exist_ok=True, symlinks=True)
        return output_from_events(problem, got.events, proc, got.forged)

    def _run_forked(self, problem: Problem, code: str, settings: ExecSettings) -> RunOutput:
        """The same harness, forked from a warm interpreter already inside the sandbox."""
        return self._forked(self.job_for(problem), {self.file_name: code}, settings,
                            lambda events, proc, forged: output_from_events(problem, events,
                                                                             proc, forged))

    def _forked(self, job: dict[str, Any], files: dict[str, str], settings: ExecSettings,
                output_of: Callable[[list[dict[str, Any]], ProcessResult, int], RunOutput]
                ) -> RunOutput:
        """``job`` run by the fork server in a directory holding ``files``."""
        server = forkserver.server_for(self.executable, settings.limits)
        got = server.run(job, files, settings.limits)
        if settings.keep_dir is not None:
            for name, text in files.items():
                (settings.keep_dir / name).parent.mkdir(parents=True, exist_ok=True)
                (settings.keep_dir / name).write_text(text, encoding="utf-8")
        output = output_of(got.events.events, got.process, got.events.forged)
        if got.server_died:  # whatever it returned, it attacked the sandbox
            return RunOutput(output.outcomes, got.process, FailureKind.RUNTIME_ERROR,
                             "the solution killed the sandbox around it (its parent process); "
                             "the sandbox is restarted for the next problem")
        return output

    # -- project mode: an exercise's own unittest/pytest-style tests, by module name
    @property
    def supports_project(self) -> bool:
        return True

    def run_project(self, problem: Problem, files: Mapping[str, str],
                    settings: ExecSettings) -> RunOutput:
        """The project's files at their paths, its test modules run by
        ``python_project_harness.py`` (every TestCase method and plain ``test_*`` function
        one outcome); in the fork server when it is in use, else a sandboxed interpreter."""
        project = problem.project
        assert project is not None
        job = {"mode": "project", "solution": list(project.solution),
               "tests": list(project.tests)}

        def output_of(events: list[dict[str, Any]], proc: ProcessResult,
                      forged: int) -> RunOutput:
            return project_output(problem, events, proc, forged)

        if forkserver.enabled():
            try:
                return self._forked(job, build_files(problem, files), settings, output_of)
            except forkserver.Unavailable as exc:  # a process per problem from now on
                forkserver.mark_unavailable(str(exc))
        with tempfile.TemporaryDirectory(prefix="agentbench-pyproject-") as tmp:
            work = Path(tmp)
            write_project(work, problem, files)
            tools = work / TOOLS
            tools.mkdir()
            shutil.copyfile(HARNESS, tools / HARNESS.name)
            shutil.copyfile(PROJECT_HARNESS, tools / PROJECT_HARNESS.name)
            (tools / "job.json").write_text(json.dumps(job), encoding="utf-8")
            proc, got = channel.run_harness(
                [self.executable, "-I", "-B", f"{TOOLS}/{HARNESS.name}", f"{TOOLS}/job.json"],
                work, sandbox.clean_env(work, {"PYTHONIOENCODING": "utf-8",
                                               "PYTHONHASHSEED": "0"}), settings.limits)
            if settings.keep_dir is not None:
                shutil.copytree(work, settings.keep_dir, dirs_exist_ok=True, symlinks=True)
        return output_of(got.events, proc, got.forged)

    supports_timing = True
    supports_class_timing = True

    def benchmark(self, problem: Problem, code: str, reference: str,
                  settings: ExecSettings) -> TimingResult:
        assert problem.timing is not None
        job = {
            "mode": "timing",
            "solution": self.file_name,
            "reference": "reference.py",
            "entry_point": problem.entry_point,
            "param_kinds": [p.kind for p in problem.signature.params],
            "repeat": problem.timing.repeat,
            "call_budget": CALL_BUDGET,
            "min_calls": MIN_CALLS,
        }
        inputs = cache_root() / "timing-inputs"
        sizes = [timing_inputs.splice({"label": s.label, "n": s.n},
                                      timing_input_text(s, inputs))
                 for s in problem.timing.sizes]
        with tempfile.TemporaryDirectory(prefix="agentbench-pytime-") as tmp:
            work = Path(tmp)
            (work / self.file_name).write_text(code, encoding="utf-8")
            (work / "reference.py").write_text(reference, encoding="utf-8")
            shutil.copyfile(HARNESS, work / "harness.py")
            (work / "job.json").write_text(timing_inputs.with_list(job, ("sizes",), sizes),
                                           encoding="utf-8")
            try:
                proc, got = channel.run_harness(
                    [self.executable, "-I", "-B", "harness.py", "job.json"], work,
                    sandbox.clean_env(work, {"PYTHONHASHSEED": "0"}), settings.limits)
            finally:
                keep_timing_dir(work, settings)
        if got.forged:
            return TimingResult((), channel.forged_message(got.forged))
        return timing_from_events(got.events, proc)
