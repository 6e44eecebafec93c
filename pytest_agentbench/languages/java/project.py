"""Java's project mode: an Exercism exercise (``src/main/java/Bob.java``,
``src/test/java/BobTest.java``, ``build.gradle``) compiled with ``javac`` and its JUnit 5 tests
run by the real JUnit Platform, with AssertJ, as Gradle would run them, offline and without
Gradle.

The classpath is Debian's: JUnit 5 (``junit5``: the Jupiter API, engine and parameterized
tests, the Platform launcher) and AssertJ (``libassertj-core-java``) from ``/usr/share/java``,
which every sandbox reads (it is under ``/usr``). The compile step compiles every ``.java`` file
of the project (solution, tests, editor and support files, paths and packages as they are) in
one ``javac`` into a directory of the work directory. The run step is a harness of the plugin's
own (``support/project``, built once into a jar): it takes the outcome channel's token
before any class of the exercise is loaded, runs the test classes (one per test file, named by
its package and file name) through a ``LauncherDiscoveryRequest`` with only the Jupiter engine
and no listener found on the classpath, and reports each test through the channel from a
``TestExecutionListener``: ``planned``, ``start``, ``case`` per test, each parameterized
invocation or dynamic test being an outcome of its own. ``@Disabled`` tests and aborted ones
(failed assumptions) are ``skipped``; with ``include_ignored`` (Aider strips ``@Disabled``),
JUnit's own ``junit.jupiter.conditions.deactivate=org.junit.*DisabledCondition`` makes them run,
the test source untouched.

What the solution can and cannot do: the work directory is read-only when the tests run; the
harness jar, then the JUnit and AssertJ jars and Gson (the harness's JSON), come before the
compiled classes on the classpath, so a solution that declares
``org.assertj.core.api.Assertions`` or ``agentbench.Events`` of its own does not replace them;
what it prints is never read; a line it writes to any descriptor lacks the token and voids the
run; ``System.exit`` leaves the remaining tests not run. The tests run in the harness's JVM, as
under Gradle's test worker, so a solution that reads this process's memory (``sun.misc.Unsafe``)
can still find the token: the limit the README states for native tests, which holds here too.

An exercise whose ``build.gradle`` (or ``build.gradle.kts``) depends on anything besides JUnit
5 and AssertJ, or a machine without those jars, is skipped with the reason
(:func:`skip_reason`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ...models import Problem, ProcessResult
from ..harness_runner import Step, build_cached
from ..test_outcomes import tests_from_events
from . import jars
from .toolchain import compile_jar, jdk_identity

SUPPORT = Path(__file__).with_name("support")
HARNESS_SOURCES = (SUPPORT / "project" / "agentbench" / "ProjectHarness.java",
                   SUPPORT / "harness" / "agentbench" / "Events.java",  # the channel
                   SUPPORT / "harness" / "agentbench" / "Json.java",  # Gson's, for the channel
                   SUPPORT / "harness" / "agentbench" / "JupiterLauncher.java")
HARNESS_CLASS = "agentbench.ProjectHarness"
HARNESS_JAR = "agentbench-project.jar"
TOOL = ".agentbench-project.jar"  # the harness, copied beside the exercise's files
CLASSES = ".agentbench-classes"  # what javac compiles the exercise into
TEST_LIST = ".agentbench-tests.txt"  # the test files, for the order of their outcomes
JAR_DIRECTORY = jars.JAR_DIRECTORY
JARS = jars.TEST_JARS
INSTALL_HINT = jars.TEST_INSTALL_HINT
BUILD_FILES = ("build.gradle", "build.gradle.kts")
#: what a build file may depend on: what the classpath holds (``group:name``)
PROVIDED = frozenset({
    "org.junit:junit-bom", "org.junit.jupiter:junit-jupiter",
    "org.junit.jupiter:junit-jupiter-api", "org.junit.jupiter:junit-jupiter-engine",
    "org.junit.jupiter:junit-jupiter-params", "org.junit.platform:junit-platform-launcher",
    "org.junit.platform:junit-platform-engine", "org.junit.platform:junit-platform-commons",
    "org.assertj:assertj-core", "org.opentest4j:opentest4j", "org.apiguardian:apiguardian-api",
})
#: javac's own JVM starts as the tests' does (see ``jvm.JVM_OPTIONS``)
JAVAC_JVM_OPTIONS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                     "-Xshare:auto")


# ---------------------------------------------------------------- what the machine has


def jar_paths() -> list[Path]:
    """The test classpath's jars, then the harness's own (Gson)."""
    return jars.paths(JARS, JAR_DIRECTORY) + jars.paths(jars.HARNESS_JARS, JAR_DIRECTORY)


def missing_jars() -> list[str]:
    """The test classpath's jars this machine does not have, by file name."""
    return jars.missing(JARS, JAR_DIRECTORY)


