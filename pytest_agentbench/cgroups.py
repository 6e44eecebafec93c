"""Control groups for sandboxed commands: caps on processes and memory for a whole process tree,
and a way to kill every process of it at the end, even those that left the process group.

Made where this process may create them (cgroup v1 or v2: root, or a delegated cgroup); where it
cannot, ``RLIMIT_NPROC`` caps processes instead (not for root, which the kernel exempts).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from functools import cache
from pathlib import Path

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
