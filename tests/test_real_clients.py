"""Real agent clients, installed from the package registries, each against a loopback server
that speaks its API: Aider (PyPI ``aider-chat``) against an OpenAI-compatible server, Claude
Code (npm ``@anthropic-ai/claude-code``) in print mode against an Anthropic Messages API server
that answers with tool calls (read the starter file, write the solution) and a final text.

Each run benchmarks two Python items through the plugin with the command line the README
gives (read from it: only the program's path and the model change), and checks that both pass
with the answer taken from the workspace, that the user's working directory is unchanged, and
where the client's HOME state went. The clients are
installed on first use (``tests/agent_clients.py``; ``.ci/run`` installs them first); where one
cannot be installed its test skips with the reason. Each client call costs seconds.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from . import agent_clients
from .anthropic_server import FakeAnthropic, text, tool_results, tool_use, user_text
from .helpers import MINI_SUITE
from .openai_server import FakeOpenAI, answer

SOLUTIONS = {
    "mini_easy_add": "def add(a: int, b: int) -> int:\n    return a + b\n",
    "mini_medium_rev": ("def reverse_words(s: str) -> str:\n"
                        "    return ' '.join(reversed(s.split()))\n"),
}
CLIENT_ENV = ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDECODE",
              "CLAUDE_CONFIG_DIR", "CLAUDE_CODE_ENTRYPOINT", "OPENAI_API_KEY", "OPENAI_API_BASE",
              "OPENAI_BASE_URL", "AIDER_MODEL")


def _client(get) -> Path:
    try:
        return get()
    except agent_clients.Unavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def aider_bin() -> Path:
    return _client(agent_clients.aider)


@pytest.fixture(scope="module")
def claude_bin() -> Path:
    return _client(agent_clients.claude_code)


@pytest.fixture
def bench(pytester, tmp_path, monkeypatch):
    """A clean 'repository' with the suite, the user's HOME elsewhere, no client settings
    from the outside; returns a function that runs the benchmark and reads its results."""
    for var in CLIENT_ENV:
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "user-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    # the plugin's own caches (analysis findings, compiled support code) go elsewhere, so that
    # what is in HOME afterwards is the agent's doing
    monkeypatch.setenv("AGENTBENCH_CACHE_DIR", str(tmp_path / "agentbench-cache"))
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    results = tmp_path / "results.json"

    def run(agent: str, *extra: str):
        res = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", "--agentbench", "mini.json", "-k", "add or rev", "-rA",
            "--agentbench-agent", agent, "--agentbench-agent-timeout", "180",
            "--agentbench-results", str(results), *extra)
        return res, json.loads(results.read_text())
    return run


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in ("stdout", "stderr")}  # pytester's captures


def readme_recipe(program: str) -> str:
    """The ``cmd:`` spec of the README's recipe whose program is ``program``, so the tests run
    exactly what the README tells users to run."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Agents that edit files", 1)[1].split("\n## ", 1)[0]
    match = re.search(r'"cmd:(' + re.escape(program) + r' [^"]+)"', section)
    assert match, f"no recipe for {program} in the README"
    return match.group(1)


def _test_id(body_text: str) -> str:
    match = re.search(r"\*\*Test id:\*\* (\S+)", body_text)
    assert match, body_text[:500]
    return match.group(1)


def _check(res, doc, pytester, before) -> None:
    res.stdout.no_fnmatch_line("*INTERNALERROR*")
    res.assert_outcomes(passed=2)
    assert _tree(pytester.path) == before, "the user's working directory changed"
    for entry in doc["results"]:
        details = entry["agent_details"]
        assert details["answer_source"] == "workspace", details
        assert details["answer_source_detail"].startswith("solution.py (changed"), details
        assert entry["solution"] == SOLUTIONS[entry["test_id"]]
        diff = details["workspace_diff"].split("Left by the agent")[0]
        assert "+++ b/solution.py" in diff
        assert ".aider" not in diff and ".claude" not in diff


