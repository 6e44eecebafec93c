"""The TypeScript workspace: ``solution.ts`` holding the signature with stub bodies."""

from __future__ import annotations

import re

from ...agents.workspace import Layout, with_bodies

_TS_FUNCTION = re.compile(r"^()(?:export\s+)?(?:declare\s+)?(?:async\s+)?function\b")
_TS_METHOD = re.compile(r"^(\s+)(?:(?:public|private|protected|static|async|get|set|readonly)\s+)*"
                        r"(?:constructor|\*?[A-Za-z_$#][\w$]*)\s*(?:<[^(]*>)?\s*\(")


def typescript_stub(sig: str) -> str:
    """``sig`` with a body that throws "not implemented" after every function and method
    header that has none."""
    def body(pad: str) -> list[str]:
        return [f'{pad}  throw new Error("not implemented");']

    comments, closed = ("//", "*", "/*"), ("{", "}", ";", ",")
    functions = with_bodies(sig, _TS_FUNCTION, body, comments, closed)
    return with_bodies(functions, _TS_METHOD, body, comments, closed)


def typescript_layout(sig: str, entry: str, language: str) -> Layout:
    """``solution.ts``; test files and declaration files are never the answer."""
    return Layout(language, "solution.ts", {"solution.ts": typescript_stub(sig)},
                  (".ts", ".mts", ".cts"), ("*.test.ts", "*.spec.ts", "*.d.ts"))
