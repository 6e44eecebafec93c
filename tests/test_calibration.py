"""The quality dimensions measure style: on correct answer pairs written for every suite
problem, idiomatic answers score 8.5 or more on both dimensions, and the clumsy answer of a pair
scores lower in 90 % of pairs, by 2 points or more on average, in every language
(``tests/calibration.py``; ``python benchmarks/calibration.py`` prints the figures)."""

from __future__ import annotations

import pytest

from pytest_agentbench.languages import default_registry

from .calibration import DATA, EXTENSIONS, figures, score_language


def _usable(language: str) -> str | None:
    bundle = default_registry().bundle(language)
    if not bundle.runner.toolchain().available:
        return f"{language} toolchain not installed"
    missing = [a.name for a in bundle.analysers if a.availability()[0] is None]
    return f"analysers not installed: {', '.join(missing)}" if missing else None


@pytest.mark.parametrize("language", sorted(p.name for p in DATA.iterdir() if p.is_dir())
                         if DATA.is_dir() else [])
def test_calibration_floors(language):
    why = _usable(language)
    if why:
        pytest.skip(why)
    pairs = score_language(language)
    assert len(pairs) == 12, f"{language}: {len(pairs)} answer pairs, 12 expected"
    wrong = [(s.test_id, s.style, s.message) for p in pairs for s in (p.idiomatic, p.clumsy)
             if not s.passed]
    assert not wrong, f"calibration answers must be correct: {wrong}"
    found = figures(language, pairs)
    assert not found.misses(), (language, found)


def test_every_language_has_its_calibration_pairs():
    assert {p.name for p in DATA.iterdir() if p.is_dir()} == set(EXTENSIONS)
