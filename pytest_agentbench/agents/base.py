"""What every agent is: it turns an :class:`AgentRequest` into an :class:`AgentReply`."""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..models import AgentReply, AgentRequest


class AgentUnavailable(Exception):
    """The agent cannot answer this problem at all (e.g. no reference solution): skip the item."""


class Agent(ABC):
    """Base class of agents. ``spec`` is the text the user gave (``reference``, ``cmd:...``)."""

    spec: str = ""

    @abstractmethod
    def solve(self, request: AgentRequest) -> AgentReply:
        """Answer one request. Failures are returned in the reply, never raised."""

    def describe(self) -> str:
        return self.spec


def fenced(code: str, language: str) -> str:
    """``code`` in a fenced block tagged ``language``, with a fence longer than any inside."""
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}{language}\n{code.rstrip()}\n{fence}\n"
