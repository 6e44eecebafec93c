"""Go's project mode: an Exercism exercise (``leap.go``, ``leap_test.go``, ``cases_test.go``,
``go.mod``) built with ``go test -c`` and run the way ``go test -json`` runs it.

The compile step builds the exercise's package and its ``_test.go`` files into a test binary,
offline and with the runner's shared build cache, as native tests are built. A ``go.mod`` that
asks for a newer Go than the local one (``go 1.21``, a ``toolchain`` line) is fitted to the
local version in the sandbox's copy: Go 1.19 refuses such a file, and Exercism's tracks move
their ``go`` line forward without using the newer language. The run step is a harness of the
plugin's own (``harness/project.go``, built once), which holds the outcome channel and runs
the test binary under ``test2json``: every test and subtest (``t.Run``) ends as an event. Each
test without subtests is one outcome, and so is a test that failed while all its subtests
passed; ``t.Skip`` is ``skipped``. Go has no ignored tests, so ``include_ignored`` changes
nothing here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from ... import sandbox_user
from ...models import Problem, ProcessResult
from ..harness_runner import Step, build_cached
from ..test_outcomes import tests_from_events

HARNESS = Path(__file__).parent / "harness" / "project.go"
BINARY = "agentbench_exercise.test"
TOOL = ".agentbench-harness"  # the harness, copied beside the exercise's files


def project_harness(harness_module: Path, env: dict[str, str]) -> Path:
    """The harness binary, built once per its source and the harness module it imports."""
    sources = {
        "go.mod": ("module agentbench/project\n\ngo 1.19\n\nrequire agentbench/harness v0.0.0\n\n"
                   f"replace agentbench/harness => {harness_module}\n"),
        "main.go": HARNESS.read_text(encoding="utf-8"),
    }

    def build(directory: Path) -> None:
        scratch = directory / ".build"
        proc = subprocess.run(
            ["go", "build", "-ldflags=-s -w", "-o", "harness", "."], cwd=directory,
            capture_output=True, text=True, timeout=600, check=False,
            env={**os.environ, **env, "GOCACHE": str(scratch / "cache"),
                 "GOPATH": str(scratch / "gopath"), "TMPDIR": "/tmp"})
        shutil.rmtree(scratch, ignore_errors=True)
        if proc.returncode != 0:
            raise RuntimeError(f"building Go's project harness failed:\n{proc.stderr[-2000:]}")

    return build_cached("go-project-harness", sources, build) / "harness"


@cache
def test2json() -> str:
    """The ``test2json`` tool of the local Go (what ``go test -json`` pipes a test through)."""
    out = subprocess.run(["go", "env", "GOTOOLDIR"], capture_output=True, text=True, timeout=60,
                         check=False, env={**os.environ, "GOTOOLCHAIN": "local",
                                           "GOFLAGS": "", "GOWORK": "off"})
    return str(Path(out.stdout.strip()) / "test2json")


_GO_LINE = re.compile(r"^go[ \t]+(\d+)\.(\d+)(\.\d+)?[ \t]*(//.*)?$", re.M)
_TOOLCHAIN_LINE = re.compile(r"^toolchain[ \t]+\S+[ \t]*(//.*)?\n?", re.M)


def fit_go_mod(text: str, local: str) -> str:
    """``go.mod`` for the local Go (``local``: ``1.19``): a ``go`` line asking for a newer
    version, or written ``1.21.0`` (which Go 1.19 cannot read), says ``local``; a
    ``toolchain`` line (Go 1.21's) goes."""
    have = tuple(int(p) for p in local.split("."))

    def fit(match: re.Match[str]) -> str:
        wanted = (int(match.group(1)), int(match.group(2)))
        return f"go {local}" if wanted > have or match.group(3) else match.group(0)

    return _TOOLCHAIN_LINE.sub("", _GO_LINE.sub(fit, text))


def project_steps(work: Path, problem: Problem, local_version: str,
                  harness: Path) -> tuple[list[Step], Step]:
    """Build the exercise's test binary (a compile step), run it under the harness."""
    scratch = work / ".tmp"
    scratch.mkdir(exist_ok=True)
    sandbox_user.hand_over(scratch)  # the compiler's temporary files
    go_mod = work / "go.mod"
    if go_mod.is_file():
        go_mod.write_text(fit_go_mod(go_mod.read_text(encoding="utf-8"), local_version),
                          encoding="utf-8")
    else:  # an exercise without one still builds, as a module named after it
        go_mod.write_text(f"module {problem.extra.get('slug', 'exercise')}\n\n"
                          f"go {local_version}\n", encoding="utf-8")
    shutil.copy2(harness, work / TOOL)
    build = Step(["go", "test", "-c", "-vet=off", "-ldflags=-s -w", "-o", BINARY, "."],
                 {"TMPDIR": str(scratch)}, what="compiler")
    return [build], Step([str(work / TOOL), test2json(), str(work / BINARY)],
                         what="test binary")


def parse_project(proc: ProcessResult, events: list[dict[str, Any]]) -> list[tuple]:
    """One outcome per test without subtests, and per test that failed on its own (all its
    subtests passed); a result reported twice or for a test that never started is a failure
    of its own (output that imitates the testing package's result lines). A top-level test
    that started and never ended, with no failed subtest to say why, is the one that timed out
    (or crashed); tests the binary never reached are ``not_run``."""
    cases = [ev for ev in events if ev.get("event") == "case"]
    kept = _outcomes(cases)
    ended = {str(ev.get("name", "")) for ev in cases}
    failed = {str(ev.get("name", "")) for ev in cases if ev.get("status") == "test_failed"}
    started = {str(ev.get("name", "")) for ev in events if ev.get("event") == "start"}
    order: list[str] = []
    for top in (str(n) for ev in events if ev.get("event") == "planned"
                for n in ev.get("tests", [])):
        under = [str(k["name"]) for k in kept if _under(str(k["name"]), top)]
        broke = top in started and top not in ended and not any(
            _under(name, top) for name in failed)
        order += under + ([top] if broke or not under else [])
    order += [str(k["name"]) for k in kept if str(k["name"]) not in order]
    rest = [ev for ev in events if ev.get("event") not in ("case", "planned")]
    named = [{**k, "name": readable(str(k["name"]))} for k in kept]
    return tests_from_events([{"event": "planned", "tests": [readable(n) for n in order]},
                              *rest, *named], proc)


def _under(name: str, top: str) -> bool:
    return name == top or name.startswith(top + "/")


def _outcomes(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The case events that are outcomes: tests without subtests, and tests that failed while
    every subtest passed; a name reported twice, or before it ran, once, as failed."""
    names = [str(ev.get("name", "")) for ev in cases]
    kept: list[dict[str, Any]] = []
    for name, ev in zip(names, cases, strict=True):
        children = [c for n, c in zip(names, cases, strict=True) if n.startswith(name + "/")]
        own_failure = ev.get("status") == "test_failed" and not any(
            c.get("status") == "test_failed" for c in children)
        if (children and not own_failure) or any(k["name"] == name for k in kept):
            continue
        if names.count(name) > 1 or ev.get("ran") is not True:
            ev = {**ev, "status": "test_failed",
                  "message": "its result was reported twice, or before it ran: the output "
                             "imitates go test's result lines"}
        kept.append({**ev, "name": name})
    return kept


def readable(name: str) -> str:
    """A subtest's name as its test wrote it: Go writes ``t.Run("leap year", ...)`` as
    ``TestLeap/leap_year``; the spaces come back (so the name is found in the test's source)."""
    top, sep, sub = name.partition("/")
    return top + sep + sub.replace("_", " ")
