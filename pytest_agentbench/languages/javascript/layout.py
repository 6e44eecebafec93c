"""The JavaScript workspace: ``solution.js`` holding the signature with stub bodies."""

from __future__ import annotations

import re

from ...agents.workspace import Layout, with_bodies

_FUNCTION = re.compile(r"^()(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b")
_METHOD = re.compile(r"^(\s+)(?:(?:static|async|get|set)\s+)*(?:constructor|\*?#?[A-Za-z_$][\w$]*)"
                     r"\s*\(")
_ARROW = re.compile(r"^()(?:export\s+)?(?:const|let|var)\s+[A-Za-z_$][\w$]*\s*=\s*(?:async\s+)?\(")


def javascript_stub(signature: str) -> str:
    """``signature`` with a body that throws "not implemented" after every function, method
    and arrow-function header that has none, so the starter parses and runs."""
    def body(pad: str) -> list[str]:
        return [f'{pad}  throw new Error("not implemented");']

    comments, closed = ("//", "*", "/*"), ("{", "}", ";", ",", "=>")
    text = with_bodies(signature, _FUNCTION, body, comments, closed)
    text = with_bodies(text, _METHOD, body, comments, closed)
    arrows = with_bodies(text, _ARROW, body, comments, closed)
    # an arrow function's header gets "=> {" where a function's gets " {"
    return re.sub(r"^((?:export\s+)?(?:const|let|var)\s+[\w$]+\s*=\s*(?:async\s+)?\(.*\)) \{$",
                  r"\1 => {", arrows, flags=re.M)


def javascript_layout(signature: str, entry_point: str, language: str) -> Layout:
    """``solution.js`` (either module system: the runner accepts both), tests excluded."""
    return Layout(language, "solution.js", {"solution.js": javascript_stub(signature)},
                  (".js", ".mjs", ".cjs"), ("*.test.js", "*.spec.js", "*.test.mjs",
                                            "*.spec.mjs"))
