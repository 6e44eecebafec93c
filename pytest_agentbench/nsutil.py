"""Linux namespace, mount and capability calls that Python 3.11's ``os`` module lacks.

Standard library only: the Python fork server imports this module inside the sandbox (it is
copied there beside ``python_forkserver.py``), and the staging helper runs it as a script
(``python -I -S nsutil.py stage PATH...``, see :mod:`pytest_agentbench.sandbox_user`).
"""

from __future__ import annotations

import ctypes
import os
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
MS_SLAVE = 0x80000

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
_LAST_CAP = 63  # the kernel ignores numbers above its own last capability

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _b(text: str | None) -> bytes | None:
    return None if text is None else os.fsencode(text)


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def setns(fd: int, nstype: int) -> None:
    _check(_libc.setns(ctypes.c_int(fd), ctypes.c_int(nstype)), "setns")


def mount(source: str | None, target: str, fstype: str | None, flags: int,
          data: str | None = None) -> None:
    _check(_libc.mount(_b(source), _b(target), _b(fstype), ctypes.c_ulong(flags), _b(data)),
           f"mount {target}")


def prctl(option: int, arg: int = 0) -> None:
    _check(_libc.prctl(ctypes.c_int(option), ctypes.c_ulong(arg), ctypes.c_ulong(0),
                       ctypes.c_ulong(0), ctypes.c_ulong(0)), f"prctl {option}")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_all_capabilities() -> None:
    """Empty the bounding, ambient, effective, permitted and inheritable sets and forbid
    gaining privileges through exec (setuid files, file capabilities)."""
    for cap in range(_LAST_CAP + 1):
        _libc.prctl(PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0)  # EINVAL past the last
    _libc.prctl(PR_CAP_AMBIENT, ctypes.c_ulong(PR_CAP_AMBIENT_CLEAR_ALL), 0, 0, 0)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def status_fields(names: tuple[str, ...] = ("CapEff", "CapPrm", "CapBnd", "NoNewPrivs",
                                            "Uid")) -> dict[str, str]:
    """Fields of ``/proc/self/status`` (what the verification probe reports)."""
    out: dict[str, str] = {}
    with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in names:
                out[key] = value.strip()
    return out


# ---------------------------------------------------------------- the staging namespace


def stage(keep: list[str], hide: list[str]) -> None:
    """Run as root by the staging helper: in a new mount namespace, replace each directory in
    ``hide`` (ancestors that only root may traverse, such as ``/root``) by an empty, read-only
    tmpfs in which only the paths in ``keep`` below it are bound back. Then wait on stdin: the
    namespace lives as long as this process, which dies with its parent."""
    prctl(PR_SET_PDEATHSIG, 9)
    unshare(CLONE_NEWNS)
    mount(None, "/", None, MS_REC | MS_SLAVE)  # host mounts still arrive, none leave
    held = {path: os.open(path, os.O_PATH) for path in keep if os.path.exists(path)}
    for top in hide:
        mount("tmpfs", top, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for path, fd in held.items():
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "a"):
                pass
        mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        os.close(fd)
    for top in hide:
        mount("tmpfs", top, "tmpfs", MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
              "mode=0755")
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.read()


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "stage":
    args = sys.argv[2:]
    split = args.index("--hide")
    try:
        stage(args[:split], args[split + 1:])
    except OSError as exc:
        sys.stdout.write(f"error {exc}\n")
        sys.stdout.flush()
        sys.exit(1)
