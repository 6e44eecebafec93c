"""JavaScript's project mode: an Exercism exercise (``leap.js``, ``leap.spec.js``,
``package.json``, ``babel.config.js``) run under Jest, as the native tests are.

Every solution file is syntax-checked first (a compile step: a syntax error is a compile
error, as for a data problem). The test files run under the runner's own Jest configuration and
reporter (``jest.py``): the exercise's ``babel.config.js`` names Exercism's Babel preset and its
``package.json`` npm packages that are not installed here, so neither is read; Babel's
module transform lets the spec's ``import { isLeap } from './leap'`` load the ES module. The
exercise's ``package.json`` is replaced by a neutral one, so that a ``"type": "module"`` does
not make Jest load the files as native ES modules. With ``include_ignored`` (Aider's way), the
test files are copies in which ``xtest``, ``xit``, ``xdescribe`` and ``.skip`` run as
``test``, ``it`` and ``describe``; a test Jest still skips (``test.todo``) is ``skipped``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ...models import Problem
from .jest import CONFIG, write_config

#: what Jest skips as written, and what Aider's run makes of it
_SKIPPING = re.compile(r"\b(?:x(test|it|describe)|(test|it|describe)\.skip)(\s*\()")
TEST_SUFFIXES = (".spec.js", ".test.js", ".spec.mjs", ".test.mjs", ".spec.cjs", ".test.cjs")


def include_skipped(text: str) -> str:
    """Test source in which ``xtest(``/``test.skip(`` (and ``it``, ``describe``) run."""
    return _SKIPPING.sub(lambda m: (m.group(1) or m.group(2)) + m.group(3), text)


def test_files(problem: Problem) -> tuple[str, ...]:
    """The project's test files Jest runs (helpers among ``tests`` are only imported)."""
    assert problem.project is not None
    found = tuple(rel for rel in problem.project.tests if rel.endswith(TEST_SUFFIXES))
    return found or tuple(problem.project.tests)


def sources(problem: Problem) -> list[str]:
    """The solution files a syntax check reads."""
    assert problem.project is not None
    return [rel for rel in problem.project.solution if rel.endswith((".js", ".mjs", ".cjs"))]


def prepare(work: Path, problem: Problem, modules: Path) -> tuple[str, ...]:
    """The work directory made ready for Jest (the reporter and its channel are the
    runner's to copy): a neutral ``package.json``, the configuration, and the test files with
    their skipped tests enabled when ``include_ignored``. Returns the test files."""
    assert problem.project is not None
    (work / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    tests = test_files(problem)
    if problem.project.include_ignored:
        for rel in tests:
            path = work / rel
            path.write_text(include_skipped(path.read_text(encoding="utf-8")), encoding="utf-8")
    write_config(work, modules, tests, prelude=False)
    return tests


def test_files_of(work: Path) -> str:
    """The test files :func:`prepare` configured, named together (for an outcome saying
    that they did not load)."""
    config = json.loads((work / CONFIG).read_text(encoding="utf-8"))
    return ", ".join(str(glob).removeprefix("**/") for glob in config.get("testMatch", []))
