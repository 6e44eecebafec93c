"""The Ruby workspace: ``solution.rb`` holding the signature as the suite gives it."""

from __future__ import annotations

from ...agents.workspace import Layout


def ruby_layout(sig: str, entry: str, language: str) -> Layout:
    """``solution.rb`` with the signature; ``*_spec.rb``, ``*_test.rb`` and ``test_*.rb`` files
    are tests."""
    return Layout(language, "solution.rb", {"solution.rb": sig}, (".rb",),
                  ("*_spec.rb", "*_test.rb", "test_*.rb"))
