"""``cmd:COMMAND``: any CLI agent, run as a subprocess per problem, in a workspace.

The command is split like a shell would split it, then placeholders are filled in each word,
so a prompt with spaces stays one argument: ``{task_file}`` (the task written as markdown),
``{prompt}`` (the task text itself), ``{language}``, ``{test_id}``, ``{workdir}`` and
``{workspace}`` (the agent's fresh per-item directory, also its current directory),
``{starter_file}`` (the starter file in it). A command with neither ``{task_file}`` nor
``{prompt}`` gets the task on standard input. The agent runs in its own process group with the
user's environment (agents need their credentials) plus ``AGENTBENCH_*`` variables; on timeout
the whole group is killed, and when the pytest process dies, however it dies, too (see
:mod:`.supervisor`). An agent that cannot be started is ``agent_unavailable``; one that exits
with status 75 (``EX_TEMPFAIL``) reports that its backend failed (``backend_error``): both are
infrastructure failures, not the agent's.

The answer is the code blocks the agent printed (``answer_from="stdout"``), the source file it
created or changed in its workspace (``"workspace"``, see :mod:`.workspace`), or the workspace
when a source file changed there and stdout otherwise (``"auto"``). Either is read up to
:data:`~.base.MAX_ANSWER`: a larger answer fails as no code, with the reason, and only the
tail of the agent's output is kept for the report.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import sandbox
from ..models import AgentReply, AgentRequest, FailureKind, ProcessResult
from ..prompt import render_conversation
from . import workspace as ws
from .base import MAX_ANSWER, TAIL, Agent, PreflightError, too_large
from .project_workspace import ProjectResult, ProjectWorkspace, previous_files, project_note
from .supervisor import supervised
from .workspace import LayoutMaker

PLACEHOLDERS = ("task_file", "prompt", "language", "test_id", "workdir", "workspace",
                "starter_file")
PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
# {name} that is not one of them; ${NAME} is left alone (a shell the agent runs expands it)
ANY_PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")
TASK_FILE = ws.TASK_FILE
EX_TEMPFAIL = 75  # sysexits.h: an agent exiting with it says its backend failed, not it
MiB = 1024 * 1024
FLOOD_BYTES = 256 * MiB  # no file an agent writes, its output included, may grow past this


class CommandAgent(Agent):
    def __init__(self, template: str, timeout: float = 120.0, base_dir: Path | None = None,
                 env: dict[str, str] | None = None, answer_from: str = "stdout",
                 keep_workspaces: Path | None = None, agent_home: str = "user",
                 layouts: Mapping[str, LayoutMaker] | None = None) -> None:
        self.layouts: Mapping[str, LayoutMaker] = layouts or {}
        self.template = template.strip()
        if not self.template:
            raise ValueError("cmd: needs a command, e.g. cmd:my-agent --input {task_file}")
        try:
            self.words = shlex.split(self.template)
        except ValueError as exc:
            raise ValueError(f"cmd: cannot split {self.template!r}: {exc}") from None
        if answer_from not in ws.ANSWER_FROM:
            raise ValueError(f"cmd: answer_from must be one of {', '.join(ws.ANSWER_FROM)}, "
                             f"not {answer_from!r}")
        if agent_home not in ws.AGENT_HOMES:
            raise ValueError(f"cmd: agent_home must be one of {', '.join(ws.AGENT_HOMES)}, "
                             f"not {agent_home!r}")
        unknown_placeholders(self.words)
        self.spec = f"cmd:{self.template}"
        self.timeout = timeout
        self.base_dir = base_dir or Path.cwd()
        self.env = env
        self.answer_from = answer_from
        self.keep_workspaces = (self.base_dir / keep_workspaces if keep_workspaces is not None
                                else None)
        self.agent_home = agent_home
        self.uses_stdin = not any("{task_file}" in w or "{prompt}" in w for w in self.words)

    def preflight(self) -> None:
        """The program exists and is executable (a path with a ``/`` that is not absolute is
        taken from the directory pytest was started in, as :meth:`argv` takes it)."""
        problem = program_problem(self.words[0], self.base_dir,
                                  (self.env or os.environ).get("PATH"))
        if problem:
            raise PreflightError(problem)

    def workspace(self, request: AgentRequest) -> ws.Workspace:
        problem = request.problem
        if problem.project is not None:  # the exercise's files at their paths, no tests
            return ProjectWorkspace(request.workdir, problem,
                                    previous_files(request.history, problem))
        previous = ws.previous_answer(request.history, problem.language)
        return ws.Workspace(request.workdir, ws.layout_for(
            problem.language, problem.signature_text, problem.entry_point, previous,
            self.layouts.get(problem.language)))

    def task_text(self, request: AgentRequest, layout: ws.Layout | None = None) -> str:
        """The task as the agent reads it: the prompt, the earlier turns, and (unless the
        answer is read from stdout) how to answer in the workspace."""
        text = render_conversation(request.prompt, request.history)
        note = ws.note(layout, self.answer_from, request.attempt) if layout else ""
        if layout and request.problem.project is not None:
            note = project_note(request.problem, self.answer_from, request.attempt)
        return text.rstrip("\n") + "\n\n" + note + "\n" if note else text

    def argv(self, request: AgentRequest, task_file: Path, starter_file: Path | None = None,
             task: str | None = None) -> list[str]:
        values = {
            "task_file": str(task_file),
            "prompt": task if task is not None else render_conversation(request.prompt,
                                                                        request.history),
            "language": request.problem.language,
            "test_id": request.problem.id,
            "workdir": str(request.workdir),
            "workspace": str(request.workdir),
            "starter_file": str(starter_file or ""),
        }
        words = [PLACEHOLDER.sub(lambda m: values[m.group(1)], w) for w in self.words]
        program = words[0]
        if os.sep in program and not os.path.isabs(program):
            words[0] = str((self.base_dir / program).resolve())
        return words

    def solve(self, request: AgentRequest) -> AgentReply:
        space = self.workspace(request)
        text = self.task_text(request, space.layout)
        space.prepare(text, self.agent_home)
        task_file = space.task_file
        env = dict(os.environ if self.env is None else self.env)
        env.update(space.home_env)
        env.update({
            "AGENTBENCH_TEST_ID": request.problem.id,
            "AGENTBENCH_LANGUAGE": request.problem.language,
            "AGENTBENCH_TASK_FILE": str(task_file),
            "AGENTBENCH_WORKSPACE": str(space.root),
            "AGENTBENCH_STARTER_FILE": str(space.starter_file),
            "AGENTBENCH_SAMPLE": str(request.sample),
            "AGENTBENCH_ATTEMPT": str(request.attempt),
        })
        argv = self.argv(request, task_file, space.starter_file, text)
        proc = _run_agent(argv, space.root, env, self.timeout,
                          text.encode("utf-8") if self.uses_stdin else None)
        reply = self._reply(proc)
        if proc.returncode is None and not proc.timed_out:  # it never started
            return reply
        result = space.result(request.problem.entry_point)
        kept = None
        if self.keep_workspaces is not None:
            kept = ws.keep(space.root, self.keep_workspaces,
                           f"{request.problem.id}.s{request.sample}.a{request.attempt}")
        return self._answer(reply, proc, result, request.problem.language, kept)

    def _reply(self, proc: ProcessResult) -> AgentReply:
        """The reply from the process alone, as an agent answering on stdout gets it; a
        failed agent's output is kept as a tail only."""
        tail = proc.stderr[-TAIL:]
        out = proc.stdout[-TAIL:]
        if proc.returncode is None:
            return AgentReply("", proc.seconds, FailureKind.AGENT_UNAVAILABLE,
                              f"could not start the agent: {proc.stderr}", None, tail)
        if proc.timed_out:
            return AgentReply(out, proc.seconds, FailureKind.AGENT_TIMEOUT,
                              f"the agent did not answer within {self.timeout:g} s and was killed",
                              None, tail)
        if proc.signal == signal.SIGXFSZ or proc.stdout_bytes >= FLOOD_BYTES:
            return AgentReply(out, proc.seconds, FailureKind.AGENT_ERROR,
                              f"the agent flooded its output past {FLOOD_BYTES // MiB} MiB and "
                              "was killed", None, tail)
        if proc.returncode != 0:
            how = (f"was killed by {sandbox.describe_signal(proc.signal)}" if proc.signal
                   else f"exited with status {proc.returncode}")
            last = _last_line(proc.stderr) or _last_line(proc.stdout)
            kind = FailureKind.AGENT_ERROR
            if proc.returncode == EX_TEMPFAIL and not proc.signal:
                kind, how = FailureKind.BACKEND_ERROR, f"{how} (EX_TEMPFAIL: its backend failed)"
            return AgentReply(out, proc.seconds, kind,
                              f"the agent {how}" + (f": {last}" if last else ""),
                              proc.returncode, tail)
        if not proc.stdout.strip():
            return AgentReply("", proc.seconds, FailureKind.AGENT_EMPTY,
                              "the agent exited 0 but printed nothing", 0, tail)
        return AgentReply(proc.stdout, proc.seconds, None, "", 0, tail)

    def _answer(self, reply: AgentReply, proc: ProcessResult, result: ws.WorkspaceResult,
                language: str, kept: Path | None) -> AgentReply:
        """Where the answer comes from, by ``answer_from``; the workspace diff either way."""
        where = result.describe()
        if kept is not None:
            where += f"; workspace kept at {kept}"
        extra = {"workspace_diff": result.diff}
        tail = proc.stdout[-TAIL:]
        ok = reply.failure in (None, FailureKind.AGENT_EMPTY)
        from_workspace = ok and self.answer_from != "stdout"
        if from_workspace and result.answer_path is not None:
            text = (result.reply_text(language) if isinstance(result, ProjectResult)
                    else ws.fenced(result.answer_code, language))
            return _replace(reply, text=text, failure=None,
                            message="", source="workspace", source_detail=where,
                            stdout_tail=tail, **extra)
        if from_workspace and result.refused:  # it did write its answer: nothing else counts
            return _replace(reply, text=tail, failure=FailureKind.NO_CODE,
                            message=f"no answer taken from the workspace: {result.problem}",
                            source="workspace", source_detail=where, stdout_tail=tail, **extra)
        if self.answer_from == "stdout" or not ok:
            detail = where
            if self.answer_from == "stdout" and result.answer_path is not None:
                detail += " (ignored: --agentbench-answer-from stdout)"
            return _capped(_replace(reply, source="stdout", source_detail=detail, **extra), proc)
        if self.answer_from == "workspace":
            return _replace(reply, text=tail, failure=FailureKind.NO_CODE,
                            message=f"the agent changed no source file in its workspace ({where}; "
                                    "--agentbench-answer-from workspace)",
                            source="workspace", source_detail=where, stdout_tail=tail, **extra)
        if reply.failure is FailureKind.AGENT_EMPTY:  # auto: nothing printed, nothing written
            return _replace(reply, failure=FailureKind.NO_CODE,
                            message=f"the agent exited 0 but printed nothing and {where}",
                            source="stdout", source_detail=where, **extra)
        return _capped(_replace(reply, source="stdout",
                                source_detail=f"{where}: answer read from stdout", **extra), proc)


