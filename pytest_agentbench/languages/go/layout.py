"""The Go workspace: a module (``go.mod``) whose ``solution.go`` holds the signature with stub
bodies and the imports of the standard packages the signature names."""

from __future__ import annotations

import re
from functools import cache

from ...agents.workspace import Layout, with_bodies

_GO_FUNC = re.compile(r"^()func\b")
_GO_STD = ("bufio", "bytes", "context", "errors", "fmt", "io", "math", "os", "sort", "strings",
           "sync", "time")


def go_layout(sig: str, entry: str, language: str) -> Layout:
    """``solution.go`` (``package main``, bodies that panic) beside a ``go.mod`` for the local
    Go version; ``*_test.go`` files are tests."""
    if re.match(r"\s*package\s", sig):
        code = sig
    else:
        body = with_bodies(sig, _GO_FUNC, lambda pad: [f'{pad}\tpanic("not implemented")'])
        used = sorted({m for m in re.findall(r"\b([a-z]+)\.[A-Z]", sig) if m in _GO_STD})
        imports = ""
        if len(used) == 1:
            imports = f'import "{used[0]}"\n\n'
        elif used:
            imports = "import (\n" + "".join(f'\t"{u}"\n' for u in used) + ")\n\n"
        code = f"package main\n\n{imports}{body}\n"
    go_mod = f"module solution\n\ngo {_go_version()}\n"
    return Layout(language, "solution.go", {"solution.go": code, "go.mod": go_mod}, (".go",),
                  ("*_test.go",), "a Go module (`go.mod`)")


@cache
def _go_version() -> str:
    try:
        from .runner import GoRunner
        from .toolchain import go_language_version

        found = GoRunner().toolchain()
        return go_language_version(found) if found.available else "1.21"
    except Exception:  # no go here: the agent's own toolchain decides
        return "1.21"
