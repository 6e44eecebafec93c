"""Agents: the reference agent and ``cmd:`` with its placeholders and failure modes."""

from __future__ import annotations

import os
import stat
import sys
import textwrap
from pathlib import Path

import pytest

from pytest_agentbench.agents import AgentUnavailable, CommandAgent, ReferenceAgent, builtin_agent
from pytest_agentbench.models import AgentRequest


def script(path: Path, body: str) -> Path:
    path.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.fixture
def request_for(tmp_path, mini_suite):
    def make(index: int = 0) -> AgentRequest:
        work = tmp_path / f"work{index}"
        return AgentRequest(mini_suite.problems[index], "# Task\nAdd two numbers.\n", work)
    return make


def test_reference_agent_answers_with_a_fenced_reference(request_for):
    reply = ReferenceAgent().solve(request_for())
    assert reply.failure is None
    assert reply.text.startswith("```python\ndef add")


def test_reference_agent_without_reference_is_unavailable(request_for):
    req = request_for()
    problem = req.problem.__class__(**{**req.problem.__dict__, "reference_solution": None})
    with pytest.raises(AgentUnavailable, match="no reference solution"):
        ReferenceAgent().solve(AgentRequest(problem, req.prompt, req.workdir))


def test_placeholders_fill_whole_words(tmp_path, request_for):
    agent = script(tmp_path / "agent.py", """
        import json, sys
        print(json.dumps(sys.argv[1:]))
    """)
    cmd = CommandAgent(f"{agent} --task {{task_file}} --lang={{language}} {{test_id}} "
                       f"'{{prompt}}'")
    reply = cmd.solve(request_for())
    import json
    argv = json.loads(reply.text)
    assert argv[0] == "--task" and argv[1].endswith("task.md")
    assert argv[2] == "--lang=python" and argv[3] == "mini_easy_add"
    assert argv[4] == "# Task\nAdd two numbers.\n"
    assert Path(argv[1]).read_text() == "# Task\nAdd two numbers.\n"


def test_prompt_goes_to_stdin_without_placeholders(tmp_path, request_for):
    agent = script(tmp_path / "agent.py", """
        import sys
        print(sys.stdin.read().upper())
    """)
    reply = CommandAgent(str(agent)).solve(request_for())
    assert "ADD TWO NUMBERS" in reply.text


def test_seed_command_line_works_unchanged(tmp_path, request_for, monkeypatch):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script(bindir / "claude-mpm", """
        import sys
        args = sys.argv[1:]
        assert args[:2] == ["run", "--non-interactive"], args
        assert args[4:] == ["--no-hooks", "--launch-method", "subprocess"], args
        task = open(args[args.index("--input") + 1]).read()
        assert "Add two numbers" in task
        print("Sure!\\n```python\\ndef add(a, b):\\n    return a + b\\n```")
    """)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    agent = builtin_agent("cmd:claude-mpm run --non-interactive --input {task_file} --no-hooks "
                          "--launch-method subprocess", agent_timeout=30, base_dir=tmp_path)
    reply = agent.solve(request_for())
    assert reply.failure is None, reply.message
    assert "def add" in reply.text


def test_timeout_kills_the_agent_group(tmp_path, request_for):
    agent = script(tmp_path / "agent.py", """
        import subprocess, time
        subprocess.Popen(["sleep", "60"])
        time.sleep(60)
    """)
    reply = CommandAgent(str(agent), timeout=1).solve(request_for())
    assert reply.failure.value == "agent_timeout"
    assert "within 1 s" in reply.message


def test_non_zero_exit(tmp_path, request_for):
    agent = script(tmp_path / "agent.py", """
        import sys
        print("rate limited", file=sys.stderr)
        sys.exit(3)
    """)
    reply = CommandAgent(str(agent)).solve(request_for())
    assert reply.failure.value == "agent_error" and reply.exit_code == 3
    assert "exited with status 3: rate limited" in reply.message


def test_empty_output(tmp_path, request_for):
    agent = script(tmp_path / "agent.py", "print('   ')\n")
    reply = CommandAgent(str(agent)).solve(request_for())
    assert reply.failure.value == "agent_empty_output"


def test_missing_program(request_for):
    reply = CommandAgent("/no/such/agent {task_file}").solve(request_for())
    assert reply.failure.value == "agent_unavailable" and "could not start" in reply.message


def test_relative_program_resolves_against_base_dir(tmp_path, request_for):
    script(tmp_path / "my_agent.py", "print('```python\\ndef add(a, b): return a + b\\n```')\n")
    reply = CommandAgent("./my_agent.py", base_dir=tmp_path).solve(request_for())
    assert reply.failure is None, reply.message


def test_agent_gets_the_environment_and_agentbench_variables(tmp_path, request_for, monkeypatch):
    monkeypatch.setenv("MY_API_KEY", "k-123")
    agent = script(tmp_path / "agent.py", """
        import os
        print(os.environ["MY_API_KEY"], os.environ["AGENTBENCH_TEST_ID"])
    """)
    reply = CommandAgent(str(agent)).solve(request_for())
    assert reply.text.split() == ["k-123", "mini_easy_add"]


@pytest.mark.parametrize("spec", ["cmd:", "cmd:  ", "cmd:'unclosed"])
def test_bad_command_is_a_value_error(spec):
    with pytest.raises(ValueError, match="cmd:"):
        builtin_agent(spec, agent_timeout=1, base_dir=Path("."))


def test_unknown_spec_is_not_builtin():
    assert builtin_agent("gpt-9", agent_timeout=1, base_dir=Path(".")) is None


def test_output_flood_is_killed_and_named(tmp_path, request_for, monkeypatch):
    import pytest_agentbench.agents.cmd as cmd_module

    monkeypatch.setattr(cmd_module, "FLOOD_BYTES", 2 * 1024 * 1024)
    agent = script(tmp_path / "agent.py", """
        import sys
        while True:
            sys.stdout.write("x" * 65536)
    """)
    reply = CommandAgent(str(agent), timeout=30).solve(request_for())
    assert reply.failure.value == "agent_error"
    assert "flooded its output past 2 MiB" in reply.message


def test_agent_that_dies_is_named(tmp_path, request_for):
    agent = script(tmp_path / "agent.py", """
        import os, signal
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    reply = CommandAgent(str(agent)).solve(request_for())
    assert reply.failure.value == "agent_error" and "killed by SIGKILL" in reply.message
