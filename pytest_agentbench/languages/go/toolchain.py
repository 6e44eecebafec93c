"""Finding the Go toolchain and running the go command offline."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from ..base import Toolchain
from ..harness_runner import cache_root, detect_toolchain

INSTALL_HINT = "apt-get install golang-go"
MIN_GO = (1, 18)  # the harness and the suites use generics and strings.Cut


def find_toolchain() -> Toolchain:
    """The local ``go``, unavailable (with the reason) when older than :data:`MIN_GO`."""
    found = detect_toolchain({"go": ("version",)}, INSTALL_HINT)
    if found.available and version_tuple(go_language_version(found)) < MIN_GO:
        return Toolchain(False, found.version,
                         f"{found.version}: Go {'.'.join(map(str, MIN_GO))} or newer is "
                         "needed (generics)", INSTALL_HINT)
    return found


def offline_go_env(work: Path) -> dict[str, str]:
    """The go command on its own in ``work``: no network, no toolchain download, no workspace,
    no cgo, GOPATH and temporary files inside ``work``. The runner and the analysers add their
    build caches."""
    return {
        "GOPATH": str(work / ".gopath"),
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GOTOOLCHAIN": "local",
        "GOTELEMETRY": "off",
        "GOWORK": "off",
        "CGO_ENABLED": "0",
        "GO111MODULE": "on",
        # go ignores a go.mod in the temporary-files root, so that must be elsewhere
        "TMPDIR": str(work / ".tmp"),
    }


def _parse_version(text: str) -> str:
    match = re.search(r"go(\d+)\.(\d+)", text)
    return f"{match.group(1)}.{match.group(2)}" if match else "1.19"


def build_cache() -> Path:
    """The go build cache shared by every build (compile steps write it)."""
    return cache_root() / "go-build"


@cache
def go_root(path: str) -> Path | None:
    """GOROOT of the ``go`` found on ``path`` (None without one)."""
    exe = shutil.which("go", path=path)
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "env", "GOROOT"], capture_output=True, text=True, timeout=60,
                             check=False, env={**os.environ, "GOTOOLCHAIN": "local",
                                               "GOFLAGS": "", "GOWORK": "off"})
    except (OSError, subprocess.SubprocessError):
        return None
    root = out.stdout.strip()
    return Path(root) if out.returncode == 0 and root and Path(root).is_dir() else None


def go_language_version(toolchain: Toolchain) -> str:
    """``go version go1.19.8 linux/amd64`` -> ``1.19`` (the go.mod language version)."""
    return _parse_version(toolchain.version)


def version_tuple(version: str) -> tuple[int, ...]:
    """``1.21`` -> ``(1, 21)``, for comparing Go versions."""
    return tuple(int(p) for p in version.split(".") if p.isdigit())
