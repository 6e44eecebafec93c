"""Run one untrusted command: own process group, resource limits, clean environment, tails kept.

The whole process group is killed when the command ends, whatever happened (timeout, normal
exit, an exception or Ctrl-C in the parent), and with it, where a cgroup could be made, every
process the command started even if it left the group. Output goes to files, not pipes, so a
flood can neither deadlock nor exhaust memory; only the last ``output_bytes`` are kept and the
file-size limit stops a flood from filling the disk. Namespaces (no network, read-only
filesystem, own PID space) come from :mod:`pytest_agentbench.isolation`.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import isolation
from .models import ProcessResult
from .safe_read import read_tail_text

if TYPE_CHECKING:
    from .entries import LimitsRecord

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandboxed process. ``None`` leaves a limit as inherited."""

    wall_seconds: float = 30.0
    cpu_seconds: int | None = None
    memory_bytes: int | None = None  # address space
    file_size_bytes: int | None = None
    open_files: int | None = None
    processes: int | None = None  # via a cgroup, else RLIMIT_NPROC (not enforced for root)
    cgroup_memory_bytes: int | None = None  # total memory of every process, where a cgroup
    output_bytes: int = 64 * 1024

    def record(self) -> LimitsRecord:
        """What the results file keeps of them (``run.limits``)."""
        return {"wall_seconds": self.wall_seconds, "cpu_seconds": self.cpu_seconds,
                "memory_bytes": self.memory_bytes, "file_size_bytes": self.file_size_bytes,
                "open_files": self.open_files, "processes": self.processes,
                "cgroup_memory_bytes": self.cgroup_memory_bytes,
                "output_bytes": self.output_bytes}


def solution_limits(wall_seconds: float) -> Limits:
    """Defaults for untrusted solution code: generous for honest code, fatal for abuse."""
    return Limits(
        wall_seconds=wall_seconds,
        cpu_seconds=int(wall_seconds * 2) + 5,
        memory_bytes=2048 * MiB,
        file_size_bytes=64 * MiB,
        open_files=256,
        processes=256,
        cgroup_memory_bytes=2048 * MiB,
    )


def with_overrides(limits: Limits, overrides: Mapping[str, int]) -> Limits:
    """``limits`` with the user's ``--agentbench-limit NAME=VALUE`` values applied."""
    fields = {
        "memory": ("memory_bytes", "cgroup_memory_bytes"),
        "processes": ("processes",),
        "open_files": ("open_files",),
        "file_size": ("file_size_bytes",),
        "output": ("output_bytes",),
        "cpu": ("cpu_seconds",),
    }
    changes = {f: value for name, value in overrides.items() for f in fields[name]}
    return replace(limits, **changes)


# How much isolation to ask for: "auto" (the best available), "strict" (the plugin refuses
# to start without full isolation), "off" (limits and the clean environment only).
_MODE = {"mode": "auto"}
MODES = ("auto", "strict", "off")


def set_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"isolation must be one of {', '.join(MODES)}, not {mode!r}")
    _MODE["mode"] = mode


def mode() -> str:
    return _MODE["mode"]


# Names copied from the parent's environment. Everything else (tokens, keys, credentials) stays
# out of solution processes.
ENV_ALLOW = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TERM", "SYSTEMROOT")


def clean_env(workdir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment built from an allow-list, with HOME and TMPDIR inside ``workdir``."""
    env = {k: os.environ[k] for k in ENV_ALLOW if k in os.environ}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.setdefault("LANG", "C.UTF-8")
    env["HOME"] = str(workdir)
    env["TMPDIR"] = str(workdir)
    if extra:
        env.update(extra)
    return env


def tasks_on_machine() -> int:
    """How many tasks (threads) the machine runs now: /proc/loadavg's fourth field, n/TOTAL.

    Without a cgroup, a job's process cap is RLIMIT_NPROC, which counts every process and thread
    of the *user*, not of the job: an absolute cap of 256 let one job's fork bomb take the
    user's last process slots, and every job started meanwhile (the other xdist worker's too)
    failed. The cap is set above what already runs, so each job gets its own headroom of
    ``Limits.processes`` new tasks, whatever another job holds."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return int(fh.read().split()[3].split("/")[1])
    except (OSError, ValueError, IndexError):
        return 0


