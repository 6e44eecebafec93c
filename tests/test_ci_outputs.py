"""What CI dashboards and runners read: JUnit classnames that group well, per-test properties
under both JUnit families, and output files with one mode."""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET

import pytest

from pytest_agentbench.junit import classname
from pytest_agentbench.results import current_umask, write_atomic

from .helpers import MINI_SUITE, XDIST_MODES
from .helpers import run_plugin as run


@pytest.fixture
def suite_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    return "mini.json"


def junit_cases(pytester, name="out.xml"):
    return list(ET.parse(pytester.path / name).getroot().iter("testcase"))


@pytest.mark.parametrize("mode", [XDIST_MODES["no-xdist"], XDIST_MODES["n2"]],
                         ids=["no-xdist", "n2"])
@pytest.mark.parametrize("family", ["xunit1", "xunit2"])
def test_junit_classname_is_agentbench_language_suite(pytester, suite_file, mode, family):
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = run(pytester, "test_plain.py", "--agentbench", suite_file, *mode,
                 "--junitxml", "out.xml", "-o", f"junit_family={family}")
    result.assert_outcomes(passed=4)
    cases = {c.get("name"): c for c in junit_cases(pytester)}
    assert {n: c.get("classname") for n, c in cases.items()} == {
        "mini_easy_add": "agentbench.python.mini", "mini_medium_rev": "agentbench.python.mini",
        "mini_hard_stack": "agentbench.python.mini", "test_one": "test_plain"}
    # pytest 8 and 9 write per-test properties whatever the family (README, JUnit XML)
    props = {p.get("name"): p.get("value") for p in cases["mini_easy_add"].iter("property")}
    assert props["agentbench_weighted_score"] == "10.00"


def test_junit_prefix_comes_first(pytester, suite_file):
    run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "--junitxml", "out.xml",
        "--junitprefix", "ci").assert_outcomes(passed=3)
    assert {c.get("classname") for c in junit_cases(pytester)} == {"ci.agentbench.python.mini"}


def test_classname_keeps_dots_out_of_names():
    assert classname({"language": "rust", "suite": "HumanEval.v2"}) == \
        "agentbench.rust.HumanEval_v2"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_results_file_honours_the_umask_as_the_journal_does(tmp_path, umask):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "results.json", {"a": 1})
        (tmp_path / "journal.jsonl").write_text("{}\n")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "results.json") == 0o666 & ~umask
    assert _mode(tmp_path / "results.json") == _mode(tmp_path / "journal.jsonl")


def test_results_journal_and_reports_share_one_mode(pytester, suite_file):
    run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "--agentbench-markdown",
        "report.md").assert_outcomes(passed=3)
    modes = {name: _mode(pytester.path / name) for name in (
        "results/agentbench.json", "results/agentbench.journal.jsonl", "report.md")}
    assert set(modes.values()) == {0o666 & ~current_umask()}, modes  # 0644 under umask 022
