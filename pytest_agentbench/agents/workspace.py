"""The workspace of a ``cmd:`` agent: a fresh directory per item that holds the task and a
starter file in the problem's language, and what the agent changed in it.

Agents such as Claude Code, Aider or Codex CLI edit files instead of printing code. Each item's
workspace is laid out as the language's runner expects its source (``solution.py``, a Go
package with ``go.mod``, a Cargo crate with ``src/lib.rs``, ``Solution.java``...), with the
signature stub in the starter file. The workspace is snapshotted (a hash per file) before and
after the agent runs; the source file it created or changed becomes the answer, as a fenced
block in the problem's language, so extraction and everything after it see what they see for
an agent that prints its code. The agent's own state (``.claude/``, ``.claude-mpm/``,
``.aider*``, ``.git/``, any hidden path, ``node_modules/``, ``target/``) is never part of the
answer nor of the diff.

Everything the agent left is untrusted: files are read through :mod:`..safe_read` (never
through a symbolic link, regular files only, at most a cap), a link is compared by its target
and never followed, and a starter file turned into a link, a FIFO or a file over
:data:`~.base.MAX_ANSWER` is refused with the reason instead of being read.
"""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import safe_read
from ..models import Turn
from .base import MAX_ANSWER, size_text, too_large

ANSWER_FROM = ("auto", "stdout", "workspace")
AGENT_HOMES = ("user", "workspace")
TASK_FILE = "task.md"
HOME_DIR = ".home"  # the agent's HOME inside its workspace with --agentbench-agent-home workspace

#: directories never looked into: agent state, dependencies and build output
PRUNED_DIRS = frozenset({"node_modules", "target", "__pycache__", "vendor"})
MAX_FILES = 5000  # files hashed per snapshot; an agent that installs a world is not walked
MAX_DIFF_FILE = 256 * 1024  # a larger file is named in the diff, not shown
HASH_BYTES = MAX_ANSWER  # a larger file cannot be the answer: compared by size and time
MAX_DIFF = 64 * 1024  # characters of diff kept for the report


# ---------------------------------------------------------------- layouts


@dataclass(frozen=True)
class Layout:
    """How a language's workspace looks: its files (the starter among them) and which files
    can hold the answer."""

    language: str
    starter: str  # path of the starter file, relative to the workspace
    files: dict[str, str]  # every file written before the agent runs (the starter included)
    suffixes: tuple[str, ...]  # source files that may hold the answer
    tests: tuple[str, ...] = ()  # file-name patterns of tests: shown in the diff, never the answer
    what: str = ""  # how the task file describes the workspace

    @property
    def starter_text(self) -> str:
        return self.files[self.starter]


#: ``layout(signature, entry_point, language)``: a language's workspace (a bundle's ``layout``)
LayoutMaker = Callable[[str, str, str], Layout]


def layout_for(language: str, signature: str, entry_point: str,
               previous: str | None = None, maker: LayoutMaker | None = None) -> Layout:
    """The workspace of one problem, made by ``maker`` (a language bundle's ``layout``; the
    built-in one of ``language`` by default); ``previous`` (a repair turn's last answer)
    replaces the signature stub in the starter file."""
    maker = maker or _bundled_layout(language)
    layout = maker(signature.strip("\n") + "\n", entry_point, language)
    if previous is not None and previous.strip():
        files = dict(layout.files)
        files[layout.starter] = previous.rstrip("\n") + "\n"
        layout = Layout(layout.language, layout.starter, files, layout.suffixes, layout.tests,
                        layout.what)
    return layout


def _bundled_layout(language: str) -> LayoutMaker:
    """The layout of a built-in language that brings its own (in its bundle), else generic."""
    from ..languages import builtin_bundle  # the languages import this module

    bundle = builtin_bundle(language)
    return bundle.layout or _generic if bundle is not None else _generic


def with_bodies(sig: str, starts: re.Pattern[str], body: Callable[[str], list[str]],
                skip: tuple[str, ...] = (), closed: tuple[str, ...] = ("{", "}", ";")) -> str:
    """``sig`` with ``body(indent)`` after every declaration that ``starts`` matches (group 1:
    its indent) and that has no body yet (it does not end with one of ``closed``), a
    declaration whose parameters span several lines included: it ends where its parentheses
    close. Lines starting with ``skip`` (comments) are left alone."""
    lines = sig.rstrip().splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = starts.match(lines[i])
        if not found or lines[i].lstrip().startswith(skip):
            out.append(lines[i])
            i += 1
            continue
        end, depth = i, 0
        while True:
            depth += lines[end].count("(") - lines[end].count(")")
            if depth <= 0 or end + 1 == len(lines):
                break
            end += 1
        out += lines[i:end + 1]
        if not lines[end].rstrip().endswith(closed):
            indent = found.group(1)
            out[-1] = out[-1].rstrip() + " {"
            out += [*body(indent), f"{indent}}}"]
        i = end + 1
    return "\n".join(out) + "\n"


