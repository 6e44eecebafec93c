"""Finding the JDK (Java 17 or newer: ``javac`` and ``java``), naming it for cached builds, and
compiling Java sources into a jar (the harness jars)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from ..base import Toolchain
from ..harness_runner import detect_toolchain
from . import jars

INSTALL_HINT = "apt-get install openjdk-17-jdk-headless"
MIN_JAVA = 17


def java_version(text: str) -> int | None:
    """The major version in ``javac -version`` or ``java -version`` output (8 for ``1.8``)."""
    match = re.search(r'(?:javac|version)\s+"?(\d+)(?:\.(\d+))?', text)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major



def find_toolchain() -> Toolchain:
    """``javac`` and ``java`` on PATH, unavailable (with the reason) below Java 17 or without
    Gson, the harnesses' JSON codec."""
    found = detect_toolchain({"javac": ("-version",), "java": ("-version",)}, INSTALL_HINT)
    if not found.available:
        return found
    major = java_version(found.version)
    if major is not None and major < MIN_JAVA:
        return Toolchain(False, reason=f"Java {MIN_JAVA} or newer is needed, found "
                         f"{found.version}", install_hint=INSTALL_HINT)
    absent = jars.missing(jars.HARNESS_JARS)
    if absent:
        return Toolchain(False, reason=f"Gson is not installed ({', '.join(absent)} not in "
                         f"{jars.JAR_DIRECTORY})", install_hint=jars.HARNESS_INSTALL_HINT)
    return found


def jdk_identity() -> str:
    """The JDK the plugin runs (a cached build is made again for another)."""
    java = shutil.which("java") or "java"
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unknown ({exc})"
    return f"{os.path.realpath(java)}\n{out.stderr.strip()}"


def compile_jar(staging: Path, jar_name: str, class_path: str = "") -> None:
    """Every ``.java`` file under ``staging`` compiled into ``staging/jar_name`` (and nothing
    else left there), against ``class_path``."""
    classes = staging / "classes"
    sources = sorted(str(p) for p in staging.rglob("*.java"))
    proc = subprocess.run(["javac", "-d", str(classes), "-encoding", "UTF-8", "-g",
                           "-Xlint:all", *(["-cp", class_path] if class_path else []), *sources],
                          capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"cannot compile the Java harness:\n{proc.stderr or proc.stdout}")
    with zipfile.ZipFile(staging / jar_name, "w", zipfile.ZIP_DEFLATED) as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
        for path in sorted(classes.rglob("*.class")):
            jar.write(path, path.relative_to(classes).as_posix())
    shutil.rmtree(classes)
