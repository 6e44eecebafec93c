"""Agents that edit files: the per-item workspace of ``cmd:`` agents, its starter files per
language, where the answer is taken from, the diff, HOME, kept workspaces, and through the
plugin: the report, the results file, and the same scores as an agent that prints its code."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from pytest_agentbench.agents import CommandAgent, builtin_agent
from pytest_agentbench.agents import workspace as ws
from pytest_agentbench.languages import default_registry
from pytest_agentbench.languages.python.layout import python_stub
from pytest_agentbench.languages.rust.layout import rust_stub
from pytest_agentbench.models import AgentRequest, FailureKind, Turn
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.suite import load_suite

from .helpers import MINI_SUITE

ROOT = Path(__file__).resolve().parents[1]
REG = default_registry()
GOOD_ADD = "def add(a: int, b: int) -> int:\n    return a + b\n"

# A scripted file-editing agent: its plan (a JSON file named by $FAKE_PLAN) says what it
# writes (relative to its current directory, "~/" to its HOME, "@starter" to the starter
# file), what it prints and how it exits; per test id when the plan has "by_test".
FAKE_AGENT = r'''
import json, os, sys
plan = json.load(open(os.environ["FAKE_PLAN"]))
plan = plan.get("by_test", {}).get(os.environ["AGENTBENCH_TEST_ID"], plan)
if plan.get("report"):
    with open(plan["report"], "w") as fh:
        json.dump({"argv": sys.argv[1:], "cwd": os.getcwd(), "home": os.environ["HOME"],
                   "files": sorted(os.listdir(".")),
                   "task": open(os.environ["AGENTBENCH_TASK_FILE"]).read(),
                   "starter": open(os.environ["AGENTBENCH_STARTER_FILE"]).read(),
                   "env": {k: v for k, v in os.environ.items() if k.startswith("AGENTBENCH_")}},
                  fh)
for name, text in plan.get("write", {}).items():
    if name == "@starter":
        path = os.environ["AGENTBENCH_STARTER_FILE"]
    elif name.startswith("~/"):
        path = os.path.join(os.environ["HOME"], name[2:])
    else:
        path = name
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(text)
for name in plan.get("delete", []):
    os.remove(name)
sys.stdout.write(plan.get("print", ""))
sys.exit(plan.get("exit", 0))
'''


@pytest.fixture
def fake_agent(tmp_path, monkeypatch):
    """Write the plan, return the agent's path; the plan file is passed in the environment."""
    agent = tmp_path / "fake_agent.py"
    agent.write_text(f"#!{sys.executable}\n{FAKE_AGENT}", encoding="utf-8")
    agent.chmod(agent.stat().st_mode | stat.S_IEXEC)

    def plan(**what) -> Path:
        path = tmp_path / "plan.json"
        path.write_text(json.dumps(what), encoding="utf-8")
        monkeypatch.setenv("FAKE_PLAN", str(path))
        return agent
    return plan


@pytest.fixture
def request_for(tmp_path, mini_suite):
    def make(index: int = 0, attempt: int = 1, history: tuple[Turn, ...] = ()) -> AgentRequest:
        return AgentRequest(mini_suite.problems[index], "# Task\nAdd two numbers.\n",
                            tmp_path / f"work{index}.{attempt}", 0, attempt, history)
    return make


# ---------------------------------------------------------------- layouts per language


def _first(language: str):
    suite = load_suite(ROOT / "suites" / f"{language}_mini.json", REG)
    return suite.problems[0]


@pytest.mark.parametrize("language, starter, others", [
    ("python", "solution.py", []),
    ("go", "solution.go", ["go.mod"]),
    ("rust", "src/lib.rs", ["Cargo.toml"]),
    ("java", "Solution.java", []),
    ("typescript", "solution.ts", []),
    ("php", "solution.php", []),
    ("ruby", "solution.rb", []),
])
def test_each_language_gets_its_starter_with_the_signature(language, starter, others):
    problem = _first(language)
    layout = ws.layout_for(language, problem.signature_text, problem.entry_point)
    assert layout.starter == starter
    assert sorted(layout.files) == sorted([starter, *others])
    assert REG.get(language).defines(layout.starter_text, problem.entry_point)
    text = layout.starter_text
    if language == "go":
        assert text.startswith("package main\n") and 'panic("not implemented")' in text
        assert layout.files["go.mod"].startswith("module solution\n\ngo 1.")
    if language == "rust":
        assert "todo!()" in text and 'path = "src/lib.rs"' in layout.files["Cargo.toml"]
        assert 'edition = "2021"' in layout.files["Cargo.toml"]
    if language == "php":
        assert text.startswith("<?php\n\ndeclare(strict_types=1);\n")
    if language == "python":
        ast.parse(text)


