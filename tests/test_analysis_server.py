"""The long-lived analysis process (``analysis/server.py``) with a stand-in tool: requests and
replies, time limits, deaths and restarts, the fallback to one process per file and why, one
server per thread, its sandbox. The real tools' servers are in test_analysis_server_findings."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_agentbench import isolation, sandbox_user
from pytest_agentbench.analysis import Analyser, AnalyserError, RawFinding, server
from pytest_agentbench.analysis.lizard_tool import lizard_server
from pytest_agentbench.languages.java.analysers import Checkstyle, JavacLint
from pytest_agentbench.languages.java.analysis_server import java_server
from pytest_agentbench.languages.python.analysers import pylint_server
from pytest_agentbench.languages.ruby.analysers import RuboCop, rubocop_server

#: a stand-in tool server: its command line says what to do; it answers with what it saw
FAKE = r'''
import json, os, socket, sys, time
from pathlib import Path

if "--not-ready" in sys.argv:
    print(json.dumps({"ready": False, "error": "no tool here"}), flush=True)
    sys.exit(0)
print(json.dumps({"ready": True}), flush=True)
token = os.urandom(8).hex()  # this process's
for line in sys.stdin:
    request = json.loads(line)
    command, reply = request["args"], {"id": request["id"], "status": 0, "stderr": ""}
    if command[0] == "sleep":
        time.sleep(float(command[1]))
    elif command[0] == "die":
        os._exit(9)
    elif command[0] == "refuse":
        reply = {"id": request["id"], "error": "not this file"}
    elif command[0] == "out-of-turn":
        reply["id"] += 100
    job = Path("jobs", str(request["id"]))
    job.mkdir(parents=True)
    for name, text in request["files"].items():
        (job / name).write_text(text)
    seen = {"token": token, "uid": os.getuid(), "files": sorted(os.listdir(job)),
            "args": command, "canary": None, "network": None}
    if command[0] == "probe":
        try:
            seen["canary"] = Path(command[1]).read_text()
        except OSError:
            pass
        try:
            socket.create_connection(("127.0.0.1", int(command[2])), timeout=2).close()
            seen["network"] = "reached"
        except OSError:
            pass
    reply.setdefault("stdout", json.dumps(seen))
    print(json.dumps(reply), flush=True)
'''


class Tool(Analyser):
    """A tool whose process (the fallback) prints ``one process``."""

    name = "tool"

    def availability(self) -> tuple[str | None, str]:
        return "tool 1", ""

    def run(self, work: Path, file_name: str, options: dict[str, Any]) -> list[RawFinding]:
        return []


@pytest.fixture
def fresh(monkeypatch):
    """No server or verdict of another test; the servers made here closed after it."""
    monkeypatch.delenv("AGENTBENCH_ANALYSIS_SERVER", raising=False)
    monkeypatch.setattr(server, "_SERVERS", {})
    monkeypatch.setattr(server, "_UNAVAILABLE", {})
    yield
    server.close_all()


@pytest.fixture
def fake(tmp_path_factory):
    """A spec for the stand-in server (its script in a directory the sandbox may read)."""
    directory = tmp_path_factory.mktemp("fake-server")
    (directory / "fake_server.py").write_text(FAKE)
    directory.chmod(0o755)

    def spec(*flags: str) -> server.ServerSpec:
        return server.ServerSpec("fake", (sys.executable, str(directory / "fake_server.py"),
                                          *flags), readable=(directory,))

    return spec


@pytest.fixture
def work(tmp_path):
    (tmp_path / "solution.py").write_text("x = 1\n")
    return tmp_path


ONE_PROCESS = [sys.executable, "-c", "print('one process')"]


def ask(spec: server.ServerSpec, work: Path, *args: str, timeout: float = 60.0,
        argv: list[str] = ONE_PROCESS):
    return server.execute(Tool(), spec.name, lambda: spec, argv, list(args), work,
                          ["solution.py"], timeout=timeout)


def served(result) -> dict[str, Any]:
    return json.loads(result.stdout)


def test_a_request_is_answered_from_a_fresh_directory_of_the_server(fresh, fake, work):
    first = ask(fake(), work, "check", "--flag")
    second = ask(fake(), work, "check")
    assert served(first)["args"] == ["check", "--flag"]
    assert served(first)["files"] == served(second)["files"] == ["solution.py"]
    assert served(first)["token"] == served(second)["token"]  # one process for both
    instance = server.server_for(fake())
    assert (instance.starts, instance.answered) == (1, 2)


def test_turned_off_every_file_is_one_process(fresh, fake, work, monkeypatch):
    monkeypatch.setenv("AGENTBENCH_ANALYSIS_SERVER", "0")
    assert ask(fake(), work, "check").stdout.strip() == "one process"
    assert server._SERVERS == {}


def test_a_request_over_its_time_limit_kills_the_server_and_the_next_starts_another(
        fresh, fake, work):
    with pytest.raises(AnalyserError, match=r"tool did not finish within 2 s"):
        ask(fake(), work, "sleep", "60", timeout=2.0)
    assert served(ask(fake(), work, "check"))["files"] == ["solution.py"]
    assert server.server_for(fake()).starts == 2


def test_a_file_the_server_does_not_survive_runs_as_one_process(fresh, fake, work):
    before = served(ask(fake(), work, "check"))["token"]
    assert ask(fake(), work, "die").stdout.strip() == "one process"
    assert served(ask(fake(), work, "check"))["token"] != before
    assert server.server_for(fake()).starts == 2
    assert server.unavailable() == {}


def test_a_file_the_server_refuses_runs_as_one_process_and_the_server_goes_on(
        fresh, fake, work):
    before = served(ask(fake(), work, "check"))["token"]
    assert ask(fake(), work, "refuse").stdout.strip() == "one process"
    assert served(ask(fake(), work, "check"))["token"] == before


def test_a_reply_out_of_turn_is_not_believed(fresh, fake, work):
    assert ask(fake(), work, "out-of-turn").stdout.strip() == "one process"
    assert served(ask(fake(), work, "check"))["files"] == ["solution.py"]
    assert server.server_for(fake()).starts == 2


def test_a_server_that_cannot_start_leaves_one_process_per_file_and_says_why_once(
        fresh, fake, work):
    spec = fake("--not-ready")
    with pytest.warns(RuntimeWarning, match="long-lived fake process is not used.*no tool here"):
        assert ask(spec, work, "check").stdout.strip() == "one process"
    assert ask(spec, work, "check").stdout.strip() == "one process"  # no second attempt
    assert server.server_for(spec).starts == 1
    assert server.unavailable() == {"fake": "no tool here"}
    with pytest.raises(AnalyserError, match=r"could not start.*its long-lived process did not "
                                            r"start: no tool here"):
        ask(spec, work, "check", argv=["agentbench-no-such-program"])


def test_a_spec_that_cannot_be_made_is_said_too(fresh, work):
    def spec() -> server.ServerSpec:
        raise server.Unavailable("no jars")

    with pytest.warns(RuntimeWarning, match="no jars"):
        result = server.execute(Tool(), "nojars", spec, ONE_PROCESS, ["check"], work,
                                ["solution.py"], timeout=60.0)
    assert result.stdout.strip() == "one process"


def test_each_thread_has_its_own_server(fresh, fake):
    mine = server.server_for(fake())
    theirs: list[server.AnalysisServer] = []
    thread = threading.Thread(target=lambda: theirs.append(server.server_for(fake())))
    thread.start()
    thread.join()
    assert server.server_for(fake()) is mine and theirs[0] is not mine


def test_closing_ends_the_server(fresh, fake, work):
    ask(fake(), work, "check")
    process = server.server_for(fake())._proc
    assert process is not None and process.poll() is None
    server.close_all()
    assert process.poll() is not None


@pytest.mark.skipif(isolation.detect().level != "full", reason="needs the full sandbox")
def test_the_server_runs_in_the_sandbox_of_a_tool(fresh, fake, work, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "canary"
    secret.write_text("must stay invisible")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        seen = served(ask(fake(), work, "probe", str(secret), str(listener.getsockname()[1])))
    assert seen["canary"] is None and seen["network"] is None
    if sandbox_user.switches_user():
        assert seen["uid"] == sandbox_user.SANDBOX_UID


def _real(name: str) -> tuple[Callable[[], server.ServerSpec], list[str], str, str]:
    """A real server's spec, a command line for it (the file last), a file and its code."""
    if name == "pylint":
        pytest.importorskip("pylint")
        return (pylint_server, ["--disable=all", "--enable=unused-import", "--rcfile=/dev/null",
                                "--persistent=n"], "solution.py", "import os\n")
    if name == "lizard":
        pytest.importorskip("lizard")
        return (lizard_server, ["--csv"], "solution.py", "def f(x):\n    return x\n")
    if name == "rubocop":
        if RuboCop().availability()[0] is None:
            pytest.skip("rubocop is not installed")
        return (rubocop_server, ["--cache", "false", "--format", "emacs"], "solution.rb",
                "x = 1\n")
    if JavacLint().availability()[0] is None or Checkstyle().availability()[0] is None:
        pytest.skip("javac or checkstyle is not installed")
    return java_server, ["javac", "-Xlint:all", "-d", "classes"], "Main.java", "class Main {}\n"


@pytest.mark.parametrize("name", ["pylint", "lizard", "rubocop", "javac-checkstyle"])
def test_a_file_name_cannot_reach_outside_the_request_directory(fresh, name):
    """Each real server refuses names that are not plain, writes nothing outside its jobs
    directory, and leaves nothing behind in it."""
    spec, args, file_name, code = _real(name)
    instance = server.server_for(spec())
    escape = f"../{file_name}"
    assert instance.ask([*args, escape], {escape: code}, 300) is None
    result = instance.ask([*args, file_name], {file_name: code}, 300)
    assert result is not None and result.returncode is not None and result.returncode < 32
    home = instance.home
    assert home is not None and os.listdir(home / "jobs") == []
    assert not (home / file_name).exists() and not (home.parent / file_name).exists()
