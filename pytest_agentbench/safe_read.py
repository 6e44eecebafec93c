"""Read a file that an untrusted program (an agent) left in a directory the plugin made.

Nothing about such a file is trusted: its path is walked one component at a time from the
directory, each opened relative to the last with ``O_NOFOLLOW``, so a symbolic link (in the
file's place or a parent's, even one swapped in while the walk runs) is never followed out of
the directory; the file is looked at with ``lstat`` before it is opened, opened with
``O_NONBLOCK`` (a FIFO cannot block the open) and read only when ``fstat`` says it is a regular
file; and never more than a cap is read, so ``/dev/zero`` or a 200 MB file cannot exhaust
memory.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)
_DIR = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | os.O_CLOEXEC
_CHUNK = 1 << 16
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


class NotRead(Exception):
    """Why a file was not read, in words for the report: ``solution.py is a symbolic link
    (to /etc/passwd)``."""


@dataclass(frozen=True)
class Capped:
    """What was read: at most the cap, the file's size, and whether the file held more."""

    data: bytes
    size: int
    cut: bool


def read_capped(root: Path | str, rel: str, cap: int) -> Capped:
    """The file ``rel`` (``/``-separated, below ``root``), at most ``cap`` bytes of it.

    Raises :class:`NotRead` for a symbolic link (the file or a parent), anything but a regular
    file, a path that leaves ``root``, or a file that is gone.
    """
    *parents, name = _parts(rel)
    try:
        fd = os.open(root, _DIR & ~os.O_NOFOLLOW)  # the root is the plugin's own directory
    except OSError as exc:
        raise NotRead(f"{rel} cannot be read ({exc.strerror})") from None
    try:
        for i, part in enumerate(parents):
            inner = _enter(fd, part, "/".join(parents[:i + 1]), rel)
            os.close(fd)
            fd = inner
        return read_at(fd, name, cap, rel)
    finally:
        os.close(fd)


def read_at(dir_fd: int | None, name: str, cap: int, shown: str | None = None) -> Capped:
    """``name`` in the directory ``dir_fd`` (a path when ``dir_fd`` is None), read as
    :func:`read_capped` reads the last component of its path; ``shown`` names it in errors."""
    fd = open_regular(dir_fd, name, shown)
    try:
        size = os.fstat(fd).st_size
        data = _read_upto(fd, cap + 1)
    finally:
        os.close(fd)
    return Capped(data[:cap], max(size, len(data)), len(data) > cap)


def open_regular(dir_fd: int | None, name: str, shown: str | None = None) -> int:
    """A read-only descriptor of ``name``, which must be a regular file and not a link."""
    shown = shown or name
    try:
        before = os.lstat(name, dir_fd=dir_fd)
    except OSError as exc:
        raise NotRead(f"{shown} cannot be read ({exc.strerror})") from None
    if stat.S_ISLNK(before.st_mode):
        raise NotRead(f"{shown} is a symbolic link (to {link_text(dir_fd, name)})")
    if not stat.S_ISREG(before.st_mode):  # a device is never even opened
        raise NotRead(f"{shown} is {_kind(before.st_mode)}, not a regular file")
    try:
        fd = os.open(name, _OPEN, dir_fd=dir_fd)
    except OSError as exc:  # swapped for a link (ELOOP) or removed since the lstat
        raise NotRead(f"{shown} cannot be read ({exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRead(f"{shown} is {_kind(mode)}, not a regular file")
    return fd


def link_text(dir_fd: int | None, name: str) -> str:
    """Where a symbolic link points, fit for one line of a report."""
    try:
        target = os.readlink(name, dir_fd=dir_fd)
    except OSError:
        return "?"
    shown = target if target.isprintable() else repr(target)
    return shown if len(shown) <= 200 else shown[:200] + "..."


def _parts(rel: str) -> list[str]:
    parts = rel.split("/")
    if not rel or any(p in ("", ".", "..") for p in parts):
        raise NotRead(f"{rel!r} is not a path inside the directory")
    return parts


def _enter(fd: int, part: str, sofar: str, rel: str) -> int:
    """The directory ``part`` of ``fd``, opened without following a link."""
    try:
        if stat.S_ISLNK(os.lstat(part, dir_fd=fd).st_mode):
            raise NotRead(f"{rel} is below {sofar}, a symbolic link (to {link_text(fd, part)})")
        return os.open(part, _DIR, dir_fd=fd)
    except OSError as exc:
        raise NotRead(f"{rel} cannot be read ({sofar}: {exc.strerror})") from None


def _kind(mode: int) -> str:
    return next((what for test, what in _KINDS if test(mode)), "a special file")


def _read_upto(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_file(path: Path | str, cap: int) -> Capped | None:
    """At most ``cap`` bytes of the regular file ``path`` in a directory the plugin made (the
    last component is never followed); None for anything else or a missing file."""
    try:
        return read_at(None, str(path), cap)
    except NotRead:
        return None


def read_tail_text(path: Path | str, cap: int) -> tuple[str, bool]:
    """The last ``cap`` bytes of the regular file ``path`` as text, and whether anything was
    cut; ('', False) for anything but a regular file."""
    try:
        fd = open_regular(None, str(path))
    except NotRead:
        return "", False
    try:
        size = os.fstat(fd).st_size
        if size > cap:
            os.lseek(fd, size - cap, os.SEEK_SET)
        data = _read_upto(fd, cap)
    finally:
        os.close(fd)
    return data.decode("utf-8", "replace"), size > cap