def test_python_stub_gives_every_def_a_body_and_parses():
    sig = "class MinStack:\n    def push(self, x: int) -> None:\n    def pop(self) -> int:"
    code = python_stub(sig)
    ast.parse(code)
    assert code.count("raise NotImplementedError") == 2
    assert python_stub("def f(:") == "def f(:"  # unreadable: the signature as it is


def test_rust_stub_handles_where_clauses_and_trait_impls():
    sig = ("pub struct Counter<T> { /* private */ }\n\nimpl<T: Hash + Eq> Counter<T> {\n"
           "    pub fn new() -> Self\n    pub fn count<Q>(&self, item: &Q) -> usize\n"
           "    where\n        T: Borrow<Q>,\n        Q: Hash + Eq + ?Sized,\n"
           "    pub fn total(&self) -> usize\n"
           "}\n\nimpl<T: Hash + Eq> Default for Counter<T>\n")
    code = rust_stub(sig)
    assert code.count("todo!()") == 4  # three methods, and Default's default()
    assert "        Q: Hash + Eq + ?Sized, {\n        todo!()\n    }" in code
    assert ("impl<T: Hash + Eq> Default for Counter<T> {\n    fn default() -> Self {\n"
            "        todo!()") in code
    assert code.count("{") == code.count("}")


def test_go_stub_imports_the_packages_its_signature_names():
    layout = ws.layout_for("go", "type W struct{}\n\nfunc NewW(w io.Writer, d time.Duration) *W",
                           "W")
    assert 'import (\n\t"io"\n\t"time"\n)\n' in layout.starter_text


def test_typescript_and_php_class_methods_get_bodies():
    from pytest_agentbench.languages.php.layout import php_stub
    from pytest_agentbench.languages.typescript.layout import typescript_stub

    ts = typescript_stub("class Q {\n  constructor(n: number)\n  add<T>(t: () => T): T\n"
                         "  get size(): number\n  cb: () => void;\n}")
    assert ts.count('throw new Error("not implemented")') == 3
    php = php_stub("interface I\n{\n    public function f(): int;\n}\n"
                   "function g(int $a): int")
    assert php.count("LogicException") == 1 and "public function f(): int;" in php


def test_an_unknown_language_gets_a_plain_starter():
    layout = ws.layout_for("cobol", "PROCEDURE X.", "X")
    assert layout.starter == "solution" and layout.starter_text == "PROCEDURE X.\n"


# ---------------------------------------------------------------- where the answer comes from


def test_auto_takes_the_file_the_agent_wrote(fake_agent, request_for):
    agent = fake_agent(write={"@starter": GOOD_ADD}, print="Done, see solution.py\n")
    reply = CommandAgent(str(agent), answer_from="auto").solve(request_for())
    assert reply.failure is None, reply.message
    assert reply.source == "workspace"
    assert reply.text == f"```python\n{GOOD_ADD}```\n"
    assert reply.source_detail == "solution.py (changed, 2 lines)"
    assert reply.stdout_tail == "Done, see solution.py\n"
    assert "--- a/solution.py\n+++ b/solution.py\n" in reply.workspace_diff
    assert "-    raise NotImplementedError\n+    return a + b\n" in reply.workspace_diff


def test_auto_reads_stdout_when_no_source_changed(fake_agent, request_for):
    agent = fake_agent(write={"notes.txt": "thinking"},
                       print=f"```python\n{GOOD_ADD}```\n")
    reply = CommandAgent(str(agent), answer_from="auto").solve(request_for())
    assert reply.failure is None and reply.source == "stdout"
    assert "def add" in reply.text
    assert "notes.txt (created)" in reply.source_detail
    assert "answer read from stdout" in reply.source_detail
    assert "+++ b/notes.txt" in reply.workspace_diff


