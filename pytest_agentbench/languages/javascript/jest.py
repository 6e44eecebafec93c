"""Native tests of the JavaScript runner: Jest, as Exercism's JavaScript track runs them.

The test file (``solution.test.js``) imports the solution (``import { f } from
"./solution"`` or ``require("./solution")``) and uses Jest's globals (``describe``,
``test``/``it``, ``expect``; ``@jest/globals`` imports them explicitly). Jest transforms both
files with Babel's ES-module-to-CommonJS plugin, as the track's Babel preset does, so either
module system works on either side. Jest runs in band (one process, no workers), with our
reporter (``support/jest-reporter.js``) as its only reporter: it takes the outcome channel's
token before any test file is loaded and reports each test through the channel. ``TreeNode``
and ``ListNode`` are globals, as for the data cases (the TypeScript harness's ``prelude.js`` is
a setup file). Jest's own cache is off; its files go to the sandbox's private ``/tmp``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ...models import ProcessResult
from ..node import RunProgress, TestResult, event_seconds

TEST_FILE = "solution.test.js"
CONFIG = "jest.config.json"
REPORTER = "jest-reporter.js"
#: Jest's statuses for tests that did not run as written: never a pass
SKIPPED = {"pending", "todo", "skipped", "disabled"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def jest_config(modules: Path, tests: tuple[str, ...] = (TEST_FILE,),
                prelude: bool = True) -> dict[str, Any]:
    """The configuration of one test run (paths inside the work directory are relative):
    ``tests`` are the test files, ``prelude`` sets the ``TreeNode``/``ListNode`` globals up."""
    babel = {"babelrc": False, "configFile": False, "sourceMaps": "inline",
             "plugins": [str(modules / "@babel" / "plugin-transform-modules-commonjs")]}
    return {
        "rootDir": ".",
        "roots": ["<rootDir>"],
        "testEnvironment": str(modules / "jest-environment-node"),
        "transform": {r"\.[cm]?js$": [str(modules / "babel-jest"), babel]},
        "modulePaths": [str(modules)],  # @jest/globals
        "setupFiles": ["<rootDir>/prelude.js"] if prelude else [],
        "reporters": [f"<rootDir>/{REPORTER}"],
        "testMatch": [f"**/{test}" for test in tests],
        "haste": {"forceNodeFilesystemAPI": True},
        "watchman": False,
        "cache": False,
        "cacheDirectory": "/tmp/jest",
    }


def jest_argv(node: str, modules: Path, tests: tuple[str, ...] = (TEST_FILE,)) -> list[str]:
    return [node, "--max-old-space-size=1536", str(modules / "jest" / "bin" / "jest.js"),
            "--config", CONFIG, "--ci", "--runInBand", "--forceExit", "--colors=false",
            "--runTestsByPath", *tests]


def write_config(work: Path, modules: Path, tests: tuple[str, ...] = (TEST_FILE,),
                 prelude: bool = True) -> None:
    (work / CONFIG).write_text(json.dumps(jest_config(modules, tests, prelude), indent=1),
                               encoding="utf-8")


def _failure(event: dict[str, Any]) -> tuple[str, str]:
    message = _ANSI.sub("", str(event.get("message") or "")).strip()
    if "Exceeded timeout of" in message:
        return "timeout", message.splitlines()[0] if message else "timed out"
    return ("failed" if event.get("assertion") else "error"), message


def jest_results(events: list[dict[str, Any]], proc: ProcessResult,
                 test_file: str = TEST_FILE) -> list[TestResult]:
    """One ``(name, status, message, seconds)`` per test Jest reported through the channel.
    A test Jest did not run as written (``xtest``, ``test.skip``, ``test.todo``, a test in
    ``describe.skip``) is ``skipped``. A test file that did not load is an error outcome; a
    test that started but has no result is a ``timeout`` when the process was killed at the
    time limit, else an error; a run that ended on its own before Jest reported every test
    (no ``done``) gets an error outcome of its own."""
    out: list[TestResult] = []
    progress = RunProgress()
    for ev in progress.read(events):
        kind = ev.get("event")
        if kind == "file_error":
            out.append((test_file, "error", _ANSI.sub("", str(ev.get("message", ""))), 0.0))
        elif kind == "test":
            name = str(ev.get("name", ""))
            seconds = event_seconds(ev)
            status = str(ev.get("status", ""))
            if status == "passed":
                out.append((name, "passed", "", seconds))
            elif status in SKIPPED:
                out.append((name, "skipped", f"{status} in the test file", seconds))
            else:
                out.append((name, *_failure(ev), seconds))
    return out + progress.unfinished(proc, "Jest")
