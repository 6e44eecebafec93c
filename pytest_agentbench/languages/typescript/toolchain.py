"""The TypeScript runner's support files (``support/``: the harness, the reporter, the
compiler script) and what the sandbox reads; Node.js and ``node_modules`` are found by
:mod:`..node.toolchain`."""

from __future__ import annotations

from pathlib import Path

from ..node import node_paths

SUPPORT = Path(__file__).parent / "support"
COMPILER = SUPPORT / "compiler.js"
GLOBALS = "agentbench_globals.d.ts"
#: the compiled support files copied next to the solution (the sandbox may not see the cache)
SUPPORT_JS = ("harness.js", "prelude.js", "channel.js", "reporter.js")
#: what the timing harness needs of them
TIMING_JS = ("harness.js", "prelude.js", "channel.js")
MIN_NODE = 18  # node:test custom reporters, worker stack limits


def toolchain_paths() -> tuple[Path, ...]:
    """What the sandbox must show besides the system, even under ``/tmp``: ``node_modules``
    (the compiler, its library, Biome) and the support files."""
    return node_paths(SUPPORT)