def test_exit_0_with_no_code_printed_and_no_file_changed_is_no_code(fake_agent, request_for):
    agent = fake_agent(print="")
    reply = CommandAgent(str(agent), answer_from="auto").solve(request_for())
    assert reply.failure == FailureKind.NO_CODE
    assert reply.message == ("the agent exited 0 but printed nothing and no file changed in "
                             "the workspace")
    agent = fake_agent(print="All done!\n")  # prints, but no code: extraction says no code
    reply = CommandAgent(str(agent), answer_from="auto").solve(request_for(1))
    assert reply.failure is None and reply.source == "stdout" and reply.text == "All done!\n"


def test_workspace_mode_ignores_code_on_stdout(fake_agent, request_for):
    agent = fake_agent(print=f"```python\n{GOOD_ADD}```\n")
    reply = CommandAgent(str(agent), answer_from="workspace").solve(request_for())
    assert reply.failure == FailureKind.NO_CODE
    assert "changed no source file in its workspace" in reply.message
    assert reply.source == "workspace"


def test_stdout_mode_keeps_todays_behaviour(fake_agent, request_for):
    agent = fake_agent(write={"@starter": GOOD_ADD})
    reply = CommandAgent(str(agent), answer_from="stdout").solve(request_for())
    assert reply.failure == FailureKind.AGENT_EMPTY
    assert reply.source == "stdout"
    assert "ignored: --agentbench-answer-from stdout" in reply.source_detail
    assert "+    return a + b" in reply.workspace_diff  # the report still shows what it did


def test_the_default_of_the_class_is_stdout_and_of_the_spec_is_auto(tmp_path):
    assert CommandAgent("agent").answer_from == "stdout"
    assert builtin_agent("cmd:agent", agent_timeout=1, base_dir=tmp_path).answer_from == "auto"
    with pytest.raises(ValueError, match="answer_from must be one of auto, stdout, workspace"):
        CommandAgent("agent", answer_from="files")
    with pytest.raises(ValueError, match="agent_home must be one of user, workspace"):
        CommandAgent("agent", agent_home="tmp")


def test_a_failing_agent_stays_failed_even_when_it_wrote_a_file(fake_agent, request_for):
    agent = fake_agent(write={"@starter": GOOD_ADD}, exit=2)
    reply = CommandAgent(str(agent), answer_from="auto").solve(request_for())
    assert reply.failure == FailureKind.AGENT_ERROR and reply.exit_code == 2
    assert "+    return a + b" in reply.workspace_diff


def test_a_timed_out_agent_still_shows_and_keeps_what_it_wrote(tmp_path, request_for):
    agent = tmp_path / "slow.py"
    agent.write_text(f"#!{sys.executable}\nimport os, time\n"
                     "open(os.environ['AGENTBENCH_STARTER_FILE'], 'w').write('half')\n"
                     "time.sleep(60)\n")
    agent.chmod(agent.stat().st_mode | stat.S_IEXEC)
    reply = CommandAgent(str(agent), timeout=2, answer_from="auto",
                         keep_workspaces=tmp_path / "kept").solve(request_for())
    assert reply.failure == FailureKind.AGENT_TIMEOUT
    assert "+half" in reply.workspace_diff
    assert (tmp_path / "kept" / "mini_easy_add.s0.a1" / "solution.py").read_text() == "half"


def test_agent_state_is_never_the_answer_nor_in_the_diff(fake_agent, request_for):
    agent = fake_agent(write={
        ".claude/settings.local.json": "{}", ".claude-mpm/logs/x.py": "print(1)\n",
        ".aider.chat.history.md": "# chat", ".aider.tags.cache.v3/cache.db": "x",
        "node_modules/pkg/index.py": "x = 1\n", "test_solution.py": "def test_add(): pass\n",
    }, print="")
    reply = CommandAgent(str(agent), answer_from="auto").solve(request_for())
    assert reply.failure == FailureKind.NO_CODE  # only state and a test file: no answer
    assert "test_solution.py (created)" in reply.message
    diff, note = reply.workspace_diff.split("Left by the agent, not part of the answer nor of "
                                            "this diff: ")
    assert ".claude" not in diff and ".aider" not in diff and "node_modules" not in diff
    assert note == (".aider.chat.history.md, .aider.tags.cache.v3/, .claude-mpm/, .claude/, "
                    "node_modules/\n")
    assert "+++ b/test_solution.py" in diff


