"""The scripts a sandboxed interpreter runs, copied by path next to a job (or into the fork
server's directory), under their own names: ``python_harness.py`` (data cases, native tests,
timing; also the value codec the parent imports), ``python_project_harness.py`` (Exercism test
modules) and ``python_forkserver.py`` (the fork server's child side)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
HARNESS = HERE / "python_harness.py"
PROJECT_HARNESS = HERE / "python_project_harness.py"
FORK_SERVER = HERE / "python_forkserver.py"
