"""The repository's own test wiring: pytester for the end-to-end plugin tests."""

pytest_plugins = ["pytester"]