def test_the_starter_wins_over_other_sources_and_they_are_named(fake_agent, request_for):
    agent = fake_agent(write={"helpers.py": "X = 1\n", "@starter": GOOD_ADD})
    reply = CommandAgent(str(agent), answer_from="auto").solve(request_for())
    assert reply.source == "workspace" and "def add" in reply.text
    assert "also changed, not part of the answer: helpers.py" in reply.source_detail


def test_a_new_file_that_defines_the_entry_point_is_the_answer(fake_agent, request_for):
    agent = fake_agent(write={"util.py": "HELP = 'a much longer helper file' * 3\n",
                              "my_add.py": GOOD_ADD}, delete=["solution.py"])
    reply = CommandAgent(str(agent), answer_from="auto").solve(request_for())
    assert reply.source == "workspace" and "def add" in reply.text
    assert reply.source_detail.startswith("my_add.py (created")
    assert "--- a/solution.py\n+++ /dev/null" in reply.workspace_diff


def test_code_with_fences_inside_is_fenced_longer():
    code = 'DOC = """\n```python\nx\n```\n"""\n'
    text = ws.fenced(code, "python")
    assert text.startswith("````python\n") and text.endswith("\n````\n")


def test_a_recorded_workspace_answer_replays_without_the_client(fake_agent, request_for,
                                                                tmp_path):
    from pytest_agentbench.agents import RecordingAgent, ReplayAgent

    agent = fake_agent(write={"@starter": GOOD_ADD}, print="wrote it")
    recorded = RecordingAgent(CommandAgent(str(agent), answer_from="auto"), tmp_path / "rec")
    reply = recorded.solve(request_for())
    replayed = ReplayAgent(tmp_path / "rec").solve(request_for())
    assert replayed.failure is None and replayed.text == reply.text
    assert "def add" in replayed.text


# ---------------------------------------------------------------- placeholders, task, home


def test_placeholders_environment_and_task_note(fake_agent, request_for, tmp_path):
    report = tmp_path / "report.json"
    agent = fake_agent(report=str(report), print=f"```python\n{GOOD_ADD}```")
    cmd = CommandAgent(f"{agent} {{workspace}} {{starter_file}} {{workdir}}", answer_from="auto")
    req = request_for()
    cmd.solve(req)
    seen = json.loads(report.read_text())
    assert seen["argv"] == [str(req.workdir), str(req.workdir / "solution.py"), str(req.workdir)]
    assert seen["cwd"] == str(req.workdir) and seen["files"] == ["solution.py", "task.md"]
    assert seen["env"]["AGENTBENCH_WORKSPACE"] == str(req.workdir)
    assert seen["env"]["AGENTBENCH_STARTER_FILE"] == str(req.workdir / "solution.py")
    assert seen["starter"] == "def add(a: int, b: int) -> int:\n    raise NotImplementedError\n"
    assert seen["task"].startswith("# Task\nAdd two numbers.\n\n## Workspace\n")
    assert "Write the complete solution into `solution.py`" in seen["task"]
    assert "If you cannot write files, answer with the fenced code block" in seen["task"]
    assert seen["home"] == os.environ["HOME"]  # default: the user's HOME


def test_stdin_and_prompt_carry_the_same_task_as_the_file(fake_agent, request_for, tmp_path):
    report = tmp_path / "report.json"
    agent = fake_agent(report=str(report))
    CommandAgent(f"{agent} {{prompt}}", answer_from="workspace").solve(request_for())
    seen = json.loads(report.read_text())
    assert seen["argv"] == [seen["task"]]
    assert "If you cannot write files" not in seen["task"]  # workspace only


