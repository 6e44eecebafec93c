"""Compiling TypeScript: the compile server (``support/compiler.js --server``, one per
pytest process) and the harness compiled once per content and TypeScript version."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

from ... import isolation, sandbox
from ...models import ProcessResult
from ..base import first_lines
from ..harness_runner import build_cached
from ..node import package_version
from .toolchain import COMPILER, SUPPORT, SUPPORT_JS


class CompileServer:
    """``node compiler.js --server``: started on first use, one per pytest process, replaced
    when it dies or overruns a request's time limit."""

    def __init__(self, node: str, modules: Path) -> None:
        self.node = node
        self.modules = modules
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self._home = tempfile.mkdtemp(prefix="agentbench-tsc-")
        self.started = 0
        atexit.register(self.close)

    def _start(self) -> bool:
        self.close(remove_home=False)
        env = sandbox.clean_env(Path(self._home))
        argv = [self.node, "--max-old-space-size=2048", str(COMPILER), str(self.modules),
                "--server"]
        wrapped = isolation.Wrapped(argv)
        if sandbox.mode() != "off":  # no network, read-only files: it needs neither
            wrapped = isolation.wrap(argv, Path(self._home), readable=(self.modules, SUPPORT))
        try:
            self._proc = subprocess.Popen(
                wrapped.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, cwd=self._home, env=env, start_new_session=True,
                preexec_fn=wrapped.switch_user, pass_fds=wrapped.fds)
        except OSError:
            self._proc = None
            return False
        finally:
            wrapped.close()
        self._buffer = b""
        self.started += 1
        try:
            ready = json.loads(self._read_line(120.0)).get("ready")
        except (OSError, TimeoutError, EOFError, ValueError, AttributeError):
            ready = False
        if not ready:
            self.close(remove_home=False, graceful=False)
        return bool(ready)

    def _read_line(self, timeout: float) -> bytes:
        assert self._proc is not None and self._proc.stdout is not None
        deadline = time.monotonic() + timeout
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise EOFError("the compile server exited")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def ask(self, directory: Path, request: dict[str, Any],
            timeout: float) -> tuple[dict[str, Any] | None, float]:
        """The server's reply to ``request`` about the files of ``directory`` (sent in the
        request) and the seconds it took; None when no server can answer. Raises
        :class:`TimeoutError` when the server overran ``timeout`` (it is replaced)."""
        names = {*request["roots"], *request["emit"]}
        files = {n: (directory / n).read_text(encoding="utf-8") for n in sorted(names)
                 if (directory / n).is_file()}
        line = json.dumps({**request, "dir": str(directory), "files": files}).encode() + b"\n"
        with self._lock:
            for _attempt in range(2):
                if (self._proc is None or self._proc.poll() is not None) and not self._start():
                    return None, 0.0
                assert self._proc is not None and self._proc.stdin is not None
                started = time.perf_counter()
                try:
                    self._proc.stdin.write(line)
                    self._proc.stdin.flush()
                    reply = json.loads(self._read_line(timeout))
                except TimeoutError:
                    self.close(remove_home=False, graceful=False)
                    raise
                except (OSError, EOFError, ValueError):
                    self.close(remove_home=False, graceful=False)
                    continue
                return reply, time.perf_counter() - started
        return None, 0.0

    def compile(self, directory: Path, request: dict[str, Any],
                timeout: float) -> ProcessResult | None:
        """Compile ``request``'s files of ``directory`` and write the JavaScript there; the
        result as a finished process, or None if no server can answer."""
        started = time.perf_counter()
        try:
            reply, seconds = self.ask(directory, request, timeout)
        except TimeoutError:
            return ProcessResult(None, time.perf_counter() - started, timed_out=True)
        if reply is None:
            return None
        ok = bool(reply.get("ok"))
        for name, text in (reply.get("outputs") or {}).items():
            target = (directory / name).resolve()
            if target.parent == directory.resolve():
                target.write_text(text, encoding="utf-8")
        return ProcessResult(0 if ok else 1, seconds, stdout=str(reply.get("diagnostics", "")))

    def close(self, remove_home: bool = True, graceful: bool = True) -> None:
        """Stop the server (it exits when its stdin closes; killed if it does not)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                if proc.stdin is not None:
                    proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=2 if graceful else 0.01)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        if remove_home:
            shutil.rmtree(self._home, ignore_errors=True)


_SERVERS: dict[tuple[str, str], CompileServer] = {}


def compile_server(node: str, modules: Path) -> CompileServer:
    key = (node, str(modules))
    if key not in _SERVERS:
        _SERVERS[key] = CompileServer(node, modules)
    return _SERVERS[key]


def server_enabled() -> bool:
    return os.environ.get("AGENTBENCH_TS_SERVER", "1").strip().lower() not in ("0", "no", "off",
                                                                                 "false")


@cache
def built_harness(node: str, modules: str) -> Path:
    compiled = [name.replace(".js", ".ts") for name in SUPPORT_JS]
    sources = {name: (SUPPORT / name).read_text(encoding="utf-8")
               for name in (*compiled, "compiler.js")}
    version = package_version(Path(modules) / "typescript" / "package.json")
    sources["typescript-version.txt"] = version + "\n"

    def build(directory: Path) -> None:
        request = {"dir": str(directory), "roots": compiled, "emit": compiled}
        (directory / "request.json").write_text(json.dumps(request), encoding="utf-8")
        result = None
        if server_enabled():
            result = compile_server(node, Path(modules)).compile(directory, request, 300)
        if result is None:
            proc = subprocess.run([node, str(directory / "compiler.js"), modules, "--once",
                                   str(directory / "request.json")],
                                  capture_output=True, text=True, timeout=300, check=False)
            result = ProcessResult(proc.returncode, 0.0, proc.stdout, proc.stderr)
        if result.returncode != 0 or not (directory / "harness.js").is_file():
            raise RuntimeError("the TypeScript harness does not compile:\n"
                               + first_lines(result.stdout or result.stderr, 20))

    return build_cached("typescript-harness", sources, build)
