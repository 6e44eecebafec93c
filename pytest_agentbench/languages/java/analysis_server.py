"""The long-lived JVM of the Java analysers: javac and Checkstyle in one process.

``support/server/agentbench/`` (with the harness's JSON codec, ``Json.java`` on Gson) is
compiled once per content, JDK and class path with :func:`build_cached`, against Gson and the
jars the ``checkstyle`` command runs: Debian's ``checkstyle`` is a java-wrappers script naming
them (``find_jars antlr4-runtime ... checkstyle``), found in ``/usr/share/java``. A
``checkstyle`` that is not such a script leaves both analysers to one process per file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from ...analysis.server import ServerSpec, Unavailable
from ..harness_runner import build_cached
from . import jars
from .jvm import HARNESS_SOURCES, SUPPORT

SOURCES = SUPPORT / "server"
JARS = Path("/usr/share/java")  # java-wrappers' JAVA_JARPATH
MAIN_CLASS = "agentbench.AnalysisServer"
#: a long-lived JVM: one GC thread, no shared performance file, and the JVM's own messages on
#: standard error, never among the replies on standard output
JVM_OPTIONS = ("-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:+DisplayVMOutputToStderr",
               "-Xlog:disable", "-Xlog:all=warning:stderr")


def checkstyle_classpath(wrapper: str | None = None) -> list[Path]:
    """The jars the ``checkstyle`` command (``wrapper``, the one on PATH by default) runs."""
    path = wrapper or shutil.which("checkstyle")
    if path is None:
        raise Unavailable("`checkstyle` not found on PATH")
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise Unavailable(f"cannot read {path}: {exc}") from None
    match = re.search(r"^\s*find_jars\s+(.+)$", text, re.M)
    if match is None:
        raise Unavailable(f"{path} is not a java-wrappers script naming its jars")
    jars = [JARS / f"{name}.jar" for name in match.group(1).split()]
    missing = [str(jar) for jar in jars if not jar.is_file()]
    if missing:
        raise Unavailable(f"the jars {path} names are missing: {', '.join(missing)}")
    return jars


def _java() -> str:
    """The ``java`` of the JDK whose ``javac`` is on PATH (the javac the analyser runs)."""
    javac = shutil.which("javac")
    if javac is None:
        raise Unavailable("`javac` not found on PATH")
    java = Path(os.path.realpath(javac)).with_name("java")
    if not os.access(java, os.X_OK):
        raise Unavailable(f"no `java` next to {os.path.realpath(javac)}")
    return str(java)


def _version(java: str) -> str:
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60,
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise Unavailable(f"`{java} -version` failed: {exc}") from None
    return proc.stderr.strip()


def _build(classpath: str, staging: Path) -> None:
    sources = sorted(str(p) for p in staging.rglob("*.java"))
    proc = subprocess.run(["javac", "-d", str(staging / "classes"), "-encoding", "UTF-8",
                           "-cp", classpath, "-Xlint:all", *sources],
                          capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"cannot compile the Java analysis server:\n"
                           f"{(proc.stderr or proc.stdout).strip()[:2000]}")


@cache
def java_server() -> ServerSpec:
    """How to start the JVM (its classes compiled on first use); :class:`Unavailable` if it
    cannot be."""
    java = _java()
    if absent := jars.missing(jars.HARNESS_JARS):
        raise Unavailable(f"Gson is not installed ({', '.join(absent)}): "
                          f"{jars.HARNESS_INSTALL_HINT}")
    classpath = ":".join(str(jar) for jar in (*jars.paths(jars.HARNESS_JARS),
                                              *checkstyle_classpath()))
    sources = {p.relative_to(SOURCES).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted(SOURCES.rglob("*.java"))}
    sources["agentbench/Json.java"] = (HARNESS_SOURCES / "agentbench" / "Json.java").read_text(
        encoding="utf-8")
    sources["identity.txt"] = f"{java}\n{_version(java)}\n{classpath}\n"
    try:
        built = build_cached("java-analysis-server", sources,
                             lambda staging: _build(classpath, staging))
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        raise Unavailable(str(exc)) from None
    classes = built / "classes"
    argv = (java, *JVM_OPTIONS, "-cp", f"{classes}:{classpath}", MAIN_CLASS)
    return ServerSpec("javac-checkstyle", argv, readable=(classes,))
