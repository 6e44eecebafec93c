"""What a ``cmd:`` agent leaves is untrusted: a starter file turned into a link to a secret, to
``/dev/zero`` or to a FIFO, a linked directory, a 200 MB answer; and an agent must not outlive
a pytest process killed with SIGKILL. Unit tests of the safe reader on plain files, then the
plugin end to end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytest_agentbench import safe_read
from pytest_agentbench.agents import workspace as ws
from pytest_agentbench.agents.base import MAX_ANSWER, TAIL, cap_answer, size_text
from pytest_agentbench.models import AgentReply, FailureKind

from .helpers import MINI_SUITE

SECRET = "TOPSECRET-6b1d0c"
GOOD_ADD = "def add(a: int, b: int) -> int:\n    return a + b\n"
MiB = 1024 * 1024


# ---------------------------------------------------------------- the safe reader


def test_reads_a_regular_file_up_to_the_cap_and_says_it_was_cut(tmp_path):
    (tmp_path / "a.py").write_bytes(b"0123456789")
    assert safe_read.read_capped(tmp_path, "a.py", 4) == safe_read.Capped(b"0123", 10, True)
    assert safe_read.read_capped(tmp_path, "a.py", 10) == safe_read.Capped(b"0123456789", 10,
                                                                           False)


def test_a_link_is_never_followed_and_names_its_target(tmp_path):
    (tmp_path / "secret").write_text(SECRET)
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "solution.py").symlink_to(tmp_path / "secret")
    with pytest.raises(safe_read.NotRead) as err:
        safe_read.read_capped(tmp_path / "ws", "solution.py", 100)
    assert str(err.value) == f"solution.py is a symbolic link (to {tmp_path / 'secret'})"


def test_a_linked_parent_directory_is_never_followed(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "lib.rs").write_text(SECRET)
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "src").symlink_to(tmp_path / "outside")
    with pytest.raises(safe_read.NotRead, match=r"^src/lib.rs is below src, a symbolic link"):
        safe_read.read_capped(tmp_path / "ws", "src/lib.rs", 100)


def test_fifos_devices_directories_and_escapes_are_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")  # no writer: an open without O_NONBLOCK would block
    (tmp_path / "dir.py").mkdir()
    refused = {
        "pipe.py": "pipe.py is a FIFO, not a regular file",
        "dir.py": "dir.py is a directory, not a regular file",
        "../x.py": "'../x.py' is not a path inside the directory",
        "/etc/passwd": "'/etc/passwd' is not a path inside the directory",
        "gone.py": "gone.py cannot be read (No such file or directory)",
    }
    for rel, why in refused.items():
        with pytest.raises(safe_read.NotRead) as err:
            safe_read.read_capped(tmp_path, rel, 100)
        assert str(err.value) == why
    with pytest.raises(safe_read.NotRead, match="is a character device, not a regular file"):
        safe_read.read_at(None, "/dev/zero", 100)


def test_an_answer_over_the_cap_fails_with_its_tail_kept():
    big = AgentReply("x" * (2 * MiB), 1.0)
    capped = cap_answer(big)
    assert capped.failure is FailureKind.NO_CODE and len(capped.text) == TAIL
    assert capped.message == "the answer is 2 MiB, over the 1 MiB an answer may have: not read"
    failed = AgentReply("x" * (2 * MiB), 1.0, FailureKind.AGENT_TIMEOUT, "slow")
    assert cap_answer(failed).failure is FailureKind.AGENT_TIMEOUT
    assert cap_answer(failed).message == "slow" and len(cap_answer(failed).text) == TAIL
    small = AgentReply("x" * MAX_ANSWER, 1.0)
    assert cap_answer(small) is small
    assert [size_text(n) for n in (17, 1536, MiB, 200 * MiB)] == [
        "17 bytes", "1.5 KiB", "1 MiB", "200 MiB"]


# ---------------------------------------------------------------- the workspace


def _python_layout() -> ws.Layout:
    return ws.layout_for("python", "def add(a: int, b: int) -> int:", "add")


def test_snapshot_records_links_and_special_files_as_what_they_are(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.py").write_text(SECRET)
    root = tmp_path / "ws"
    root.mkdir()
    (root / "src").symlink_to(tmp_path / "outside")
    (root / "solution.py").symlink_to("/dev/zero")
    os.mkfifo(root / "pipe.py")
    files = ws.snapshot(root).files
    assert files["src"] == f"link:{tmp_path / 'outside'}"  # one entry, never walked into
    assert files["solution.py"] == "link:/dev/zero"
    assert files["pipe.py"].startswith("special:")
    assert not any(p.startswith("src/") for p in files)


def test_a_directory_linked_in_after_the_snapshot_is_not_read(tmp_path):
    """A process the agent left behind swaps a directory for a link between the snapshot and
    the read: the answer and the diff still never see what the link points to."""
    layout = _python_layout()
    root = tmp_path / "ws"
    root.mkdir()
    ws.write_layout(root, layout)
    before = ws.snapshot(root)
    (root / "pkg").mkdir()
    (root / "pkg" / "answer.py").write_text(GOOD_ADD)
    after = ws.snapshot(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "answer.py").write_text(f"def add(a, b):\n    return '{SECRET}'\n")
    (root / "pkg" / "answer.py").unlink()
    (root / "pkg").rmdir()
    (root / "pkg").symlink_to(outside)
    result = ws.compare(root, before, after, layout, "add")
    assert result.answer_path is None and SECRET not in result.answer_code
    assert SECRET not in result.diff and SECRET not in result.describe()
    assert "pkg/answer.py is below pkg, a symbolic link" in result.problem


# ---------------------------------------------------------------- through the plugin

# The hostile agent: what it does to its workspace is its first argument.
HOSTILE = r'''
import os, sys
starter = os.environ["AGENTBENCH_STARTER_FILE"]
mode, arg = sys.argv[1], sys.argv[2]


def big(out, mib):
    """mib MiB of valid Python that defines the entry point (from any cut, it still parses)."""
    line = "0\n" * (1 << 19)
    for _ in range(int(mib)):
        out.write(line)
    out.write("def add(a: int, b: int) -> int:\n    return a + b\n")


if mode == "link":
    os.remove(starter)
    os.symlink(arg, starter)
elif mode == "fifo":
    os.remove(starter)
    os.mkfifo(starter)
elif mode == "big-file":
    with open(starter, "w") as fh:
        big(fh, arg)
elif mode == "big-stdout":
    big(sys.stdout, arg)
'''


def _run(pytester, tmp_path: Path, mode: str, arg: str, *extra: str, timeout: float = 120):
    """One item (add) with the hostile agent; the output, results, journal and JUnit text."""
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    (tmp_path / "hostile.py").write_text(HOSTILE, encoding="utf-8")
    results = tmp_path / "results.json"
    res = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--agentbench", "mini.json", "-k", "add", "-rA",
        "--agentbench-agent", f"cmd:{sys.executable} {tmp_path / 'hostile.py'} {mode} {arg}",
        "--agentbench-results", str(results), "--junitxml", str(tmp_path / "junit.xml"),
        "--agentbench-html", str(tmp_path / "report.html"), *extra, timeout=timeout)
    files = {name: (tmp_path / name).read_text(encoding="utf-8")
             for name in ("results.json", "results.journal.jsonl", "junit.xml", "report.html")}
    files["terminal"] = res.stdout.str() + res.stderr.str()
    return res, json.loads(files["results.json"])["results"][0], files


def _fifo(tmp_path: Path) -> str:
    os.mkfifo(tmp_path / "fifo")
    return str(tmp_path / "fifo")


@pytest.mark.parametrize("target", ["secret", "/dev/zero", "fifo"])
def test_a_starter_linked_out_of_the_workspace_is_not_read(pytester, tmp_path, target):
    """A link to a secret would copy it into every report; to /dev/zero, read until
    MemoryError; to a FIFO, hang the item. Each fails at once as no code, named."""
    if target == "secret":
        (tmp_path / "secret").write_text(SECRET + "\n")
        target = str(tmp_path / "secret")
    elif target == "fifo":
        target = _fifo(tmp_path)
    # without the fix, /dev/zero is read until this limit, not until the machine runs out
    pytester.makeconftest("import resource\n"
                          "resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))\n")
    res, entry, files = _run(pytester, tmp_path, "link", target, timeout=90)
    res.assert_outcomes(failed=1)
    assert entry["failure_kind"] == "no_code_in_answer"
    assert entry["message"] == (f"no answer taken from the workspace: solution.py is a symbolic "
                                f"link (to {target}): not read")
    assert "solution.py is a symbolic link (to" in entry["agent_details"]["workspace_diff"]
    for name, text in files.items():
        assert SECRET not in text, name
        assert "MemoryError" not in text, name


def test_a_fifo_in_place_of_the_starter_neither_hangs_nor_is_kept(pytester, tmp_path):
    res, entry, _ = _run(pytester, tmp_path, "fifo", "-", "--agentbench-keep-workspaces",
                         str(tmp_path / "kept"), timeout=90)
    res.assert_outcomes(failed=1)
    assert entry["failure_kind"] == "no_code_in_answer"
    assert entry["message"] == ("no answer taken from the workspace: solution.py is a FIFO, "
                                "not a regular file: not read")
    kept = tmp_path / "kept" / "mini_easy_add.s0.a1"
    assert (kept / "task.md").is_file() and not (kept / "solution.py").exists()


@pytest.mark.parametrize("mode, message", [
    ("big-stdout", "the answer printed on stdout is 200 MiB, over the 1 MiB an answer may "
                   "have: not read"),
    ("big-file", "no answer taken from the workspace: solution.py holds 200 MiB, over the "
                 "1 MiB an answer may have: not read"),
])
def test_a_200_mb_answer_fails_named_and_is_stored_nowhere(pytester, tmp_path, mode, message):
    res, entry, files = _run(pytester, tmp_path, mode, "200")
    res.assert_outcomes(failed=1)
    assert entry["failure_kind"] == "no_code_in_answer" and entry["message"] == message
    assert entry["solution"] is None
    del files["report.html"]  # its scripts and styles alone weigh 300 KB; it cuts what it shows
    for name, text in files.items():
        assert len(text) < 256 * 1024, (name, len(text))


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        return True


SLEEPER = """\
import os, time
path = os.environ["AGENT_PIDS"]
with open(path + "." + os.environ["AGENTBENCH_TEST_ID"], "w") as fh:
    fh.write(str(os.getpid()))
time.sleep(120)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_agents_die_with_a_pytest_process_killed_by_sigkill(pytester, tmp_path):
    """Agents started from the prefetching thread pool (concurrency 2) are gone a few
    seconds after pytest is SIGKILLed; before, they slept on as orphans."""
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    (tmp_path / "sleeper.py").write_text(SLEEPER, encoding="utf-8")
    env = {**os.environ, "AGENT_PIDS": str(tmp_path / "pid")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--agentbench", "mini.json", "--agentbench-concurrency", "2",
         "--agentbench-agent", f"cmd:{sys.executable} {tmp_path / 'sleeper.py'}"],
        cwd=pytester.path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    pids: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(pids) < 2 and time.monotonic() < deadline:
            files = [p for p in tmp_path.glob("pid.*") if p.read_text()]
            pids = [int(p.read_text()) for p in files]
            time.sleep(0.1)
        assert len(pids) == 2, "the agents did not start"
        assert all(_alive(pid) for pid in pids)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in pids if _alive(pid)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in pids:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_lone_surrogate_in_an_answer_becomes_a_replacement_character():
    """No source file can hold a lone surrogate: the answer is made valid Unicode before any
    runner writes it (it crashed the Python runner's write)."""
    from pytest_agentbench.agents.base import cap_answer
    from pytest_agentbench.models import AgentReply

    reply = cap_answer(AgentReply("```python\ndef f():\n    return '\udcff'\n```", 0.0))
    assert "\udcff" not in reply.text and "\ufffd" in reply.text
    plain = AgentReply("```python\ndef f():\n    return 1\n```", 0.0)
    assert cap_answer(plain) is plain
