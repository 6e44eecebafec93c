"""Rust's toolchain: the real ``rustc`` behind a rustup proxy, its sysroot (for the sandbox
and the analysers), and the support library (``harness/rust_harness.rs``) built once per
rustc version."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..base import first_lines
from ..harness_runner import build_cached

HARNESS = Path(__file__).with_name("harness") / "rust_harness.rs"
SUPPORT_CRATE = "agentbench_support"
SUPPORT_RLIB = f"lib{SUPPORT_CRATE}.rlib"
INSTALL_HINT = "apt-get install rustc (or rustup: https://rustup.rs)"

#: One optimisation level for every build. Measured on the rust_mini references: opt-level=1
#: compiles about 1.6x faster than 2 and runs within ~20% of it; 0 compiles ~35% faster than 1
#: but runs iterator-heavy code ~10x slower, which would distort performance tests.
OPT_LEVEL = "1"
COMMON_FLAGS = ["--edition", "2021", "-C", f"opt-level={OPT_LEVEL}", "-C", "debuginfo=0",
                "-C", "overflow-checks=on"]
SUPPORT_FLAGS = ["--edition", "2021", "-C", "opt-level=2", "-C", "debuginfo=0"]


@dataclass(frozen=True)
class RustTools:
    rustc: str  # the compiler itself (not a rustup proxy, which needs RUSTUP_HOME)
    version: str  # `rustc -vV`


def _rustup_env(exe: str) -> dict[str, str] | None:
    """For a rustup proxy ``<home>/.cargo/bin/rustc`` run where ``HOME`` is elsewhere (a test's
    private home): the environment that points it back at ``<home>/.rustup``."""
    bin_dir = Path(exe).parent
    home = bin_dir.parent.parent
    if bin_dir.name != "bin" or bin_dir.parent.name != ".cargo" or \
            not (home / ".rustup").is_dir() or "RUSTUP_HOME" in os.environ:
        return None
    return {**os.environ, "RUSTUP_HOME": str(home / ".rustup"),
            "CARGO_HOME": str(bin_dir.parent)}


@functools.lru_cache(maxsize=8)
def _tools(path: str, home: str = "") -> RustTools | None:
    exe = shutil.which("rustc", path=path)
    if exe is None:
        return None
    for env in (None, _rustup_env(exe)):
        try:
            sysroot = subprocess.run([exe, "--print", "sysroot"], capture_output=True,
                                     text=True, timeout=60, check=True, env=env).stdout.strip()
            real = Path(sysroot, "bin", "rustc")
            rustc = str(real) if real.is_file() and os.access(real, os.X_OK) else exe
            version = subprocess.run([rustc, "-vV"], capture_output=True, text=True, timeout=60,
                                     check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        return RustTools(rustc, version)
    return None


def find_rust_tools() -> RustTools | None:
    """The real compiler and its version (None without a working rustc on PATH)."""
    return _tools(os.environ.get("PATH", ""), os.environ.get("HOME", ""))


def sysroot_paths() -> tuple[Path, ...]:
    """The toolchain's sysroot (rustc, clippy-driver, rustfmt, the standard library), for the
    sandbox to show: a rustup install keeps it under a home (``~/.rustup``) that it hides."""
    tools = find_rust_tools()
    return (Path(tools.rustc).parent.parent,) if tools is not None else ()


def rust_tools() -> RustTools:
    tools = find_rust_tools()
    if tools is None:
        raise RuntimeError(f"rustc is not available; install it: {INSTALL_HINT}")
    return tools


def support_library() -> Path:
    """The directory holding ``libagentbench_support.rlib``, built once per rustc version."""
    tools = rust_tools()
    sources = {
        "agentbench_support.rs": HARNESS.read_text(encoding="utf-8"),
        "BUILD": tools.version + "\n" + " ".join(SUPPORT_FLAGS) + "\n",
    }

    def build(directory: Path) -> None:
        proc = subprocess.run(
            [tools.rustc, *SUPPORT_FLAGS, "--crate-type", "rlib", "--crate-name", SUPPORT_CRATE,
             "-o", str(directory / SUPPORT_RLIB), str(directory / "agentbench_support.rs")],
            capture_output=True, text=True, timeout=600, check=False, cwd=directory)
        if proc.returncode != 0:
            raise RuntimeError("building the Rust support library failed:\n"
                               + first_lines(proc.stderr, 30))

    return build_cached("rust-support", sources, build)