def _generic(sig: str, entry: str, language: str) -> Layout:
    """A language this module does not know (one a plugin adds): any file may be the answer."""
    return Layout(language, "solution", {"solution": sig}, ())



def write_layout(root: Path, layout: Layout) -> None:
    for rel, text in layout.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def previous_answer(history: tuple[Turn, ...], language: str) -> str | None:
    """The code of the last answer of a repair conversation: its longest block tagged with the
    language (or untagged), for the starter file of the next attempt."""
    if not history:
        return None
    from ..extract import fenced_blocks

    blocks = [b for b in fenced_blocks(history[-1].answer)
              if b.code.strip() and b.tag in ("", language)]
    if not blocks:
        return None
    return max(blocks, key=lambda b: len(b.code)).code


def note(layout: Layout, answer_from: str, attempt: int = 1) -> str:
    """The task file's section on the workspace (none when the answer is read from stdout)."""
    if answer_from == "stdout":
        return ""
    others = sorted(p for p in layout.files if p != layout.starter)
    where = f" It is {layout.what}." if layout.what else ""
    if others and not layout.what:
        where = " Also there: " + ", ".join(f"`{p}`" for p in others) + "."
    starter = (f"`{layout.starter}` holds your previous answer" if attempt > 1
               else f"`{layout.starter}` is a starter file with the signature")
    text = [
        "## Workspace",
        "",
        f"Your current directory is your workspace: `task.md` is this task, and {starter}."
        f"{where} Write the complete solution into `{layout.starter}`: when you are done, "
        "that file as a whole is taken as your answer (what the answer format above asks of "
        "the code block applies to the file). Tests or notes you write in other files are "
        "not part of the answer.",
    ]
    if answer_from == "auto":
        text += ["", "If you cannot write files, answer with the fenced code block instead."]
    return "\n".join(text)


# ---------------------------------------------------------------- snapshot and diff


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") or part in PRUNED_DIRS for part in rel.split("/"))


@dataclass(frozen=True)
class Snapshot:
    """What each file under the workspace is (state excluded): a hash of a regular file, the
    target of a link, the kind of anything else."""

    files: dict[str, str]
    top: frozenset[str]  # every top-level name, state included: to name what the agent left
    truncated: bool = False


def snapshot(root: Path) -> Snapshot:
    """The workspace walked without following a link (a linked directory is one entry)."""
    files: dict[str, str] = {}
    truncated = False
    for dirpath, dirnames, filenames, dir_fd in os.fwalk(root):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        links = [d for d in dirnames if _is_link(dir_fd, d)]
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d) and d not in links)
        for name in sorted([*filenames, *links]):
            if _hidden(name):
                continue
            if len(files) >= MAX_FILES:
                truncated = True
                break
            digest = _digest(dir_fd, name)
            if digest is not None:
                files[rel_dir + name] = digest
        if truncated:
            break
    try:
        top = frozenset(os.listdir(root))
    except OSError:
        top = frozenset()
    return Snapshot(files, top, truncated)


def _is_link(dir_fd: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(name, dir_fd=dir_fd).st_mode)
    except OSError:
        return False


def _digest(dir_fd: int, name: str) -> str | None:
    """A link by its target (never followed), a regular file by its content (by size and time
    over :data:`HASH_BYTES`), anything else by its kind; None when it is gone."""
    try:
        info = os.lstat(name, dir_fd=dir_fd)
        if stat.S_ISLNK(info.st_mode):
            return "link:" + os.readlink(name, dir_fd=dir_fd)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return f"special:{stat.S_IFMT(info.st_mode)}"
    large = f"large:{info.st_size}:{info.st_mtime_ns}"
    if info.st_size > HASH_BYTES:
        return large
    try:
        read = safe_read.read_at(dir_fd, name, HASH_BYTES)
    except safe_read.NotRead:  # replaced since the lstat
        return None
    return large if read.cut else hashlib.sha256(read.data).hexdigest()


@dataclass(frozen=True)
class Change:
    path: str
    how: str  # created | changed | deleted