def classpath(*first: Path) -> str:
    return os.pathsep.join(str(p) for p in (*first, *jar_paths()))


# ---------------------------------------------------------------- build.gradle's dependencies


def _blank_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/|//[^\n]*", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text,
                  flags=re.S)


def _blocks(text: str, word: str) -> list[str]:
    """The bodies of every ``word { ... }`` block (braces matched)."""
    out = []
    for match in re.finditer(rf"\b{word}\s*\{{", text):
        depth, start = 1, match.end()
        i = start
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        out.append(text[start:i - 1])
    return out


_STRING = re.compile(r"""["']([^"'\n]*)["']""")
_MAP_KEY = re.compile(r"""\b(group|name)\s*[:=]\s*["']([^"'\n]+)["']""")
_DECLARATION = re.compile(r"^\s*([A-Za-z_]\w*)\s*(\(|\s)\s*(.*?)\s*$")


def dependencies(build: str) -> list[str]:
    """What a Gradle build file's ``dependencies`` blocks name: ``group:name`` for a module
    (``"org.assertj:assertj-core:3.25.1"``, ``platform("org.junit:junit-bom:5.10.0")``,
    ``group: 'junit', name: 'junit'``), the declaration itself for anything else (``files(...)``,
    ``project(':lib')``, a version catalog's ``libs.gson``)."""
    found: list[str] = []
    for block in _blocks(_blank_comments(build), "dependencies"):
        for line in block.splitlines():
            match = _DECLARATION.match(line)
            if not match or match.group(1) in ("exclude", "because", "version", "constraints",
                                                "classpath"):  # the last: a build plugin's
                continue
            rest = match.group(3)
            if match.group(2) == "(" and rest.endswith(")"):  # Kotlin: implementation(...)
                rest = rest[:-1].rstrip()
            keys = {m.group(1): m.group(2) for m in _MAP_KEY.finditer(rest)}
            modules = [s for s in _STRING.findall(rest) if ":" in s]
            if "name" in keys:
                found.append(f"{keys.get('group', '')}:{keys['name']}")
            elif modules:
                found.append(":".join(modules[0].split(":")[:2]))
            elif rest and not rest.startswith(("{", "}")):
                found.append(rest)
    return found


def skip_reason(problem: Problem) -> str | None:
    """Why the exercise cannot run here: dependencies its build file names that the
    classpath does not hold, or no JUnit 5 and AssertJ on this machine."""
    assert problem.project is not None
    files = {**problem.project.support, **problem.project.stubs}
    for name in BUILD_FILES:
        needed = sorted({d for d in dependencies(files.get(name, "")) if d not in PROVIDED})
        if needed:
            return (f"the exercise needs jars this machine does not have: {', '.join(needed)} "
                    f"({name}; the test classpath holds JUnit 5 and AssertJ only)")
    return jars.test_skip_reason(JAR_DIRECTORY)


# ---------------------------------------------------------------- building and running


