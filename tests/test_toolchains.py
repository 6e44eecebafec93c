"""A toolchain hidden from PATH skips only its own language's items, with the install hint;
the other languages in the same run still run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_agentbench.languages import default_registry

ROOT = Path(__file__).resolve().parents[1]
REG = default_registry()

# the program that proves each toolchain present, as its runner's toolchain() checks it
HIDE = {"go": ["go"], "php": ["php"], "ruby": ["ruby"], "rust": ["rustc"],
        "java": ["javac", "java"], "typescript": ["node"], "cpp": ["g++"]}


def shadow_path(tmp: Path, hidden: list[str]) -> str:
    """A PATH with every program of the real one except ``hidden``."""
    shadow = tmp / "bin"
    shadow.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            target = shadow / entry.name
            if entry.name in hidden or target.exists():
                continue
            try:
                target.symlink_to(entry.path)
            except OSError:
                continue
    return str(shadow)


def _suite_for(language: str) -> Path | None:
    for path in (ROOT / "suites").glob("*_mini.json"):
        if REG.canonical(json.loads(path.read_text())["language"]) == language:
            return path
    return None


@pytest.mark.parametrize("language", sorted(HIDE))
def test_hidden_toolchain_skips_only_its_items(tmp_path, language):
    runner = REG.get(language) if REG.canonical(language) else None
    suite = _suite_for(language)
    if runner is None or suite is None:
        pytest.skip(f"no {language} runner or suite here")
    if not runner.toolchain().available:
        pytest.skip(f"{language} is not installed, so there is nothing to hide")
    work = tmp_path / "work"
    work.mkdir()
    for path in (suite, ROOT / "suites" / "python_mini.json"):
        shutil.copy(path, work / path.name)
    env = {**os.environ, "PATH": shadow_path(tmp_path, HIDE[language])}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--agentbench", suite.name, "--agentbench",
         "python_mini.json", "-k", "easy_01", "-p", "no:cacheprovider", "-p", "no:xdist",
         "-rs", "--agentbench-weights", "idiomaticity=0,performance=0,best_practices=0"],
        cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert "INTERNALERROR" not in proc.stdout, proc.stdout[-3000:]
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "1 passed, 1 skipped" in proc.stdout, proc.stdout[-3000:]
    assert "toolchain not available" in proc.stdout and "install it with:" in proc.stdout
