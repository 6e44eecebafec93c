"""Per-process state of a benchmark session: the agent, the languages, the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .agents import Agent
from .entries import Entry, ShardRecord
from .journal import ResumeKey
from .languages import LanguageRegistry
from .models import Suite
from .pipeline import BenchSettings


@dataclass
class BenchContext:
    agent: Agent
    agent_spec: str
    registry: LanguageRegistry
    settings: BenchSettings
    agent_timeout: float
    exec_timeout: float
    suite_paths: list[Path]
    suites: dict[str, Suite] = field(default_factory=dict)
    failed_suites: set[str] = field(default_factory=set)
    resume: dict[ResumeKey, Entry] = field(default_factory=dict)
    resume_source: str | None = None
    resume_entries: list[Entry] = field(default_factory=list)  # all, controller only
    max_infra_failures: int = 3  # the circuit breaker's limit; 0: never stop
    stopped: str = ""  # why the circuit breaker stopped the run
    samples: int = 1
    concurrency: int = 1
    concurrency_explicit: bool = False  # given by the user, not the offline agents' default
    price: dict[str, float] = field(default_factory=dict)  # per million tokens: in, out
    prefetch: Any = None  # a Prefetcher, when answers are fetched ahead
    shard: ShardRecord | None = None  # run.shard, once --agentbench-shard has split

    def backstop_seconds(self) -> float:
        """pytest-timeout's limit per item: well above what the item's own limits allow."""
        return self.agent_timeout + 3 * self.exec_timeout + 60


CONTEXT_KEY = pytest.StashKey[BenchContext]()
#: the languages, known before the context (agents are made with their workspaces)
REGISTRY_KEY = pytest.StashKey[LanguageRegistry]()
