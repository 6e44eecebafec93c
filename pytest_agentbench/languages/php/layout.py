"""The PHP workspace: ``solution.php`` holding the signature, every function given a body that
throws."""

from __future__ import annotations

import re

from ...agents.workspace import Layout, with_bodies

_PHP_FUNCTION = re.compile(r"^(\s*)(?:(?:public|private|protected|static|final|abstract)\s+)*"
                           r"function\b")


def php_stub(sig: str) -> str:
    """The signature as a PHP file (``<?php``, strict types) whose functions throw."""
    body = with_bodies(sig, _PHP_FUNCTION,
                       lambda pad: [f"{pad}    throw new \\LogicException('not implemented');"])
    if body.lstrip().startswith("<?php"):
        return body
    return "<?php\n\ndeclare(strict_types=1);\n\n" + body


def php_layout(sig: str, entry: str, language: str) -> Layout:
    """``solution.php`` holding the signature with bodies that throw; ``*Test.php`` files are
    tests."""
    return Layout(language, "solution.php", {"solution.php": php_stub(sig)}, (".php",),
                  ("*Test.php",))
