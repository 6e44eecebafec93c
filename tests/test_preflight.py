"""Preflight: a systemic mistake (a missing agent program, a misspelled placeholder, a down
endpoint, a replay directory without the recordings) is one usage error before any item,
checked once, in the controlling process, also under xdist."""

from __future__ import annotations

import json
import os
import socket
import stat
import sys

import pytest

from .helpers import MINI_SUITE
from .openai_server import FakeOpenAI, answer, error

MODES = {"no-xdist": ["-p", "no:xdist"], "n2": ["-n", "2"]}
mode_param = pytest.mark.parametrize("mode", list(MODES.values()), ids=list(MODES))
ONLY_CORRECTNESS = ["--agentbench-weights",
                    "correctness=1,idiomaticity=0,performance=0,best_practices=0"]
ADD = "```python\ndef add(a, b):\n    return a + b\n```"


@pytest.fixture
def suite_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    return "mini.json"


def run(pytester, *args):
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--agentbench",
                                           "mini.json", *args)
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    return result


def usage_error(result, detail: str) -> None:
    """Exit status 4, one line that names the option, and no item run."""
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()[-2000:]
    result.stderr.fnmatch_lines(["ERROR: agentbench preflight failed, nothing was asked: "
                                 + detail])
    result.stdout.fnmatch_lines(["*no tests ran*"])


