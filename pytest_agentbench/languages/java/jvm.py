"""The JVM every Java run starts: its options, and the harness jar with its CDS archive.

The harness (``support/harness``: reflection-based argument conversion, an in-process compiler
front end, JSON through Gson, and the native tests' runner on the JUnit Platform) is compiled
once per content hash into a jar with :func:`build_cached`, together with a dynamic CDS archive
of the classes a run loads (the harness, Gson, javac and the JUnit Platform), which roughly
halves the JVM's start-up and compile time (:func:`harness_build`). Its class path is Debian's
jars (:mod:`.jars`): Gson always, JUnit 5 and AssertJ where they are installed; without them the
harness is built without its JUnit runner (``JUNIT_SOURCES``) and a problem with native tests is
skipped (:func:`junit_skip_reason`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from ... import channel
from ..harness_runner import JOB, build_cached
from . import jars
from .toolchain import compile_jar, jdk_identity

SUPPORT = Path(__file__).with_name("support")
HARNESS_SOURCES = SUPPORT / "harness"  # compiled into the harness jar
PREDEFINED = SUPPORT / "predefined"  # TreeNode, ListNode: compiled with a solution that uses them
TRAINING = SUPPORT / "training"  # what a typical run loads, for the CDS archive
HARNESS_CLASS = "agentbench.Harness"
HARNESS_JAR = "agentbench-harness.jar"
SOLUTION_FILE = "Solution.java"
TESTS_FILE = "NativeTests.java"
#: the harness's sources that link JUnit: left out of a harness built without its jars
JUNIT_SOURCES = ("agentbench/NativeRunner.java", "agentbench/SourceOrder.java",
                 "agentbench/JupiterLauncher.java")

#: JVM options of every run. Serial GC, no perf-data file and the C1 compiler only start
#: fastest: a run is dominated by javac's cold code, and C1 cuts it by about a third (hot loops
#: of a solution run slower than under C2, results do not change). The heap and metaspace are
#: capped here because the run step has no address-space limit (the JVM reserves large ranges
#: up front). -ea (assertions on) as under Maven Surefire. No attach mechanism: a child process
#: of the solution (``jcmd``) cannot dump this JVM's heap, which holds the channel's token.
JVM_OPTIONS = (
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:-UsePerfData",
    "-Xshare:auto",
    "-Xmx1g",
    "-XX:MaxMetaspaceSize=512m",
    "-XX:ReservedCodeCacheSize=128m",
    "-ea",
    "-Dfile.encoding=UTF-8",
    "-Djava.awt.headless=true",
    "-XX:+DisableAttachMechanism",
)

#: the timing job runs with both JIT compilers (C2 too): what is measured is the code as a
#: deployed JVM runs it after warm-up calls, not C1's quicker but slower code. -Xbatch compiles
#: in the foreground, so the code is compiled by the end of the warm-up whatever the machine's
#: load (in the background, compilations queue up on a busy machine and finish during the timed
#: calls of one contender but not the other). A fixed, large young generation: a call starts
#: with an empty one (a collection precedes each timed call) and rarely fills it, so collections
#: (timed by the clock) seldom fall within a call.
TIMING_JVM_OPTIONS = (*(o for o in JVM_OPTIONS if o != "-XX:TieredStopAtLevel=1"),
                      "-Xbatch", "-Xms1g", "-Xmn512m")
#: untimed calls of each contender before the timed ones (per size): at most this many, and
#: no more once their CPU time reaches this
WARMUP_CALLS = 200
WARMUP_SECONDS = 0.5


def _sources(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.java"))}


def junit_installed() -> bool:
    return not jars.missing(jars.TEST_JARS)


def junit_skip_reason() -> str | None:
    """Why native tests cannot run here: JUnit 5's or AssertJ's jars are missing; or None."""
    return jars.test_skip_reason()


def class_path(jar: Path) -> str:
    """The harness jar, Gson, then (where installed) JUnit 5 and AssertJ."""
    names = jars.HARNESS_JARS + (jars.TEST_JARS if junit_installed() else ())
    return os.pathsep.join(str(p) for p in (jar, *jars.paths(names)))


def _build_archive(jar: Path, staging: Path) -> None:
    """A dynamic CDS archive of what a typical run loads; none if this JVM cannot make one."""
    with tempfile.TemporaryDirectory(prefix="agentbench-java-cds-") as tmp:
        work = Path(tmp)
        tests = junit_installed()
        shutil.copyfile(TRAINING / SOLUTION_FILE, work / SOLUTION_FILE)
        if tests:
            shutil.copyfile(TRAINING / TESTS_FILE, work / TESTS_FILE)
        shutil.copyfile(PREDEFINED / "TreeNode.java", work / "TreeNode.java")
        cases = [{"index": 0, "args": [[3, 1, 2], ["ab", "c"], [1, 2, None, 3], {"a": 1},
                                       [4, "x"], 2**40, 0.5, "z"]}]
        job = {"entry_point": "train", "kind": "function",
               "params": [{"name": f"p{i}", "type": "", "kind": "other"} for i in range(8)],
               "returns": "", "cases": cases,
               "java": {"source": SOLUTION_FILE, "support": ["TreeNode.java"],
                        "tests": TESTS_FILE if tests else None, "owner": "Solution"}}
        (work / JOB).write_text(json.dumps(job), encoding="utf-8")
        archive = staging / "harness.jsa"
        (work / "channel").mkdir()
        chan = channel.Channel(work / "channel")
        with chan.open() as fds, contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(["java", f"-XX:ArchiveClassesAtExit={archive}", *JVM_OPTIONS,
                            "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                            "-cp", class_path(jar), HARNESS_CLASS, JOB],
                           cwd=work, env={**os.environ, **fds}, pass_fds=channel.Channel.fds(fds),
                           capture_output=True, timeout=300, check=False)
        last = "native_done" if tests else "done"
        finished = any(ev.get("event") == last for ev in chan.events().events)
        if archive.exists() and not finished:  # the training run did not get through
            archive.unlink()


@cache
def harness_build() -> tuple[Path, Path | None]:
    """The harness jar and its CDS archive (None when the JVM made none), built once."""
    identity = jdk_identity()
    sources = _sources(HARNESS_SOURCES)
    junit = junit_installed()
    if not junit:
        sources = {k: v for k, v in sources.items() if k not in JUNIT_SOURCES}
    names = jars.HARNESS_JARS + (jars.TEST_JARS if junit else ())
    sources["jdk.txt"] = identity
    sources["jars.txt"] = jars.identity(names)
    compile_path = os.pathsep.join(str(p) for p in jars.paths(names))
    built = build_cached("java-harness", sources,
                         lambda staging: compile_jar(staging, HARNESS_JAR, compile_path))
    jar = built / HARNESS_JAR
    stat = jar.stat()  # the archive is only valid for this very jar file
    key = {"jar": f"{jar}\n{stat.st_mtime_ns}\n{stat.st_size}", "jdk.txt": identity,
           "class_path.txt": class_path(jar),
           "options.txt": "\n".join(JVM_OPTIONS),
           **{f"training/{k}": v for k, v in _sources(TRAINING).items()},
           **{f"predefined/{k}": v for k, v in _sources(PREDEFINED).items()}}
    cds = build_cached("java-cds", key, lambda staging: _build_archive(jar, staging))
    archive = cds / "harness.jsa"
    return jar, archive if archive.exists() else None
