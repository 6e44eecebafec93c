"""What every agent is: it turns an :class:`AgentRequest` into an :class:`AgentReply`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace

from ..models import AgentReply, AgentRequest, FailureKind
from ..text_safety import valid

MAX_ANSWER = 1024 * 1024  # bytes of code read from an agent's file or its standard output
TAIL = 4000  # characters of an agent's output kept for the report when it is not the answer
_FENCE_ROOM = 1024  # a file's code is answered inside a fence


class AgentUnavailable(Exception):
    """The agent cannot answer this problem at all (e.g. no reference solution): skip the item."""


class PreflightError(Exception):
    """Raised by :meth:`Agent.preflight` when the agent cannot work at all. The message says
    what is wrong and what to do; ``option`` names the option to fix."""

    def __init__(self, message: str, option: str = "--agentbench-agent") -> None:
        super().__init__(message)
        self.option = option


class Agent(ABC):
    """Base class of agents. ``spec`` is the text the user gave (``reference``, ``cmd:...``)."""

    spec: str = ""
    #: answers come from local files at no cost per call (the reference, samples, replay):
    #: with no ``--agentbench-concurrency`` given, items are fetched and run ahead
    #: (:data:`~pytest_agentbench.prefetch.OFFLINE_CONCURRENCY`)
    offline: bool = False

    @abstractmethod
    def solve(self, request: AgentRequest) -> AgentReply:
        """Answer one request. Failures are returned in the reply, never raised.

        A failure that is not the agent's own (its backend is down, it is rate limited) is
        returned with an infrastructure kind (``FailureKind.BACKEND_ERROR``,
        ``RATE_LIMITED``, ``AGENT_UNAVAILABLE``), so it is not scored and is asked again on
        resume."""

    def describe(self) -> str:
        return self.spec

    def preflight(self) -> None:
        """Check, once before the first item and only in the controlling process, that the
        agent can work at all (its program exists, its endpoint answers); raise
        :class:`PreflightError` saying why not. The default checks nothing."""
        return None


def fenced(code: str, language: str) -> str:
    """``code`` in a fenced block tagged ``language``, with a fence longer than any inside."""
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}{language}\n{code.rstrip()}\n{fence}\n"


def size_text(size: int) -> str:
    """``size`` bytes for a report: ``200 MiB``, ``1.5 KiB``, ``17 bytes``."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def too_large(what: str, size: int) -> str:
    """Why an answer of ``size`` bytes was not read; ``what`` says where it was."""
    return (f"{what} {size_text(size)}, over the {size_text(MAX_ANSWER)} an answer may have: "
            "not read")


def cap_answer(reply: AgentReply) -> AgentReply:
    """Any agent's answer over :data:`MAX_ANSWER` fails as no code, with only its tail kept,
    so a huge answer is never extracted, run, stored or printed. Lone surrogates (no source
    file can hold one) become U+FFFD, so the code can be written to a file at all."""
    text = valid(reply.text)
    if text is not reply.text:
        reply = replace(reply, text=text)
    if len(reply.text) <= MAX_ANSWER + _FENCE_ROOM:
        return reply
    if reply.failure is not None:
        return replace(reply, text=reply.text[-TAIL:])
    size = len(reply.text.encode("utf-8", "replace"))
    return replace(reply, text=reply.text[-TAIL:], failure=FailureKind.NO_CODE,
                   message=too_large("the answer is", size))
