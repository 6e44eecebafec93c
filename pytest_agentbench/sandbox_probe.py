"""Checks, made from inside a sandbox, of what the sandbox claims to prevent.

Standard library only (with ``nsutil.py`` beside it): run as a script by
:func:`pytest_agentbench.isolation.detect` (``python -I -S sandbox_probe.py HOST.json``) and
called by the Python fork server on its own job set-up. Prints one JSON object: check name ->
``""`` when the property holds, or what was seen instead.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Callable
from typing import TypedDict

import nsutil

NAMESPACES = ("user", "pid", "mnt", "ipc", "net", "uts")


class HostFacts(TypedDict):
    """What the sandbox must not reach (``isolation.host_facts`` writes it as JSON)."""

    ns: dict[str, int]  # namespace name -> the host's inode of it (-1: unreadable)
    pid: int
    cmdline: str
    canary: str
    port: int
    invisible: list[str]


def _attempt(action: Callable[[], object]) -> str:
    """'' when ``action`` failed (as it must), else a note that it worked."""
    try:
        action()
    except OSError:
        return ""
    return "succeeded"


def check(host: HostFacts) -> dict[str, str]:
    """``host`` holds what the sandbox must not reach: namespace ids, a process id, a canary
    file, a loopback port, and the paths that must be invisible."""
    out: dict[str, str] = {}
    fields = nsutil.status_fields()
    out["no_capabilities"] = "" if (fields.get("CapEff") == "0" * 16 and
                                    fields.get("CapPrm") == "0" * 16 and
                                    fields.get("CapBnd") == "0" * 16) else str(fields)
    out["no_new_privs"] = "" if fields.get("NoNewPrivs") == "1" else str(fields.get("NoNewPrivs"))
    out["wrote_owner_file"] = _writes(".", keep="owner-check")  # its owner is read outside
    for name in NAMESPACES:
        try:
            mine = os.stat(f"/proc/self/ns/{name}").st_ino
        except OSError as exc:
            out[f"own_{name}_namespace"] = f"unreadable: {exc}"
            continue
        out[f"own_{name}_namespace"] = "" if mine != host["ns"].get(name) else "shared"
    out["mount_refused"] = _attempt(lambda: nsutil.mount("tmpfs", "/tmp", "tmpfs", 0))
    out["remount_refused"] = _attempt(lambda: nsutil.mount(
        None, "/", None, nsutil.MS_REMOUNT | nsutil.MS_BIND))
    out["unshare_user_refused"] = _attempt(lambda: nsutil.unshare(nsutil.CLONE_NEWUSER))
    out["setns_refused"] = _attempt(_setns_own_network)
    out["ptrace_refused"] = _ptrace(os.getppid())
    out["host_processes_invisible"] = ("" if not os.path.exists(f"/proc/{host['pid']}")
                                       or _cmdline(host["pid"]) != host["cmdline"]
                                       else f"/proc/{host['pid']} is the host's process")
    out["canary_invisible"] = "" if not os.path.exists(host["canary"]) else host["canary"]
    seen = [p for p in host["invisible"] if os.path.exists(p)]
    out["paths_invisible"] = ", ".join(seen)
    out["network_closed"] = _attempt(lambda: socket.create_connection(
        ("127.0.0.1", host["port"]), timeout=2).close())
    out["tmp_private_writable"] = _writes("/tmp")
    out["shm_private_writable"] = _writes("/dev/shm")
    out["root_read_only"] = "" if _writes("/") else "/ is writable"
    return out


def _setns_own_network() -> None:
    fd = os.open("/proc/self/ns/net", os.O_RDONLY)
    try:
        nsutil.setns(fd, 0)
    finally:
        os.close(fd)


def _ptrace(pid: int) -> str:
    """'' when attaching to ``pid`` (the parent) is refused."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.ptrace(16, pid, None, None) != 0:  # PTRACE_ATTACH
        return ""
    libc.ptrace(17, pid, None, None)  # PTRACE_DETACH
    return f"attached to {pid}"


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().decode(errors="replace")
    except OSError:
        return ""


def _writes(directory: str, keep: str = "") -> str:
    path = os.path.join(directory, keep or f".agentbench-probe-{os.getpid()}")
    try:
        with open(path, "w") as fh:
            fh.write("x")
        if not keep:
            os.unlink(path)
    except OSError as exc:
        return f"not writable: {exc.strerror}"
    return ""


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        host_facts = json.load(fh)
    print(json.dumps(check(host_facts)))
