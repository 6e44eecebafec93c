"""Long-lived analysis processes: a tool started once, sandboxed, and asked about many files.

pylint, RuboCop, Checkstyle and javac spend most of a run starting (an interpreter or a JVM
loading the tool), not analysing. An :class:`AnalysisServer` starts such a tool's server program
(``support/``) on first use, in the sandbox :meth:`Analyser.execute` gives the tool itself (the
same allow-list of files, no network, the clean environment, a cgroup, as the sandbox user, with
the seccomp filter), and then sends it one request a line:

    {"id": 7, "args": ["--disable=all", ...], "files": {"solution.py": "..."}}

The server writes the files into a fresh directory of its own (``jobs/7`` below its home, inside
its sandbox), runs the tool in-process with ``args`` as its command line, removes the directory
and answers with what the command would have printed and its exit status:

    {"id": 7, "status": 16, "stdout": "[...]", "stderr": ""}    or    {"id": 7, "error": "..."}

The analyser reads that as it reads its process's output, so the findings are those of one
process per file (``tests/test_analysis_server.py`` checks it tool by tool).

Whatever the server cannot answer runs as one process, as before: a file it answers with an
error or does not survive (it is started again for the next file), a reply it garbles, and every
file once it could not start, in which case a warning says why, once. A request that overruns
its time limit is the tool's timeout, as with a process: the server is killed (and started
again for the next file). There is one server per tool and sandbox mode, per process and thread
(each is one request at a time); all are closed at exit. ``AGENTBENCH_ANALYSIS_SERVER=0`` turns
them off.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import isolation, sandbox
from ..models import ProcessResult
from .base import Analyser, AnalyserError

SUPPORT = Path(__file__).resolve().parent / "support"
#: what a tool's process gets from :meth:`Analyser.execute` besides its wall time
LIMITS = sandbox.Limits(output_bytes=4 << 20)
#: the longest reply read (a reply is the tool's output, which a process would keep the tail of)
MAX_REPLY = 64 << 20


def enabled() -> bool:
    return os.environ.get("AGENTBENCH_ANALYSIS_SERVER", "1").strip().lower() not in (
        "0", "off", "no", "false")


class Unavailable(RuntimeError):
    """This tool has no server here (the message says why)."""


@dataclass(frozen=True)
class ServerSpec:
    """How to start one tool's server: ``argv`` runs in its home directory; it reads
    ``readable`` besides what every sandbox reads, gets ``env`` besides the clean environment,
    and says it is ready within ``start_seconds``."""

    name: str
    argv: tuple[str, ...]
    readable: tuple[Path, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    start_seconds: float = 120.0


def python_tool_server(tool: str) -> ServerSpec:
    """A Python tool's long-lived process (``pylint``, ``lizard``): this interpreter running
    ``support/python_tool_server.py``."""
    return ServerSpec(tool, (sys.executable, str(SUPPORT / "python_tool_server.py"), tool))


class AnalysisServer:
    """One tool's long-lived process (see the module's docstring)."""

    def __init__(self, spec: ServerSpec) -> None:
        self.spec = spec
        self.owner = os.getpid()
        self.home: Path | None = None  # the running server's directory, a new one each start
        self.problem = ""  # why it cannot start ("" while it can)
        self.starts = 0  # how many times it was started
        self.answered = 0  # requests it answered with the tool's output
        self.lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._cgroup: isolation.Cgroup | None = None
        self._buffer = b""
        self._ids = itertools.count(1)

    # -- asking
    def ask(self, args: Sequence[str], files: Mapping[str, str],
            timeout: float) -> ProcessResult | None:
        """The tool's output for ``args`` run on ``files`` (name -> text), or None when this
        server cannot answer for them. Raises :class:`TimeoutError` when it overran ``timeout``
        (it is killed)."""
        with self.lock:
            if self._proc is None or self._proc.poll() is not None:
                self.stop()
                if self.problem or not self._start():
                    return None
            request_id = next(self._ids)
            line = json.dumps({"id": request_id, "args": list(args), "files": dict(files)})
            started = time.perf_counter()
            try:
                reply = self._exchange(line.encode() + b"\n", started + timeout)
                if reply.get("id") != request_id:
                    raise ValueError(f"a reply to {reply.get('id')!r}, not to {request_id}")
                if "error" in reply:
                    return None  # the file is run as a process: the server goes on
                result = ProcessResult(returncode=int(reply["status"]),
                                       seconds=time.perf_counter() - started,
                                       stdout=str(reply["stdout"]), stderr=str(reply["stderr"]))
            except TimeoutError:
                self.stop()
                raise
            except (OSError, EOFError, ValueError, KeyError, TypeError):
                self.stop()  # it did not survive this file, or garbled its reply
                return None
            self.answered += 1
            return result

    def _exchange(self, line: bytes, deadline: float) -> dict[str, Any]:
        """Send ``line``, read the reply; TimeoutError past ``deadline`` (perf_counter)."""
        assert self._proc is not None and self._proc.stdin is not None
        fd = self._proc.stdin.fileno()
        view = memoryview(line)
        while view:  # a server that stops reading cannot block this process
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            if select.select([], [fd], [], left)[1]:
                view = view[os.write(fd, view):]
        reply = json.loads(self._read_line(deadline))
        if not isinstance(reply, dict):
            raise ValueError("a reply that is not an object")
        return reply

    def _read_line(self, deadline: float) -> bytes:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise EOFError(f"the {self.spec.name} server exited")
                self._buffer += chunk
                if len(self._buffer) > MAX_REPLY:
                    raise ValueError("a reply longer than the output a process keeps")
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    # -- lifecycle
    def _start(self) -> bool:
        """Start the server in its sandbox; False (and :attr:`problem` says why) if it
        cannot."""
        self._remove_home()  # and what a killed server left in it
        self.home = home = Path(tempfile.mkdtemp(prefix=f"agentbench-{self.spec.name}-server-"))
        argv = list(self.spec.argv)
        wrapped = (isolation.wrap(argv, home, (), self.spec.readable)
                   if sandbox.mode() != "off" else isolation.Wrapped(argv))
        self._cgroup = isolation.Cgroup.create(LIMITS.processes, LIMITS.cgroup_memory_bytes)
        join = self._cgroup.join_paths() if self._cgroup is not None else []
        try:
            self._proc = subprocess.Popen(
                wrapped.argv, cwd=home, env=sandbox.clean_env(home, dict(self.spec.env)),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                start_new_session=True, pass_fds=wrapped.fds, close_fds=True,
                preexec_fn=sandbox.limit_setter(LIMITS, join, wrapped.switch_user))
        except OSError as exc:
            self.problem = f"could not start {argv[0]!r}: {exc}"
        finally:
            wrapped.close()
        if not self.problem:
            assert self._proc is not None and self._proc.stdin is not None
            os.set_blocking(self._proc.stdin.fileno(), False)
            self.starts += 1
            self.problem = self._ready()
        if self.problem:
            self.stop()
            return False
        return True

    def _ready(self) -> str:
        """"" once the server says it is ready, else why it is not."""
        try:
            hello = json.loads(self._read_line(time.perf_counter() + self.spec.start_seconds))
        except TimeoutError:
            return f"not ready within {self.spec.start_seconds:g} s"
        except EOFError:
            assert self._proc is not None
            return f"exited (status {self._proc.wait()}) before it was ready"
        except (OSError, ValueError) as exc:
            return f"did not say it was ready: {exc}"
        if isinstance(hello, dict) and hello.get("ready") is True:
            return ""
        return str(hello.get("error") if isinstance(hello, dict) else hello)[:500]

    def stop(self) -> None:
        """Kill the server (the next request starts another)."""
        proc, self._proc = self._proc, None
        self._buffer = b""
        if proc is not None:
            sandbox.kill_group(proc.pid)  # bwrap dies, and with it the sandbox (--die-with-parent)
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    stream.close()  # type: ignore[union-attr]
        if self._cgroup is not None:
            self._cgroup.kill_all()
            self._cgroup.remove()
            self._cgroup = None

    def close(self) -> None:
        if os.getpid() != self.owner:  # a forked child's copy: the parent's to close
            return
        self.stop()
        self._remove_home()

    def _remove_home(self) -> None:
        if self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None


_SERVERS: dict[tuple[ServerSpec, str, int, int], AnalysisServer] = {}
_UNAVAILABLE: dict[str, str] = {}  # server name -> why it has none
_GUARD = threading.Lock()


def server_for(spec: ServerSpec) -> AnalysisServer:
    """The calling thread's server for ``spec`` (one request at a time each)."""
    key = (spec, sandbox.mode(), os.getpid(), threading.get_ident())
    with _GUARD:
        server = _SERVERS.get(key)
        if server is None:
            server = _SERVERS[key] = AnalysisServer(spec)
        return server


