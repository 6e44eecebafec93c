"""Finding Ruby: the directories the interpreter reads (for the sandbox) and the support
files (``support/``) the runner copies into a work directory."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

#: the harness, the minitest runner and the predefined node classes, in Ruby
SUPPORT = Path(__file__).with_name("support")


#: prints where the interpreter keeps its libraries and gems, one directory a line
_DIRS_SCRIPT = "puts RbConfig::CONFIG.values_at('prefix', 'rubylibprefix', 'bindir'), Gem.path"


@cache
def ruby_dirs(path: str) -> tuple[Path, ...]:
    """The directories the ``ruby`` on ``path`` reads (its prefix, libraries and gem paths),
    for sandboxes to read: a Ruby under a home (rbenv, rvm) or gems that ``gem install`` put
    in /var/lib/gems or ~/.local/share/gem lie outside the sandbox's system paths."""
    exe = shutil.which("ruby", path=path)
    if exe is None:
        return ()
    try:
        out = subprocess.run([exe, "-e", _DIRS_SCRIPT], capture_output=True, text=True,
                             timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    dirs = {Path(line.strip()) for line in out.stdout.splitlines() if line.strip()}
    return tuple(sorted(d for d in dirs if d.is_absolute() and d.is_dir()))


def toolchain_dirs() -> tuple[Path, ...]:
    """:func:`ruby_dirs` of the current ``PATH``."""
    return ruby_dirs(os.environ.get("PATH", ""))


@cache
def support_file(name: str) -> str:
    """The text of ``support/<name>``."""
    return (SUPPORT / name).read_text(encoding="utf-8")

