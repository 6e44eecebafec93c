"""What the JavaScript and TypeScript languages share on Node.js: finding ``node`` and
``node_modules`` (:mod:`.toolchain`), the runner base (:mod:`.runner`) and reading what their
test runners reported (:mod:`.outcomes`). Each language stays a package of its own."""

from __future__ import annotations

from .outcomes import RunProgress, TestResult, event_seconds
from .runner import NO_COLOR, NodeRunner
from .toolchain import (
    CHECKOUT,
    INSTALL_HINT,
    node_modules,
    node_paths,
    node_program,
    node_toolchain,
    package_version,
)

__all__ = [
    "CHECKOUT",
    "INSTALL_HINT",
    "NO_COLOR",
    "NodeRunner",
    "RunProgress",
    "TestResult",
    "event_seconds",
    "node_modules",
    "node_paths",
    "node_program",
    "node_toolchain",
    "package_version",
]
