"""The default agent: answers with the suite's own reference solution, offline.

It answers through the same path as any agent (a markdown answer with a fenced block, then
extraction), so a run with it validates both the suite and the pipeline.
"""

from __future__ import annotations

import time

from ..models import AgentReply, AgentRequest
from .base import Agent, AgentUnavailable, fenced


class ReferenceAgent(Agent):
    spec = "reference"

    def solve(self, request: AgentRequest) -> AgentReply:
        start = time.perf_counter()
        code = request.problem.reference_solution
        if not code:
            raise AgentUnavailable("no reference solution in the suite for this problem")
        text = fenced(code, request.problem.language)
        return AgentReply(text=text, seconds=time.perf_counter() - start)
