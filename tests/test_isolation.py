"""Isolation detection, the header, strict mode, and limits from the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pytest_agentbench import isolation, options, sandbox
from pytest_agentbench.sandbox import solution_limits, with_overrides

from .helpers import MINI_SUITE


def test_detected_isolation_describes_itself():
    iso = isolation.detect()
    assert iso.level in ("full", "partial", "none")
    assert iso.describe().startswith(iso.level)
    record = iso.record("strict")
    assert set(record) >= {"level", "method", "network", "filesystem", "pids", "cgroup"}
    assert (record["level"], record["mode"]) == (iso.level, "strict")


@pytest.mark.skipif(isolation.detect().method != "bwrap", reason="needs bubblewrap")
def test_bwrap_wrap_gives_no_capabilities_and_an_allow_listed_filesystem(tmp_path):
    wrapped = isolation.wrap(["true"], tmp_path, [tmp_path / "cache"])
    argv = wrapped.argv
    assert argv[0].endswith("bwrap")
    for flag in ("--unshare-user", "--unshare-net", "--unshare-pid", "--unshare-ipc",
                 "--disable-userns", "--new-session"):
        assert flag in argv
    assert argv[argv.index("--cap-drop") + 1] == "ALL" and "--cap-add" not in argv
    assert argv[argv.index("--bind"):][:3] == ["--bind", str(tmp_path), str(tmp_path)]
    bound = [argv[i + 1] for i, word in enumerate(argv) if word in ("--ro-bind", "--bind")]
    assert "/" not in bound and "/root" not in bound and "/var" not in bound
    assert argv[-2:] == ["--", "true"]
    assert (wrapped.switch_user is not None) == (os.geteuid() == 0)


@pytest.mark.skipif(isolation.detect().method != "bwrap", reason="needs bubblewrap")
def test_the_header_claims_full_only_after_the_checks_inside_held():
    iso = isolation.detect()
    assert iso.level == "full", iso.describe()
    assert {"no_capabilities", "no_new_privs", "own_user_namespace", "mount_refused",
            "network_closed", "canary_invisible", "not_root_outside"} <= set(iso.verified)
    assert "verified inside" in iso.describe() and not iso.failed
    broken = isolation.Isolation("bwrap", True, True, True, "", verified=iso.verified,
                                 failed=("no_capabilities: CapEff 1",))
    assert broken.level == "partial" and "no_capabilities: CapEff 1" in broken.describe()


@pytest.mark.skipif(isolation.detect().level != "full", reason="needs full isolation")
def test_no_network_and_read_only_filesystem_inside(tmp_path):
    """No network; the system is read-only; the checkout pytest runs in is read-only or, when
    it lies under /tmp (a CI clone), shadowed by the job's private /tmp: either way nothing
    reaches the host's file."""
    here = Path.cwd() / "agentbench-sandbox-write-probe"
    code = ("import socket, pathlib\n"
            "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n"
            "    print('net-open')\nexcept OSError:\n    print('net-closed')\n"
            "for target in ('/etc/agentbench-sandbox-write-probe', " + repr(str(here)) + "):\n"
            "    try:\n        pathlib.Path(target).write_text('x')\n"
            "        print('fs-open')\n    except OSError:\n        print('fs-closed')\n"
            "pathlib.Path('own').write_text('ok')\nprint('own-ok')\n")
    import sys
    res = sandbox.run([sys.executable, "-c", code], cwd=tmp_path,
                      env=sandbox.clean_env(tmp_path), limits=solution_limits(10))
    under_tmp = Path.cwd().resolve().is_relative_to("/tmp")
    assert res.stdout.split() in (
        [["net-closed", "fs-closed", "fs-closed", "own-ok"]]
        + ([["net-closed", "fs-closed", "fs-open", "own-ok"]] if under_tmp else [])), res.stderr
    assert not here.exists() and not Path("/etc/agentbench-sandbox-write-probe").exists()


