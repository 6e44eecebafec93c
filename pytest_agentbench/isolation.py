"""What isolation this machine gives untrusted code, verified from inside, and how to apply it.

Best first:

- **bubblewrap** (``bwrap``): new user, PID, mount, IPC, network, UTS and cgroup namespaces; no
  capabilities and ``no_new_privs``; no further user namespaces; a filesystem built from an
  allow-list (the system directories and the toolchains read-only, the command's own directory
  writable, a private size-capped ``/tmp`` and ``/dev/shm``; nothing of ``$HOME``, ``/root``,
  ``/run``, ``/var`` or the repository). Run by root, the sandbox runs as ``nobody``
  (:mod:`.sandbox_user`).
- **unshare** (util-linux): network and PID namespaces only; the filesystem stays visible.
- **none**: resource limits and the clean environment only.

``full`` is claimed only after :mod:`.sandbox_probe` has checked, inside a real sandbox, the
properties listed above. Independently, a cgroup (:mod:`.cgroups`) caps processes and memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import nsutil, sandbox_user
from .cgroups import Cgroup, cgroup_support
from .models import IsolationLevel

if TYPE_CHECKING:
    from .entries import IsolationRecord
    from .sandbox_probe import HostFacts

__all__ = ["Cgroup", "Isolation", "Wrapped", "cgroup_support", "detect", "wrap"]

MiB = 1024 * 1024
#: read-only in every sandbox: the system (symbolic links such as /bin -> usr/bin are kept)
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt")
TMP_BYTES = 256 * MiB  # the private /tmp of one sandbox
SHM_BYTES = 64 * MiB  # its private /dev/shm
HERE = Path(__file__).resolve().parent
PROBE = HERE / "sandbox_probe.py"


@dataclass(frozen=True)
class Isolation:
    method: str  # "bwrap" | "unshare" | "none"
    network: bool
    filesystem: bool
    pids: bool
    cgroup: str  # "" or the cgroup version used ("v1", "v2")
    detail: str = ""
    user: str = ""  # who the sandbox runs as
    failed: tuple[str, ...] = ()  # checks that did not hold, "name: what was seen"
    verified: tuple[str, ...] = field(default=())

    @property
    def level(self) -> IsolationLevel:
        if self.network and self.filesystem and self.pids and self.verified and not self.failed:
            return "full"
        return "partial" if (self.network or self.cgroup) else "none"

    def describe(self) -> str:
        parts = [f"{self.level} ({self.method}"]
        if self.method == "bwrap" and not self.failed and self.verified:
            parts.append(f"; verified inside: {len(self.verified)} checks (no capabilities, "
                         "no_new_privs, own user/PID/mount/IPC/network/UTS namespaces, no "
                         "mount, setns or ptrace, no network, host files and processes "
                         "invisible, private "
                         "/tmp and /dev/shm)")
        else:
            parts.append("; network: isolated" if self.network else "; network: OPEN")
            parts.append("; filesystem: allow-list" if self.filesystem
                         else "; filesystem: visible")
            parts.append("; processes: own PID namespace" if self.pids else "")
        if self.user:
            parts.append(f"; runs as {self.user}")
        parts.append(f"; cgroup {self.cgroup}: process and memory caps" if self.cgroup
                     else "; cgroup: none")
        text = "".join(parts) + ")"
        if self.failed:
            text += " - checks that failed: " + "; ".join(self.failed)
        return text + (f" - {self.detail}" if self.detail else "")

    def record(self, mode: str) -> IsolationRecord:
        """What the results file keeps of it (``run.isolation``), with the sandbox's mode."""
        return {"level": self.level, "method": self.method, "network": self.network,
                "filesystem": self.filesystem, "pids": self.pids, "cgroup": self.cgroup,
                "detail": self.detail, "user": self.user, "verified": list(self.verified),
                "failed": list(self.failed), "mode": mode}


@dataclass(frozen=True)
class Wrapped:
    """A command inside the sandbox, what the launching child must do just before exec
    (become the sandbox user, when this process is root), and the descriptors it must be
    given (the seccomp filter); :meth:`close` them once it started."""

    argv: list[str]
    switch_user: Callable[[], None] | None = None
    fds: tuple[int, ...] = ()

    def close(self) -> None:
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)


# ---------------------------------------------------------------- applying it


