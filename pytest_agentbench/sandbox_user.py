"""Which user untrusted code runs as, and how root hands a sandbox over to that user.

Run by an ordinary user, bubblewrap puts the code in a new user namespace as that user: it has
no capability outside the namespace and none left inside (bubblewrap drops them). Run by root,
it would keep root's identity on every file it can see (``/etc/shadow``, root's home), so the
sandbox runs as ``nobody`` (65534) instead: the launching child switches user just before it
execs bubblewrap.

``nobody`` cannot traverse ``/root`` (mode 0700), where toolchains often live (pyenv, rustup,
cargo). So root keeps one *staging* mount namespace per process, made by a helper
(``nsutil.py stage``): a copy of the host's in which each directory only root may traverse is an
empty read-only tmpfs holding bind mounts of just the paths the sandbox needs below it. The
launching child enters it (``setns``) before switching user, and bubblewrap, now ``nobody``,
binds those paths by their usual names. Directories the sandbox writes are handed to ``nobody``
(:func:`hand_over`).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from . import nsutil

SANDBOX_UID = 65534  # nobody
SANDBOX_GID = 65534  # nogroup
_NSUTIL = Path(__file__).with_name("nsutil.py")


def switches_user() -> bool:
    """Whether sandboxes run as another user than this process (when this process is root)."""
    return os.geteuid() == 0


def _traversable_by_others(path: Path) -> bool:
    try:
        st = path.stat()
    except OSError:
        return True  # a missing directory hides nothing
    if st.st_uid == SANDBOX_UID:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid == SANDBOX_GID:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def hidden_ancestor(path: Path) -> Path | None:
    """The highest ancestor of ``path`` that the sandbox user may not traverse, if any."""
    for parent in reversed(path.parents):
        if parent != Path("/") and not _traversable_by_others(parent):
            return parent
    return None


class _Staging:
    """The helper process holding the staging namespace, and a descriptor of it."""

    def __init__(self, keep: frozenset[Path], hide: frozenset[Path]) -> None:
        self.keep = keep
        self.hide = hide
        args = [sys.executable, "-I", "-S", str(_NSUTIL), "stage",
                *sorted(map(str, keep)), "--hide", *sorted(map(str, hide))]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode(errors="replace").strip()
        if line != "ready":
            self.close()
            raise OSError(f"the staging namespace could not be made: {line or 'no answer'}")
        self.fd: int | None = os.open(f"/proc/{self.proc.pid}/ns/mnt",
                                      os.O_RDONLY | os.O_CLOEXEC)

    def close(self) -> None:
        fd = getattr(self, "fd", None)
        if fd is not None:
            os.close(fd)
            self.fd = None
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


_LOCK = threading.Lock()
_STAGING: dict[str, _Staging] = {}


def staging_fd(paths: Iterable[Path]) -> int | None:
    """A descriptor of a staging namespace in which every path in ``paths`` is reachable by
    the sandbox user, made (or remade, with the union of what was asked) when needed; None
    when nothing is hidden."""
    keep: set[Path] = set()
    hide: set[Path] = set()
    for path in paths:
        path = Path(os.path.realpath(path))
        top = hidden_ancestor(path)
        if top is not None and path.exists():
            keep.add(path)
            hide.add(top)
    if not keep:
        return None
    with _LOCK:
        current = _STAGING.get("ns")
        if current is not None and current.proc.poll() is None and keep <= current.keep:
            return current.fd
        if current is not None:  # remade with the union of what is still there
            keep |= {p for p in current.keep if p.exists()}
            hide |= {p for p in current.hide if p.exists()}
            current.close()
        _STAGING["ns"] = _Staging(frozenset(_outermost(keep)), frozenset(hide))
        return _STAGING["ns"].fd


def _outermost(paths: set[Path]) -> set[Path]:
    """Paths none of which lies inside another (binding the outer one shows the inner)."""
    return {p for p in paths if not any(q != p and q in p.parents for q in paths)}


def close() -> None:
    with _LOCK:
        for staging in _STAGING.values():
            staging.close()
        _STAGING.clear()


def become_sandbox_user(stage: int | None) -> Callable[[], None]:
    """For ``preexec_fn`` (after joining the cgroup and setting limits): enter the staging
    namespace, then drop every group and become the sandbox user, so that bubblewrap, exec'd
    next, runs unprivileged."""

    def switch() -> None:
        if stage is not None:
            nsutil.setns(stage, nsutil.CLONE_NEWNS)
        os.setgroups([])
        os.setgid(SANDBOX_GID)
        os.setuid(SANDBOX_UID)

    return switch


def hand_over(path: Path, recursive: bool = False) -> None:
    """Make ``path`` (a directory the sandbox writes) the sandbox user's, when sandboxes run as
    another user; ``recursive`` for a tree that already holds files (a build cache)."""
    if not switches_user() or not path.exists():
        return
    if not recursive:
        _own(path)
        return
    for dirpath, dirnames, filenames in os.walk(path):
        _own(Path(dirpath))
        for name in (*dirnames, *filenames):
            _own(Path(dirpath, name))


def _own(path: Path) -> None:
    try:
        st = path.lstat()
        if st.st_uid != SANDBOX_UID or st.st_gid != SANDBOX_GID:
            os.lchown(path, SANDBOX_UID, SANDBOX_GID)
    except OSError:
        pass
