"""Record answers once, replay them in CI bit for bit.

``--agentbench-record DIR`` wraps any agent: every answer is stored as a plain JSON file with
what was asked (the prompt, the earlier turns of a repair conversation), the sample index, the
agent that answered, its timing and tokens. The file name carries the test id, sample, attempt
and a hash of what was asked: ``two_sum.s0.a1.3f9c2a1b0d4e5f60.json``. ``replay:DIR`` answers
from those files and never calls anything; before the run, every selected item must have a
recording of its first attempt (:meth:`ReplayAgent.missing`), and a later request with no
recording (a repair turn that went another way) fails its item as ``agent_unavailable``, named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..models import AgentReply, AgentRequest, FailureKind
from .base import Agent


def request_key(request: AgentRequest) -> str:
    """A hash of what was asked: the prompt, the conversation so far and the sample index."""
    material = {
        "language": request.problem.language,
        "test_id": request.problem.id,
        "prompt": request.prompt,
        "history": [[t.answer, t.feedback] for t in request.history],
        "sample": request.sample,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:16]


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)[:80]


def file_name(request: AgentRequest) -> str:
    return (f"{_safe(request.problem.id)}.s{request.sample}.a{request.attempt}."
            f"{request_key(request)}.json")


class RecordingAgent(Agent):
    def __init__(self, inner: Agent, directory: Path) -> None:
        self.inner = inner
        self.directory = directory
        self.spec = inner.describe()

    def describe(self) -> str:
        return self.inner.describe()

    def preflight(self) -> None:
        check = getattr(self.inner, "preflight", None)
        if check is not None:
            check()

    def solve(self, request: AgentRequest) -> AgentReply:
        reply = self.inner.solve(request)
        record = {
            "key": request_key(request),
            "test_id": request.problem.id,
            "suite": request.problem.suite,
            "language": request.problem.language,
            "sample": request.sample,
            "attempt": request.attempt,
            "agent": self.inner.describe(),
            "recorded_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "prompt": request.prompt,
            "history": [{"answer": t.answer, "feedback": t.feedback} for t in request.history],
            "answer": reply.text,
            "seconds": reply.seconds,
            "failure": reply.failure.value if reply.failure else None,
            "message": reply.message,
            "exit_code": reply.exit_code,
            "stderr_tail": reply.stderr_tail,
            "tokens_in": reply.tokens_in,
            "tokens_out": reply.tokens_out,
            "requests": reply.requests,
        }
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, self.directory / file_name(request))
        return reply


class ReplayAgent(Agent):
    offline = True

    def __init__(self, directory: Path) -> None:
        if not directory.is_dir():
            raise ValueError(f"replay: {directory} is not a directory of recorded answers")
        self.directory = directory
        self.spec = f"replay:{directory}"

    def missing(self, requests: Iterable[AgentRequest]) -> list[AgentRequest]:
        """The requests no file in the directory is named for (the file names carry the
        hash of what was asked), read once: the preflight of a replayed run."""
        names = {p.name.rsplit(".", 2)[-2] for p in self.directory.glob("*.json")
                 if p.name.count(".") >= 2}
        return [r for r in requests if request_key(r) not in names]

    def find(self, request: AgentRequest) -> dict[str, Any] | None:
        key = request_key(request)
        for path in sorted(self.directory.glob(f"*.{key}.json")):
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") == key:
                return data
        return None

    def solve(self, request: AgentRequest) -> AgentReply:
        data = self.find(request)
        if data is None:
            return AgentReply("", 0.0, FailureKind.AGENT_UNAVAILABLE,
                              f"replay miss: no answer recorded in {self.directory} for "
                              f"{request.problem.id} sample {request.sample} attempt "
                              f"{request.attempt} (key {request_key(request)}); record it with "
                              f"--agentbench-record {self.directory}")
        failure = data.get("failure")
        return AgentReply(
            text=data.get("answer", ""),
            seconds=float(data.get("seconds", 0.0)),
            failure=FailureKind(failure) if failure else None,
            message=data.get("message", ""),
            exit_code=data.get("exit_code"),
            stderr_tail=data.get("stderr_tail", ""),
            tokens_in=data.get("tokens_in"),
            tokens_out=data.get("tokens_out"),
            requests=0,
        )
