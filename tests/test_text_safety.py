"""Untrusted text made safe per sink: the helpers on plain strings, then each writer given a
results document full of hostile text (lone surrogates, escape sequences, NUL, HTML)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from pytest_agentbench import cli, report_html, report_markdown, summary
from pytest_agentbench.compare import load_document
from pytest_agentbench.journal import Journal, read_entries
from pytest_agentbench.results import aggregate, write_atomic
from pytest_agentbench.runs import from_document
from pytest_agentbench.text_safety import (
    clean,
    html_text,
    markdown_code,
    markdown_text,
    script_json,
    terminal,
    valid,
)

from .agentbench_docs import document, entry

# what must never reach a terminal or a markdown file as it is
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
EVIL = ("\udcff\x1b]0;title\x07\x1b[2J\x00\r\x9b1m\u202e\u2066 | end <script>x</script> "
        "</details> <img src=x onerror=alert(1)> [a](http://x) ```")


# -- valid and clean: data for JSON and UTF-8 files
def test_lone_surrogates_become_replacement_characters() -> None:
    assert valid("a\udcffb\ud800") == "a\ufffdb\ufffd"
    assert valid("\ud83d\ude00") == "\U0001f600"  # a proper pair is one character
    text = "plain é · 😀"
    assert valid(text) is text


def test_clean_walks_json_data_keys_included() -> None:
    data = {"k\udcff": ["x\udcff", ("y", 1, None, 2.5, True)], "n": {"m": "\udcff"}}
    got = clean(data)
    assert got == {"k\ufffd": ["x\ufffd", ["y", 1, None, 2.5, True]], "n": {"m": "\ufffd"}}
    json.dumps(got, ensure_ascii=False).encode("utf-8")


# -- terminal
@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
    ("\x1b[2J", "\\x1b[2J"),
    ("a\x00b", "a\\x00b"),
    ("over\rwrite", "over\\rwrite"),
    ("\x9b1m\x85\x7f", "\\x9b1m\\x85\\x7f"),
    ("\u202eevil\u2066", "\\u202eevil\\u2066"),
    ("\udcff", "\ufffd"),
])
def test_terminal_shows_controls_as_escapes(raw: str, shown: str) -> None:
    assert terminal(raw) == shown


def test_terminal_keeps_lines_tabs_and_ordinary_unicode() -> None:
    text = "line 1\r\n\tline 2 · é 😀 中文\n"
    assert terminal(text) == "line 1\n\tline 2 · é 😀 中文\n"
    assert terminal(text, multiline=False) == "line 1\\r\\n\\tline 2 · é 😀 中文\\n"
    assert terminal(None) == "" and terminal(3) == "3"
    assert terminal(terminal(EVIL)) == terminal(EVIL)  # nothing left to escape
    assert RAW.search(terminal(EVIL)) is None


# -- markdown
def test_markdown_text_cannot_open_a_tag_a_link_or_a_code_span() -> None:
    text = markdown_text(EVIL)
    assert RAW.search(text) is None and "\n" not in text
    assert "<" not in text and ">" not in text
    assert "&lt;/details&gt;" in text and "&lt;script&gt;" in text
    assert "\\[a\\](http://x)" in text and "\\`\\`\\`" in text
    assert "\\\\x1b\\]0;title\\\\x07" in text  # renders as \x1b]0;title\x07
    assert markdown_text("a & b\nc") == "a &amp; b c"


@pytest.mark.parametrize(("raw", "span"), [
    ("a_b", "`a_b`"),
    ("x ``` y", "````x ``` y````"),
    ("`tick", "`` `tick ``"),
    ("</details>", "`</details>`"),  # literal inside a code span
    ("two\nlines\x1b", "`two lines\\x1b`"),
    ("", ""),
])
def test_markdown_code_spans_hold_any_text(raw: str, span: str) -> None:
    assert markdown_code(raw) == span


# -- html
def test_html_text_and_script_json() -> None:
    assert html_text('<a href="x">\udcff') == "&lt;a href=&quot;x&quot;&gt;\ufffd"
    data = {"s": "</script><!-- \u2028 \udcff &"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == {"s": "</script><!-- \u2028 \ufffd &"}


# -- the writers, given a results document full of hostile text
def hostile_document() -> dict:
    bad = entry("bad\x1b[2J\udcff", passed=False, message=EVIL, answer=EVIL,
                solution="# " + EVIL + "\n", language="py\x00thon", agent="a\x1b]0;x\x07")
    good = entry("good", agent="a\x1b]0;x\x07")
    return document([bad, good], agent="a\x1b]0;x\x07")


def test_results_file_and_journal_are_valid_utf8_json(tmp_path: Path) -> None:
    doc = hostile_document()
    write_atomic(tmp_path / "r.json", doc)
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert "\\udcff" not in text and "\\u001b" in text  # surrogates replaced, controls kept
    journal = Journal(tmp_path / "j.jsonl")
    journal.open(doc["run"])
    journal.record("n", doc["results"][0])
    journal.close(doc["run"])
    assert read_entries(tmp_path / "j.jsonl")[0]["message"].startswith("\ufffd\x1b]0;")


def test_a_file_with_escaped_surrogates_is_read_as_valid_text(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps(hostile_document()), encoding="utf-8")  # \udcff escapes
    doc = load_document(path)
    assert doc["results"][0]["message"].startswith("\ufffd")
    assert read_entries(path)[0]["message"].startswith("\ufffd")


def test_markdown_report_of_hostile_text_is_inert(tmp_path: Path) -> None:
    doc = hostile_document()
    text = report_markdown.render([from_document(doc, "r\udcff.json")], title="t<b>\x1b")
    assert RAW.search(text) is None
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert text.count("<details>") == text.count("</details>") == 1
    failing = text.split("### Failing")[1].split("\n\n")[1].splitlines()
    assert "\\| end" in failing[2]  # the message's pipe is escaped: it adds no column
    assert {len(re.split(r"(?<!\\)\|", line)) for line in failing} == {8}
    report_markdown.write(tmp_path / "r.md", text)


def test_html_report_of_hostile_text_is_written(tmp_path: Path) -> None:
    doc = hostile_document()
    page = report_html.render([from_document(doc, "r.json")], title="t\udcff</title>")
    path = report_html.write(tmp_path / "r.html", page)
    page = path.read_text(encoding="utf-8")
    assert "<script>x" not in page and "t\ufffd&lt;/title&gt;" in page


def test_terminal_summary_of_hostile_text_is_inert() -> None:
    doc = hostile_document()
    lines = summary.table(doc["results"], aggregate(doc["results"]))
    assert all(RAW.search(line) is None and "\n" not in line for line in lines)
    assert any(line.startswith("bad\\x1b[2J\ufffd") for line in lines)


def test_agentbench_report_prints_hostile_text_inertly(tmp_path: Path) -> None:
    write_atomic(tmp_path / "r.json", hostile_document())
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["report", str(tmp_path / "r.json"), "--markdown", "-"], out=out, err=err)
    assert code == 0
    assert RAW.search(out.getvalue() + err.getvalue()) is None
    assert "a\\x1b]0;x\\x07" in err.getvalue() and "&lt;script&gt;" in out.getvalue()


def test_clean_copies_data_without_surrogates_as_json_holds_it() -> None:
    data = {"a": ("x", 1.5, None), "b": [{"c": "é"}], 7: "seven"}
    got = clean(data)
    assert got == {"a": ["x", 1.5, None], "b": [{"c": "é"}], "7": "seven"}
    got["b"][0]["c"] = "changed"
    assert data["b"][0]["c"] == "é"  # a copy
    assert clean([float("inf"), {1, 2}]) == [float("inf"), {1, 2}]  # a set: walked, kept