def unknown_placeholders(words: list[str]) -> None:
    """A ``{name}`` that is not a placeholder would reach the agent as it is written: say so,
    with the placeholders there are (and the nearest, for a misspelling)."""
    for word in words:
        for match in ANY_PLACEHOLDER.finditer(word):
            name = match.group(1)
            if name in PLACEHOLDERS:
                continue
            near = difflib.get_close_matches(name, PLACEHOLDERS, n=1, cutoff=0.6)
            hint = f" (did you mean {{{near[0]}}}?)" if near else ""
            raise ValueError(f"unknown placeholder {{{name}}}{hint}; the placeholders are "
                             + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS))


def program_problem(program: str, base_dir: Path, path_env: str | None) -> str:
    """Why ``program`` cannot be started ('' when it can), said for a person."""
    if PLACEHOLDER.search(program):
        return ""  # named by a placeholder: known only per item
    if os.sep in program:
        path = Path(program) if os.path.isabs(program) else (base_dir / program).resolve()
        where = "" if os.path.isabs(program) else \
            f" (a relative program path is taken from {base_dir}, where pytest was started)"
        if not path.exists():
            return f"the program {path} does not exist{where}"
        if path.is_dir() or not os.access(path, os.X_OK):
            return f"the program {path} is not an executable file{where}; chmod +x it"
        return ""
    if shutil.which(program, path=path_env) is not None:
        return ""
    near = difflib.get_close_matches(program, _programs_on(path_env), n=3, cutoff=0.75)
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    return (f"the program {program!r} is not found on PATH{hint}; give its path, or install "
            "it")


