"""Progress: a live status line on a terminal, one line per finished item elsewhere, nothing
with -q; pytest's own output, xdist's, JUnit and pytest-json-report stay as they were."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from pytest_agentbench.progress import ItemState, Tally, clock, short_name

from .helpers import MINI_SUITE, XDIST_MODES
from .helpers import run_plugin as run
from .terminal_screen import run_in_pty, screen_lines

MODES = XDIST_MODES
mode_param = pytest.mark.parametrize("mode", list(MODES.values()), ids=list(MODES))

WRONG_ADD = """
import os
if os.environ["AGENTBENCH_TEST_ID"] == "mini_easy_add":
    print("```python\\ndef add(a, b):\\n    return a * b\\n```")
"""


@pytest.fixture
def suite_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    return "mini.json"


# -- the text


def test_clock():
    assert [clock(s) for s in (0, 42, 61.9, 3723)] == ["0:00", "0:42", "1:01", "1:02:03"]


def test_status_line_names_counts_running_items_and_eta():
    tally = Tally(total=12, started=100.0, counts={"passed": 2, "failed": 1})
    tally.running["suites/a.json::py_04"] = ItemState(started=130.0)
    tally.running["suites/a.json::py_05[s1]"] = ItemState(started=138.0)
    line = tally.status_line(now=142.0, width=200)
    assert line == ("agentbench 3/12: 2 passed, 1 failed; running py_04 (0:12), py_05[s1] "
                    "(0:04); elapsed 0:42, ETA 2:06")
    cut = tally.status_line(now=142.0, width=40)
    assert len(cut) == 40 and cut.endswith("...")


def test_eta_leaves_out_resumed_items_and_is_unknown_before_the_first():
    assert Tally(total=4, started=0.0).eta(now=10.0) is None
    tally = Tally(total=4, started=0.0, counts={"passed": 2}, resumed=1)
    assert tally.eta(now=10.0) == 20.0  # one item run in 10 s, two left


def test_item_line():
    tally = Tally(total=3, started=0.0, counts={"passed": 1, "failed": 1})
    state = ItemState(started=1.0, outcome="failed", seconds=1.234, kind="wrong answer")
    assert tally.item_line("mini.json::mini_easy_add", state, now=5.0) == (
        "2/3 mini_easy_add: failed (wrong answer) in 1.23 s; 1 passed, 1 failed; "
        "elapsed 0:05, ETA 0:02")
    assert short_name("a.json") == "a.json"


# -- not a terminal: one line per item


@mode_param
def test_one_line_per_finished_item_when_not_a_terminal(pytester, suite_file, mode):
    agent = pytester.makepyfile(agent=WRONG_ADD)
    result = run(pytester, "--agentbench", suite_file, *mode, "-k", "easy or medium",
                 "--agentbench-agent", f"cmd:{sys.executable} {agent}")
    result.assert_outcomes(failed=2)
    result.stdout.re_match_lines_random([
        r".*[F] [12]/2 mini_easy_add: failed \(wrong answer\) in \d+\.\d\d s; "
        r"0 passed, [12] failed; elapsed \d:\d\d.*",
        r".*[F] [12]/2 mini_medium_rev: failed \(no code in answer\) in \d+\.\d\d s; .*",
    ])
    result.stdout.re_match_lines([r".* 2/2 mini_\w+: .*, 2 failed; elapsed \d:\d\d \[100%\]$"])
    assert result.stdout.str().count("mini_easy_add: failed") == 1


def test_verbose_keeps_pytests_lines_and_adds_one_of_its_own(pytester, suite_file):
    result = run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines([
        "mini.json::mini_easy_add PASSED*[[] 33%[]]",
        "    1/3 mini_easy_add: passed in *s; 1 passed; elapsed *",
        "mini.json::mini_medium_rev PASSED*",
    ])


@pytest.mark.parametrize("args", [["-q"], ["--agentbench-progress", "off"],
                                  ["-o", "agentbench_progress=off"]], ids=["q", "off", "ini"])
def test_quiet_and_off_write_no_progress(pytester, suite_file, args):
    result = run(pytester, "--agentbench", suite_file, "-p", "no:xdist", *args)
    result.assert_outcomes(passed=3)
    result.stdout.no_fnmatch_line("* 1/3 mini_*")


def test_without_the_terminal_plugin_the_run_is_unchanged(pytester, suite_file):
    result = run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "-p", "no:terminal")
    assert result.ret == 0
    doc = json.loads((pytester.path / "results/agentbench.json").read_text())
    assert [e["status"] for e in doc["results"]] == ["passed"] * 3


@pytest.mark.parametrize("mode", [MODES["no-xdist"], MODES["n2"]], ids=["no-xdist", "n2"])
def test_junit_and_json_report_are_untouched_by_progress_lines(pytester, suite_file, mode):
    result = run(pytester, "--agentbench", suite_file, *mode, "--junitxml", "out.xml",
                 "--json-report", "--json-report-file", "report.json")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["* 3/3 mini_*: passed in *"])
    cases = list(ET.parse(pytester.path / "out.xml").getroot().iter("testcase"))
    assert sorted(c.get("name") for c in cases) == ["mini_easy_add", "mini_hard_stack",
                                                   "mini_medium_rev"]
    report = json.loads((pytester.path / "report.json").read_text())
    assert report["summary"]["passed"] == 3


# -- a terminal: the live line, gone when pytest writes


def _normalised(lines: list[str]) -> list[str]:
    """Numbers (timings, durations), the spaces that align them and the length of a separator
    line around them do not count."""
    return [" ".join(re.sub(r"([=_-])\1{2,}", r"\1", re.sub(r"\d+(?:\.\d+)?", "N", line)).split())
            for line in lines]


def _screen(pytester, *args: str) -> tuple[bytes, list[str]]:
    code, raw = run_in_pty([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                           pytester.path, columns=100, rows=20)
    assert code == 0, raw.decode(errors="replace")[-3000:]
    return raw, screen_lines(raw, columns=100, rows=20)


@pytest.mark.parametrize("mode", [MODES["no-xdist"], MODES["n2"]], ids=["no-xdist", "n2"])
def test_live_line_on_a_terminal_leaves_pytests_screen_as_it_was(pytester, suite_file, mode):
    raw, live = _screen(pytester, "--agentbench", suite_file, *mode)
    assert re.search(rb"\ragentbench 0/3: 0 passed; running mini_\w+ \(0:00\)", raw)
    assert re.search(rb"\ragentbench 2/3: 2 passed; running mini_\w+ .*ETA", raw)
    _, plain = _screen(pytester, "--agentbench", suite_file, *mode, "--agentbench-progress",
                       "off")
    assert _normalised(live) == _normalised(plain)
    assert any(line.startswith(("mini.json ...", "...")) for line in live)
    assert not any("agentbench 3/3" in line for line in live)


def test_quiet_on_a_terminal_draws_no_line(pytester, suite_file):
    raw, _ = _screen(pytester, "--agentbench", suite_file, "-p", "no:xdist", "-q")
    assert b"agentbench 0/3" not in raw
