"""What the first items will need, started while pytest still configures and collects.

The runners' run-ahead machinery (Python's fork servers: a sandbox, an interpreter and a
self-check each, a tenth of a second) used to start only when the first items were asked
for, after collection. Here the languages of the suites given are read cheaply (a HumanEval
file's name, a suite file's ``language``), and each runner warms up for as many threads as
will run items ahead. A guess that is wrong costs a few idle processes, never a result.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .humaneval import is_humaneval_file, language_from_name
from .languages import ExecSettings, LanguageRegistry
from .value_limits import decode_json

#: a suite file larger than this is not read twice just to learn its language (bytes)
PEEK_LIMIT = 4 * 1024 * 1024


def expected_languages(paths: Iterable[Path], registry: LanguageRegistry) -> set[str]:
    """The languages of the suite files among ``paths`` that can be told without loading
    them; directories and unreadable files say nothing."""
    found: set[str] = set()
    for path in paths:
        if not path.is_file():
            continue
        if is_humaneval_file(path):
            found.add(language_from_name(path, registry) or "python")
        elif path.suffix == ".json" and path.stat().st_size <= PEEK_LIMIT:
            try:  # the guarded decoder: a hostile suite must fail at collection, naming itself
                language = decode_json(path.read_text(encoding="utf-8"))[0].get("language")
            except (OSError, ValueError, AttributeError):
                continue
            canonical = registry.canonical(language) if isinstance(language, str) else None
            if canonical is not None:
                found.add(canonical)
    return found


def warm_up(paths: Iterable[Path], registry: LanguageRegistry, settings: ExecSettings,
            threads: int) -> None:
    """Each expected language's runner starts what ``threads`` run-ahead threads will use."""
    for language in sorted(expected_languages(paths, registry)):
        registry.get(language).warm_up(settings, threads)