def wrap(argv: Sequence[str], cwd: Path, writable: Sequence[Path] = (),
         readable: Sequence[Path] = (), *, cwd_writable: bool = True,
         capabilities: Sequence[str] = (), mount_points: Sequence[str] = (),
         seccomp: bool = True) -> Wrapped:
    """``argv`` inside the best available namespaces.

    ``cwd`` (and ``writable``) are bound writable, ``readable`` read-only besides the system and
    the toolchains; ``cwd_writable=False`` binds ``cwd`` read-only (the command then writes only
    its private ``/tmp``). ``capabilities`` are kept inside the sandbox's own user namespace
    (the fork server needs ``CAP_SYS_ADMIN`` there to give each job its own namespaces);
    ``mount_points`` are empty directories made for it. ``seccomp=False`` leaves out the
    filter of :data:`nsutil.DENIED` (the fork server installs it in each job instead)."""
    method = _method()
    if method == "bwrap":
        return _bwrap(argv, Path(cwd), writable, readable, cwd_writable, capabilities,
                      mount_points, seccomp)
    if method == "unshare":
        return Wrapped([*_unshare_base(shutil.which("unshare") or "unshare"),
                        *_EXIT_STATUS_SHIM, *argv])
    return Wrapped(list(argv))


def _bwrap(argv: Sequence[str], cwd: Path, writable: Sequence[Path], readable: Sequence[Path],
           cwd_writable: bool, capabilities: Sequence[str],
           mount_points: Sequence[str], seccomp: bool = True) -> Wrapped:
    out = [shutil.which("bwrap") or "bwrap", *_bwrap_namespaces(capabilities)]
    fds: tuple[int, ...] = ()
    program = nsutil.seccomp_program() if seccomp else None
    if program is not None:
        fd = os.memfd_create("agentbench-seccomp", 0)  # inheritable: bwrap reads it
        os.write(fd, program)
        os.lseek(fd, 0, os.SEEK_SET)
        fds = (fd,)
        out += ["--seccomp", str(fd)]
    for top in SYSTEM_PATHS:
        if os.path.islink(top):
            out += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            out += ["--ro-bind", top, top]
    out += ["--proc", "/proc", "--dev", "/dev", "--size", str(TMP_BYTES), "--tmpfs", "/tmp",
            "--size", str(SHM_BYTES), "--tmpfs", "/dev/shm"]
    rw = [p for p in (cwd if cwd_writable else None, *writable) if p is not None]
    ro = [*toolchain_paths(), *readable, *([] if cwd_writable else [cwd])]
    binds = _binds(ro, rw)
    for path, how in binds:
        out += [how, str(path), str(path)]
    for point in mount_points:
        out += ["--dir", point]
    out += ["--remount-ro", "/", "--chdir", str(cwd), "--", *argv]
    switch = None
    if sandbox_user.switches_user():
        for path in {cwd, *rw}:  # a read-only cwd is bound read-only all the same
            sandbox_user.hand_over(path)
        switch = sandbox_user.become_sandbox_user(
            sandbox_user.staging_fd(path for path, _ in binds))
    return Wrapped(out, switch, fds)


def _bwrap_namespaces(capabilities: Sequence[str] = ()) -> list[str]:
    out = ["--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-net",
           "--unshare-uts", "--unshare-cgroup-try", "--disable-userns", "--die-with-parent",
           "--new-session", "--cap-drop", "ALL"]
    for cap in capabilities:
        out += ["--cap-add", cap]
    return out


def _binds(read_only: Sequence[Path], read_write: Sequence[Path]) -> list[tuple[Path, str]]:
    """(path, bwrap option) for every path to bind, parents first, each once (writable wins),
    leaving out what the system binds already show."""
    wanted: dict[Path, str] = {}
    for paths, how in ((read_only, "--ro-bind"), (read_write, "--bind")):
        for raw in paths:
            path = Path(os.path.abspath(raw))
            if not path.exists() or _under_system(path):
                continue
            wanted[path] = how if how == "--bind" else wanted.get(path, how)
    kept = {p: how for p, how in wanted.items()
            if not any(q in p.parents and wanted[q] == how for q in wanted)}
    return sorted(kept.items(), key=lambda item: (len(item[0].parts), str(item[0])))


def visible_under_tmp(readable: Sequence[Path] = ()) -> list[Path]:
    """The read-only binds a sandbox gets below ``/tmp`` (a CI clone's virtual environment,
    say): what a fork-server job binds again over its own fresh ``/tmp``."""
    return [path for path, how in _binds([*toolchain_paths(), *readable], [])
            if how == "--ro-bind" and Path("/tmp") in path.parents]


def _under_system(path: Path) -> bool:
    real = Path(os.path.realpath(path))
    return any(real == Path(top) or Path(top) in real.parents for top in SYSTEM_PATHS
               if os.path.isdir(top) and not os.path.islink(top))


def toolchain_paths() -> list[Path]:
    """What every sandbox reads besides the system: this interpreter and its virtual
    environment, this package, and every ``PATH`` entry (with the targets of its links)."""
    paths = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), HERE]
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        if entry and os.path.isabs(entry) and os.path.isdir(entry):
            paths.append(Path(entry))
            paths.append(Path(os.path.realpath(entry)))
    for path in (Path(sys.prefix), Path(sys.base_prefix)):
        paths.append(path.resolve())
    return paths


