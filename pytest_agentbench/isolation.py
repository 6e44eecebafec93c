"""What isolation this machine can give untrusted code, and how to apply it to one command.

Detected once per process, best first:

- **bubblewrap** (``bwrap``): new network, PID, IPC and UTS namespaces (no network at all; every
  process of the solution dies with the sandbox), the whole filesystem read-only except the
  solution's own directory (and, for compile steps, the toolchain caches), a private ``/tmp``,
  and credential files under ``$HOME`` masked.
- **unshare** (util-linux): network and PID namespaces only; the filesystem stays writable.
- **none**: resource limits and the clean environment only.

Independently, a **cgroup** (v1 or v2, where this process may create one) caps the number of
processes and the memory of each sandboxed command, and lets every process the command started
be killed at the end even if it left the process group. Where no cgroup can be made,
``RLIMIT_NPROC`` caps processes (not for root, which the kernel exempts).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Credentials commonly kept in a home directory; masked inside the bubblewrap sandbox.
SECRET_PATHS = (
    ".ssh", ".aws", ".azure", ".gnupg", ".docker", ".kube", ".netrc", ".npmrc", ".pypirc",
    ".git-credentials", ".config/gcloud", ".config/gh", ".config/hub", ".claude", ".codex",
    ".anthropic", ".openai", ".aider", ".config/anthropic", ".config/openai", ".cache/pip",
    ".local/share/keyrings", ".password-store", ".bash_history", ".zsh_history",
    ".python_history",
)


@dataclass(frozen=True)
class Isolation:
    method: str  # "bwrap" | "unshare" | "none"
    network: bool
    filesystem: bool
    pids: bool
    cgroup: str  # "" or the cgroup version used ("v1", "v2")
    detail: str = ""

    @property
    def level(self) -> str:
        if self.network and self.filesystem and self.pids:
            return "full"
        return "partial" if (self.network or self.cgroup) else "none"

    def describe(self) -> str:
        parts = [f"{self.level} ({self.method}"]
        parts.append("; network: isolated" if self.network else "; network: OPEN")
        parts.append("; filesystem: read-only but own dir" if self.filesystem
                     else "; filesystem: writable")
        parts.append("; processes: own PID namespace" if self.pids else "")
        parts.append(f"; cgroup {self.cgroup}: process and memory caps" if self.cgroup
                     else "; cgroup: none")
        text = "".join(parts) + ")"
        return text + (f" - {self.detail}" if self.detail else "")

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "method": self.method, "network": self.network,
                "filesystem": self.filesystem, "pids": self.pids, "cgroup": self.cgroup,
                "detail": self.detail}


def _works(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=15, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@cache
def detect() -> Isolation:
    cg = cgroup_support()
    bwrap = shutil.which("bwrap")
    if bwrap and _works([bwrap, *_bwrap_base(), "--", "true"]):
        return Isolation("bwrap", True, True, True, cg)
    unshare = shutil.which("unshare")
    if unshare and _works([*_unshare_base(unshare), "true"]):
        return Isolation("unshare", True, False, True, cg,
                         "install bubblewrap for a read-only filesystem")
    why = "install bubblewrap (apt-get install bubblewrap) or util-linux's unshare"
    return Isolation("none", False, False, False, cg, why)


def _bwrap_base() -> list[str]:
    return ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--tmpfs", "/tmp"]


def _unshare_base(unshare: str) -> list[str]:
    argv = [unshare, "--net", "--pid", "--fork", "--kill-child", "--mount-proc"]
    if os.geteuid() != 0:
        argv.insert(1, "--map-root-user")
    return argv


# unshare reports a child killed by a signal as success; a shell in between turns it into
# 128 + signal, the convention bubblewrap uses too
_EXIT_STATUS_SHIM = ["/bin/sh", "-c", '"$@"; exit $?', "agentbench-sandbox"]


def _under_tmp(path: Path) -> bool:
    return Path("/tmp") in path.parents


def _visible_anyway(readable: Sequence[Path]) -> list[Path]:
    """What must stay readable under the sandbox's private ``/tmp``: ``readable``, and this
    interpreter, this package and every ``PATH`` entry, which a clone or a virtual environment
    under ``/tmp`` (as CI often makes) would otherwise hide from the toolchains."""
    found: list[Path] = []
    for path in (*readable, *_own_installation()):
        if path.exists():
            path = path.resolve()
            if _under_tmp(path) and not any(p == path or p in path.parents for p in found):
                found = [p for p in found if path not in p.parents] + [path]
    return found


def _own_installation() -> list[Path]:
    paths = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
             Path(__file__).resolve().parent]
    paths += [Path(entry) for entry in os.environ.get("PATH", "").split(os.pathsep)
              if entry and os.path.isabs(entry)]
    return paths


def wrap(argv: Sequence[str], cwd: Path, writable: Sequence[Path] = (),
         readable: Sequence[Path] = ()) -> list[str]:
    """``argv`` inside the best available namespaces, ``cwd`` (and ``writable``) writable.

    Everything else is read-only, ``/tmp`` included; ``readable`` names paths that must stay
    visible although they would be hidden (anything under ``/tmp``, which the sandbox
    replaces by its own)."""
    iso = detect()
    if iso.method == "bwrap":
        bwrap = shutil.which("bwrap") or "bwrap"
        out = [bwrap, *_bwrap_base()]
        for path in _visible_anyway(readable):
            out += ["--ro-bind", str(path), str(path)]
        for path in (cwd, *writable):
            if path.exists():
                out += ["--bind", str(path), str(path)]
        home = Path(os.environ.get("HOME", "/root"))
        for rel in SECRET_PATHS:
            secret = home / rel
            if secret.is_dir() and not secret.is_symlink():
                out += ["--tmpfs", str(secret)]
            elif secret.exists():
                out += ["--ro-bind", "/dev/null", str(secret)]
        # the mounts above made their parent directories on the fresh /tmp: without this a
        # solution could write there (into nothing that outlives it, but it must fail)
        out += ["--remount-ro", "/tmp"]
        return [*out, "--chdir", str(cwd), "--", *argv]
    if iso.method == "unshare":
        return [*_unshare_base(shutil.which("unshare") or "unshare"), *_EXIT_STATUS_SHIM, *argv]
    return list(argv)


# ---------------------------------------------------------------- cgroups

_counter = itertools.count()


@cache
def _cgroup_roots() -> tuple[str, dict[str, Path]]:
    """("v1"|"v2"|"", controller -> directory in which this process may make cgroups)."""
    own = _own_cgroups()
    v2 = Path("/sys/fs/cgroup")
    if (v2 / "cgroup.controllers").exists() and "" in own:
        base = v2 / own[""].lstrip("/")
        controllers = (base / "cgroup.controllers").read_text().split() if (
            base / "cgroup.controllers").exists() else []
        if "pids" in controllers and os.access(base, os.W_OK):
            return "v2", {"pids": base, "memory": base}
    roots: dict[str, Path] = {}
    for controller in ("pids", "memory"):
        mount = Path("/sys/fs/cgroup") / controller
        if controller in own and mount.is_dir():
            base = mount / own[controller].lstrip("/")
            if os.access(base, os.W_OK):
                roots[controller] = base
    return ("v1", roots) if "pids" in roots else ("", {})


def _own_cgroups() -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            for c in controllers.split(","):
                out[c] = path
    except OSError:
        pass
    return out


@cache
def cgroup_support() -> str:
    version, roots = _cgroup_roots()
    if not roots:
        return ""
    probe = Cgroup.create(processes=8, memory_bytes=64 << 20)
    if probe is None:
        return ""
    probe.remove()
    return version


class Cgroup:
    """One sandboxed command's cgroup(s): caps, the join step, and the final clean-up."""

    def __init__(self, dirs: dict[str, Path], version: str) -> None:
        self.dirs = dirs
        self.version = version

    @classmethod
    def create(cls, processes: int | None, memory_bytes: int | None) -> Cgroup | None:
        version, roots = _cgroup_roots()
        if not roots:
            return None
        name = f"agentbench-{os.getpid()}-{next(_counter)}"
        dirs: dict[str, Path] = {}
        try:
            if version == "v2":
                path = roots["pids"] / name
                path.mkdir()
                dirs["pids"] = path
                if processes:
                    (path / "pids.max").write_text(str(processes))
                if memory_bytes and (path / "memory.max").exists():
                    (path / "memory.max").write_text(str(memory_bytes))
                    if (path / "memory.swap.max").exists():
                        (path / "memory.swap.max").write_text("0")
            else:
                for controller, root in roots.items():
                    path = root / name
                    path.mkdir()
                    dirs[controller] = path
                if processes:
                    (dirs["pids"] / "pids.max").write_text(str(processes))
                if memory_bytes and "memory" in dirs:
                    (dirs["memory"] / "memory.limit_in_bytes").write_text(str(memory_bytes))
        except OSError:
            cls(dirs, version).remove()
            return None
        return cls(dirs, version)

    def join_paths(self) -> list[str]:
        """Files the child writes its own pid to, before exec (in preexec_fn)."""
        return [str(d / "cgroup.procs") for d in {str(p): p for p in self.dirs.values()}.values()]

    def pids(self) -> list[int]:
        out: set[int] = set()
        for d in self.dirs.values():
            with contextlib.suppress(OSError, ValueError):
                out.update(int(x) for x in (d / "cgroup.procs").read_text().split())
        return sorted(out)

    def memory_exceeded(self) -> bool:
        """Whether the kernel killed a process of this cgroup for memory."""
        d = self.dirs.get("memory")
        if d is None:
            return False
        name = "memory.events" if self.version == "v2" else "memory.oom_control"
        try:
            lines = (d / name).read_text().splitlines()
        except OSError:
            return False
        for line in lines:
            words = line.split()
            if len(words) == 2 and words[0] == "oom_kill" and words[1].isdigit():
                return int(words[1]) > 0
        return False

    def kill_all(self) -> None:
        for _ in range(50):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)

    def remove(self) -> None:
        self.kill_all()
        for d in self.dirs.values():
            for _ in range(100):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)
