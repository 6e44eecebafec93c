"""Render a problem as the markdown task an agent reads."""

from __future__ import annotations

from . import project
from .languages import LanguageRunner
from .models import Case, Problem, Turn

MAX_EXAMPLES = 3


def render_prompt(problem: Problem, runner: LanguageRunner) -> str:
    if problem.project is not None:
        return render_project_prompt(problem, runner)
    parts = [
        f"# {problem.name}",
        "",
        f"**Language:** {runner.display_name or runner.name} · **Difficulty:** "
        f"{problem.difficulty} · **Category:** {problem.category} · **Test id:** {problem.id}",
        "",
        "## Task",
        "",
        problem.description.strip(),
        "",
        "## Signature",
        "",
        f"```{runner.name}",
        problem.signature_text.rstrip(),
        "```",
    ]
    examples = [render_example(problem, c, runner) for c in problem.executable_cases]
    if examples:
        parts += ["", "## Examples", "", f"```{runner.name}"]
        parts += examples[:MAX_EXAMPLES]
        parts += ["```"]
    if problem.constraints:
        parts += ["", "## Constraints", ""] + [f"- {c}" for c in problem.constraints]
    if problem.hints:
        parts += ["", "## Hints", ""] + [f"- {h}" for h in problem.hints]
    parts += ["", "## Answer format", "", answer_instructions(problem, runner), ""]
    return "\n".join(parts)


def render_project_prompt(problem: Problem, runner: LanguageRunner) -> str:
    """A problem that ships as files: the instructions, then every file the agent may see
    (the starters of the solution files, the support files; never the tests)."""
    parts = [
        f"# {problem.name}",
        "",
        f"**Language:** {runner.display_name or runner.name} · **Difficulty:** "
        f"{problem.difficulty} · **Test id:** {problem.id}",
        "",
        "## Task",
        "",
        problem.description.strip(),
        "",
        *project.files_section(problem, runner.name),
        "## Answer format",
        "",
        answer_instructions(problem, runner),
        "",
    ]
    return "\n".join(parts)


def answer_instructions(problem: Problem, runner: LanguageRunner) -> str:
    if problem.project is not None:
        return project.answer_instructions(problem, runner.name)
    if problem.extra.get("format") == "completion":
        return (f"Answer with one fenced code block tagged `{runner.name}` holding either the "
                f"complete definition of `{problem.entry_point}` (with any imports and helpers "
                "it needs) or only the code that completes the stub above, as it would follow "
                "the stub. Do not include tests or example usage.")
    return runner.answer_instructions(problem)


def render_example(problem: Problem, case: Case, runner: LanguageRunner) -> str:
    own = runner.format_example(problem, case)
    if own is not None:
        return own
    fmt = runner.format_value
    if case.calls is not None:
        init = [fmt(a) for a in case.init or ()] + [f"{k}={fmt(v)}"
                                                    for k, v in case.init_kwargs.items()]
        lines = [f"obj = {problem.entry_point}({', '.join(init)})"]
        if case.init_raises:
            lines[0] += f"  # raises {case.init_raises}"
        for call in case.calls:
            line = f"obj.{call.method}({', '.join(fmt(a) for a in call.args)})"
            if call.raises:
                line += f"  # raises {call.raises}"
            elif call.has_expected:
                line += f"  # -> {fmt(call.expected)}"
            lines.append(line)
        return "\n".join(lines)
    if case.expected_attributes is not None:
        shown = f"{problem.entry_point}({', '.join(fmt(a) for a in case.args)})"
        return f"{shown}  # attributes: {fmt(case.expected_attributes)}"
    shown = runner.format_call(problem, case.args)
    if case.raises:
        return f"{shown}  # raises {case.raises}"
    return f"{shown}  # -> {fmt(case.expected)}"


def render_conversation(prompt: str, history: tuple[Turn, ...]) -> str:
    """The task plus every earlier answer and the feedback on it, for agents that read one
    document (a task file) instead of a chat."""
    parts = [prompt.rstrip()]
    for number, turn in enumerate(history, start=1):
        parts += ["", f"## Attempt {number}: your answer", "", turn.answer.strip(), "",
                  f"## Attempt {number}: what happened", "", turn.feedback.strip()]
    if history:
        parts += ["", f"## Attempt {len(history) + 1}", "",
                  "Answer again with the corrected, complete solution."]
    return "\n".join(parts) + "\n"