@dataclass(frozen=True)
class WorkspaceResult:
    """What the agent did to its workspace, and the answer it holds (if any)."""

    changes: tuple[Change, ...]
    answer_path: str | None = None
    answer_code: str = ""
    answer_how: str = ""  # created | changed
    ignored: tuple[str, ...] = ()  # other source files changed, not taken as the answer
    state: tuple[str, ...] = ()  # top-level state the agent left (hidden files, dependencies)
    diff: str = ""
    truncated: bool = False
    problem: str = ""  # why no changed source file could be the answer (a link, binary...)
    refused: bool = False  # one was refused (a link, not a regular file, too large), not read

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def describe(self) -> str:
        """One line for the report: which file is the answer and what else changed."""
        if self.answer_path is None:
            if not self.changes:
                text = "no file changed in the workspace"
            else:
                names = ", ".join(f"{c.path} ({c.how})" for c in self.changes[:8])
                lead = ("no changed source file could be the answer" if self.problem
                        else "no source file of the answer changed in the workspace")
                text = f"{lead} (changed: {names})"
            return text + (f"; {self.problem}" if self.problem else "")
        lines = self.answer_code.count("\n")
        text = f"{self.answer_path} ({self.answer_how}, {lines} line{'s' if lines != 1 else ''})"
        if self.ignored:
            text += "; also changed, not part of the answer: " + ", ".join(self.ignored[:8])
        return text


def compare(root: Path, before: Snapshot, after: Snapshot, layout: Layout,
            entry_point: str, written: dict[str, str] | None = None) -> WorkspaceResult:
    """What changed between two snapshots; ``written`` holds the texts laid out before the
    agent ran (the layout's files by default), for the diff."""
    changes: list[Change] = []
    for path in sorted(set(before.files) | set(after.files)):
        old, new = before.files.get(path), after.files.get(path)
        if old == new:
            continue
        changes.append(Change(path, "created" if old is None else
                              "deleted" if new is None else "changed"))
    candidates = [c for c in changes if c.how != "deleted" and _is_source(c.path, layout)]
    chosen, code = None, ""
    problems: list[str] = []
    refused = False
    for change in _ranked(candidates, layout, root, entry_point):
        text, why, refusal = read_answer_file(root, change.path)
        if text is not None:
            chosen, code = change, text
            break
        problems.append(why)
        refused = refused or refusal
    ignored = tuple(c.path for c in candidates if chosen is None or c.path != chosen.path)
    state = tuple(sorted(n + ("/" if _is_dir(root / n) else "")
                         for n in after.top - before.top if _hidden(n)))
    diff = unified_diff(root, changes, written if written is not None else layout.files)
    truncated = before.truncated or after.truncated
    if state:
        diff += ("Left by the agent, not part of the answer nor of this diff: "
                 + ", ".join(state) + "\n")
    if truncated:
        diff += (f"The workspace holds more than {MAX_FILES} files: only the first "
                 f"{MAX_FILES} were compared.\n")
    return WorkspaceResult(
        tuple(changes), chosen.path if chosen else None, code, chosen.how if chosen else "",
        ignored, state, diff, truncated, "" if chosen else "; ".join(problems[:3]),
        refused and chosen is None)


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def read_answer_file(root: Path, path: str) -> tuple[str | None, str, bool]:
    """A changed file's text, or why it cannot be the answer and whether it was refused
    unread (a link, not a regular file, over the cap) rather than read and found unfit."""
    try:
        read = safe_read.read_capped(root, path, MAX_ANSWER)
    except safe_read.NotRead as exc:
        return None, f"{exc}: not read", True
    if read.cut:
        return None, too_large(f"{path} holds", read.size), True
    text = _decode(read.data)
    if text is None:
        return None, f"{path} is not a UTF-8 text file", False
    if not text.strip():
        return None, f"{path} is empty", False
    return text, "", False


def _is_source(path: str, layout: Layout) -> bool:
    name = path.rsplit("/", 1)[-1]
    if path == TASK_FILE or any(fnmatch.fnmatch(name, pat) for pat in layout.tests):
        return False
    if not layout.suffixes:
        return path not in layout.files or path == layout.starter
    return name.endswith(layout.suffixes)


def _ranked(candidates: list[Change], layout: Layout, root: Path,
            entry_point: str) -> list[Change]:
    """The starter file first, then files that name the entry point, then the largest."""
    word = re.compile(rf"\b{re.escape(entry_point)}\b") if entry_point else None

    def key(change: Change) -> tuple[int, int, int]:
        text = read_answer_file(root, change.path)[0] or ""
        names = bool(word and word.search(text))
        return (change.path != layout.starter, not names, -len(text))

    return sorted(candidates, key=key)