@pytest.mark.skipif(isolation.detect().method != "bwrap", reason="needs bubblewrap")
def test_tools_installed_under_tmp_stay_visible_and_tmp_is_private(tmp_path, monkeypatch):
    """A clone and its virtual environment under /tmp (as CI makes them) keep working; the
    rest of the clone stays hidden, and /tmp inside is the sandbox's own."""
    tools = tmp_path / "clone" / ".venv" / "bin"
    tools.mkdir(parents=True)
    (tools / "hello").write_text("#!/bin/sh\necho hello from $0\n")
    (tools / "hello").chmod(0o755)
    (tmp_path / "clone" / "secret.txt").write_text("not for solutions")
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    work = tmp_path / "work"
    work.mkdir()
    script = (f"{tools}/hello; cat {tmp_path}/clone/secret.txt || echo hidden; "
              f"touch {tools}/x || echo read-only; touch /tmp/agentbench-y && echo tmp-own; "
              "touch own && echo own-ok")
    res = sandbox.run(["/bin/sh", "-c", script], cwd=work, env=sandbox.clean_env(work),
                      limits=solution_limits(10))
    assert res.stdout.split("\n")[0] == f"hello from {tools}/hello", res.stderr
    assert res.stdout.split()[-4:] == ["hidden", "read-only", "tmp-own", "own-ok"]
    assert not (tools / "x").exists() and not Path("/tmp/agentbench-y").exists()


@pytest.mark.skipif(isolation.detect().method != "bwrap", reason="needs bubblewrap")
def test_a_read_only_cwd_leaves_only_a_capped_tmp_to_write(tmp_path):
    script = ("touch own 2>/dev/null || echo cwd-read-only; echo $HOME $TMPDIR; "
              "head -c 300000000 /dev/zero > /tmp/big 2>/dev/null || echo tmp-full")
    res = sandbox.run(["/bin/sh", "-c", script], cwd=tmp_path, env=sandbox.clean_env(tmp_path),
                      limits=solution_limits(20), cwd_writable=False)
    assert res.stdout.split() == ["cwd-read-only", "/tmp", "/tmp", "tmp-full"], res.stderr


@pytest.mark.skipif(not isolation.cgroup_support(), reason="no cgroup can be made here")
def test_cgroup_caps_processes(tmp_path):
    import sys
    code = ("import os, time\nn = 0\ntry:\n    for _ in range(200):\n"
            "        if os.fork() == 0:\n            time.sleep(3)\n            os._exit(0)\n"
            "        n += 1\nexcept OSError:\n    pass\nprint(n)\n")
    limits = with_overrides(solution_limits(10), {"processes": 20})
    res = sandbox.run([sys.executable, "-c", code], cwd=tmp_path,
                      env=sandbox.clean_env(tmp_path), limits=limits)
    assert int(res.stdout.strip()) < 20


def test_limit_parsing_and_overrides():
    parsed = options.parse_limits(["memory=1G", "processes=64,output=1K", "cpu=5"])
    assert parsed == {"memory": 1 << 30, "processes": 64, "output": 1024, "cpu": 5}
    limits = with_overrides(solution_limits(30), parsed)
    assert limits.memory_bytes == limits.cgroup_memory_bytes == 1 << 30
    assert limits.processes == 64 and limits.output_bytes == 1024 and limits.cpu_seconds == 5
    for bad in (["speed=1"], ["memory=-1G"], ["processes=many"], ["memory"]):
        with pytest.raises(ValueError):
            options.parse_limits(bad)


@pytest.fixture
def no_namespace_tools(tmp_path):
    """An environment in which neither bwrap nor unshare can be found."""
    return {**os.environ, "PATH": str(tmp_path / "empty-bin")}


def test_strict_refuses_without_isolation_before_any_agent(pytester, no_namespace_tools):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    result = _run(pytester, no_namespace_tools, "--agentbench", "mini.json",
                  "--agentbench-isolation", "strict")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "strict: full isolation is not available" in result.stderr
    assert not (pytester.path / "results").exists()


def test_auto_warns_when_isolation_is_partial(pytester, no_namespace_tools):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    result = _run(pytester, no_namespace_tools, "--agentbench", "mini.json", "-k", "easy")
    assert "agentbench isolation: " in result.stdout
    assert "agentbench WARNING: untrusted code runs with partial isolation" in result.stdout
    doc = json.loads((pytester.path / "results" / "agentbench.json").read_text())
    assert doc["run"]["isolation"]["method"] == "none"


def test_limit_option_reaches_the_results(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    result = pytester.runpytest_subprocess("--agentbench", "mini.json", "-k", "easy",
                                           "--agentbench-limit", "processes=32",
                                           "--agentbench-limit", "memory=1G")
    result.assert_outcomes(passed=1)
    limits = json.loads((pytester.path / "results" / "agentbench.json").read_text())["run"][
        "limits"]
    assert limits["processes"] == 32 and limits["memory_bytes"] == 1 << 30


def _run(pytester, env, *args):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p",
                           "no:xdist", *args], cwd=pytester.path, env=env, capture_output=True,
                          text=True, timeout=120)
