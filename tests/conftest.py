"""Fixtures shared by the unit tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pytest_agentbench.languages import default_registry
from pytest_agentbench.suite import load_suite

from .helpers import MINI_SUITE, write_suite

# exercises in the Exercism layout: their *_test.py files are test data, not tests of the plugin
collect_ignore_glob = ["data/exercism/*"]


@pytest.fixture(autouse=True)
def _timings_measured(monkeypatch):
    """Tests measure what they claim: a timing is taken, not read from the machine's timing
    cache (tests/test_timing_cache.py turns it on in a directory of its own). A fixture, not
    an import-time setting: this file is also loaded by a suite run from the checkout, whose
    items it must not change."""
    monkeypatch.setenv("AGENTBENCH_TIMING_CACHE", "0")


@pytest.fixture
def mini_suite_data() -> dict[str, Any]:
    return copy.deepcopy(MINI_SUITE)


@pytest.fixture
def registry():
    return default_registry()


@pytest.fixture
def mini_suite(tmp_path, mini_suite_data, registry):
    return load_suite(write_suite(tmp_path, "mini.json", mini_suite_data), registry)
