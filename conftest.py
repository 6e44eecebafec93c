"""The repository's own test wiring.

pytester, which the end-to-end plugin tests use, is enabled in pyproject.toml (``-p pytester``)
rather than here: a run elsewhere that collects a file inside this checkout (HumanEval's data in
a virtual environment under it, say) imports this conftest as a non-root one, where
``pytest_plugins`` is an error.
"""
