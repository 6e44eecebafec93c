"""Hostile text end to end: an agent whose answer, solution output and failure messages hold a
lone surrogate, terminal escape sequences, NUL and HTML. Every report is still written, valid,
and shows the text without letting it act (no raw escape in the terminal or the markdown, no
tag in the markdown)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from pytest_agentbench import cli

from .helpers import MINI_SUITE

pytest.importorskip("pytest_jsonreport")

# Every hostile piece at once: HTML that would open a script or close a <details> block, a lone
# surrogate, OSC and CSI sequences, NUL, a C1 CSI, a bidi override and a carriage return.
EVIL = ("\udcff <script>x</script> </details> <img src=x onerror=alert(1)> \x1b]0;pwned\x07 "
        "\x1b[2J \x00 \x9b31m \u202e [link](http://x) ``` \rrewritten")

# The solution returns it (a wrong answer whose value holds the surrogate), prints it (with an
# invalid UTF-8 byte), and raises it; its source holds the raw escapes in a comment.
SOLUTION = """# \x1b]0;pwned\x07 \x1b[2J \x9b31m \u202e </details>
def add(a, b):
    import sys
    evil = chr(0xdcff) + EVIL
    sys.stdout.buffer.write(b"\\xff" + EVIL.encode() + b"\\n")
    sys.stderr.buffer.write(b"\\xff" + EVIL.encode() + b"\\n")
    if a == 1:
        return evil
    if a == -1:
        raise ValueError(EVIL)
    return a + b
""" + f"\n\nEVIL = {EVIL[1:]!r}\n"

AGENT = f"""
from pytest_agentbench.agents import Agent
from pytest_agentbench.models import AgentReply, FailureKind

class Evil(Agent):
    spec = "evil"
    def solve(self, request):
        if request.problem.id != "mini_easy_add":  # an agent that fails, saying why
            return AgentReply(text="", seconds=0.0, failure=FailureKind.AGENT_ERROR,
                              message={EVIL!r}, stderr_tail={EVIL!r})
        return AgentReply(text={EVIL!r} + "\\n```python\\n" + {SOLUTION!r} + "```\\n"
                          + {EVIL!r}, seconds=0.0)

def pytest_agentbench_make_agent(spec, config):
    return Evil() if spec == "evil" else None
"""

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _suite() -> dict:
    """Two problems: one the agent solves with the hostile solution, one where it fails."""
    easy, medium = MINI_SUITE["tests"][:2]
    return {**MINI_SUITE, "tests": [dict(easy, name="Add \x1b[31m\udcff</details>"), medium]}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The run's output, decoded strictly: a raw surrogate would have been written as an
    invalid byte (or have crashed the run, as with ``PYTHONIOENCODING=utf-8``, set here).
    A plain directory, not pytester: its ``sys.modules`` snapshot would drop scipy, which
    ``agentbench compare`` imports, and numpy cannot be imported twice."""
    path = tmp_path_factory.mktemp("hostile")
    (path / "mini.json").write_text(json.dumps(_suite()), encoding="utf-8")
    (path / "conftest.py").write_text(AGENT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--agentbench", "mini.json", "--agentbench-agent", "evil", "-rA",
         "--agentbench-html", "report.html", "--agentbench-markdown", "report.md",
         "--junitxml", "junit.xml", "-o", "junit_family=xunit1",
         "--json-report", "--json-report-file", "report.json"],
        cwd=path, capture_output=True, timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "GITHUB_STEP_SUMMARY": ""})
    out = (done.stdout + done.stderr).decode("utf-8", "backslashreplace")
    assert done.returncode == 1, out
    return out, path


def _assert_inert(text: str, where: str) -> None:
    """No raw control character, bidi override or lone surrogate in ``text``."""
    found = RAW.search(text)
    assert found is None, f"raw {found.group()!r} in {where}: {text[found.start() - 60:][:120]!r}"


def _json(path: Path) -> Any:
    """The file's JSON, checked to be valid UTF-8 holding valid Unicode (no escaped lone
    surrogate: encoding it again would fail)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    json.dumps(data, ensure_ascii=False).encode("utf-8")
    return data


def test_every_report_is_written_and_shows_hostile_text_inertly(hostile_run) -> None:
    out, path = hostile_run
    assert "INTERNALERROR" not in out and "2 failed" in out, out
    _assert_inert(out, "the terminal")
    assert "\\x1b]0;pwned\\x07" in out and "<script>x</script>" in out  # shown, as text

    doc = _json(path / "results/agentbench.json")
    by_id = {e["test_id"]: e for e in doc["results"]}
    easy, medium = by_id["mini_easy_add"], by_id["mini_medium_rev"]
    assert easy["failure_kind"] == "runtime_error" and "\x1b]0;pwned" in easy["message"]
    assert easy["agent_details"]["output_tail"].startswith("\ufffd <script>")
    assert medium["failure_kind"] == "agent_error" and "\ufffd <script>" in medium["message"]
    journal = (path / "results/agentbench.journal.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line)["event"] for line in journal.splitlines()] == [
        "start", "result", "result", "finish"]

    page = (path / "report.html").read_text(encoding="utf-8")
    found = re.search(r'<script id="agentbench-data" type="application/json">(.*?)</script>',
                      page, re.S)
    assert found is not None
    items = {i["test_id"]: i for i in json.loads(found.group(1))["items"]}
    assert items["mini_easy_add"]["answer"].startswith("\ufffd <script>x</script> </details>")
    assert "<script>x" not in page and "<img src=x" not in page

    markdown = (path / "report.md").read_text(encoding="utf-8")
    _assert_inert(markdown, "the markdown")
    assert "&lt;script&gt;x&lt;/script&gt;" in markdown  # the agent's message, as text
    assert "<script" not in markdown and "<img" not in markdown and "[link](" not in markdown
    assert markdown.count("<details>") == markdown.count("</details>") == 1

    cases = ET.parse(path / "junit.xml").getroot().findall(".//testcase")
    assert len(cases) == 2
    for case in cases:
        failure = case.find("failure")
        assert failure is not None
        _assert_inert(failure.get("message", "") + (failure.text or ""), "the JUnit file")
    report = _json(path / "report.json")
    assert {t["metadata"]["agentbench"]["test_id"] for t in report["tests"]} == set(by_id)
    for test in report["tests"]:
        _assert_inert(json.dumps(test["call"]["longrepr"], ensure_ascii=False), "json-report")


def test_agentbench_report_and_compare_read_the_hostile_results(hostile_run, capsys) -> None:
    _, path = hostile_run
    results = str(path / "results/agentbench.json")
    md = path / "cli.md"
    assert cli.main(["report", results, "--html", str(path / "cli.html"),
                     "--markdown", str(md)]) == 0
    assert "&lt;script&gt;" in md.read_text(encoding="utf-8")
    pytest.importorskip("scipy")
    assert cli.main(["compare", results, results, "--markdown", str(md),
                     "--json", str(path / "cmp.json")]) == 0
    out = capsys.readouterr()
    _assert_inert(out.out + out.err, "agentbench's output")
    _assert_inert(md.read_text(encoding="utf-8"), "agentbench's markdown")
    _json(path / "cmp.json")