def _decode(data: bytes) -> str | None:
    """Text, or None for a binary file (a NUL byte, or not UTF-8)."""
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def unified_diff(root: Path, changes: list[Change] | tuple[Change, ...],
                 before_texts: dict[str, str]) -> str:
    """The workspace change as a unified diff (``a/`` before the agent, ``b/`` after); files
    laid out before the agent ran are diffed against what was written, others against
    nothing."""
    parts: list[str] = []
    for change in changes:
        if change.how != "created" and change.path not in before_texts:
            parts.append(f"File {change.path} {change.how} (its earlier content is not kept)\n")
            continue
        old = before_texts.get(change.path, "") if change.how != "created" else ""
        new = ""
        if change.how != "deleted":
            read, note = _diff_text(root, change)
            if read is None:
                parts.append(note)
                continue
            new = read
        a = "/dev/null" if change.how == "created" else f"a/{change.path}"
        b = "/dev/null" if change.how == "deleted" else f"b/{change.path}"
        diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                    a, b)
        parts.append("".join(line if line.endswith("\n") else line + "\n\\ No newline at end "
                             "of file\n" for line in diff))
    text = "".join(parts)
    if len(text) > MAX_DIFF:
        text = text[:MAX_DIFF] + f"\n... (diff cut at {MAX_DIFF // 1024} KiB)\n"
    return text


def _diff_text(root: Path, change: Change) -> tuple[str | None, str]:
    """The new text of a changed file for the diff, or None and the line said instead."""
    try:
        read = safe_read.read_capped(root, change.path, MAX_DIFF_FILE)
    except safe_read.NotRead as exc:
        return None, f"{exc} ({change.how}): not shown\n"
    if read.cut:
        return None, f"Large file {change.path} {change.how} ({size_text(read.size)}): not shown\n"
    text = _decode(read.data)
    return (text, "") if text is not None else (None, f"Binary file {change.path} {change.how}\n")


def fenced(code: str, language: str) -> str:
    """``code`` as one fenced block tagged ``language``, with a fence no line of it closes."""
    runs = [len(m.group(0)) for m in re.finditer(r"^[ \t]*(`{3,}|~{3,})", code, re.M)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}{language}\n{code.rstrip(chr(10))}\n{fence}\n"


# ---------------------------------------------------------------- home and keeping


def agent_home_env(root: Path) -> dict[str, str]:
    """HOME (and the XDG directories) inside the workspace, created, state excluded."""
    home = root / HOME_DIR
    env = {"HOME": str(home)}
    for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_DATA_HOME", ".local/share"), ("XDG_STATE_HOME", ".local/state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    return env


def keep(root: Path, directory: Path, name: str) -> Path | None:
    """Copy the workspace to ``directory/name`` (``name-2``... when taken), for debugging."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:120] or "workspace"
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / safe
    n = 2
    while target.exists():
        target = directory / f"{safe}-{n}"
        n += 1
    try:
        shutil.copytree(root, target, symlinks=True, copy_function=_copy_regular)
    except shutil.Error:
        pass  # a FIFO, a socket or a file that vanished: the rest is copied
    except OSError:
        return None
    return target


def _copy_regular(src: str, dst: str) -> None:
    """Copy a regular file; refuse (as copytree expects: OSError) a link swapped in since the
    walk, a FIFO or a device, which would block or never end."""
    try:
        fd = safe_read.open_regular(None, src)
    except safe_read.NotRead as exc:
        raise OSError(str(exc)) from None
    with os.fdopen(fd, "rb") as source, open(dst, "wb") as copy:
        shutil.copyfileobj(source, copy)
        os.fchmod(copy.fileno(), stat.S_IMODE(os.fstat(fd).st_mode))


@dataclass
class Workspace:
    """One item's workspace: lay it out, snapshot it, and read what the agent did."""

    root: Path
    layout: Layout
    before: Snapshot | None = None
    home_env: dict[str, str] = field(default_factory=dict)

    @property
    def starter_file(self) -> Path:
        return self.root / self.layout.starter

    written: dict[str, str] = field(default_factory=dict)

    @property
    def task_file(self) -> Path:
        return self.root / TASK_FILE

    def prepare(self, task: str, agent_home: str = "user") -> None:
        """Write the task and the layout, set up HOME if asked, and take the first snapshot."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.task_file.write_text(task, encoding="utf-8")
        write_layout(self.root, self.layout)
        self.written = {TASK_FILE: task, **self.layout.files}
        if agent_home == "workspace":
            self.home_env = agent_home_env(self.root)
        self.before = snapshot(self.root)

    def result(self, entry_point: str) -> WorkspaceResult:
        assert self.before is not None, "prepare() first"
        return compare(self.root, self.before, snapshot(self.root), self.layout, entry_point,
                       self.written)
