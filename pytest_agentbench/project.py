"""Project mode: problems that ship as files (an Exercism exercise) rather than a signature.

What every part of project mode shares: which relative paths are acceptable, how a set of files
is written as one answer (a line with the file's path, then a fenced block, as Aider's "whole"
edit format prints them), and how such a problem reads as a task. A project problem is a
:class:`~pytest_agentbench.models.Problem` with ``project`` set
(:class:`~pytest_agentbench.models.ProjectFiles`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .models import Problem

#: what Aider asks of every exercise, after the instructions
ADDENDUM = ("Use the above instructions to modify the supplied files: {files}. Don't change the "
            "names of existing functions or classes, as they may be referenced from other code "
            "like unit tests, etc. Only use standard libraries, don't suggest installing any "
            "packages.")


def path_problem(rel: object) -> str:
    """Why ``rel`` cannot be a project file's path ('' when it can): a relative,
    ``/``-separated path inside the project, without ``..``, ``.`` or empty parts."""
    if not isinstance(rel, str) or not rel.strip():
        return "is not a non-empty string"
    if "\\" in rel or "\0" in rel:
        return f"'{rel}' holds a backslash or a NUL"
    if rel.startswith("/"):
        return f"'{rel}' is absolute"
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return f"'{rel}' has an empty, '.' or '..' part"
    return ""


def fence_for(code: str) -> str:
    """A backtick fence that no line of ``code`` closes."""
    runs = [len(m.group(1)) for m in re.finditer(r"^[ \t]*(`{3,})", code, re.M)]
    return "`" * max(3, max(runs, default=0) + 1)


def format_files(files: Mapping[str, str], language: str) -> str:
    """Files as one answer: each file's path on a line of its own, then its content in a
    fenced block tagged ``language`` (what :func:`~pytest_agentbench.extract.extract_files`
    reads back)."""
    parts = []
    for path, text in files.items():
        fence = fence_for(text)
        parts.append(f"{path}\n{fence}{language}\n{text.rstrip(chr(10))}\n{fence}\n")
    return "\n".join(parts)


def answer_instructions(problem: Problem, language: str) -> str:
    """The answer format of a project problem."""
    assert problem.project is not None
    main = problem.project.main
    files = ", ".join(problem.project.solution)
    return (f"Answer with the complete content of every file you change (of {files}), each "
            f"as a fenced code block tagged `{language}` directly after a line that holds only "
            f"the file's path, for example:\n\n{main}\n```{language}\n...\n```\n\n"
            + ADDENDUM.format(files=files))


def files_section(problem: Problem, language: str) -> list[str]:
    """The task's lines that show the files: the solution files' starters (the agent's to
    change) and the editor files (given, read-only), whole; the other support files (build
    files: ``go.mod``, ``package.json``...) by name. Tests are never shown."""
    project = problem.project
    assert project is not None
    lines = ["## Files", ""]
    for path in project.solution:
        text = project.stubs.get(path, "")
        lines += [f"{path} (yours to complete)", f"{fence_for(text)}{language}",
                  text.rstrip("\n"), fence_for(text), ""]
    for path in project.editor:
        text = project.support.get(path, "")
        tag = _tag_of(path, language)
        lines += [f"{path} (given; do not change it)", f"{fence_for(text)}{tag}",
                  text.rstrip("\n"), fence_for(text), ""]
    others = [p for p in project.support if p not in project.editor]
    if others:
        lines += ["Also in the exercise's directory, for the build (do not change them): "
                  + ", ".join(f"`{p}`" for p in others) + ".", ""]
    return lines


def _tag_of(path: str, language: str) -> str:
    """The fence tag of a support file: the language for its sources, else the suffix."""
    suffix = PurePosixPath(path).suffix.lstrip(".")
    return suffix if suffix in ("json", "toml", "mod", "xml", "gradle", "txt", "cmake") else \
        language


def feedback_tail(problem: Problem) -> str:
    """The last line of the feedback on a failing answer to a project problem (Aider's)."""
    assert problem.project is not None
    files = ", ".join(problem.project.solution)
    return ("See the testing errors above. The tests are correct, don't try and change them. "
            f"Fix the code in {files} to resolve the errors, and answer again in the same "
            "format: the complete content of every file you change, each after a line with "
            "its path.")


def build_files(problem: Problem, answer: Mapping[str, str]) -> dict[str, str]:
    """Every file a project problem's run needs, by path: the support files, each solution
    file (the answer's, else its stub) and, last, the tests (an answer never replaces one)."""
    project = problem.project
    assert project is not None
    files = dict(project.support)
    for path in project.solution:
        files[path] = answer.get(path, project.stubs.get(path, ""))
    files.update(project.tests)
    return files


def write_project(work: Path, problem: Problem, answer: Mapping[str, str]) -> None:
    """The project's files (:func:`build_files`) at their paths under ``work``."""
    for rel, text in build_files(problem, answer).items():
        why = path_problem(rel)
        if why:
            raise ValueError(f"project file {why}")
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
