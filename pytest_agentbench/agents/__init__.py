"""Agents by spec: ``reference`` (default, offline) and ``cmd:COMMAND``; more arrive via hooks."""

from __future__ import annotations

from pathlib import Path

from .base import Agent, AgentUnavailable
from .cmd import CommandAgent
from .reference import ReferenceAgent

__all__ = ["Agent", "AgentUnavailable", "CommandAgent", "ReferenceAgent", "builtin_agent"]


def builtin_agent(spec: str, *, agent_timeout: float, base_dir: Path) -> Agent | None:
    """The built-in agent for ``spec``, or None when the spec is not one of ours."""
    spec = spec.strip()
    if spec == "reference":
        return ReferenceAgent()
    if spec.startswith("cmd:"):
        return CommandAgent(spec[len("cmd:"):], timeout=agent_timeout, base_dir=base_dir)
    return None
