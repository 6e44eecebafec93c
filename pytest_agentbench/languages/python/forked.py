"""The fork server (:mod:`.forkserver`) as the Python runner's warm server
(:class:`~pytest_agentbench.languages.steps.WarmServer`): a ``warm`` step's job and the work
directory's files go to a child forked from a warm interpreter already inside the sandbox,
instead of a fresh sandboxed interpreter per problem."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ...sandbox import Limits
from ..steps import Reported, Step
from . import forkserver
from .project import TOOLS

SERVER_KILLED = ("the solution killed the sandbox around it (its parent process); the sandbox "
                 "is restarted for the next problem")


class ForkedSteps:
    """Runs a step ``[python, ..., <harness>, <job>]`` in the calling thread's fork server,
    whose own copy of the harness runs the job: the step's harness and job files, and the
    tools directory (:data:`~.project.TOOLS`), are not sent; every other file of the work
    directory is, at its path."""

    def __init__(self, python: str) -> None:
        self.python = python

    def report(self, step: Step, work: Path, limits: Limits) -> Reported:
        harness, job_path = step.argv[-2], step.argv[-1]
        job = json.loads((work / job_path).read_text(encoding="utf-8"))
        files = work_files(work, {harness, job_path})
        try:
            got = forkserver.server_for(self.python, limits).run(job, files, limits)
        except forkserver.Unavailable as exc:  # a process per problem from now on
            forkserver.mark_unavailable(str(exc))
            raise
        return Reported(got.process, got.events.events, got.events.forged,
                        SERVER_KILLED if got.server_died else "")


def work_files(work: Path, skip: set[str]) -> dict[str, str]:
    """The text of every file under ``work`` by its ``/``-separated relative path, but those
    in ``skip`` and the tools directory."""
    files: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(work):
        if Path(dirpath) == work and TOOLS in dirnames:
            dirnames.remove(TOOLS)
        for name in filenames:
            path = Path(dirpath, name)
            rel = path.relative_to(work).as_posix()
            if rel not in skip:
                files[rel] = path.read_text(encoding="utf-8")
    return files
