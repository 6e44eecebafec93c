"""A corpus of hostile solutions per language: each fails only its own item, with the right
failure kind, leaves no process and no file behind, never sees the parent's secrets, the
network or a Unix socket outside the sandbox, cannot forge its own pass, and the honest items
before and after it in the same run pass.

CI runs this file twice: as root and as an unprivileged user (see ``.ci/run``)."""

from __future__ import annotations

import importlib
import json
import os
import random
import socket
import threading
from pathlib import Path

import pytest

from pytest_agentbench import isolation
from pytest_agentbench.languages import default_registry

CORPORA = sorted(p.stem for p in (Path(__file__).parent / "hostile").glob("*.py")
                 if p.stem != "__init__")

pytestmark = pytest.mark.skipif(
    isolation.detect().level != "full",
    reason=f"the hostile corpus needs full isolation; here: {isolation.detect().describe()}",
)

AGENT = '''
import json
from pytest_agentbench.agents import Agent
from pytest_agentbench.models import AgentReply

ANSWERS = json.load(open({answers!r}))

class Hostile(Agent):
    spec = "hostile"
    def solve(self, request):
        return AgentReply(text="```{fence}\\n" + ANSWERS[request.problem.id] + "\\n```",
                          seconds=0.0)

def pytest_agentbench_make_agent(spec, config):
    return Hostile() if spec == "hostile" else None
'''


class Listener:
    """A server on the host (TCP on loopback, or a Unix socket file) that records every
    connection it gets."""

    def __init__(self, unix_path: Path | None = None) -> None:
        if unix_path is None:
            self.sock = socket.socket()
            self.sock.bind(("127.0.0.1", 0))
            self.port = self.sock.getsockname()[1]
        else:
            self.sock = socket.socket(socket.AF_UNIX)
            self.sock.bind(str(unix_path))
            os.chmod(unix_path, 0o777)  # anyone on the host may connect: the sandbox must not
            self.port = 0
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.sock.close()


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":
            found.append(int(entry))
    return found


@pytest.mark.parametrize("language", CORPORA)
def test_hostile_corpus_is_contained(pytester, monkeypatch, language):
    corpus = importlib.import_module(f"tests.hostile.{language}")
    runner = default_registry().get(corpus.LANGUAGE)
    if not runner.toolchain().available:
        pytest.skip(f"{language} toolchain not installed")
    marker = f"{1000 + random.random():.9f}"
    home = Path(os.environ.get("HOME", "/root"))
    secret_name, secret = "AGENTBENCH_TEST_SECRET", f"s3cr3t-{marker}"
    monkeypatch.setenv(secret_name, secret)
    listener = Listener()
    unix_path = _unix_socket_path(marker)
    unix_listener = Listener(unix_path)
    fill = {"marker": marker, "home": str(home), "repo": str(pytester.path),
            "port": str(listener.port), "secret_name": secret_name,
            "unix_socket": str(unix_path)}
    answers = {"honest_add": corpus.HONEST}
    problems = []
    for name, (code, _) in corpus.ATTACKS.items():
        for key, value in fill.items():
            code = code.replace("{" + key + "}", value)
        answers[f"hostile_{name}"] = code
    answers["zz_honest_add_after"] = corpus.HONEST  # the corpus spoils nothing that follows
    for test_id in answers:
        problems.append({
            "id": test_id, "difficulty": "easy", "description": "Add two numbers.",
            "signature": corpus.SIGNATURE,
            "test_cases": [{"args": [1, 2], "expected": 3}, {"args": [2, 2], "expected": 4}],
        })
    pytester.makefile(".json", hostile=json.dumps({"language": corpus.LANGUAGE,
                                                   "tests": problems}))
    (pytester.path / "answers.json").write_text(json.dumps(answers))
    pytester.makeconftest(AGENT.format(answers=str(pytester.path / "answers.json"),
                                       fence=corpus.LANGUAGE))
    assert _processes_with(marker) == []
    try:
        result = pytester.runpytest_subprocess(
            "--agentbench", "hostile.json", "--agentbench-agent", "hostile",
            "--agentbench-exec-timeout", "10", "-p", "no:xdist", "-p", "no:cacheprovider")
    finally:
        listener.close()
        unix_listener.close()
        unix_path.unlink(missing_ok=True)
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    doc = json.loads((pytester.path / "results" / "agentbench.json").read_text())
    kinds = {e["test_id"]: e["failure_kind"] or e["status"] for e in doc["results"]}
    assert kinds.pop("honest_add") == "passed"
    assert kinds.pop("zz_honest_add_after") == "passed"
    for name, (_, allowed) in corpus.ATTACKS.items():
        assert kinds[f"hostile_{name}"] in allowed, (name, kinds[f"hostile_{name}"])
    assert _processes_with(marker) == [], "a hostile process outlived its item"
    for place in (home, pytester.path, Path("/tmp")):
        assert not list(place.glob(f"agentbench-pwned-{marker}")), place
    assert listener.connections == 0
    assert unix_listener.connections == 0
    everything = result.stdout.str() + result.stderr.str() + json.dumps(doc)
    assert secret not in everything
    for entry in doc["results"]:  # what a forger wrote is no pass
        if entry["test_id"].startswith("hostile_forge"):
            assert entry["status"] != "passed", entry["test_id"]


def _unix_socket_path(marker: str) -> Path:
    """A Unix socket outside /tmp, as /var/tmp/x.sock, docker.sock and /run/user buses are."""
    for directory in (Path("/var/tmp"), Path.home()):
        if os.access(directory, os.W_OK):
            return directory / f"agentbench-{marker}.sock"
    raise RuntimeError("no writable directory outside /tmp for the Unix socket")
