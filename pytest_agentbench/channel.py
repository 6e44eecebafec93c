"""The outcome channel: how a harness inside the sandbox reports to the plugin outside it.

A harness used to append its events to a file in its work directory, which the solution (the
same process) could append to as well: two lines, a passed test and ``done``, forged a pass.
Now the events file lives outside the sandbox; the harness reaches it only through an inherited
descriptor (``AGENTBENCH_EVENTS_FD``), and it reads a random token once from another one
(``AGENTBENCH_TOKEN_FD``, a pipe the plugin wrote and closed) before the solution is loaded.
Every event carries the token as ``"t"``; the plugin keeps only events that do, and counts the
rest as forged, which voids the run.

What this cannot stop, said plainly: a solution runs in the harness's process, so one that finds
the token in the harness's memory (or, in Go and Rust, reads the token pipe before the harness
does and hands it over) can still write valid events. Data cases are safe all the same: their
expected values never enter the sandbox and are compared here, so a forged value is worth no
more than a returned one. Native tests, which run inside, are the exposed part.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import sandbox
from .models import ProcessResult
from .safe_read import read_file
from .sandbox import Limits

EVENTS_FD_ENV = "AGENTBENCH_EVENTS_FD"
TOKEN_FD_ENV = "AGENTBENCH_TOKEN_FD"
TOKEN_KEY = "t"
MAX_EVENTS_BYTES = 64 * 1024 * 1024  # past this a harness is flooding; the rest is not read


@dataclass(frozen=True)
class Events:
    """What came through a channel: the harness's events (token removed), and how many
    well-formed lines lacked the token."""

    events: list[dict[str, Any]]
    forged: int = 0
    cut: bool = False


def new_token() -> str:
    return secrets.token_hex(16)


def parse(data: bytes, token: str) -> Events:
    """Events carrying ``token``; a torn or unparsable line (a harness killed mid-write, or
    noise) is dropped, a well-formed event without the token is counted as forged."""
    events: list[dict[str, Any]] = []
    forged = 0
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):  # a value nested past what json can read
            continue
        if not isinstance(event, dict):
            continue
        if event.pop(TOKEN_KEY, None) != token:
            forged += 1
            continue
        events.append(event)
    return Events(events, forged)


class Channel:
    """One run's channel: an events file in ``directory`` (which the sandbox must not see) and
    a token. :meth:`open` gives the descriptors to pass to the harness."""

    def __init__(self, directory: Path, name: str = "events.jsonl") -> None:
        self.path = Path(directory) / name
        self.token = new_token()

    @contextlib.contextmanager
    def open(self) -> Iterator[dict[str, str]]:
        """The environment naming the two descriptors, which stay open (inheritable) while the
        context lasts; pass both to the child (``pass_fds``)."""
        events = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND
                         | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        read_end, write_end = os.pipe()
        try:
            os.write(write_end, self.token.encode())
            os.close(write_end)
            write_end = -1
            yield {EVENTS_FD_ENV: str(events), TOKEN_FD_ENV: str(read_end)}
        finally:
            for fd in (events, read_end, write_end):
                if fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(fd)

    @staticmethod
    def fds(env: dict[str, str]) -> tuple[int, int]:
        return int(env[EVENTS_FD_ENV]), int(env[TOKEN_FD_ENV])

    def events(self) -> Events:
        read = read_file(self.path, MAX_EVENTS_BYTES)
        if read is None:
            return Events([])
        parsed = parse(read.data, self.token)
        return Events(parsed.events, parsed.forged, read.cut)


def forged_message(forged: int) -> str:
    return (f"the solution wrote {forged} event(s) into the harness's outcome channel without "
            "its token; every outcome of this run is void")


def run_harness(argv: list[str], work: Path, env: dict[str, str], limits: Limits, *,
                cwd_writable: bool = False, writable: Sequence[Path] = (),
                readable: Sequence[Path] = ()) -> tuple[ProcessResult, Events]:
    """Run a harness sandboxed in ``work`` (read-only unless ``cwd_writable``) with a fresh
    channel: what the process did, and the events it reported."""
    with tempfile.TemporaryDirectory(prefix="agentbench-channel-") as tmp:
        chan = Channel(Path(tmp))
        with chan.open() as fds:
            proc = sandbox.run(argv, cwd=work, env={**env, **fds}, limits=limits,
                               pass_fds=Channel.fds(fds), cwd_writable=cwd_writable,
                               writable=writable, readable=readable)
        return proc, chan.events()