def free_port() -> int:
    """A loopback port with nothing listening (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- cmd: the program and the placeholders
@mode_param
def test_a_misspelled_program_is_one_usage_error_with_the_nearest_name(pytester, suite_file,
                                                                       mode, monkeypatch):
    bin_dir = pytester.mkdir("bin")
    real = bin_dir / "my-agent"
    real.write_text("#!/bin/sh\necho never >> \"$CALLS\"\n")
    real.chmod(real.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = run(pytester, *mode, "--agentbench-agent", "cmd:my-agnet --input {task_file}")
    usage_error(result, "--agentbench-agent cmd:my-agnet --input {task_file}: the program "
                        "'my-agnet' is not found on PATH (did you mean my-agent?)*")


def test_a_relative_program_is_taken_from_the_start_directory(pytester, suite_file):
    (pytester.path / "agent.sh").write_text("#!/bin/sh\n")  # there, but not executable
    result = run(pytester, "-p", "no:xdist", "--agentbench-agent", "cmd:./agent.sh {task_file}")
    usage_error(result, f"*the program {pytester.path / 'agent.sh'} is not an executable file "
                        f"(a relative program path is taken from {pytester.path}, where pytest "
                        "was started); chmod +x it*")
    result = run(pytester, "-p", "no:xdist", "--agentbench-agent", "cmd:./nope.sh")
    usage_error(result, f"*the program {pytester.path / 'nope.sh'} does not exist*")


def test_a_misspelled_placeholder_is_a_usage_error_naming_the_placeholders(pytester,
                                                                           suite_file):
    agent = pytester.makepyfile(agent="print('never')")
    result = run(pytester, "-p", "no:xdist", "--agentbench-agent",
                 f"cmd:{sys.executable} {agent} {{taskfile}}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([
        "*--agentbench-agent 'cmd:*': unknown placeholder {taskfile} (did you mean "
        "{task_file}?); the placeholders are {task_file}, {prompt}, {language}, {test_id}, "
        "{workdir}, {workspace}, {starter_file}*"])


def test_collect_only_asks_nothing_and_checks_nothing(pytester, suite_file):
    result = run(pytester, "-p", "no:xdist", "--collect-only", "-q",
                 "--agentbench-agent", "cmd:no-such-agent-anywhere {task_file}")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["mini.json::mini_easy_add", "*3 tests collected*"])


# -- openai: the endpoint answers
@mode_param
def test_a_down_endpoint_is_one_usage_error_naming_the_options(pytester, suite_file, mode):
    url = f"http://127.0.0.1:{free_port()}/v1"
    result = run(pytester, *mode, "--agentbench-agent", "openai:local-model",
                 "--agentbench-base-url", url)
    usage_error(result, "--agentbench-base-url (for --agentbench-agent openai:local-model): "
                        f"cannot reach the endpoint {url}/models (*); start the server, or "
                        "point --agentbench-base-url (or $OPENAI_BASE_URL) at one that runs*")


@mode_param
def test_the_endpoint_is_asked_once_by_the_controller(pytester, suite_file, mode):
    with FakeOpenAI([answer(ADD)]) as srv:
        result = run(pytester, *mode, "-k", "add", *ONLY_CORRECTNESS,
                     "--agentbench-agent", "openai:m", "--agentbench-base-url", srv.url)
    result.assert_outcomes(passed=1)
    assert srv.listings == ["/v1/models"]  # not once per worker
    assert len(srv.requests) == 1


def test_a_rejected_key_is_a_usage_error_naming_the_key_option(pytester, suite_file,
                                                               monkeypatch):
    monkeypatch.delenv("AGENTBENCH_NO_SUCH_KEY", raising=False)
    with FakeOpenAI([answer(ADD)], listing=error(401, "invalid api key")) as srv:
        result = run(pytester, "-p", "no:xdist", "--agentbench-agent", "openai:m",
                     "--agentbench-base-url", srv.url,
                     "--agentbench-api-key-env", "AGENTBENCH_NO_SUCH_KEY")
    usage_error(result, "--agentbench-api-key-env (for --agentbench-agent openai:m): "
                        "*/v1/models answered HTTP 401 (invalid api key): "
                        "$AGENTBENCH_NO_SUCH_KEY is not set*")
    assert srv.requests == []


# -- replay: a recording for every selected item
@mode_param
def test_replay_without_recordings_for_the_selection_names_the_items(pytester, suite_file,
                                                                     mode):
    record = run(pytester, "-p", "no:xdist", "-k", "easy", *ONLY_CORRECTNESS,
                 "--agentbench-record", "rec")
    record.assert_outcomes(passed=1)
    missing = run(pytester, *mode, *ONLY_CORRECTNESS, "--agentbench-agent", "replay:rec")
    usage_error(missing, "--agentbench-agent replay:*rec: *rec holds no recording for 2 of "
                         "the 3 selected item(s): mini.json::mini_medium_rev, "
                         "mini.json::mini_hard_stack. Record them with --agentbench-record *rec,"
                         " or deselect them (-k, -m)*")
    selected = run(pytester, *mode, "-k", "easy", *ONLY_CORRECTNESS,
                   "--agentbench-agent", "replay:rec")
    selected.assert_outcomes(passed=1)


# -- a plugin agent's own preflight
PLUGIN_AGENT = '''
import os
from pytest_agentbench.agents import Agent, PreflightError
from pytest_agentbench.models import AgentReply


class Remote(Agent):
    spec = "remote"

    def preflight(self):
        with open(os.environ["PREFLIGHT_LOG"], "a") as fh:
            fh.write("checked\\n")
        if os.environ.get("REMOTE_DOWN"):
            raise PreflightError("the remote service says: down for maintenance")

    def solve(self, request):
        return AgentReply("```python\\ndef add(a, b):\\n    return a + b\\n```", 0.0)


def pytest_agentbench_make_agent(spec, config):
    return Remote() if spec == "remote" else None
'''


@mode_param
def test_a_plugin_agent_preflight_runs_once_and_can_stop_the_run(pytester, suite_file, mode,
                                                                 monkeypatch):
    pytester.makeconftest(PLUGIN_AGENT)
    log = pytester.path / "preflight.log"
    monkeypatch.setenv("PREFLIGHT_LOG", str(log))
    ok = run(pytester, *mode, "-k", "easy", *ONLY_CORRECTNESS, "--agentbench-agent", "remote")
    ok.assert_outcomes(passed=1)
    assert log.read_text().splitlines() == ["checked"]
    monkeypatch.setenv("REMOTE_DOWN", "1")
    down = run(pytester, *mode, "--agentbench-agent", "remote")
    usage_error(down, "--agentbench-agent remote: the remote service says: down for "
                      "maintenance*")
