"""Agents by spec: ``reference`` (default, offline), ``cmd:COMMAND``, ``openai:MODEL`` and
``replay:DIR``; more arrive via the ``pytest_agentbench_make_agent`` hook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .base import Agent, AgentUnavailable, PreflightError
from .cmd import CommandAgent
from .openai_api import OpenAIAgent, OpenAISettings
from .record import RecordingAgent, ReplayAgent
from .reference import ReferenceAgent
from .samples import SamplesAgent
from .workspace import LayoutMaker

__all__ = ["Agent", "AgentUnavailable", "CommandAgent", "OpenAIAgent", "OpenAISettings",
           "PreflightError", "RecordingAgent", "ReferenceAgent", "ReplayAgent", "SamplesAgent",
           "builtin_agent"]


def builtin_agent(spec: str, *, agent_timeout: float, base_dir: Path,
                  openai: OpenAISettings | None = None, answer_from: str = "auto",
                  keep_workspaces: Path | None = None, agent_home: str = "user",
                  layouts: Mapping[str, LayoutMaker] | None = None) -> Agent | None:
    """The built-in agent for ``spec``, or None when the spec is not one of ours;
    ``layouts`` are the workspaces of the languages in play (a bundle's ``layout``)."""
    spec = spec.strip()
    if spec == "reference":
        return ReferenceAgent()
    if spec.startswith("cmd:"):
        return CommandAgent(spec[len("cmd:"):], timeout=agent_timeout, base_dir=base_dir,
                            answer_from=answer_from, keep_workspaces=keep_workspaces,
                            agent_home=agent_home, layouts=layouts)
    if spec.startswith("openai:"):
        return OpenAIAgent(spec[len("openai:"):], openai, timeout=agent_timeout)
    if spec.startswith("replay:"):
        return ReplayAgent(base_dir / spec[len("replay:"):])
    if spec.startswith("samples:"):
        return SamplesAgent(base_dir / spec[len("samples:"):])
    return None