def limit_setter(limits: Limits, join: list[str],
                 switch_user: Callable[[], None] | None = None) -> Callable[[], None]:
    """What the child does between fork and exec: join the cgroup, set the limits, and last
    (it may give up root) become the sandbox user."""
    nproc = (limits.processes + tasks_on_machine()
             if (limits.processes and not join and os.geteuid() != 0) else None)

    def apply() -> None:  # runs in the child between fork and exec
        for path in join:  # into the cgroup first, so every descendant is counted and killed
            with open(path, "w") as fh:
                fh.write(str(os.getpid()))

        def setlim(which: int, value: int | None) -> None:
            if value is None:
                return
            try:
                _soft, hard = resource.getrlimit(which)
                if hard != resource.RLIM_INFINITY:
                    value = min(value, hard)
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass

        setlim(resource.RLIMIT_CPU, limits.cpu_seconds)
        setlim(resource.RLIMIT_AS, limits.memory_bytes)
        setlim(resource.RLIMIT_FSIZE, limits.file_size_bytes)
        setlim(resource.RLIMIT_NOFILE, limits.open_files)
        setlim(resource.RLIMIT_NPROC, nproc)
        setlim(resource.RLIMIT_CORE, 0)
        if switch_user is not None:
            switch_user()

    return apply


def _limit_started(pid: int, limits: Limits) -> None:
    for which, value in ((resource.RLIMIT_FSIZE, limits.file_size_bytes),
                         (resource.RLIMIT_CPU, limits.cpu_seconds),
                         (resource.RLIMIT_AS, limits.memory_bytes)):
        if value is not None:
            with contextlib.suppress(OSError, ValueError):
                resource.prlimit(pid, which, (value, value))


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


read_tail = read_tail_text  # the last bytes of an output file, never through a link


def run(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    limits: Limits,
    stdin_data: bytes | None = None,
    pass_fds: Sequence[int] = (),
    isolate: bool = True,
    writable: Sequence[Path] = (),
    readable: Sequence[Path] = (),
    cwd_writable: bool = True,
) -> ProcessResult:
    """Run ``argv`` under ``limits`` and return what happened. Never raises for the child's sake.

    ``isolate`` puts the command in the namespaces the machine offers (see ``isolation``);
    agents, which need the network and the user's files, run with ``isolate=False``.
    ``writable`` lists directories besides ``cwd`` the command may write (toolchain caches),
    ``readable`` ones it must be able to read although the sandbox would hide them (a cache, a
    ``node_modules``); ``cwd_writable=False`` makes ``cwd`` read-only (the command writes only
    its private ``/tmp``, whose size is capped).
    """
    program = argv[0]
    if shutil.which(program, path=env.get("PATH")) is None and not (
            os.sep in program and os.access(program, os.X_OK)):
        return ProcessResult(returncode=None, seconds=0.0,
                             stderr=f"could not start {program!r}: not found or not executable")
    isolated = isolate and mode() != "off"
    cgroup = isolation.Cgroup.create(limits.processes, limits.cgroup_memory_bytes) \
        if isolate else None
    wrapped = (isolation.wrap(argv, Path(cwd), writable, readable, cwd_writable=cwd_writable)
               if isolated else isolation.Wrapped(list(argv)))
    if isolated and not cwd_writable and isolation.detect().method == "bwrap":
        env = {k: "/tmp" if k in ("HOME", "TMPDIR") and v == str(cwd) else v
               for k, v in env.items()}  # the one place it may write
    shimmed = isolated and isolation.detect().method != "none"
    try:
        for delay in (*NAMESPACE_RETRY_DELAYS, None):
            result = _run(wrapped.argv, cwd, env, limits, stdin_data, (*pass_fds, *wrapped.fds),
                          cgroup, shimmed, in_child=isolate, switch_user=wrapped.switch_user)
            if delay is None or not (isolated and namespace_busy(result)):
                return result
            _wait(delay)
            for fd in wrapped.fds:  # the seccomp program is read again from its start
                os.lseek(fd, 0, os.SEEK_SET)
        raise AssertionError("unreachable")
    finally:
        wrapped.close()
        if cgroup is not None:
            cgroup.remove()