def test_stdout_mode_task_has_no_workspace_note(fake_agent, request_for, tmp_path):
    report = tmp_path / "report.json"
    agent = fake_agent(report=str(report), print="x")
    CommandAgent(str(agent), answer_from="stdout").solve(request_for())
    assert json.loads(report.read_text())["task"] == "# Task\nAdd two numbers.\n"


def test_agent_home_workspace_keeps_the_users_home_clean(fake_agent, request_for, tmp_path,
                                                          monkeypatch):
    user_home = tmp_path / "user-home"
    user_home.mkdir()
    monkeypatch.setenv("HOME", str(user_home))
    report = tmp_path / "report.json"
    agent = fake_agent(report=str(report), write={"~/.agentrc": "token", "@starter": GOOD_ADD,
                                                  "~/.cache/agent/log.py": "x = 1\n"})
    req = request_for()
    reply = CommandAgent(str(agent), answer_from="auto", agent_home="workspace").solve(req)
    seen = json.loads(report.read_text())
    assert seen["home"] == str(req.workdir / ".home")
    assert list(user_home.iterdir()) == []
    assert (req.workdir / ".home" / ".agentrc").read_text() == "token"
    assert reply.source_detail == "solution.py (changed, 2 lines)"  # HOME is not the answer
    assert ".home" not in reply.workspace_diff

    agent = fake_agent(write={"~/.agentrc": "token", "@starter": GOOD_ADD})
    CommandAgent(str(agent), answer_from="auto").solve(request_for(1))
    assert (user_home / ".agentrc").read_text() == "token"  # the default: the user's HOME


def test_keep_workspaces_copies_each_workspace(fake_agent, request_for, tmp_path):
    agent = fake_agent(write={"@starter": GOOD_ADD, ".claude/state.json": "{}"})
    cmd = CommandAgent(str(agent), answer_from="auto", keep_workspaces=Path("kept"),
                       base_dir=tmp_path)
    first = cmd.solve(request_for())
    cmd.solve(request_for())
    kept = tmp_path / "kept"
    assert sorted(p.name for p in kept.iterdir()) == ["mini_easy_add.s0.a1",
                                                      "mini_easy_add.s0.a1-2"]
    assert (kept / "mini_easy_add.s0.a1" / "solution.py").read_text() == GOOD_ADD
    assert (kept / "mini_easy_add.s0.a1" / ".claude" / "state.json").exists()
    assert f"workspace kept at {kept / 'mini_easy_add.s0.a1'}" in first.source_detail


def test_a_repair_turn_starts_from_the_previous_answer(fake_agent, request_for, tmp_path):
    report = tmp_path / "report.json"
    agent = fake_agent(report=str(report), write={"@starter": GOOD_ADD})
    previous = "```python\ndef add(a, b):\n    return a - b\n```\n"
    req = request_for(attempt=2, history=(Turn(previous, "case 1 failed"),))
    reply = CommandAgent(str(agent), answer_from="auto").solve(req)
    seen = json.loads(report.read_text())
    assert seen["starter"] == "def add(a, b):\n    return a - b\n"
    assert "`solution.py` holds your previous answer" in seen["task"]
    assert "## Attempt 1: what happened" in seen["task"]
    assert "-    return a - b\n" in reply.workspace_diff


# ---------------------------------------------------------------- every language, end to end


@pytest.mark.parametrize("language", ["python", "go", "rust", "java", "typescript", "php",
                                      "ruby"])
def test_a_workspace_agent_passes_with_the_reference_in_every_language(
        language, fake_agent, tmp_path):
    """The starter file is where each runner's code belongs: an agent that writes the
    reference solution into it passes, the answer taken from the workspace."""
    problem = _first(language)
    runner = REG.get(language)
    if not runner.toolchain().available:
        pytest.skip(f"{language} toolchain not available: {runner.toolchain().reason}")
    agent = fake_agent(write={"@starter": problem.reference_solution})
    cmd = CommandAgent(str(agent), answer_from="workspace", timeout=60)
    result = run_problem(problem, cmd, runner, REG, BenchSettings())
    assert result.status == "passed", (result.message, result.reply.source_detail)
    assert result.reply.source == "workspace"
    assert result.solution.code.strip() == problem.reference_solution.strip()


