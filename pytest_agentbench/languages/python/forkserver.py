"""The parent side of the Python fork server (see ``harness/python_forkserver.py``).

One server per pytest process and thread, started on first use inside a sandbox and a cgroup,
restarted if it dies or answers out of turn. At start it reports the checks its own job set-up
passed (a job's namespaces, no capabilities, the jobs directory hidden); a server whose checks
fail is not used (:class:`Unavailable`), and the Python runner starts a sandboxed interpreter per
problem instead. :meth:`ForkServer.run` gives a
:class:`~pytest_agentbench.models.ProcessResult` and the job's channel events.
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
import socket
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import channel, isolation, sandbox, sandbox_user
from ...models import ProcessResult
from ...safe_read import read_file
from ...sandbox import Limits, read_tail
from ..steps import ServerUnavailable
from .harness import FORK_SERVER, HARNESS, PROJECT_HARNESS

PACKAGE = Path(__file__).parents[2]
FILES = (HARNESS, PROJECT_HARNESS, FORK_SERVER, PACKAGE / "nsutil.py",
         PACKAGE / "sandbox_probe.py")
_LIMIT_FIELDS = ("cpu_seconds", "memory_bytes", "file_size_bytes", "open_files")
START_SECONDS = 60.0


class ServerDied(RuntimeError):
    """The server exited during a job (``hung`` False) or stopped answering (``hung`` True)."""

    def __init__(self, message: str, hung: bool = False) -> None:
        super().__init__(message)
        self.hung = hung


class Unavailable(ServerUnavailable):
    """The server could not start, or its self-check failed (the message says which)."""


@dataclass(frozen=True)
class Outcome:
    process: ProcessResult
    server_died: bool
    events: channel.Events


class ForkServer:
    def __init__(self, python: str, limits: Limits) -> None:
        self.python = python
        self.limits = limits
        self.base = Path(tempfile.mkdtemp(prefix="agentbench-fork-"))
        self.code = self.base / "server"
        self.jobs = self.base / "jobs"
        self.code.mkdir()
        self.jobs.mkdir()
        for source in FILES:
            shutil.copyfile(source, self.code / source.name)
        sandbox_user.hand_over(self.base)
        sandbox_user.hand_over(self.jobs)
        self.ids = itertools.count()
        self.proc: subprocess.Popen[bytes] | None = None
        self.cgroup: isolation.Cgroup | None = None
        self.lock = threading.Lock()
        self.closed = threading.Event()
        self.isolated = sandbox.mode() != "off" and isolation.detect().method == "bwrap"
        self.probe: dict[str, str] = {}

    # -- lifecycle
    def start(self) -> None:
        self.cgroup = isolation.Cgroup.create(self.limits.processes,
                                              self.limits.cgroup_memory_bytes)
        facts = self.code / "host.json"
        with tempfile.TemporaryDirectory(prefix="agentbench-fork-canary-") as canary_dir, \
                socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            canary = Path(canary_dir, "canary")
            canary.write_text("must stay invisible")
            facts.write_text(json.dumps({
                **isolation.host_facts(canary, listener.getsockname()[1]),
                "keep_under_tmp": [str(p) for p in isolation.visible_under_tmp([self.code])]}))
            argv = [self.python, "-E", "-s", "-S", "-B", str(self.code / "python_forkserver.py"),
                    str(self.jobs), str(facts), "isolate" if self.isolated else "plain"]
            switch_user = None
            if self.isolated:
                wrapped = isolation.wrap(argv, self.code, writable=[self.jobs],
                                         readable=[self.code], cwd_writable=False,
                                         capabilities=["CAP_SYS_ADMIN", "CAP_SETPCAP"],
                                         mount_points=["/job"], seccomp=False)
                argv, switch_user = wrapped.argv, wrapped.switch_user
            join = self.cgroup.join_paths() if self.cgroup is not None else []

            def enter() -> None:
                for path in join:
                    with open(path, "w") as fh:
                        fh.write(str(os.getpid()))
                if switch_user is not None:
                    switch_user()

            self.proc = subprocess.Popen(
                argv, cwd=self.code, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=sandbox.clean_env(self.code, {"PYTHONIOENCODING": "utf-8",
                                                  "PYTHONHASHSEED": "0"}),
                start_new_session=True, preexec_fn=enter)
            try:
                ready = self._read_reply(START_SECONDS)
            except (ServerDied, ValueError) as exc:
                self.stop()
                raise Unavailable(f"the Python fork server did not start: {exc}") from None
        self.probe = {k: str(v) for k, v in (ready.get("probe") or {}).items()}
        failed = [f"{name}: {seen}" for name, seen in self.probe.items() if seen]
        if failed:
            self.stop()
            raise Unavailable("the Python fork server's job set-up failed its checks: "
                              + "; ".join(failed))

    def start_ahead(self) -> None:
        """:meth:`start` ahead of the first job, in a thread of its own that then waits until
        the server is closed: the sandbox dies with the thread that started it (bubblewrap's
        parent-death signal follows the thread, not the process). A failure leaves the server
        stopped, to be started again by :meth:`run`, which reports it."""
        with self.lock:
            if self.proc is None:
                with contextlib.suppress(Unavailable, OSError):
                    self.start()
        self.closed.wait()

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
        self.closed.set()
        shutil.rmtree(self.base, ignore_errors=True)

    # -- jobs
    def run(self, job: dict[str, Any], files: dict[str, str], limits: Limits) -> Outcome:
        """Run the harness on ``job`` in a forked child whose working directory holds
        ``files``. ``server_died`` says whether the server died during the job (a solution
        that got at it) or answered out of turn; it is restarted for the next job."""
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self.stop()
                self.start()
            assert self.proc is not None and self.proc.stdin and self.proc.stdout
            job_id = f"job-{next(self.ids)}"
            work = self.jobs / job_id
            token = channel.new_token()
            request = {"id": job_id, "dir": str(work), "timeout": limits.wall_seconds,
                       "limits": {**{f: getattr(limits, f) for f in _LIMIT_FIELDS},
                                  # without the server's cgroup, a cap of the job's own
                                  "processes": limits.processes if self.cgroup is None
                                  else None},
                       "job": job, "token": token, "files": files}
            hung = False
            try:
                self.proc.stdin.write((json.dumps(request) + "\n").encode())
                self.proc.stdin.flush()
                reply = self._read_reply(limits.wall_seconds + 60)
                if reply.get("id") != job_id:
                    raise ServerDied(f"answered {reply.get('id')!r} for {job_id!r}")
            except ServerDied as exc:
                reply, hung = None, exc.hung
            except (BrokenPipeError, OSError, ValueError):
                reply = None
        try:
            return self._outcome(work, token, reply, hung, limits)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _outcome(self, work: Path, token: str, reply: dict[str, Any] | None, hung: bool,
                 limits: Limits) -> Outcome:
        out_path, err_path = work / "stdout", work / "stderr"
        stdout_bytes = out_path.stat().st_size if out_path.is_file() else 0
        stdout, cut_out = read_tail(out_path, limits.output_bytes)
        stderr, cut_err = read_tail(err_path, limits.output_bytes)
        read = read_file(work / "events", channel.MAX_EVENTS_BYTES)
        events = channel.parse(read.data, token) if read is not None else channel.Events([])
        common: dict[str, Any] = {"stdout": stdout, "stderr": stderr,
                                  "output_truncated": cut_out or cut_err,
                  "stdout_bytes": stdout_bytes}
        if reply is None and hung:  # the server itself stopped answering: not the solution's
            self.stop()
            return Outcome(ProcessResult(returncode=None, seconds=limits.wall_seconds,
                                         timed_out=True, **common), False, events)
        if reply is None:  # the solution took the server down, or made it answer out of turn
            self.stop()
            return Outcome(ProcessResult(returncode=-signal.SIGKILL, seconds=0.0,
                                         signal=signal.SIGKILL, **common), True, events)
        return Outcome(ProcessResult(returncode=reply["returncode"],
                                     seconds=float(reply["seconds"]),
                                     timed_out=bool(reply["timed_out"]),
                                     signal=reply.get("signal"), **common), False, events)

    def _read_reply(self, timeout: float) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            raise ServerDied("no reply in time", hung=True)
        line = self.proc.stdout.readline()
        if not line:
            raise ServerDied("the server exited")
        reply = json.loads(line)
        if not isinstance(reply, dict):
            raise ValueError("a reply that is not an object")
        return reply


_SERVERS: dict[tuple, ForkServer] = {}
_SPARES: dict[tuple, list[ForkServer]] = {}  # started ahead, no thread's yet
_GUARD = threading.Lock()
_UNAVAILABLE: list[str] = []


def enabled() -> bool:
    """The fork server is used unless AGENTBENCH_FORKSERVER=0 (then a process per problem) or
    it proved unusable here (see :func:`unavailable_reason`)."""
    return (os.environ.get("AGENTBENCH_FORKSERVER", "1") not in ("0", "off", "no")
            and not _UNAVAILABLE)


def unavailable_reason() -> str:
    return _UNAVAILABLE[0] if _UNAVAILABLE else ""


def mark_unavailable(reason: str) -> None:
    if not _UNAVAILABLE:
        _UNAVAILABLE.append(reason)


def _kind(python: str, limits: Limits) -> tuple:
    """What makes two servers interchangeable."""
    return (python, limits.processes, limits.cgroup_memory_bytes, sandbox.mode())


def server_for(python: str, limits: Limits) -> ForkServer:
    """The calling thread's server: threads that run problems ahead (prefetching) each get
    their own, so problems run side by side while every server stays one-job-at-a-time. A
    thread's first server is one started ahead (:func:`prestart`) when one is left."""
    kind = _kind(python, limits)
    key = (*kind, threading.get_ident())
    with _GUARD:
        server = _SERVERS.get(key)
        if server is None:
            spares = _SPARES.get(kind)
            server = spares.pop() if spares else ForkServer(python, limits)
            _SERVERS[key] = server
        return server


def prestart(python: str, limits: Limits, count: int) -> None:
    """Start ``count`` servers in the background, for the threads that will run problems: a
    server takes a tenth of a second to start (the sandbox, the interpreter, its self-check),
    which pytest's collection can hide. One that fails to start is started again, and fails
    loudly, when a thread takes it."""
    kind = _kind(python, limits)
    with _GUARD:
        spares = _SPARES.setdefault(kind, [])
        new = [ForkServer(python, limits) for _ in range(count - len(spares))]
        spares.extend(new)
    for server in new:
        threading.Thread(target=server.start_ahead, daemon=True,
                         name="agentbench-fork-server-start").start()


def close_thread_servers() -> None:
    """Close the calling thread's servers (a thread that ran problems ahead, as it ends)."""
    me = threading.get_ident()
    with _GUARD:
        mine = [key for key in _SERVERS if key[-1] == me]
        servers = [_SERVERS.pop(key) for key in mine]
    for server in servers:
        server.close()


@atexit.register
def _close_all() -> None:
    for server in [*_SERVERS.values(), *(s for spares in _SPARES.values() for s in spares)]:
        server.close()
    _SERVERS.clear()
    _SPARES.clear()