#: Waits before starting a sandbox again whose namespaces could not be made for want of
#: processes (EAGAIN): without a cgroup (an unprivileged user on cgroup v1), RLIMIT_NPROC counts
#: every process of the user, so another job's fork bomb, still being torn down, can hold them
#: all for a moment. About 3 s in all; a job that still cannot start fails as before.
NAMESPACE_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)


def _wait(seconds: float) -> None:
    time.sleep(seconds)


def namespace_busy(result: ProcessResult) -> bool:
    """Whether bubblewrap could not make the namespaces because the user had no processes
    left (nothing of the command ran)."""
    return result.returncode == 1 and result.stderr.startswith((
        "bwrap: Creating new namespace failed: Resource temporarily unavailable",
        "bwrap: Can't fork for pid 1: Resource temporarily unavailable"))


def _run(argv: Sequence[str], cwd: Path, env: Mapping[str, str], limits: Limits,
         stdin_data: bytes | None, pass_fds: Sequence[int], cgroup: isolation.Cgroup | None,
         shimmed: bool, in_child: bool = True,
         switch_user: Callable[[], None] | None = None) -> ProcessResult:
    """``in_child``: apply limits between fork and exec (solutions, always started from the main
    thread). Agents run from a prefetching thread pool, where a ``preexec_fn`` is not safe, so
    their limits are set on the started process instead."""
    join = cgroup.join_paths() if cgroup is not None else []
    with tempfile.TemporaryDirectory(prefix="agentbench-io-") as io_dir:
        out_path = Path(io_dir, "stdout")
        err_path = Path(io_dir, "stderr")
        in_file = None
        if stdin_data is not None:
            in_path = Path(io_dir, "stdin")
            in_path.write_bytes(stdin_data)
            in_file = in_path.open("rb")
        start = time.perf_counter()
        timed_out = False
        try:
            with out_path.open("wb") as out, err_path.open("wb") as err:
                try:
                    proc = subprocess.Popen(
                        list(argv),
                        cwd=cwd,
                        env=dict(env),
                        stdin=in_file if in_file is not None else subprocess.DEVNULL,
                        stdout=out,
                        stderr=err,
                        start_new_session=True,
                        preexec_fn=(limit_setter(limits, join, switch_user) if in_child
                                    else None),
                        pass_fds=tuple(pass_fds),
                        close_fds=True,
                    )
                except OSError as exc:
                    return ProcessResult(
                        returncode=None,
                        seconds=0.0,
                        stderr=f"could not start {argv[0]!r}: {exc}",
                    )
                if not in_child:
                    _limit_started(proc.pid, limits)
                try:
                    proc.wait(timeout=limits.wall_seconds)
                except subprocess.TimeoutExpired:
                    timed_out = True
                finally:
                    kill_group(proc.pid)
                    if cgroup is not None:
                        cgroup.kill_all()
                    proc.wait()
        finally:
            if in_file is not None:
                in_file.close()
        seconds = time.perf_counter() - start
        stdout_bytes = out_path.stat().st_size if out_path.exists() else 0
        stderr_bytes = err_path.stat().st_size if err_path.exists() else 0
        stdout, cut_out = read_tail(out_path, limits.output_bytes)
        stderr, cut_err = read_tail(err_path, limits.output_bytes)
    rc = proc.returncode
    sig = -rc if rc is not None and rc < 0 else None
    if shimmed and rc is not None and 128 < rc < 160:  # namespaces report signals as 128 + n
        sig = rc - 128
    memory = cgroup is not None and cgroup.memory_exceeded()
    # a runtime that ignores SIGXFSZ (the JVM does) keeps writing into a full file until the
    # wall clock stops it: the output limit, not the time, is what it hit
    flooded = (limits.file_size_bytes is not None
               and max(stdout_bytes, stderr_bytes) >= limits.file_size_bytes)
    return ProcessResult(
        returncode=rc,
        seconds=seconds,
        stdout=stdout,
        stderr=stderr,
        timed_out=timed_out,
        signal=sig,
        output_truncated=cut_out or cut_err,
        limit=("memory" if memory else "output" if flooded else ""),
        stdout_bytes=stdout_bytes,
    )


def describe_signal(sig: int | None) -> str:
    if sig is None:
        return ""
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


RESOURCE_SIGNALS = {signal.SIGXCPU, signal.SIGXFSZ}
