"""The built-in analysers of each language (imported once, on first use)."""

from __future__ import annotations

from . import register_analyser
from .go_tools import Gofmt, GoVet, Staticcheck
from .java_tools import Checkstyle, JavacLint
from .lizard_tool import Lizard
from .php_tools import PhpCodeSniffer, PhpLint, PhpMessDetector
from .python_tools import Pylint, Ruff
from .ruby_tools import RuboCop, RubyWarnings
from .rust_tools import Clippy, Rustfmt
from .typescript_tools import Biome, TscChecks

register_analyser("python", Ruff())
register_analyser("python", Pylint())
register_analyser("python", Lizard())

register_analyser("ruby", RuboCop())
register_analyser("ruby", RubyWarnings())
register_analyser("ruby", Lizard())

register_analyser("php", PhpLint())
register_analyser("php", PhpCodeSniffer())
register_analyser("php", PhpMessDetector())
register_analyser("php", Lizard())

register_analyser("go", Gofmt())
register_analyser("go", GoVet())
register_analyser("go", Staticcheck())
register_analyser("go", Lizard())

register_analyser("rust", Clippy())
register_analyser("rust", Rustfmt())
register_analyser("rust", Lizard())

register_analyser("java", JavacLint())
register_analyser("java", Checkstyle())
register_analyser("java", Lizard())

register_analyser("typescript", TscChecks())
register_analyser("typescript", Biome())
register_analyser("typescript", Lizard())
