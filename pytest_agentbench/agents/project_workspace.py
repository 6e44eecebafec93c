"""The workspace of a project problem (an Exercism exercise) for a ``cmd:`` agent.

It is laid out as the exercise is, without its tests: every solution file's stub and every
support file (editor files, ``go.mod``, ``Cargo.toml``...) at its path, the main solution file
being the starter. What the agent changed is read back file by file: every solution file it
created or changed (read as :mod:`.workspace` reads an answer: through :mod:`..safe_read`, never
through a link, at most :data:`~.base.MAX_ANSWER`), which becomes an answer of several files,
each after a line with its path (:func:`~pytest_agentbench.project.format_files`), for the same
extraction as a printed answer. A changed support file is named, never taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..extract import fenced_blocks, solution_path
from ..models import Problem, Turn
from ..project import format_files
from . import workspace as ws


def project_layout(problem: Problem, previous: Mapping[str, str] | None = None) -> ws.Layout:
    """The exercise's files the agent may see, at their paths; ``previous`` (a repair turn's
    last answer) replaces the stubs of the files it holds."""
    project = problem.project
    assert project is not None
    files = dict(project.support)
    for path in project.solution:
        files[path] = (previous or {}).get(path, project.stubs.get(path, ""))
    what = ("the exercise's directory without its tests: "
            + ", ".join(f"`{p}`" for p in files))
    return ws.Layout(problem.language, project.main, files, (), (), what)


def previous_files(history: tuple[Turn, ...], problem: Problem) -> dict[str, str] | None:
    """The solution files of the last answer of a repair conversation: its blocks labelled
    with a solution path, else its longest block (tagged with the language, or untagged) as
    the main file."""
    if not history or problem.project is None:
        return None
    blocks = [b for b in fenced_blocks(history[-1].answer) if b.code.strip()]
    files: dict[str, str] = {}
    for block in blocks:
        path = solution_path(block.names, problem.project.solution)
        if path is not None:
            files[path] = block.code
    if files:
        return files
    plain = [b for b in blocks if b.tag in ("", problem.language)]
    return {problem.project.main: max(plain, key=lambda b: len(b.code)).code} if plain else None


def project_note(problem: Problem, answer_from: str, attempt: int = 1) -> str:
    """The task file's section on the workspace (none when the answer is read from stdout)."""
    project = problem.project
    assert project is not None
    if answer_from == "stdout":
        return ""
    files = ", ".join(f"`{p}`" for p in project.solution)
    state = "hold your previous answer" if attempt > 1 else "are the exercise's starters"
    text = [
        "## Workspace",
        "",
        f"Your current directory is your workspace: `task.md` is this task, and it holds the "
        f"exercise's files at their paths (its tests are not there). The solution files "
        f"({files}) {state}. Write your solution into them: when you are done, every solution "
        "file you changed is taken, whole, as your answer. Changes to other files, and files "
        "you add, are not part of the answer.",
    ]
    if answer_from == "auto":
        text += ["", "If you cannot write files, answer as the answer format above says."]
    return "\n".join(text)


@dataclass(frozen=True)
class ProjectResult(ws.WorkspaceResult):
    """What the agent did to a project workspace: ``files``, the solution files it wrote."""

    files: dict[str, str] = field(default_factory=dict)

    def reply_text(self, language: str) -> str:
        """The answer as the agent would have printed it: each file after its path."""
        return format_files(self.files, language)

    def describe(self) -> str:
        if not self.files:
            return super().describe()
        lines = sum(text.count("\n") for text in self.files.values())
        text = (f"{', '.join(self.files)} ({len(self.files)} solution file"
                f"{'s' if len(self.files) != 1 else ''}, {lines} lines)")
        if self.ignored:
            text += "; also changed, not part of the answer: " + ", ".join(self.ignored[:8])
        return text


class ProjectWorkspace(ws.Workspace):
    """A project problem's workspace: :func:`project_layout`, read back by solution file."""

    def __init__(self, root: Path, problem: Problem,
                 previous: Mapping[str, str] | None = None) -> None:
        super().__init__(root, project_layout(problem, previous))
        self.problem = problem

    def result(self, entry_point: str) -> ProjectResult:
        base = super().result(entry_point)
        project = self.problem.project
        assert project is not None
        files: dict[str, str] = {}
        problems: list[str] = []
        refused = False
        for change in base.changes:
            if change.path not in project.solution or change.how == "deleted":
                continue
            text, why, refusal = ws.read_answer_file(self.root, change.path)
            if text is None:
                problems.append(why)
                refused = refused or refusal
            else:
                files[change.path] = text
        ignored = tuple(c.path for c in base.changes if c.path not in project.solution)
        main = project.main if project.main in files else next(iter(files), None)
        return ProjectResult(
            base.changes, main, files.get(main, "") if main else "",
            next((c.how for c in base.changes if c.path == main), ""), ignored, base.state,
            base.diff, base.truncated, "" if files else "; ".join(problems[:3]),
            refused and not files, files)
