"""Finding PHP (8.1 or newer) and PHPUnit 9 (native tests), the settings every ``php`` process
runs with, and the harness files (``support/``), checked once per content hash."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

from ..base import Toolchain
from ..harness_runner import detect_toolchain

SUPPORT = Path(__file__).parent / "support"
SUPPORT_FILES = ("common.php", "harness.php", "native.php", "nodes.php", "phpunit_adapter.php",
                 "phpunit_listener.php", "timing.php")
HARNESS_DIR = "agentbench"  # where the harness is copied in the work directory
INSTALL_HINT = "apt-get install php-cli"
PHPUNIT_HINT = "apt-get install phpunit"
PHPUNIT_MAJOR = 9  # native.php drives TestResult and TestListener, which PHPUnit 10 removed
MIN_VERSION = (8, 1)

#: settings that make runs the same whatever php.ini says
INI = {
    "display_errors": "stderr",
    "display_startup_errors": "1",
    "log_errors": "0",
    "html_errors": "0",
    "error_reporting": "-1",
    "memory_limit": "1G",
    "max_execution_time": "0",
    "serialize_precision": "-1",
    "precision": "14",
    "zend.assertions": "1",
    "assert.exception": "1",
    "auto_prepend_file": "",
    "auto_append_file": "",
    "output_buffering": "0",
    "opcache.enable_cli": "0",
}


def ini_args() -> list[str]:
    """``-d key=value`` for every setting of :data:`INI`."""
    return [arg for key, value in INI.items() for arg in ("-d", f"{key}={value}")]


def lint(directory: Path) -> None:
    """The support files must at least parse: ``php -l`` each, once per content hash."""
    for name in SUPPORT_FILES:
        proc = subprocess.run(["php", "-l", str(directory / name)], capture_output=True,
                              text=True, timeout=60, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"the PHP harness does not parse: {proc.stdout}{proc.stderr}")


def find_toolchain() -> Toolchain:
    """``php`` on PATH, unavailable (with the reason) below PHP 8.1."""
    found = detect_toolchain({"php": ("--version",)}, INSTALL_HINT)
    if not found.available:
        return found
    match = re.search(r"PHP (\d+)\.(\d+)", found.version)
    if match and (int(match.group(1)), int(match.group(2))) < MIN_VERSION:
        return Toolchain(False, reason=f"PHP {'.'.join(map(str, MIN_VERSION))} or newer "
                         f"is needed, found {found.version}", install_hint=INSTALL_HINT)
    return found


def find_phpunit() -> Path | str:
    """PHPUnit 9's autoloader (``PHPUnit/Autoload.php`` on PHP's include path, as Debian's
    ``phpunit`` package installs it), or why native tests cannot run, naming the package."""
    found = detect_toolchain({"php": ("--version",), "phpunit": ("--version",)}, PHPUNIT_HINT,
                             lambda versions: versions["phpunit"])
    if not found.available:
        return f"PHPUnit {PHPUNIT_MAJOR} is needed for native tests: {found.reason}; " \
               f"install it with: {PHPUNIT_HINT}"
    return _autoload(found.version)


@cache
def _autoload(version: str) -> Path | str:
    match = re.search(r"PHPUnit (\d+)\.", version)
    if match is None or int(match.group(1)) != PHPUNIT_MAJOR:
        return f"PHPUnit {PHPUNIT_MAJOR} is needed for native tests, found {version!r}; " \
               f"install it with: {PHPUNIT_HINT}"
    script = "echo stream_resolve_include_path('PHPUnit/Autoload.php');"
    proc = subprocess.run(["php", "-r", script],
                          capture_output=True, text=True, timeout=60, check=False)
    path = proc.stdout.strip()
    if proc.returncode != 0 or not path:
        return f"{version} is installed but PHPUnit/Autoload.php is not on PHP's include_path; " \
               f"install it with: {PHPUNIT_HINT}"
    return Path(path)
