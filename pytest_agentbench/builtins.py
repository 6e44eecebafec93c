"""The built-in agents, languages, evaluators and suite loader, registered through the same
hooks a user's ``conftest.py`` implements. ``trylast`` lets a user's implementation win."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import options
from .agents import Agent, builtin_agent
from .context import CONTEXT_KEY
from .languages import LanguageRunner, builtin_runners
from .models import Suite
from .scoring import Evaluator, builtin_evaluators
from .suite import load_suite


@pytest.hookimpl(trylast=True)
def pytest_agentbench_make_agent(spec: str, config: pytest.Config) -> Agent | None:
    return builtin_agent(
        spec,
        agent_timeout=options.get(config, "--agentbench-agent-timeout"),
        base_dir=config.invocation_params.dir,
    )


@pytest.hookimpl(trylast=True)
def pytest_agentbench_languages(config: pytest.Config) -> list[LanguageRunner]:
    return builtin_runners()


@pytest.hookimpl(trylast=True)
def pytest_agentbench_evaluators(config: pytest.Config) -> list[Evaluator]:
    return builtin_evaluators()


@pytest.hookimpl(trylast=True)
def pytest_agentbench_load_suite(path: Path, config: pytest.Config) -> Suite | None:
    if path.suffix.lower() != ".json":
        return None
    return load_suite(path, config.stash[CONTEXT_KEY].registry)


@pytest.hookimpl(trylast=True)
def pytest_agentbench_suite_patterns(config: pytest.Config) -> list[str]:
    return ["*.json"]