def test_aider_edits_the_starter_file(aider_bin, bench, pytester, tmp_path, monkeypatch):
    """Aider, unattended, whole-file edits of ``{starter_file}``, its HOME in the workspace."""

    def script(body):
        test_id = _test_id("\n".join(str(m.get("content")) for m in body["messages"]))
        return answer(f"Here is the complete file:\n\n```python\n{SOLUTIONS[test_id]}```\n")

    metadata = tmp_path / "aider-models.json"
    metadata.write_text(json.dumps({"openai/agentbench-test": {
        "max_input_tokens": 32000, "max_output_tokens": 4096, "max_tokens": 4096,
        "input_cost_per_token": 0, "output_cost_per_token": 0,
        "litellm_provider": "openai", "mode": "chat"}}))
    before = _tree(pytester.path)
    with FakeOpenAI(script) as server:
        monkeypatch.setenv("OPENAI_API_BASE", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-agentbench-test")
        monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        recipe = readme_recipe("$HOME/.venvs/aider/bin/aider")
        res, doc = bench(
            "cmd:" + recipe.replace("$HOME/.venvs/aider/bin/aider", str(aider_bin))
            .replace("openai/MODEL", f"openai/agentbench-test --model-metadata-file {metadata}"),
            "--agentbench-agent-home", "workspace")
    _check(res, doc, pytester, before)
    assert len(server.requests) == 2  # one model call per item
    task = server.requests[0]["body"]["messages"]
    assert any("Write the complete solution into `solution.py`" in str(m["content"])
               for m in task)
    assert server.requests[0]["body"]["stream"] is True  # Aider streams by default
    assert list((tmp_path / "user-home").iterdir()) == []  # its HOME was in the workspace
    for entry in doc["results"]:
        assert "Applied edit to" in entry["agent_details"]["stdout_tail"]
        assert entry["agent_details"]["workspace_diff"].endswith(
            "Left by the agent, not part of the answer nor of this diff: "
            ".aider.chat.history.md\n")
        print(f"aider: {entry['test_id']} agent {entry['agent_time']:.1f} s")


def test_claude_code_writes_the_solution_with_its_tools(claude_bin, bench, pytester, tmp_path,
                                                         monkeypatch):
    """Claude Code in print mode: the model reads the starter, writes the solution with the
    Write tool, then says it is done; the answer comes from the file, not from that text."""
    seen: list[dict] = []

    def script(body):
        if not body.get("tools"):  # a side request (titles, topics): plain text
            return [text("ok")]
        seen.append(body)
        task = user_text(body)
        path = re.search(r"(/\S+/solution\.py)", task).group(1)
        done = tool_results(body)
        if not done:
            return [text("Reading the starter file."), tool_use("Read", file_path=path)]
        if len(done) == 1:
            return [tool_use("Write", file_path=path,
                             content=SOLUTIONS[_test_id(Path(path).with_name("task.md")
                                                        .read_text())])]
        return [text(f"Done: the solution is in {path}.")]

    before = _tree(pytester.path)
    with FakeAnthropic(script) as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", "agentbench-test")
        monkeypatch.setenv("DISABLE_AUTOUPDATER", "1")
        monkeypatch.setenv("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
        monkeypatch.setenv("IS_SANDBOX", "1")  # root may skip permissions only in a sandbox
        recipe = readme_recipe("claude")
        res, doc = bench("cmd:" + str(claude_bin) + recipe[len("claude"):])
    _check(res, doc, pytester, before)
    finals = [b for b in seen if len(tool_results(b)) == 2]
    assert len(finals) == 2  # each item: read, write, done
    for body in finals:
        write = tool_results(body)[1]
        assert not write.get("is_error"), write  # the Write tool succeeded
    for entry in doc["results"]:
        assert "Done: the solution is in" in entry["agent_details"]["stdout_tail"]
        print(f"claude code: {entry['test_id']} agent {entry['agent_time']:.1f} s")
    # the default HOME is the user's: Claude Code keeps its settings and sessions there
    assert (tmp_path / "user-home" / ".claude").is_dir()
