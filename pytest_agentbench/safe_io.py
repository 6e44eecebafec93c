"""Reading files that untrusted code could have replaced: regular files only, never through a
symbolic link, never blocking on a FIFO or a device, and never more than a cap.

A solution (or an agent) that turns its output file into a link to ``/etc/shadow`` or
``/dev/zero``, or into a FIFO, must not get the plugin to read a secret into a report, to read
without end, or to hang.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Read:
    """``data`` is None when nothing could be read, with ``problem`` saying why; ``size`` is
    the file's size and ``cut`` whether only the first (or last) ``limit`` bytes were kept."""

    data: bytes | None
    size: int = 0
    cut: bool = False
    problem: str = ""


def _open_no_follow(path: Path, root: Path | None) -> int:
    """A descriptor of ``path``, opened without following a link in any component below
    ``root`` (or in the last component only, without a root)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY
    if root is None:
        return os.open(path, flags)
    rel = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root)))
    if rel.is_absolute() or rel.parts[:1] == ("..",):
        raise PermissionError(f"{path} is outside {root}")
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in rel.parts[:-1]:
            nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
                          dir_fd=fd)
            os.close(fd)
            fd = nxt
        return os.open(rel.parts[-1], flags, dir_fd=fd)
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int, *, root: Path | None = None,
                 tail: bool = False) -> Read:
    """At most ``limit`` bytes of the regular file ``path`` (its last bytes with ``tail``).

    A symbolic link (anywhere below ``root`` when given, else as the last component), a FIFO,
    a device or a directory is not read: ``data`` is None and ``problem`` names what it was."""
    try:
        fd = _open_no_follow(Path(path), root)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # O_NOFOLLOW met a link
            return Read(None, problem=f"{Path(path).name} is a symbolic link: not read")
        return Read(None, problem=f"{Path(path).name}: {exc.strerror or exc}")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return Read(None, problem=f"{Path(path).name} is {_kind(st.st_mode)}: not read")
        size = st.st_size
        if tail and size > limit:
            os.lseek(fd, size - limit, os.SEEK_SET)
        chunks: list[bytes] = []
        left = limit + (0 if tail else 1)
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        cut = len(data) > limit or size > limit
        return Read(data[:limit], max(size, len(data)), cut)
    except OSError as exc:
        return Read(None, problem=f"{Path(path).name}: {exc.strerror or exc}")
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_text_tail(path: Path, limit: int) -> tuple[str, bool]:
    """The last ``limit`` bytes of a regular file as text, and whether anything was cut
    (empty for anything but a regular file)."""
    read = read_regular(path, limit, tail=True)
    if read.data is None:
        return "", False
    return read.data.decode("utf-8", "replace"), read.cut
