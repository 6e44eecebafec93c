"""A template for runners whose harness speaks the outcome protocol (``docs/runners.md``).

A language provides: the files to write (solution, harness, support code), the compile steps
(none for interpreted languages), the command that runs the harness over ``job.json``, and,
for problems with native tests, how to build, run and read its own test facility. This class
does the rest the same way for every language: a private work directory, every step sandboxed,
compile errors named with the first compiler messages, outcome events read back into raw
outcomes, native test outcomes numbered after the data cases.

Compile steps write the work directory; steps that run the solution see it read-only and
report through the outcome channel (:mod:`pytest_agentbench.channel`), never through a file the
solution could reach. Languages extend the template only through its public methods.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from .. import channel, sandbox, sandbox_user, timing_inputs
from ..generators import expand
from ..literals import to_json_compatible
from ..models import (
    Case,
    FailureKind,
    Problem,
    ProcessResult,
    RunOutput,
    SizeTiming,
    TimingResult,
    TimingSize,
)
from ..project import write_project
from ..sandbox import Limits
from . import timing_job
from .base import (
    ExecSettings,
    LanguageRunner,
    Toolchain,
    first_lines,
    outcomes_from_events,
    process_failure,
)
from .steps import Reported, ServerUnavailable, Step, WarmServer
from .test_outcomes import (  # noqa: F401  (NATIVE_STATUS, unknown_passes: public here too)
    NATIVE_STATUS,
    project_test_source,
    tests_from_events,
    tests_output,
    unknown_passes,
)

MiB = 1024 * 1024
JOB = "job.json"


class NativeCompileError(Exception):
    """Raised by ``parse_native`` when the native tests did not build; the message is shown."""


class HarnessRunner(LanguageRunner):
    """Template: subclasses fill in files and commands; :meth:`run` is shared."""

    #: memory limit (address space) for the run step; None for runtimes that reserve large
    #: virtual ranges up front (JVM, V8, Go's arena) and limit their heap with their own flag.
    run_memory_bytes: int | None = 2048 * MiB
    compile_memory_bytes: int | None = None
    #: seconds a compile step may take, on top of the execution limit
    compile_seconds: float = 120.0
    #: whether the solution may write its working directory (else only its private /tmp,
    #: whose size is capped); a harness that needs scratch files writes $TMPDIR
    run_cwd_writable: bool = False
    #: whether the run step's process also runs the native tests, after the cases (one process
    #: per problem, e.g. one JVM): :meth:`parse_native` then gets that run's events, and
    #: :meth:`native_steps` serves only problems without cases
    native_in_run_step: bool = False
    #: whether the run step's harness also runs the native tests and reports each one as a
    #: ``case`` event numbered after the data cases, read with them (Python's harness): the
    #: run step then runs for every problem, with cases or without, and :meth:`native_steps`
    #: is not used
    native_as_cases: bool = False
    #: a timing run's wall and CPU limits, as a multiple of a run step's (two programs, two
    #: sizes)
    timing_limit_factor: int = 2

    # ---------------------------------------------------------------- to implement

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        raise NotImplementedError

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        return []

    def run_step(self, work: Path, problem: Problem) -> Step:
        raise NotImplementedError

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """Compile steps and the run step of the problem's native tests."""
        raise NotImplementedError(f"{self.name}: native tests are not supported")

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple]:
        """Per test, in order: (name, status, message) or (name, status, message, seconds);
        status is "passed", "failed", "error", "skipped", "timeout" or "not_run". ``events``
        are what the test run reported through the channel. Raise
        :class:`NativeCompileError` when the tests (or the solution with them) did not build."""
        raise NotImplementedError

    def project_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        """Project mode (``problem.project``, e.g. an Exercism exercise): the compile steps and
        the run step of the project's own tests. ``work`` holds every project file at its
        path, as the exercise directory holds it: the support files, the solution files (the
        answer's, else their stubs) and the test files; nothing else (write a harness or a
        reporter of your own there, or into a cached build). With
        ``problem.project.include_ignored``, run ignored and disabled tests too. Implementing
        this method is what makes the runner take project problems (docs/runners.md)."""
        raise NotImplementedError(f"project mode not implemented for {self.name}")

    def parse_project(self, proc: ProcessResult, events: list[dict[str, Any]],
                      work: Path) -> list[tuple]:
        """Per test of the project, in order: (name, status, message[, seconds]) as
        :meth:`parse_native` returns them; ``events`` are what the run step reported through
        the channel (:func:`tests_from_events` reads the usual ``planned``/``start``/``case``
        events). Raise :class:`NativeCompileError` when the project did not build."""
        return tests_from_events(events, proc)

    def extra_env(self, work: Path) -> dict[str, str]:
        return {}

    def writable_caches(self) -> tuple[Path, ...]:
        """Directories compile steps may write (a build cache); none by default."""
        return ()

    def complete_events(self, step: Step, proc: ProcessResult,
                        events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The events of a run step, completed from what only the process shows (e.g. a fatal
        error that reached stderr alone); the events as they came by default."""
        return events

    def execute(self, step: Step, work: Path, limits: Limits,
                writable: tuple[Path, ...] = ()) -> ProcessResult:
        """Run a compile step, sandboxed, with ``work`` writable (override to serve compiles
        some other way, e.g. from a compile server)."""
        return sandbox.run(step.argv, cwd=work, env=self.env(work, step), limits=limits,
                           writable=writable, readable=(cache_root(), *self.readable_paths()))

    def warm_server(self) -> WarmServer | None:
        """The warm server that runs this runner's ``warm`` steps in place of a fresh
        sandboxed process each (Python's fork server), or None: every step is a process of
        its own (the default). A server that raises :class:`ServerUnavailable` leaves that
        step to a fresh process; return None from then on to stop trying it."""
        return None

    def report(self, step: Step, work: Path, limits: Limits) -> Reported:
        """Run a step whose harness reports through a fresh channel: the process, its events
        (completed by :meth:`complete_events`) and how many lines were forged. A ``warm``
        step goes to :meth:`warm_server` when there is one. A fresh process sees the work
        directory, the toolchain and :meth:`run_readable_paths`, never the whole cache (which
        holds what other solutions, the reference's included, compiled to)."""
        server = self.warm_server() if step.warm else None
        if server is not None:
            try:
                got = server.report(step, work, limits)
            except ServerUnavailable:
                pass  # a fresh process below
            else:
                return replace(got, events=self.complete_events(step, got.process, got.events))
        proc, ran = channel.run_harness(step.argv, work, self.env(work, step), limits,
                                        cwd_writable=self.run_cwd_writable,
                                        readable=(*self.readable_paths(),
                                                  *self.run_readable_paths()))
        return Reported(proc, self.complete_events(step, proc, ran.events), ran.forged)

    def project_output(self, problem: Problem, got: Reported, work: Path) -> RunOutput:
        """A project run's outcomes from its run step: by default :meth:`parse_project`'s
        tests, numbered from 0 (a :class:`NativeCompileError` is a compile error). Override
        to read a harness that reports failures of its own (Python's: a module that does not
        import)."""
        try:
            tests = self.parse_project(got.process, got.events, work)
        except NativeCompileError as exc:
            return RunOutput((), got.process, FailureKind.COMPILE_ERROR, first_lines(str(exc)))
        return tests_output(0, project_test_source(problem), got.process, tests, got.forged)

    def compile_message(self, proc: ProcessResult) -> str:
        return first_lines(proc.stderr.strip() or proc.stdout.strip(), 20)

    # ---------------------------------------------------------------- shared

    def write_job(self, work: Path, problem: Problem) -> None:
        """The job file the harness reads, once the solution's files are written."""
        (work / JOB).write_text(json.dumps(self.job_for(problem)), encoding="utf-8")

    def job_for(self, problem: Problem) -> dict[str, Any]:
        """The language-neutral job: plain JSON arguments, one entry per executable case."""
        return {
            "entry_point": problem.entry_point,
            "kind": problem.signature.kind,
            "params": [{"name": p.name, "type": p.type, "kind": p.kind}
                       for p in problem.signature.params],
            "returns": problem.signature.returns,
            "cases": [case_job(problem, c) for c in problem.executable_cases],
        }

    def env(self, work: Path, step: Step) -> dict[str, str]:
        return sandbox.clean_env(work, {**self.extra_env(work), **step.env})

    def limits_for(self, step_kind: str, settings: ExecSettings) -> Limits:
        base = settings.limits
        if step_kind == "compile":
            return replace(base, wall_seconds=base.wall_seconds + self.compile_seconds,
                           cpu_seconds=None, memory_bytes=self.compile_memory_bytes,
                           processes=None if base.processes is None else 1024,
                           cgroup_memory_bytes=None if base.cgroup_memory_bytes is None
                           else 4096 * MiB,
                           open_files=None if base.open_files is None else 4096,
                           file_size_bytes=None if base.file_size_bytes is None else 512 * MiB)
        return replace(base, memory_bytes=self.run_memory_bytes if base.memory_bytes else None)

    def readable_paths(self) -> tuple[Path, ...]:
        """Paths the toolchain reads in every step, outside the system directories and PATH
        (e.g. node_modules, a sysroot); compile steps also read the cache root."""
        return ()

    def run_readable_paths(self) -> tuple[Path, ...]:
        """What steps that run the solution read from the cache (e.g. a harness jar); none by
        default."""
        return ()

    def _compile(self, steps: list[Step], work: Path,
                 settings: ExecSettings) -> tuple[ProcessResult | None, float, str | None]:
        seconds = 0.0
        proc = None
        caches = self.writable_caches()
        for directory in caches:
            directory.mkdir(parents=True, exist_ok=True)
            _hand_over_once(directory)
        for step in steps:  # compilers may write their caches, and nothing else
            proc = self.execute(step, work, self.limits_for("compile", settings), caches)
            seconds += proc.seconds
            if proc.timed_out:
                return proc, seconds, f"the {step.what} did not finish within the time limit"
            if proc.returncode != 0:
                return proc, seconds, self.compile_message(proc) or (
                    f"the {step.what} failed with status {proc.returncode}")
        return proc, seconds, None

    @property
    def supports_project(self) -> bool:
        return type(self).project_steps is not HarnessRunner.project_steps

    def run_project(self, problem: Problem, files: Mapping[str, str],
                    settings: ExecSettings) -> RunOutput:
        """The project's files written at their paths, built by :meth:`project_steps`'
        compile steps, its tests run by its run step and read by :meth:`parse_project`."""
        with tempfile.TemporaryDirectory(prefix=f"agentbench-{self.name}-project-") as tmp:
            work = Path(tmp)
            try:
                write_project(work, problem, files)
                steps, run = self.project_steps(work, problem)
                proc, seconds, error = self._compile(steps, work, settings)
                if error is not None:
                    return RunOutput((), proc, FailureKind.COMPILE_ERROR, error, seconds)
                got = self.report(run, work, self.limits_for("run", settings))
                seconds += compiled_seconds(got.events)
                output = self.project_output(problem, got, work)
                return voided(replace(output, compile_seconds=seconds), got)
            finally:
                if settings.keep_dir is not None:
                    shutil.copytree(work, settings.keep_dir, dirs_exist_ok=True)

    def run(self, problem: Problem, code: str, settings: ExecSettings) -> RunOutput:
        with tempfile.TemporaryDirectory(prefix=f"agentbench-{self.name}-") as tmp:
            work = Path(tmp)
            try:
                return self._run_in(work, problem, code, settings)
            finally:
                if settings.keep_dir is not None:
                    shutil.copytree(work, settings.keep_dir, dirs_exist_ok=True)

    # ---------------------------------------------------------------- timing

    #: set True in a subclass whose harness implements the timing job (docs/runners.md)
    supports_timing = False

    def timing_steps(self, work: Path, problem: Problem,
                     chosen: list[timing_job.Contender]) -> tuple[list[Step], Step]:
        """The compile steps and the run step that time both contenders in ONE process (the
        timing job of ``docs/runners.md``; :mod:`.timing_job`). Each contender's files are in
        ``work/<folder>`` (:meth:`write_contender`), the job in ``work/job.json``. Implement it
        with ``supports_timing = True``."""
        raise NotImplementedError(f"{self.name}: timing is not implemented")

    def write_contender(self, folder: Path, problem: Problem, contender: timing_job.Contender
                        ) -> None:
        """A contender's files for a timing run, in a folder of its own (no native tests)."""
        self.write_files(folder, replace(problem, native_tests=None), contender.code)

    def timing_size_text(self, size: TimingSize) -> str:
        """A timing size's input as the harness reads it (JSON text): plain JSON by default
        (:func:`timing_input_text`); a harness with a value codec of its own gives its own."""
        return timing_input_text(size)

    def benchmark(self, problem: Problem, code: str, reference: str,
                  settings: ExecSettings) -> TimingResult:
        """Both contenders built into one work directory and timed by one harness process,
        their calls interleaved per round; its wall and CPU limits are a run's times
        :attr:`timing_limit_factor` (twice by default: two programs, two sizes)."""
        assert problem.timing is not None
        chosen = timing_job.contenders(code, reference)
        with tempfile.TemporaryDirectory(prefix=f"agentbench-{self.name}-time-") as tmp:
            work = Path(tmp)
            sandbox_user.hand_over(work)
            for contender in timing_job.folders(chosen):
                (work / contender.folder).mkdir()
                self.write_contender(work / contender.folder, problem, contender)
            sizes = [(s.label, s.n, self.timing_size_text(s)) for s in problem.timing.sizes]
            (work / JOB).write_text(timing_job.job_text(
                self.job_for(problem), chosen, problem.timing.repeat, CALL_BUDGET, MIN_CALLS,
                sizes), encoding="utf-8")
            compile_steps, run = self.timing_steps(work, problem, chosen)
            _, _, error = self._compile(compile_steps, work, settings)
            if error is not None:
                return TimingResult((), f"the solution and the reference did not build for "
                                        f"timing: {error}")
            limits = self.limits_for("run", settings)
            factor = self.timing_limit_factor
            limits = replace(limits, wall_seconds=factor * limits.wall_seconds,
                             cpu_seconds=limits.cpu_seconds and factor * limits.cpu_seconds)
            try:
                got = self.report(run, work, limits)
            finally:
                keep_timing_dir(work, settings)
        if got.forged or got.void:
            return TimingResult((), got.void or channel.forged_message(got.forged))
        return timing_job.timing_from_events(got.events, got.process)

    def _run_in(self, work: Path, problem: Problem, code: str,
                settings: ExecSettings) -> RunOutput:
        self.write_files(work, problem, code)
        self.write_job(work, problem)
        parts: list[RunOutput] = []
        compile_total = 0.0
        if problem.executable_cases or self.native_as_cases:
            proc, secs, error = self._compile(self.compile_steps(work, problem), work, settings)
            compile_total += secs
            if error is not None:
                return RunOutput((), proc, FailureKind.COMPILE_ERROR, error, compile_total)
            got = self.report(self.run_step(work, problem), work,
                              self.limits_for("run", settings))
            parts.append(voided(output_from_events(problem, got.events, got.process,
                                                   got.forged), got))
            if parts[-1].failure == FailureKind.COMPILE_ERROR or self.native_as_cases:
                return merge_outputs(parts, compile_total)  # (or the harness compiled it)
            if problem.native_tests and self.native_in_run_step:
                if not got.forged and not got.void:  # else the cases' part voids the run
                    parts.append(self.native_output(problem, got.process, got.events, 0, work))
                return replace(merge_outputs(parts, compile_total), process=got.process)
        if problem.native_tests:
            compile_steps, run = self.native_steps(work, problem)
            proc, secs, error = self._compile(compile_steps, work, settings)
            compile_total += secs
            if error is not None:
                return RunOutput(tuple(o for p in parts for o in p.outcomes), proc,
                                 FailureKind.COMPILE_ERROR, error, compile_total)
            got = self.report(run, work, self.limits_for("run", settings))
            compile_total += compiled_seconds(got.events)
            parts.append(voided(self.native_output(problem, got.process, got.events,
                                                   got.forged, work), got))
        return merge_outputs(parts, compile_total)

    def native_output(self, problem: Problem, proc: ProcessResult, events: list[dict[str, Any]],
                      forged: int, work: Path) -> RunOutput:
        """The native tests' outcomes, numbered after the data cases; a test reported twice,
        or passed under a name the tests do not hold, voids the run like a forged line."""
        try:
            tests = self.parse_native(proc, events, work)
        except NativeCompileError as exc:
            return RunOutput((), proc, FailureKind.COMPILE_ERROR, first_lines(str(exc)))
        return tests_output(len(problem.cases), problem.native_tests or "", proc, tests, forged)


def voided(output: RunOutput, got: Reported) -> RunOutput:
    """``output`` as a runtime error when what ran it says the run is void (``got.void``:
    the solution took down the warm server around it), its outcomes kept."""
    if not got.void:
        return output
    return replace(output, failure=FailureKind.RUNTIME_ERROR, message=got.void)


def keep_timing_dir(work: Path, settings: ExecSettings) -> None:
    """A timing run's directory copied to ``<keep_dir>/timing`` (``--agentbench-keep-
    workspaces``), beside the run's own: the job, both contenders and what they built."""
    if settings.keep_dir is not None:
        shutil.copytree(work, settings.keep_dir / "timing", dirs_exist_ok=True, symlinks=True)


def timing_input(size: TimingSize) -> dict[str, Any]:
    """What a timing job times, expanded and plain JSON: ``args`` of a function problem's
    call, or ``init`` and ``calls`` of a class problem's construction and method calls."""
    # tuples become lists before expansion: what the generators make is lists already, and a
    # walk of 10^5 generated calls cost as much as making them
    if size.calls is None:
        return {"args": expand(to_json_compatible(list(size.args)))}
    calls = expand(to_json_compatible(size.calls))
    return {"init": expand(to_json_compatible(list(size.init or ()))),
            "calls": [{"method": c["method"], "args": c.get("args", [])} for c in calls]}


#: what one timing process spends in timed calls at most, when the calls are long (seconds)
CALL_BUDGET = 0.25
#: the fewest calls a timing process makes, however long they are
MIN_CALLS = 3


def calls_per_process(repeat: int, previous: SizeTiming | None, n: int | None) -> int:
    """How many rounds a timing process makes at a size (the rule every harness applies; the
    job carries :data:`CALL_BUDGET` and :data:`MIN_CALLS`): the suite's ``repeat``, or fewer
    when the calls are expected to be long, as many as fit in :data:`CALL_BUDGET` (at least
    :data:`MIN_CALLS`, never more than ``repeat``). The expectation is the previous (smaller)
    size's median call scaled by the sizes' ratio, as if linear: a slower growth only gives
    more calls, a faster one spends more than the budget. A batch too noisy to tell is followed
    by another (:func:`~pytest_agentbench.scoring.performance.conclusive`). PHP's hard_03 made
    15 calls of 0.2 s in each of its 8 processes before."""
    if previous is None or not previous.n or not n or not (previous.solution
                                                           and previous.reference):
        return repeat
    median = sorted(previous.solution + previous.reference)[
        (len(previous.solution) + len(previous.reference)) // 2]
    expected = median * max(1.0, n / previous.n)
    if expected <= 0:
        return repeat
    return min(repeat, max(MIN_CALLS, math.ceil(CALL_BUDGET / expected)))


def timing_input_text(size: TimingSize) -> str:
    """:func:`timing_input` as JSON text, made once per machine (:mod:`..timing_inputs`)."""
    return timing_inputs.input_text(size, timing_input, "json", cache_root() / "timing-inputs")


def case_job(problem: Problem, case: Case) -> dict[str, Any]:
    job: dict[str, Any] = {"index": case.index}
    if case.expected_attributes is not None:
        job["init"] = to_json_compatible(list(case.args))
        job["attributes"] = list(case.expected_attributes)
    elif case.calls is not None:
        job["init"] = to_json_compatible(list(case.init or ()))
        if case.init_kwargs:
            job["init_kwargs"] = to_json_compatible(case.init_kwargs)
        if case.init_raises:
            job["init_raises"] = case.init_raises
        job["calls"] = [{"method": c.method, "args": to_json_compatible(list(c.args)),
                         **({"kwargs": to_json_compatible(c.kwargs)} if c.kwargs else {}),
                         **({"raises": c.raises} if c.raises else {})}
                        for c in case.calls]
    else:
        job["args"] = to_json_compatible(list(case.args))
        if case.kwargs:
            job["kwargs"] = to_json_compatible(case.kwargs)
        if case.raises:  # a harness may match subclasses by its language's own rules
            job["raises"] = case.raises
        job["param_kinds"] = [p.kind for p in problem.signature.params]
    return job


def output_from_events(problem: Problem, events: list[dict[str, Any]],
                       proc: ProcessResult, forged: int = 0) -> RunOutput:
    """Raw outcomes and the process-level failure from a harness's events (any language);
    ``forged`` lines (events without the channel's token) void the run."""
    if forged:
        return RunOutput((), proc, FailureKind.RUNTIME_ERROR, channel.forged_message(forged))
    for ev in events:
        kind = ev.get("event")
        if kind == "compile_error":
            return RunOutput((), proc, FailureKind.COMPILE_ERROR,
                             first_lines(str(ev.get("message", ""))))
        if kind == "load_error":
            detail = f"{ev.get('error_type', 'Error')}: {ev.get('message', '')}"
            if ev.get("traceback"):
                detail += "\n" + str(ev["traceback"])
            return RunOutput((), proc, FailureKind.RUNTIME_ERROR,
                             f"the solution failed while loading: {detail.strip()}")
    indices = [c.index for c in problem.executable_cases]
    outcomes = outcomes_from_events(events, indices, proc)
    compile_seconds = compiled_seconds(events)
    failure: FailureKind | None = None
    message = ""
    loaded = any(ev.get("event") == "loaded" for ev in events)
    done = any(ev.get("event") == "done" for ev in events)
    for ev in events:
        if ev.get("event") in ("harness_error", "tests_error"):
            failure = (FailureKind.RUNTIME_ERROR if ev["event"] == "tests_error"
                       else FailureKind.HARNESS_ERROR)
            message = f"{ev.get('error_type', '')}: {ev.get('message', '')}".strip(": ")
    why = process_failure(proc)
    if why and not done:
        failure, message = why
        if not loaded and (proc.stderr.strip() or proc.stdout.strip()):
            message += "\n" + first_lines(proc.stderr.strip() or proc.stdout.strip(), 10)
    return RunOutput(outcomes, proc, failure, message, compile_seconds)


def compiled_seconds(events: list[dict[str, Any]]) -> float:
    """What a harness that compiles the solution itself reported spending on it."""
    return sum(float(ev.get("seconds", 0.0) or 0.0) for ev in events
               if ev.get("event") == "compiled")


def merge_outputs(parts: list[RunOutput], compile_seconds: float) -> RunOutput:
    if not parts:
        return RunOutput((), None, FailureKind.HARNESS_ERROR, "nothing to run",
                         compile_seconds)
    outcomes = tuple(o for p in parts for o in p.outcomes)
    failure = next((p.failure for p in parts if p.failure is not None), None)
    message = "\n".join(p.message for p in parts if p.message)
    compile_seconds += sum(p.compile_seconds for p in parts)  # in-harness compilers
    return RunOutput(outcomes, parts[-1].process if len(parts) == 1 else _joined(parts),
                     failure, message, compile_seconds)


def _joined(parts: list[RunOutput]) -> ProcessResult | None:
    procs = [p.process for p in parts if p.process is not None]
    if not procs:
        return None
    last = procs[-1]
    return replace(last, seconds=sum(p.seconds for p in procs),
                   stdout="".join(p.stdout for p in procs),
                   stderr="".join(p.stderr for p in procs))


# ---------------------------------------------------------------- toolchains and caches


@cache
def _probe(program: str, version_args: tuple[str, ...], path: str) -> tuple[str | None, str]:
    exe = shutil.which(program, path=path)
    if exe is None:
        return None, ""
    try:
        out = subprocess.run([exe, *version_args], capture_output=True, text=True, timeout=30,
                             check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return exe, f"(version unknown: {exc})"
    text = (out.stdout.strip() or out.stderr.strip()).splitlines()
    return exe, text[0].strip() if text else ""


def detect_toolchain(programs: dict[str, tuple[str, ...]], install_hint: str,
                     version_of: Callable[[dict[str, str]], str] | None = None) -> Toolchain:
    """Every program found on PATH (cached per PATH), or the first missing one named."""
    path = os.environ.get("PATH", "")
    versions: dict[str, str] = {}
    for program, args in programs.items():
        exe, version = _probe(program, args, path)
        if exe is None:
            return Toolchain(False, reason=f"`{program}` not found on PATH",
                             install_hint=install_hint)
        versions[program] = version
    text = version_of(versions) if version_of else "; ".join(versions.values())
    return Toolchain(True, version=text)


_HANDED_OVER: set[Path] = set()


def _hand_over_once(cache: Path) -> None:
    """A cache that sandboxes write belongs to the sandbox user (once per process: it may
    hold many files)."""
    if cache not in _HANDED_OVER:
        sandbox_user.hand_over(cache, recursive=True)
        _HANDED_OVER.add(cache)


def cache_root() -> Path:
    """Where compiled support code is kept between runs (``AGENTBENCH_CACHE_DIR`` to move it)."""
    explicit = os.environ.get("AGENTBENCH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pytest-agentbench"


def _open_to_others(directory: Path) -> None:
    """Let the sandbox's user read ``directory`` (and traverse its subdirectories)."""
    for dirpath, _dirnames, filenames in os.walk(directory):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            path = Path(dirpath, name)
            path.chmod(path.stat().st_mode | 0o444)


def build_cached(name: str, sources: dict[str, str], build: Callable[[Path], None]) -> Path:
    """A directory holding ``sources`` built by ``build(dir)``, made once per content hash.

    Concurrent xdist workers wait on a lock instead of building twice; a failed build leaves
    nothing behind, and the directory appears complete or not at all (built aside, renamed).
    """
    digest = hashlib.sha256()
    for key in sorted(sources):
        digest.update(key.encode() + b"\0" + sources[key].encode() + b"\0")
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"{name}-{digest.hexdigest()[:16]}"
    if (target / ".complete").exists():
        if target.stat().st_mode & 0o005 != 0o005:  # made private by an older version
            _open_to_others(target)
        return target
    with open(root / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / ".complete").exists():
            return target
        staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
        staging.chmod(0o755)  # mkdtemp's 0700 would hide it from the sandbox's user
        try:
            for rel, text in sources.items():
                dest = staging / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8")
            build(staging)
            (staging / ".complete").write_text("ok")
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return target