@cache
def harness_jar() -> Path:
    """The project harness, built once per its sources, the JDK and the jars it links."""
    sources = {f"agentbench/{p.name}": p.read_text(encoding="utf-8") for p in HARNESS_SOURCES}
    sources["jdk.txt"] = jdk_identity()
    sources["jars.txt"] = "\n".join(os.path.realpath(p) for p in jar_paths())
    built = build_cached("java-project-harness", sources,
                         lambda staging: compile_jar(staging, HARNESS_JAR, classpath()))
    return built / HARNESS_JAR


_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.M)


def classes_under_test(problem: Problem) -> list[str]:
    """The test classes: one per test file, named by its package and file name."""
    assert problem.project is not None
    out = []
    for rel, text in problem.project.tests.items():
        if rel.endswith(".java"):
            package = _PACKAGE.search(_blank_comments(text))
            stem = Path(rel).stem
            out.append(f"{package.group(1)}.{stem}" if package else stem)
    return out


def project_steps(work: Path, problem: Problem,
                  jvm_options: Sequence[str]) -> tuple[list[Step], Step]:
    """Compile every source of the project against JUnit 5 and AssertJ (a compile step),
    then run its test classes under the harness (``jvm_options``: the Java runner's)."""
    assert problem.project is not None
    sources = sorted(p.relative_to(work).as_posix() for p in work.rglob("*.java"))
    shutil.copyfile(harness_jar(), work / TOOL)
    (work / TEST_LIST).write_text("\n".join(problem.project.tests), encoding="utf-8")
    javac = Step(["javac", *(f"-J{o}" for o in JAVAC_JVM_OPTIONS), "-encoding", "UTF-8",
                  "-proc:none", "-nowarn", "-g", "-Xmaxerrs", "20", "-d", CLASSES,
                  "-cp", classpath(), *sources], what="compiler")
    names = ",".join(sorted({Path(rel).name for rel in sources}))
    run = Step(["java", *jvm_options, "-cp", classpath(work / TOOL) + os.pathsep
                + str(work / CLASSES), HARNESS_CLASS,
                "true" if problem.project.include_ignored else "false", names,
                *classes_under_test(problem)], what="test runner")
    return [javac], run


def test_source(work: Path) -> str:
    """The test files :func:`project_steps` listed, together."""
    listed = (work / TEST_LIST).read_text(encoding="utf-8").splitlines()
    return "\n".join((work / rel).read_text(encoding="utf-8", errors="replace")
                     for rel in listed if (work / rel).is_file())


def parse_project(proc: ProcessResult, events: list[dict[str, Any]],
                  source: str = "") -> list[tuple]:
    """The tests in the order their methods stand in ``source`` (the test files,
    :func:`test_source`; JUnit runs them in an order of its own), each template (a
    parameterized test, a test factory) replaced by its invocations as they ran (the template
    itself when none did); a harness error is an outcome of its own."""
    planned = next((ev for ev in events if ev.get("event") == "planned"), {})
    templates = {str(n) for n in planned.get("templates", [])}
    names = sorted((str(n) for n in planned.get("tests", [])),
                   key=lambda name: _position(name, source))
    order: list[str] = []
    for name in names:
        runs = [str(ev.get("name", "")) for ev in events
                if ev.get("event") in ("start", "case") and ev.get("parent") == name]
        order += (list(dict.fromkeys(runs)) or [name]) if name in templates else [name]
    rest = [ev for ev in events if ev.get("event") not in ("planned", "tests_error")]
    errors = [{"event": "case", "name": "(the tests)", "status": "exception",
               "error_type": ev.get("error_type", "Error"), "message": ev.get("message", "")}
              for ev in events if ev.get("event") == "tests_error"]
    return tests_from_events([{"event": "planned", "tests": order}, *rest, *errors], proc)


def _position(name: str, source: str) -> int:
    """Where the method a test's name ends with is declared in ``source`` (its end if not)."""
    method = re.split(r"[.: ]", name)[-1]
    found = re.search(rf"[\w>\]]\s+{re.escape(method)}\s*\(", source) if method else None
    return found.start() if found else len(source)