# ---------------------------------------------------------------- through the plugin


def _tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its hash; pytester's own captures left out."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in ("stdout", "stderr"):
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


PRINTING = """\
import os, sys
CODE = {"mini_easy_add": "def add(a: int, b: int) -> int:\\n    return a + b\\n",
        "mini_medium_rev": "def reverse_words(s: str) -> str:\\n    return s\\n"}
code = CODE.get(os.environ["AGENTBENCH_TEST_ID"], "def nothing():\\n    pass\\n")
if sys.argv[1] == "stdout":
    print("Here you go:\\n```python\\n" + code + "```")
else:
    os.makedirs(".claude", exist_ok=True)
    open(".claude/settings.local.json", "w").write("{}")
    open(os.environ["AGENTBENCH_STARTER_FILE"], "w").write(code)
    print("I wrote solution.py")
"""


def _run(pytester, tmp_path, mode: str, *extra: str):
    results = tmp_path / f"results-{mode}.json"
    res = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--agentbench", "mini.json", "-rA",
        "--agentbench-agent", f"cmd:{sys.executable} {tmp_path / 'agent.py'} {mode}",
        "--agentbench-results", str(results), *extra)
    return res, json.loads(results.read_text())


def test_stdout_and_workspace_agents_score_the_same_and_the_repo_stays_clean(
        pytester, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # pytester's HOME is its directory
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    (tmp_path / "agent.py").write_text(PRINTING, encoding="utf-8")
    before = _tree(pytester.path)
    out_stdout, doc_stdout = _run(pytester, tmp_path, "stdout")
    out_ws, doc_ws = _run(pytester, tmp_path, "workspace")
    out_ws.assert_outcomes(passed=1, failed=2)
    out_stdout.assert_outcomes(passed=1, failed=2)
    assert _tree(pytester.path) == before  # no .claude/, no results, nothing

    def scores(doc):
        return {e["test_id"]: (e["status"], e["failure_kind"], e["dimensions"],
                               e["weighted_score"], e["solution"], e["cases_passed"]
                               if "cases_passed" in e else e["execution_details"]["cases_passed"])
                for e in doc["results"]}
    assert scores(doc_stdout) == scores(doc_ws)
    by_id = {e["test_id"]: e["agent_details"] for e in doc_ws["results"]}
    assert by_id["mini_easy_add"]["answer_source"] == "workspace"
    assert by_id["mini_easy_add"]["answer_source_detail"] == "solution.py (changed, 2 lines)"
    assert by_id["mini_easy_add"]["stdout_tail"] == "I wrote solution.py\n"
    assert "+    return a + b" in by_id["mini_easy_add"]["workspace_diff"]
    assert {e["agent_details"]["answer_source"] for e in doc_stdout["results"]} == {"stdout"}
    out_ws.stdout.fnmatch_lines([
        "*agentbench scores*",
        "answer taken from workspace: solution.py (changed, 2 lines)",
    ])
    out_ws.stdout.fnmatch_lines([
        "*agentbench agent*", "exit code: 0",
        "answer taken from workspace: solution.py (changed, 2 lines)",
        "output (tail):", "I wrote solution.py", "workspace diff:", "--- a/solution.py",
        "+++ b/solution.py", "*", "-    raise NotImplementedError", "+    return a + b",
    ])


def test_options_and_ini_twins(pytester, tmp_path):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    (tmp_path / "agent.py").write_text(PRINTING, encoding="utf-8")
    pytester.makeini("[pytest]\nagentbench_answer_from = stdout\n"
                     f"agentbench_keep_workspaces = {tmp_path / 'kept'}\n"
                     "agentbench_agent_home = workspace\n")
    res, doc = _run(pytester, tmp_path, "workspace", "-k", "add")
    res.assert_outcomes(failed=1)  # stdout from the ini: "I wrote solution.py" is no code
    entry = doc["results"][0]
    assert entry["failure_kind"] == "no_code_in_answer"
    assert "(ignored: --agentbench-answer-from stdout)" in \
        entry["agent_details"]["answer_source_detail"]
    kept = tmp_path / "kept" / "mini_easy_add.s0.a1"
    assert (kept / "solution.py").read_text().endswith("return a + b\n")
    assert (kept / ".home").is_dir()  # HOME was in the workspace
    res, doc = _run(pytester, tmp_path, "workspace", "-k", "add",
                    "--agentbench-answer-from", "auto")  # the command line wins
    res.assert_outcomes(passed=1)

    pytester.makeini("[pytest]\nagentbench_answer_from = files\n")
    res = pytester.runpytest_subprocess("--agentbench", "mini.json")
    res.stderr.fnmatch_lines(["*ini option agentbench_answer_from: 'files' is not one of "
                              "auto, stdout, workspace*"])
    res = pytester.runpytest_subprocess("--agentbench", "mini.json",
                                        "--agentbench-agent-home", "tmp")
    res.stderr.fnmatch_lines(["*--agentbench-agent-home: invalid choice: 'tmp'*"])


def test_report_of_an_agent_that_wrote_nothing(pytester, tmp_path):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    (tmp_path / "agent.py").write_text("import sys\n", encoding="utf-8")
    res, doc = _run(pytester, tmp_path, "x", "-k", "add")
    res.assert_outcomes(failed=1)
    res.stdout.fnmatch_lines(["*no code in answer: the agent exited 0 but printed nothing and "
                              "no file changed in the workspace*"])
    assert doc["results"][0]["failure_kind"] == "no_code_in_answer"


def test_readme_documents_the_options_and_placeholders():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in ("--agentbench-answer-from", "--agentbench-keep-workspaces",
                 "--agentbench-agent-home", "{workspace}", "{starter_file}",
                 "## Agents that edit files"):
        assert text in readme, text


def test_rust_starters_compile_where_a_todo_body_alone_would_not():
    """A struct whose fields the answer chooses keeps its type parameters used, and a
    function returning ``impl Iterator`` gets a body of that type after ``todo!()``."""
    counter = rust_stub("pub struct Counter<'a, T: Eq, const N: usize> { /* yours */ }\n")
    assert "_marker: std::marker::PhantomData<(&'a (), T)>," in counter
    assert "/* yours */" in counter
    stub = rust_stub("pub fn f(k: usize) -> impl Iterator<Item = i64>\n")
    assert "todo!();" in stub and "std::iter::empty()" in stub
    assert rust_stub("pub fn g() -> i64\n").count("todo!()") == 1


def test_a_signature_whose_parameters_span_lines_gets_its_body_after_them():
    """typescript_medium_03's starter had its body after ``(`` and the parameters dangling."""
    from pytest_agentbench.agents.workspace import layout_for

    ts = layout_for("typescript", "async function f<T>(\n  a: T,\n  b: number,\n): Promise<T>",
                    "f").starter_text
    assert ts.rstrip().endswith('): Promise<T> {\n  throw new Error("not implemented");\n}')
    php = layout_for("php", "function f(\n    int $a,\n): int", "f").starter_text
    assert "): int {\n    throw new \\LogicException('not implemented');\n}" in php
    go = layout_for("go", "func F(\n\ta int,\n) int", "F").starter_text
    assert ") int {\n\tpanic(\"not implemented\")\n}" in go


def test_java_and_rust_starters_compile_where_the_signature_leaves_bodies_empty():
    """A Java method returning a value with an empty body is "missing return statement"; a
    Rust trait impl without a body left the tests that use it uncompiled."""
    from pytest_agentbench.languages.java.layout import java_stub

    java = java_stub("class S {\n  public S() {}\n  public void f() {}\n"
                     "  public int g() {\n    // count\n  }\n}")
    assert "public S() {}" in java and "public void f() {}" in java
    assert "    // count\n    throw new UnsupportedOperationException" in java
    rust = rust_stub("pub struct C;\nimpl Default for C\nimpl Extend<u8> for C\nimpl Hash for C\n")
    assert "impl Default for C {\n    fn default() -> Self {\n        todo!()" in rust
    assert "fn extend<I: IntoIterator<Item = u8>>(&mut self, iter: I)" in rust
    assert "// TODO: impl Hash for C" in rust
