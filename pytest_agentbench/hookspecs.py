"""Hooks for adding agents, languages, evaluators and suite formats from a ``conftest.py``.

The built-in ones are registered through the very same hooks (see ``builtins.py``), so a
user's implementation sits beside them and, for first-result hooks, runs before them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import pytest

    from .agents import Agent
    from .languages import LanguageBundle, LanguageRunner, LazyBundle
    from .models import Suite
    from .scoring import Evaluator

hookspec = pluggy.HookspecMarker("pytest")


@hookspec(firstresult=True)
def pytest_agentbench_make_agent(spec: str, config: pytest.Config) -> Agent | None:
    """Return an :class:`~pytest_agentbench.agents.Agent` for ``spec``, or None if not yours.

    Example, in ``conftest.py``::

        from pytest_agentbench.agents import Agent
        from pytest_agentbench.models import AgentReply

        class EchoAgent(Agent):
            spec = "echo"
            def solve(self, request):
                return AgentReply(text="```python\\n...\\n```", seconds=0.0)

        def pytest_agentbench_make_agent(spec, config):
            return EchoAgent() if spec == "echo" else None
    """


@hookspec
def pytest_agentbench_language_bundles(
        config: pytest.Config) -> list[LanguageBundle | LazyBundle] | None:
    """Return languages to add, each a :class:`~pytest_agentbench.languages.LanguageBundle`:
    its runner, analysers, rule table, workspace layout and comment syntax. A language whose
    name is already known replaces it. The built-in languages come through this hook too, as
    :class:`~pytest_agentbench.languages.LazyBundle` (name, aliases and a ``load`` callable),
    so that a run imports only the languages its suites use.

    Example, in ``conftest.py``::

        from pytest_agentbench.languages import LanguageBundle
        from pytest_agentbench.analysis.lizard_tool import Lizard

        def pytest_agentbench_language_bundles(config):
            return [LanguageBundle(MyLangRunner(), analysers=(Lizard(),),
                                   rules=Path(__file__).with_name("mylang-rules.json"),
                                   layout=my_layout, comments=("--",))]
    """


@hookspec
def pytest_agentbench_languages(config: pytest.Config) -> list[LanguageRunner] | None:
    """Return language runners to add (older form of ``pytest_agentbench_language_bundles``):
    a runner whose name is already known replaces that language's runner and keeps its
    analysers and workspace; a new one gets a bundle with none."""


@hookspec
def pytest_agentbench_evaluators(config: pytest.Config) -> list[Evaluator] | None:
    """Return evaluators (objects with ``name`` and ``evaluate(ctx)``) for dimensions.

    An evaluator whose ``name`` matches a built-in one replaces it; a new name adds a
    dimension, weighted by ``--agentbench-weights name=value`` (0 unless given).
    """


@hookspec(firstresult=True)
def pytest_agentbench_load_suite(path: Path, config: pytest.Config) -> Suite | None:
    """Load the suite at ``path`` if it is in a format you read; None passes it on.

    Raise :class:`pytest_agentbench.suite.SuiteError` for a file of your format that is bad.
    """


@hookspec
def pytest_agentbench_suite_patterns(config: pytest.Config) -> list[str] | None:
    """File-name patterns (``fnmatch``) that a directory given to ``--agentbench`` collects."""


@hookspec(firstresult=True)
def pytest_agentbench_suite_directory(path: Path, config: pytest.Config) -> list[Path] | None:
    """Whether the directory ``path`` (given to ``--agentbench``, or below one) is a suite of a
    format you read as a whole, rather than a directory to walk for suite files.

    Return ``[path]`` when it is one suite (it is then loaded through
    ``pytest_agentbench_load_suite`` with the directory's path), the directories below it that
    are suites or hold suites (each asked again), or None when it is not yours. Raise
    :class:`pytest_agentbench.suite.SuiteSkipped` for a tree that cannot run here (its
    collector is skipped with the reason). The built-in implementation recognises the
    Exercism layout (see :mod:`pytest_agentbench.exercism`).
    """
