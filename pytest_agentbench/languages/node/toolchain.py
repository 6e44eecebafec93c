"""Finding Node.js and the checkout's ``node_modules`` (the TypeScript compiler, Jest, Biome),
for the JavaScript and TypeScript runners and their analysers."""

from __future__ import annotations

import json
import os
import re
import shutil
from functools import cache
from pathlib import Path

from ..base import Toolchain
from ..harness_runner import detect_toolchain

INSTALL_HINT = "npm ci (in the pytest-agentbench checkout)"
#: the checkout the plugin runs from (its ``node_modules``, installed by ``npm ci``)
CHECKOUT = Path(__file__).resolve().parents[3]


def node_program() -> str:
    """``node`` as PATH finds it (the bare name when it does not: the step then fails)."""
    return shutil.which("node") or "node"


def node_modules() -> Path | None:
    """Where ``typescript`` is installed: ``$AGENTBENCH_NODE_MODULES`` if set, else the
    checkout the plugin runs from, else ``./node_modules``."""
    explicit = os.environ.get("AGENTBENCH_NODE_MODULES")
    if explicit:
        candidates = [Path(explicit)]
    else:
        candidates = [CHECKOUT / "node_modules",
                      Path.cwd() / "node_modules"]
    for candidate in candidates:
        if (candidate / "typescript" / "package.json").is_file():
            return candidate.resolve()
    return None


def node_paths(support: Path) -> tuple[Path, ...]:
    """What the sandbox must show besides the system, even under ``/tmp``: ``node_modules``
    (the compiler, its library, Jest, Biome) and the ``support`` files."""
    modules = node_modules()
    return (support,) if modules is None else (modules, support)


@cache
def package_version(package_json: Path) -> str:
    try:
        return str(json.loads(package_json.read_text(encoding="utf-8")).get("version", "?"))
    except (OSError, ValueError):
        return "?"


def node_toolchain(minimum: tuple[int, ...], packages: tuple[str, ...]) -> Toolchain:
    """``node`` on PATH at version ``minimum`` or later, and ``node_modules`` holding every
    one of ``packages``; the version is node's and the first package's
    (``node v20.19.2; typescript 6.0.3``)."""
    node = detect_toolchain({"node": ("--version",)}, "apt-get install nodejs")
    if not node.available:
        return node
    found = re.match(r"v?(\d+)(?:\.(\d+))?", node.version)
    if found is not None and (int(found.group(1)), int(found.group(2) or 0)) < minimum:
        need = ".".join(map(str, minimum))
        return Toolchain(False, reason=f"node {node.version} is too old (the runner needs "
                         f"Node.js {need} or later)", install_hint="apt-get install nodejs")
    modules = node_modules()
    if modules is None:
        where = os.environ.get("AGENTBENCH_NODE_MODULES") or (
            f"{CHECKOUT / 'node_modules'} or ./node_modules")
        return Toolchain(False, reason=f"typescript not installed (not in {where})",
                         install_hint=INSTALL_HINT)
    for package in packages:
        if not (modules / package / "package.json").is_file():
            return Toolchain(False, reason=f"{package} not installed (not in {modules})",
                             install_hint=INSTALL_HINT)
    version = package_version(modules / packages[0] / "package.json")
    return Toolchain(True, version=f"node {node.version}; {packages[0]} {version}")
