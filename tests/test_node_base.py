"""What the JavaScript and TypeScript runners share on Node.js (``languages/node``), and the
helpers other languages share with them: the C-family comment helpers of ``syntax.py``, the
scalar literals of ``scalars.py`` and the formatter's closest layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_agentbench.analysis.base import closest_format
from pytest_agentbench.languages import default_registry
from pytest_agentbench.languages.node import NodeRunner, RunProgress, event_seconds
from pytest_agentbench.languages.scalars import float_literal, scalar_literal
from pytest_agentbench.languages.syntax import one_line, parse, top_level, without_comments
from pytest_agentbench.languages.typescript import SUPPORT
from pytest_agentbench.models import ProcessResult
from pytest_agentbench.suite import load_suite

from .helpers import write_suite

REG = default_registry()
TS = REG.get("typescript")
JS = REG.get("javascript")


@pytest.fixture(scope="module")
def tree_problems(tmp_path_factory):
    loaded = {}
    for language, signature in (("typescript", "function depth(root: TreeNode | null): number"),
                                ("javascript", "/** @param {TreeNode} root\n"
                                               " * @returns {number} */\nfunction depth(root)")):
        path = write_suite(tmp_path_factory.mktemp(language), "s.json", {
            "language": language,
            "tests": [{"id": "depth", "difficulty": "easy", "description": "d",
                       "signature": signature,
                       "test_cases": [{"args": [[1, 2]], "expected": 2}]}]})
        loaded[language] = load_suite(path, REG).problems[0]
    return loaded


def test_both_runners_are_node_runners_with_the_harness_readable(tree_problems):
    assert isinstance(TS, NodeRunner) and isinstance(JS, NodeRunner)
    assert TS.readable_paths()[-1] == SUPPORT == JS.readable_paths()[-1]
    work = Path("w")
    assert (TS.run_step(work, tree_problems["typescript"]).argv
            == JS.run_step(work, tree_problems["javascript"]).argv)
    assert JS.extra_env(Path("w")) == {**TS.extra_env(Path("w")), "FORCE_COLOR": "0"}


def test_missing_node_modules_names_what_each_runner_needs(monkeypatch, tmp_path):
    monkeypatch.setenv("AGENTBENCH_NODE_MODULES", str(tmp_path))
    with pytest.raises(RuntimeError, match=r"^typescript is not installed; run: npm ci"):
        TS.modules()
    with pytest.raises(RuntimeError, match=r"^jest and typescript are not installed"):
        JS.modules()


def test_progress_reads_starts_and_done_and_passes_the_rest_on():
    events = [{"event": "test_start", "name": "a"}, {"event": "test", "name": "a"},
              {"event": "test_start", "name": "b"}, {"event": "file_error"}]
    progress = RunProgress()
    assert [e["event"] for e in progress.read(events)] == ["test", "file_error"]
    assert progress.started == ["a", "b"] and progress.finished == {"a"} and not progress.done
    killed = ProcessResult(None, 3.0, timed_out=True)
    assert progress.unfinished(killed, "Jest") == [
        ("b", "timeout", "did not finish within the time limit", 0.0)]
    ended = progress.unfinished(ProcessResult(1, 1.0), "Jest")
    assert [(n, s) for n, s, _, _ in ended] == [("b", "error"), ("Jest", "error")]
    done = RunProgress()
    list(done.read([{"event": "done"}]))
    assert done.done and done.unfinished(ProcessResult(0, 1.0), "node:test") == []
    # a block is no test of its own: only its unfinished inner test is named
    block = RunProgress()
    list(block.read([{"event": "test_start", "name": "s"},
                     {"event": "test_start", "name": "s > t"}, {"event": "done"}]))
    assert [n for n, *_ in block.unfinished(ProcessResult(0, 1.0), "x")] == ["s > t"]
    # nothing reported and a failing exit: the process's own error says why
    assert RunProgress().unfinished(ProcessResult(1, 1.0), "Jest") == []
    assert event_seconds({"seconds": "0.5"}) == 0.5 and event_seconds({"seconds": "x"}) == 0.0


def test_relative_messages_take_the_work_directory_out(tmp_path):
    results = [("t", "failed", f"at {tmp_path}/solution.js:3:1", 0.1)]
    assert NodeRunner.relative_messages(results, tmp_path) == [
        ("t", "failed", "at solution.js:3:1", 0.1)]


def test_answer_notes_differ_only_by_optional_constructor_arguments(tree_problems):
    ts = TS.answer_instructions(tree_problems["typescript"])
    js = JS.answer_instructions(tree_problems["javascript"])
    assert "`constructor(val?, left?, right?)`" in ts
    assert "`constructor(val, left, right)`" in js
    assert "`tree([...])` is a tree in level order" in ts and "ListNode" not in js


def test_comment_helpers_of_the_c_family():
    root = parse("func f(a int, // the first\n\tb /* two */ int) {}\n", "go")
    params = top_level(root, "function_declaration")[0].child_by_field_name("parameters")
    assert one_line(params) == "(a int, b int)" and one_line(None) == ""
    text = "const a = 1; // one\n/* two\nlines */ const b = '//';\n"
    assert without_comments(parse(text, "typescript"), source=text) == (
        "const a = 1; \n\n const b = '//';\n")


def test_scalar_literals():
    php = {"null": "null", "nan": "NAN", "inf": "INF", "string": repr}
    assert [scalar_literal(v, **php) for v in (None, True, 3, 2.5, "a")] == [
        "null", "true", "3", "2.5", "'a'"]
    assert scalar_literal([1], **php) is None and scalar_literal({}, **php) is None
    assert [float_literal(v, "NaN", "Infinity") for v in (float("nan"), float("-inf"), 1e300)] \
        == ["NaN", "-Infinity", "1e+300"]


def test_closest_format_takes_the_fewest_findings_and_stops_at_none():
    original = "a\nb\nc\n"
    read: list[str] = []

    def outputs():
        for formatted in ("x\nb\nz\n", "a\nB\nc\n", "a\nb\nc\n", "never read\n"):
            read.append(formatted)
            yield formatted

    assert closest_format(original, outputs(), "fmt") == []
    assert len(read) == 3
    [finding] = closest_format(original, iter(["x\nb\nz\n", "a\nB\nc\n"]), "fmt")
    assert finding.line == 2 and finding.message.startswith("fmt reformats line 2")
    assert closest_format(original, iter([]), "fmt") == []
