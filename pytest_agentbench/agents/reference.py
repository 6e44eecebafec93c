"""The default agent: answers with the suite's own reference solution, offline.

It answers through the same path as any agent (a markdown answer with a fenced block, then
extraction), so a run with it validates both the suite and the pipeline. A project problem's
reference is its example files, each under the path of the solution file it stands for, as
Aider's "whole" edit format prints files (see :func:`~pytest_agentbench.project.format_files`).
"""

from __future__ import annotations

import time

from ..models import AgentReply, AgentRequest
from ..project import format_files
from .base import Agent, AgentUnavailable, fenced


class ReferenceAgent(Agent):
    spec = "reference"
    offline = True

    def solve(self, request: AgentRequest) -> AgentReply:
        start = time.perf_counter()
        project = request.problem.project
        if project is not None and project.example:
            text = format_files(project.example, request.problem.language)
            return AgentReply(text=text, seconds=time.perf_counter() - start)
        code = request.problem.reference_solution
        if not code:
            raise AgentUnavailable("no reference solution in the suite for this problem")
        text = fenced(code, request.problem.language)
        return AgentReply(text=text, seconds=time.perf_counter() - start)
