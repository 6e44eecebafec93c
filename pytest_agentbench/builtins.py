"""The built-in agents, languages, evaluators and suite loader, registered through the same
hooks a user's ``conftest.py`` implements. ``trylast`` lets a user's implementation win."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import exercism, humaneval, options
from .agents import Agent, OpenAISettings, builtin_agent
from .context import CONTEXT_KEY, REGISTRY_KEY
from .languages import LazyBundle, builtin_lazy_bundles
from .models import Suite
from .scoring import Evaluator, builtin_evaluators
from .suite import load_suite


@pytest.hookimpl(trylast=True)
def pytest_agentbench_make_agent(spec: str, config: pytest.Config) -> Agent | None:
    return builtin_agent(
        spec,
        agent_timeout=options.get(config, "--agentbench-agent-timeout"),
        base_dir=options.base_dir(config),
        openai=openai_settings(config),
        answer_from=options.get(config, "--agentbench-answer-from"),
        keep_workspaces=_path(options.get(config, "--agentbench-keep-workspaces")),
        agent_home=options.get(config, "--agentbench-agent-home"),
        layouts=config.stash[REGISTRY_KEY].layouts(),
    )


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def openai_settings(config: pytest.Config) -> OpenAISettings:
    system = options.get(config, "--agentbench-system-prompt")
    if system and system.startswith("@"):
        path = options.base_dir(config) / system[1:]
        try:
            system = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise pytest.UsageError(f"--agentbench-system-prompt: cannot read {path}: {exc}"
                                    ) from None
    defaults = OpenAISettings()
    return OpenAISettings(
        base_url=options.get(config, "--agentbench-base-url")
        or os.environ.get("OPENAI_BASE_URL") or defaults.base_url,
        api_key_env=options.get(config, "--agentbench-api-key-env") or defaults.api_key_env,
        temperature=options.get(config, "--agentbench-temperature"),
        max_tokens=options.get(config, "--agentbench-max-tokens"),
        system_prompt=system if system is not None else defaults.system_prompt,
        request_timeout=options.get(config, "--agentbench-request-timeout"),
        retries=options.get(config, "--agentbench-retries"),
    )


@pytest.hookimpl(trylast=True)
def pytest_agentbench_language_bundles(config: pytest.Config) -> list[LazyBundle]:
    return builtin_lazy_bundles()


@pytest.hookimpl(trylast=True)
def pytest_agentbench_evaluators(config: pytest.Config) -> list[Evaluator]:
    return builtin_evaluators()


@pytest.hookimpl(trylast=True)
def pytest_agentbench_load_suite(path: Path, config: pytest.Config) -> Suite | None:
    registry = config.stash[CONTEXT_KEY].registry
    if path.is_dir():
        return exercism.load_exercise(path, registry) if exercism.is_exercise(path) else None
    if humaneval.is_humaneval_file(path):
        return humaneval.load_humaneval(path, registry,
                                        options.get(config, "--agentbench-language"))
    if path.suffix.lower() != ".json":
        return None
    return load_suite(path, registry)


@pytest.hookimpl(trylast=True)
def pytest_agentbench_suite_patterns(config: pytest.Config) -> list[str]:
    return ["*.json", "*.jsonl", "*.jsonl.gz"]


@pytest.hookimpl(trylast=True)
def pytest_agentbench_suite_directory(path: Path, config: pytest.Config) -> list[Path] | None:
    return exercism.suites_in(path, config.stash[REGISTRY_KEY])
