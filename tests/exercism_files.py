"""Exercises of our own in Exercism's layout, written by tests (there is no checkout here)."""

from __future__ import annotations

import json
from pathlib import Path


def write_exercise(root: Path, track: str, slug: str, files: dict[str, str],
                   config: dict[str, list[str]]) -> Path:
    """``root/<track>/exercises/practice/<slug>`` holding ``files`` (relative paths), its
    instructions and a ``.meta/config.json`` whose ``files`` are ``config``."""
    exercise = root / track / "exercises" / "practice" / slug
    everything = {".meta/config.json": json.dumps({"files": config}),
                  ".docs/instructions.md": f"# {slug.capitalize()}\n\nSolve {slug}.\n", **files}
    for rel, text in everything.items():
        (exercise / rel).parent.mkdir(parents=True, exist_ok=True)
        (exercise / rel).write_text(text, encoding="utf-8")
    return exercise


def assert_the_reference_passes_through_the_plugin(pytester, track: str, row: str) -> None:
    """``pytest --agentbench <track>`` (the reference agent, without xdist) passes the one
    exercise written under ``pytester.path``, its summary row matching ``row``."""
    result = pytester.runpytest_subprocess("--agentbench", track, "-p", "no:xdist",
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([row])