def unavailable() -> dict[str, str]:
    """The servers that could not be used in this process, with the reason."""
    return dict(_UNAVAILABLE)


def _mark_unavailable(name: str, why: str) -> None:
    if name not in _UNAVAILABLE:
        _UNAVAILABLE[name] = why
        warnings.warn(f"agentbench: the long-lived {name} process is not used (one process per "
                      f"file instead): {why}", RuntimeWarning, stacklevel=2)


def _served(name: str, spec: Callable[[], ServerSpec], args: Sequence[str], work: Path,
            files: Sequence[str], timeout: float) -> ProcessResult | None:
    """The server's answer, or None (and the server marked unavailable if it cannot start)."""
    if name in _UNAVAILABLE:
        return None
    try:
        server = server_for(spec())
        reply = server.ask(args, {n: (work / n).read_text(encoding="utf-8") for n in files},
                           timeout)
        if reply is None and server.problem:
            raise Unavailable(server.problem)
    except Unavailable as exc:
        _mark_unavailable(name, str(exc))
        return None
    return reply


def execute(analyser: Analyser, server: str, spec: Callable[[], ServerSpec],
            argv: Sequence[str], args: Sequence[str], work: Path, files: Sequence[str], *,
            timeout: float, **options: Any) -> ProcessResult:
    """What the tool's command ``argv`` gives run in ``work`` by :meth:`Analyser.execute`
    (with ``options``): from the tool's ``server`` (started as ``spec()`` says, which raises
    :class:`Unavailable` when it cannot be) when it can answer, which runs ``args`` on a copy
    of ``files`` of ``work``; else from that one process."""
    if enabled():
        try:
            reply = _served(server, spec, args, work, files, timeout)
        except TimeoutError:
            raise AnalyserError(f"{analyser.name} did not finish within {timeout:g} s") from None
        if reply is not None:
            return reply
    try:
        return analyser.execute(list(argv), work, timeout, **options)
    except AnalyserError as exc:
        why = _UNAVAILABLE.get(server)
        if why:
            raise AnalyserError(f"{exc} (its long-lived process did not start: {why})") from None
        raise


@atexit.register
def close_all() -> None:
    with _GUARD:
        servers = list(_SERVERS.values())
        _SERVERS.clear()
    for server in servers:
        server.close()
