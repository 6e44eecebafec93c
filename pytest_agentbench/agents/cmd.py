"""``cmd:COMMAND``: any CLI agent, run as a subprocess per problem.

The command is split like a shell would split it, then placeholders are filled in each word,
so a prompt with spaces stays one argument: ``{task_file}`` (the task written as markdown),
``{prompt}`` (the task text itself), ``{language}``, ``{test_id}``, ``{workdir}``. A command with
neither ``{task_file}`` nor ``{prompt}`` gets the task on standard input. The agent runs in its
own process group in a fresh per-item directory, with the user's environment (agents need their
credentials) plus ``AGENTBENCH_*`` variables; on timeout the whole group is killed.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
from pathlib import Path

from .. import sandbox
from ..models import AgentReply, AgentRequest, FailureKind
from ..prompt import render_conversation
from .base import Agent

PLACEHOLDER = re.compile(r"\{(task_file|prompt|language|test_id|workdir)\}")
TASK_FILE = "task.md"
MiB = 1024 * 1024
FLOOD_BYTES = 256 * MiB  # no file an agent writes, its output included, may grow past this


class CommandAgent(Agent):
    def __init__(self, template: str, timeout: float = 120.0, base_dir: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.template = template.strip()
        if not self.template:
            raise ValueError("cmd: needs a command, e.g. cmd:my-agent --input {task_file}")
        try:
            self.words = shlex.split(self.template)
        except ValueError as exc:
            raise ValueError(f"cmd: cannot split {self.template!r}: {exc}") from None
        self.spec = f"cmd:{self.template}"
        self.timeout = timeout
        self.base_dir = base_dir or Path.cwd()
        self.env = env
        self.uses_stdin = not any("{task_file}" in w or "{prompt}" in w for w in self.words)

    def argv(self, request: AgentRequest, task_file: Path) -> list[str]:
        values = {
            "task_file": str(task_file),
            "prompt": render_conversation(request.prompt, request.history),
            "language": request.problem.language,
            "test_id": request.problem.id,
            "workdir": str(request.workdir),
        }
        words = [PLACEHOLDER.sub(lambda m: values[m.group(1)], w) for w in self.words]
        program = words[0]
        if os.sep in program and not os.path.isabs(program):
            words[0] = str((self.base_dir / program).resolve())
        return words

    def solve(self, request: AgentRequest) -> AgentReply:
        request.workdir.mkdir(parents=True, exist_ok=True)
        task_file = request.workdir / TASK_FILE
        text = render_conversation(request.prompt, request.history)
        task_file.write_text(text, encoding="utf-8")
        env = dict(os.environ if self.env is None else self.env)
        env.update({
            "AGENTBENCH_TEST_ID": request.problem.id,
            "AGENTBENCH_LANGUAGE": request.problem.language,
            "AGENTBENCH_TASK_FILE": str(task_file),
            "AGENTBENCH_SAMPLE": str(request.sample),
            "AGENTBENCH_ATTEMPT": str(request.attempt),
        })
        limits = sandbox.Limits(wall_seconds=self.timeout, output_bytes=8 * MiB,
                                file_size_bytes=FLOOD_BYTES)
        argv = self.argv(request, task_file)
        proc = sandbox.run(
            argv, cwd=request.workdir, env=env, limits=limits,
            stdin_data=text.encode("utf-8") if self.uses_stdin else None,
            isolate=False,  # an agent needs the network and the user's credentials
        )
        tail = proc.stderr[-4000:]
        if proc.returncode is None:
            return AgentReply("", proc.seconds, FailureKind.AGENT_ERROR,
                              f"could not start the agent: {proc.stderr}", None, tail)
        if proc.timed_out:
            return AgentReply(proc.stdout, proc.seconds, FailureKind.AGENT_TIMEOUT,
                              f"the agent did not answer within {self.timeout:g} s and was killed",
                              None, tail)
        if proc.signal == signal.SIGXFSZ or proc.stdout_bytes >= FLOOD_BYTES:
            return AgentReply(proc.stdout, proc.seconds, FailureKind.AGENT_ERROR,
                              f"the agent flooded its output past {FLOOD_BYTES // MiB} MiB and "
                              "was killed", None, tail)
        if proc.returncode != 0:
            how = (f"was killed by {sandbox.describe_signal(proc.signal)}" if proc.signal
                   else f"exited with status {proc.returncode}")
            last = _last_line(proc.stderr) or _last_line(proc.stdout)
            return AgentReply(proc.stdout, proc.seconds, FailureKind.AGENT_ERROR,
                              f"the agent {how}" + (f": {last}" if last else ""),
                              proc.returncode, tail)
        if not proc.stdout.strip():
            return AgentReply("", proc.seconds, FailureKind.AGENT_EMPTY,
                              "the agent exited 0 but printed nothing", 0, tail)
        return AgentReply(proc.stdout, proc.seconds, None, "", 0, tail)


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""
