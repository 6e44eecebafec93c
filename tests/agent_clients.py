"""Real agent clients for the tests, installed from the package registries on first use.

- Aider: PyPI ``aider-chat``, in its own virtual environment (never the project's);
- Claude Code: npm ``@anthropic-ai/claude-code``, with npm into a directory of its own.

Both go under ``~/.cache/pytest-agentbench/clients`` (``AGENTBENCH_CLIENTS_DIR`` moves it), at
pinned versions, behind a file lock so that xdist workers install once. ``AGENTBENCH_AIDER`` /
``AGENTBENCH_CLAUDE`` name an executable to use instead; ``AGENTBENCH_INSTALL_CLIENTS=0``
uses only what is there. Stdlib only, so CI installs both before the tests with
``python3 tests/agent_clients.py install``.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

AIDER_VERSION = "0.86.2"
CLAUDE_CODE_VERSION = "2.1.197"
INSTALL_TIMEOUT = 900  # seconds: aider-chat brings ~150 packages


class Unavailable(Exception):
    """The client cannot be had here; the message says why (a test skips with it)."""


def clients_dir() -> Path:
    given = os.environ.get("AGENTBENCH_CLIENTS_DIR")
    return Path(given) if given else Path.home() / ".cache" / "pytest-agentbench" / "clients"


@contextmanager
def _locked(name: str):
    root = clients_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield root
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _version_of(executable: Path) -> str:
    try:
        out = subprocess.run([str(executable), "--version"], capture_output=True, text=True,
                             timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"error: {exc}"
    return (out.stdout or out.stderr).strip()


def _run(argv: list[str], what: str) -> None:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError as exc:
        raise Unavailable(f"cannot install {what}: {exc}") from None
    except subprocess.TimeoutExpired:
        raise Unavailable(f"installing {what} took more than {INSTALL_TIMEOUT} s") from None
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
        raise Unavailable(f"installing {what} failed ({' '.join(argv[:3])} ...): {tail}")


def _install_allowed() -> bool:
    return os.environ.get("AGENTBENCH_INSTALL_CLIENTS", "1").lower() not in ("0", "no", "false")


def aider() -> Path:
    """The ``aider`` executable, installed into its own virtual environment if missing."""
    given = os.environ.get("AGENTBENCH_AIDER")
    if given:
        return _given(given, "AGENTBENCH_AIDER")
    with _locked("aider") as root:
        venv = root / "aider"
        exe = venv / "bin" / "aider"
        marker = venv / ".agentbench-installed"
        if marker.exists() and AIDER_VERSION in _version_of(exe):
            return exe
        if not _install_allowed():
            raise Unavailable(f"Aider is not installed in {venv} and AGENTBENCH_INSTALL_CLIENTS=0")
        shutil.rmtree(venv, ignore_errors=True)
        python = _python_for_aider()
        _run([python, "-m", "venv", str(venv)], "a virtual environment for Aider")
        _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
              "--disable-pip-version-check", f"aider-chat=={AIDER_VERSION}"],
             f"aider-chat {AIDER_VERSION} from PyPI")
        version = _version_of(exe)
        if AIDER_VERSION not in version:
            raise Unavailable(f"Aider installed in {venv} but does not run: {version}")
        marker.write_text(f"{version}\n{time.ctime()}\n")
        return exe


def _python_for_aider() -> str:
    """An interpreter aider-chat supports (3.10 to 3.12): this one if it fits, else python3."""
    if (3, 10) <= sys.version_info[:2] <= (3, 12):
        return sys.executable
    for name in ("python3.12", "python3.11", "python3.10"):
        found = shutil.which(name)
        if found:
            return found
    raise Unavailable(f"aider-chat {AIDER_VERSION} needs Python 3.10-3.12; none found")


def claude_code() -> Path:
    """The ``claude`` executable (Claude Code), installed with npm if missing."""
    given = os.environ.get("AGENTBENCH_CLAUDE")
    if given:
        return _given(given, "AGENTBENCH_CLAUDE")
    with _locked("claude-code") as root:
        prefix = root / "claude-code"
        exe = prefix / "node_modules" / ".bin" / "claude"
        marker = prefix / ".agentbench-installed"
        if marker.exists() and CLAUDE_CODE_VERSION in _version_of(exe):
            return exe
        if not _install_allowed():
            raise Unavailable(f"Claude Code is not installed in {prefix} and "
                              "AGENTBENCH_INSTALL_CLIENTS=0")
        npm = shutil.which("npm")
        if npm is None:
            raise Unavailable("Claude Code needs npm (apt-get install nodejs npm)")
        shutil.rmtree(prefix, ignore_errors=True)
        prefix.mkdir(parents=True)
        _run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
              "--loglevel=error", f"@anthropic-ai/claude-code@{CLAUDE_CODE_VERSION}"],
             f"@anthropic-ai/claude-code {CLAUDE_CODE_VERSION} from npm")
        version = _version_of(exe)
        if CLAUDE_CODE_VERSION not in version:
            raise Unavailable(f"Claude Code installed in {prefix} but does not run: {version}")
        marker.write_text(f"{version}\n{time.ctime()}\n")
        return exe


def _given(path: str, var: str) -> Path:
    exe = Path(path)
    if not (exe.is_file() and os.access(exe, os.X_OK)):
        found = shutil.which(path)
        if found is None:
            raise Unavailable(f"{var}={path} is not an executable")
        exe = Path(found)
    return exe


def main(argv: list[str]) -> int:
    if argv[1:] != ["install"]:
        print("usage: python3 tests/agent_clients.py install", file=sys.stderr)
        return 2
    status = 0
    for name, get in (("Aider", aider), ("Claude Code", claude_code)):
        start = time.monotonic()
        try:
            exe = get()
        except Unavailable as exc:  # the tests skip with the same reason: CI goes on
            print(f"agent client {name}: not installed: {exc}")
            status = 1
        else:
            print(f"agent client {name}: {exe} ({_version_of(exe)}, "
                  f"{time.monotonic() - start:.0f} s)")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
