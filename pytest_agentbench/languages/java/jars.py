"""The Debian jars Java runs take from ``/usr/share/java``, which every sandbox reads.

Gson (``libgoogle-gson-java``) is the harnesses' JSON codec: every Java run needs it. JUnit 5
(``junit5``: the Jupiter API, engine and parameterized tests, the Platform launcher) and AssertJ
(``libassertj-core-java``) are the test classpath: a problem's native tests and an Exercism
exercise's tests run on the real JUnit Platform and need them; a problem with cases only does
not.
"""

from __future__ import annotations

import os
from pathlib import Path

JAR_DIRECTORY = Path("/usr/share/java")
#: the jars of the test classpath (Debian's unversioned names): JUnit 5's Jupiter and Platform
#: with their two dependencies, AssertJ and the Byte Buddy it proxies with
TEST_JARS = ("junit-jupiter-api", "junit-jupiter-engine", "junit-jupiter-params",
             "junit-platform-commons", "junit-platform-engine", "junit-platform-launcher",
             "opentest4j", "apiguardian-api", "assertj-core", "byte-buddy")
TEST_INSTALL_HINT = "apt-get install junit5 libassertj-core-java"
#: the harnesses' own: Gson
HARNESS_JARS = ("gson",)
HARNESS_INSTALL_HINT = "apt-get install libgoogle-gson-java"


def paths(names: tuple[str, ...], directory: Path | None = None) -> list[Path]:
    return [(directory or JAR_DIRECTORY) / f"{name}.jar" for name in names]


def missing(names: tuple[str, ...], directory: Path | None = None) -> list[str]:
    """The jars of ``names`` this machine does not have, by file name."""
    return [path.name for path in paths(names, directory) if not path.is_file()]


def test_skip_reason(directory: Path | None = None) -> str | None:
    """Why tests cannot run on the JUnit Platform here (jars missing), or None."""
    absent = missing(TEST_JARS, directory)
    if not absent:
        return None
    return (f"JUnit 5 and AssertJ are not installed ({', '.join(absent)} not in "
            f"{directory or JAR_DIRECTORY}); install them with: {TEST_INSTALL_HINT}")


def identity(names: tuple[str, ...]) -> str:
    """The real files behind ``names``, for the key of a build compiled against them."""
    return "\n".join(os.path.realpath(p) for p in paths(names))