def _unshare_base(unshare: str) -> list[str]:
    argv = [unshare, "--net", "--pid", "--fork", "--kill-child", "--mount-proc"]
    if os.geteuid() != 0:
        argv.insert(1, "--map-root-user")
    return argv


# unshare reports a child killed by a signal as success; a shell in between turns it into
# 128 + signal, the convention bubblewrap uses too
_EXIT_STATUS_SHIM = ["/bin/sh", "-c", '"$@"; exit $?', "agentbench-sandbox"]


# ---------------------------------------------------------------- detecting and verifying


def _works(wrapped: Wrapped) -> bool:
    try:
        return subprocess.run(wrapped.argv, capture_output=True, timeout=15, check=False,
                              preexec_fn=wrapped.switch_user,
                              pass_fds=wrapped.fds).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        wrapped.close()


@cache
def _method() -> str:
    if shutil.which("bwrap"):
        with tempfile.TemporaryDirectory(prefix="agentbench-iso-") as tmp:
            if _works(_bwrap(["true"], Path(tmp), (), (), True, (), ())):
                return "bwrap"
    unshare = shutil.which("unshare")
    if unshare and _works(Wrapped([*_unshare_base(unshare), "true"])):
        return "unshare"
    return "none"


def _user() -> str:
    if sandbox_user.switches_user():
        return f"nobody (uid {sandbox_user.SANDBOX_UID}), not root"
    return f"this user (uid {os.getuid()}) in its own user namespace"


@cache
def detect() -> Isolation:
    cg = cgroup_support()
    method = _method()
    if method == "bwrap":
        failed, verified = verify()
        return Isolation("bwrap", True, True, True, cg, user=_user(), failed=tuple(failed),
                         verified=tuple(verified))
    if method == "unshare":
        return Isolation("unshare", True, False, True, cg,
                         "install bubblewrap for a private filesystem and user namespace")
    why = "install bubblewrap (apt-get install bubblewrap) or util-linux's unshare"
    return Isolation("none", False, False, False, cg, why)


def host_facts(canary: Path, port: int) -> HostFacts:
    """What a sandboxed process must not reach, for :mod:`.sandbox_probe`."""
    ns: dict[str, int] = {}
    for name in ("user", "pid", "mnt", "ipc", "net", "uts"):
        try:
            ns[name] = os.stat(f"/proc/self/ns/{name}").st_ino
        except OSError:
            ns[name] = -1
    with open(f"/proc/{os.getpid()}/cmdline", "rb") as fh:
        cmdline = fh.read().decode(errors="replace")
    home = Path(os.environ.get("HOME", "/root"))
    invisible = [Path("/run"), Path("/var"), home, home / ".ssh", *_some_files(Path.cwd())]
    return {"ns": ns, "pid": os.getpid(), "cmdline": cmdline, "canary": str(canary),
            "port": port, "invisible": [str(p) for p in invisible if _not_allowed(p)]}


def _some_files(directory: Path, count: int = 3) -> list[Path]:
    """A few regular files of ``directory`` (the repository pytest runs in, usually)."""
    try:
        return sorted(p for p in directory.iterdir() if p.is_file())[:count]
    except OSError:
        return []


def _not_allowed(path: Path) -> bool:
    """Whether ``path`` is outside what sandboxes are given (so it must be invisible)."""
    allowed = [Path(p) for p in SYSTEM_PATHS] + toolchain_paths()
    return not any(path == a or a in path.parents or path in a.parents for a in allowed)


def verify() -> tuple[list[str], list[str]]:
    """Run :mod:`.sandbox_probe` in a real sandbox: (failed checks, verified checks)."""
    with tempfile.TemporaryDirectory(prefix="agentbench-probe-") as tmp, \
            socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        work = Path(tmp, "work")
        work.mkdir()
        canary = Path(tmp, "canary")
        canary.write_text("must stay invisible")
        facts = work / "host.json"
        facts.write_text(json.dumps(host_facts(canary, listener.getsockname()[1])))
        wrapped = _bwrap([sys.executable, "-E", "-s", "-S", "-B", str(PROBE), str(facts)],
                         work, (), (), True, (), ())
        try:
            proc = subprocess.run(wrapped.argv, capture_output=True, text=True, timeout=60,
                                  check=False, preexec_fn=wrapped.switch_user,
                                  pass_fds=wrapped.fds,
                                  env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
        except (OSError, subprocess.SubprocessError) as exc:
            return [f"probe: did not start ({exc})"], []
        finally:
            wrapped.close()
        try:
            checks = json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return [f"probe: no answer (exit {proc.returncode}: {proc.stderr.strip()[-300:]})"], []
        owner = work / "owner-check"
        checks["not_root_outside"] = ("" if owner.exists() and owner.lstat().st_uid != 0
                                      else "files it writes belong to root")
    failed = [f"{name}: {seen}" for name, seen in checks.items() if seen]
    verified = [name for name, seen in checks.items() if not seen]
    return failed, verified
