"""Python: one sandboxed interpreter per problem, or a job forked from a warm interpreter in
the fork server; ruff and pylint.

:func:`bundle` is what :func:`pytest_agentbench.languages.builtin_bundles` adds: the runner
(:mod:`.runner`, on the ``HarnessRunner`` template, with :mod:`.source` reading signatures,
:mod:`.project` for Exercism test modules, :mod:`.timing` for timing inputs in the harness's
codec, :mod:`.forkserver` the parent side of the fork server and :mod:`.forked` the fork server
as the runner's warm server), the analysers (:mod:`.analysers`), the rule table
(``rules.json``), the workspace (:mod:`.layout`) and the scripts the sandboxed interpreter runs
(``harness/``).
"""

from __future__ import annotations

from pathlib import Path

from ..bundle import LanguageBundle
from .harness import FORK_SERVER, HARNESS, PROJECT_HARNESS
from .project import TOOLS, project_output
from .runner import PythonRunner
from .source import param_kind, signature_params, stub_bodies
from .timing import timing_input

__all__ = [
    "FORK_SERVER",
    "HARNESS",
    "PROJECT_HARNESS",
    "TOOLS",
    "PythonRunner",
    "bundle",
    "param_kind",
    "project_output",
    "signature_params",
    "stub_bodies",
    "timing_input",
]

RULES = Path(__file__).with_name("rules.json")
COMMENTS = ("#",)


def bundle() -> LanguageBundle:
    """The Python language: runner, ruff, pylint and lizard, rules, a ``solution.py``
    workspace."""
    from ...analysis.lizard_tool import Lizard
    from .analysers import Pylint, Ruff
    from .layout import python_layout

    return LanguageBundle(PythonRunner(), (Ruff(), Pylint(), Lizard()), RULES, python_layout,
                          COMMENTS)