def _programs_on(path_env: str | None) -> list[str]:
    names: set[str] = set()
    for directory in (path_env or os.defpath).split(os.pathsep):
        try:
            names.update(os.listdir(directory or "."))
        except OSError:
            continue
    return sorted(names)


def _run_agent(argv: list[str], cwd: Path, env: dict[str, str], timeout: float,
               stdin: bytes | None) -> ProcessResult:
    """Run the agent under its supervisor (so it dies with pytest), keeping at most
    :data:`MAX_ANSWER` of its output."""
    program = argv[0]  # checked as sandbox.run checks it, which sees only the supervisor
    if shutil.which(program, path=env.get("PATH")) is None and not (
            os.sep in program and os.access(program, os.X_OK)):
        return ProcessResult(returncode=None, seconds=0.0,
                             stderr=f"could not start {program!r}: not found or not executable")
    limits = sandbox.Limits(wall_seconds=timeout, output_bytes=MAX_ANSWER,
                            file_size_bytes=FLOOD_BYTES)
    pass_fds: tuple[int, ...] = ()
    if sys.executable:  # an embedded interpreter has none: the agent runs unsupervised
        argv, fd = supervised(argv, env, limits.file_size_bytes)
        pass_fds = (fd,)
    return sandbox.run(argv, cwd=cwd, env=env, limits=limits, stdin_data=stdin,
                       pass_fds=pass_fds,
                       isolate=False)  # an agent needs the network and the user's credentials


def _capped(reply: AgentReply, proc: ProcessResult) -> AgentReply:
    """The reply whose answer is stdout, unless stdout was over the cap: then it fails."""
    if reply.failure is not None or proc.stdout_bytes <= MAX_ANSWER:
        return reply
    return _replace(reply, text=proc.stdout[-TAIL:], failure=FailureKind.NO_CODE,
                    message=too_large("the answer printed on stdout is", proc.stdout_bytes))


def _replace(reply: AgentReply, **changes: Any) -> AgentReply:
    from dataclasses import replace

    return replace(reply, **changes)


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""
