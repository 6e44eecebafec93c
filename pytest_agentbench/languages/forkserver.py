"""The parent side of the Python fork server (see ``python_forkserver.py``).

One server per pytest process, started on first use inside the sandbox's namespaces and a
cgroup, restarted if a solution kills it. :meth:`ForkServer.run` gives a
:class:`~pytest_agentbench.models.ProcessResult` like :func:`pytest_agentbench.sandbox.run`
does, so the Python runner treats both alike.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .. import isolation, sandbox
from ..models import ProcessResult
from ..sandbox import Limits, read_tail

HERE = Path(__file__).parent
FILES = ("python_harness.py", "python_forkserver.py")
_LIMIT_FIELDS = ("cpu_seconds", "memory_bytes", "file_size_bytes", "open_files")


class ServerDied(RuntimeError):
    """The server exited during a job (``hung`` False) or stopped answering (``hung`` True)."""

    def __init__(self, message: str, hung: bool = False) -> None:
        super().__init__(message)
        self.hung = hung


class ForkServer:
    def __init__(self, python: str, limits: Limits) -> None:
        self.python = python
        self.limits = limits
        self.base = Path(tempfile.mkdtemp(prefix="agentbench-fork-"))
        for name in FILES:
            shutil.copyfile(HERE / name, self.base / name)
        self.ids = itertools.count()
        self.proc: subprocess.Popen[bytes] | None = None
        self.cgroup: isolation.Cgroup | None = None
        self.lock = threading.Lock()

    # -- lifecycle
    def start(self) -> None:
        self.cgroup = isolation.Cgroup.create(self.limits.processes,
                                              self.limits.cgroup_memory_bytes)
        argv = [self.python, "-E", "-s", "-B", "python_forkserver.py"]
        private_tmp = False
        if sandbox.mode() != "off":
            argv = isolation.wrap(argv, self.base)
            private_tmp = isolation.detect().method == "bwrap"
        join = self.cgroup.join_paths() if self.cgroup is not None else []

        def enter_cgroup() -> None:
            for path in join:
                with open(path, "w") as fh:
                    fh.write(str(os.getpid()))

        self.proc = subprocess.Popen(
            argv, cwd=self.base, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=sandbox.clean_env(self.base, {
                "PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0",
                "AGENTBENCH_PRIVATE_TMP": "1" if private_tmp else "0"}),
            start_new_session=True, preexec_fn=enter_cgroup if join else None)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            sandbox.kill_group(proc.pid)
            with contextlib.suppress(Exception):
                proc.wait(timeout=5)
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(Exception):
                    stream.close()  # type: ignore[union-attr]
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    # -- jobs
    def job_dir(self) -> Path:
        path = self.base / f"job-{next(self.ids)}"
        path.mkdir()
        return path

    def run(self, work: Path, limits: Limits) -> tuple[ProcessResult, bool]:
        """Run the harness on ``work/job.json`` in a forked child; ``work`` must be a
        :meth:`job_dir`. The flag says whether the server died during the job (a solution
        that kills its parent)."""
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self.stop()
                self.start()
            assert self.proc is not None and self.proc.stdin and self.proc.stdout
            job_id = work.name
            job = {"id": job_id, "dir": str(work), "timeout": limits.wall_seconds,
                   "limits": {f: getattr(limits, f) for f in _LIMIT_FIELDS}}
            hung = False
            try:
                self.proc.stdin.write((json.dumps(job) + "\n").encode())
                self.proc.stdin.flush()
                reply = self._read_reply(limits.wall_seconds + 60)
            except ServerDied as exc:
                reply, hung = None, exc.hung
            except (BrokenPipeError, OSError):
                reply = None
        out_path, err_path = work / "stdout", work / "stderr"
        stdout_bytes = out_path.stat().st_size if out_path.exists() else 0
        stdout, cut_out = read_tail(out_path, limits.output_bytes)
        stderr, cut_err = read_tail(err_path, limits.output_bytes)
        if reply is None and hung:  # the server itself stopped answering: not the solution's
            self.stop()
            return ProcessResult(returncode=None, seconds=limits.wall_seconds, stdout=stdout,
                                 stderr=stderr, timed_out=True, output_truncated=cut_out or cut_err,
                                 stdout_bytes=stdout_bytes), False
        if reply is None:  # the solution took the server down with it
            self.stop()
            return ProcessResult(returncode=-signal.SIGKILL, seconds=0.0, stdout=stdout,
                                 stderr=stderr, signal=signal.SIGKILL,
                                 output_truncated=cut_out or cut_err,
                                 stdout_bytes=stdout_bytes), True
        return ProcessResult(returncode=reply["returncode"], seconds=float(reply["seconds"]),
                             stdout=stdout, stderr=stderr, timed_out=bool(reply["timed_out"]),
                             signal=reply.get("signal"), output_truncated=cut_out or cut_err,
                             stdout_bytes=stdout_bytes), False

    def _read_reply(self, timeout: float) -> dict:
        assert self.proc is not None and self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            raise ServerDied("no reply in time", hung=True)
        line = self.proc.stdout.readline()
        if not line:
            raise ServerDied("the server exited")
        return json.loads(line)


_SERVERS: dict[tuple, ForkServer] = {}
_GUARD = threading.Lock()


def enabled() -> bool:
    """The fork server is used unless AGENTBENCH_FORKSERVER=0 (then a process per problem)."""
    return os.environ.get("AGENTBENCH_FORKSERVER", "1") not in ("0", "off", "no")


def server_for(python: str, limits: Limits) -> ForkServer:
    """The calling thread's server: threads that run problems ahead (prefetching) each get
    their own, so problems run side by side while every server stays one-job-at-a-time."""
    key = (python, limits.processes, limits.cgroup_memory_bytes, sandbox.mode(),
           threading.get_ident())
    with _GUARD:
        server = _SERVERS.get(key)
        if server is None:
            server = _SERVERS[key] = ForkServer(python, limits)
        return server


@atexit.register
def _close_all() -> None:
    for server in list(_SERVERS.values()):
        server.close()
    _SERVERS.clear()
