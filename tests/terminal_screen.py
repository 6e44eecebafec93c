"""Run a command in a pseudo-terminal and read back what a person would see on the screen."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pyte


def run_in_pty(argv: list[str], cwd: Path, columns: int = 100, rows: int = 24,
               timeout: float = 300.0) -> tuple[int, bytes]:
    """Run ``argv`` with a terminal of ``columns`` x ``rows`` as its stdin, stdout and stderr;
    its exit status and every byte it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm", "COLUMNS": str(columns), "LINES": str(rows)}
    for name in ("NO_COLOR", "PY_COLORS", "FORCE_COLOR", "CI", "PYTEST_ADDOPTS"):
        env.pop(name, None)
    proc = subprocess.Popen(argv, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the other side is closed
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return proc.returncode, bytes(out)


def screen_lines(raw: bytes, columns: int = 100, rows: int = 24) -> list[str]:
    """What the terminal shows after ``raw``, scrolled-off lines included, right-stripped."""
    screen = pyte.HistoryScreen(columns, rows, history=100_000)
    stream = pyte.ByteStream(screen)
    stream.feed(raw)
    above = ["".join(ch.data for _, ch in sorted(line.items())) for line in screen.history.top]
    lines = [line.rstrip() for line in above] + [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines
