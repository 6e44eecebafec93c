"""Each tool's long-lived process finds exactly what one process per file finds: the calibration
answers of its language (and a few files that break the tool's usual path: a syntax or compile
error, a public class named otherwise) are analysed both ways, the served way twice, in order
and reversed, so that nothing one file leaves behind in the server shows in the next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_agentbench.analysis import Analyser, RawFinding, server
from pytest_agentbench.analysis.lizard_tool import Lizard
from pytest_agentbench.analysis.rules import load_rules
from pytest_agentbench.languages import default_registry
from pytest_agentbench.languages.java.analysers import Checkstyle, JavacLint
from pytest_agentbench.languages.python.analysers import Pylint
from pytest_agentbench.languages.ruby.analysers import RuboCop

CALIBRATION = Path(__file__).parent / "data" / "calibration"
#: a function over lizard's complexity limit, in each language
BRANCHY = {
    "python": "def branchy(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n"
                                          for i in range(14)) + "    return -1\n",
    "ruby": "def branchy(x)\n" + "".join(f"  return {i} if x == {i}\n" for i in range(14))
            + "  -1\nend\n",
    "java": "class Branchy {\n  static int branchy(int x) {\n" + "".join(
        f"    if (x == {i}) return {i};\n" for i in range(14)) + "    return -1;\n  }\n}\n",
}
EXTRA = {
    "python": ["def broken(:\n    pass\n",
               "def pairs(xs):\n    for i in range(len(xs)):\n        print(i, xs[i])\n",
               BRANCHY["python"]],
    "ruby": ["def broken(\n  1 +\n", "def camelCase(aB)\n  return aB\nend\n", BRANCHY["ruby"]],
    "java": ["class Solution {\n  int f() {\n    return \"x\";\n  }\n}\n",
             "import java.util.*;\n\npublic class Answer {\n  List raw = new ArrayList();\n}\n",
             BRANCHY["java"]],
}
EXTENSIONS = {"python": "py", "ruby": "rb", "java": "java"}


def inputs(language: str) -> list[str]:
    answers = sorted(CALIBRATION.joinpath(language).glob(f"*.{EXTENSIONS[language]}"))
    assert len(answers) >= 24
    return [path.read_text(encoding="utf-8") for path in answers] + EXTRA[language]


def findings(analyser: Analyser, language: str, code: str,
             tmp_path: Path) -> list[RawFinding]:
    file_name = default_registry().get(language).file_name
    with_options: dict[str, Any] = load_rules(language).tool_options(analyser.name)
    work = Path(tmp_path, f"work-{len(list(tmp_path.iterdir()))}")
    work.mkdir()
    (work / file_name).write_text(code, encoding="utf-8")
    return analyser.run(work, file_name, with_options)


def served_and_spawned(analyser: Analyser, language: str, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    if analyser.availability()[0] is None:
        pytest.skip(f"{analyser.name} is not installed: {analyser.availability()[1]}")
    codes = inputs(language)
    monkeypatch.setenv("AGENTBENCH_ANALYSIS_SERVER", "0")
    spawned = [findings(analyser, language, code, tmp_path) for code in codes]
    monkeypatch.setenv("AGENTBENCH_ANALYSIS_SERVER", "1")

    def no_process(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"{analyser.name} ran as a process: {server.unavailable()}")

    monkeypatch.setattr(analyser, "execute", no_process)  # every file must be served
    forward = [findings(analyser, language, code, tmp_path) for code in codes]
    backward = [findings(analyser, language, code, tmp_path) for code in reversed(codes)]
    assert any(spawned)
    for index, expected in enumerate(spawned):
        assert forward[index] == expected, f"input {index}"
        assert backward[len(codes) - 1 - index] == expected, f"input {index}, reversed"


def test_pylint_served_finds_what_one_process_per_file_finds(tmp_path, monkeypatch):
    pytest.importorskip("pylint")
    served_and_spawned(Pylint(), "python", tmp_path, monkeypatch)


def test_rubocop_served_finds_what_one_process_per_file_finds(tmp_path, monkeypatch):
    served_and_spawned(RuboCop(), "ruby", tmp_path, monkeypatch)


@pytest.mark.parametrize("analyser", [JavacLint(), Checkstyle()], ids=["javac", "checkstyle"])
def test_java_served_finds_what_one_process_per_file_finds(analyser, tmp_path, monkeypatch):
    served_and_spawned(analyser, "java", tmp_path, monkeypatch)


@pytest.mark.parametrize("language", ["python", "ruby", "java"])
def test_lizard_served_finds_what_one_process_per_file_finds(language, tmp_path, monkeypatch):
    served_and_spawned(Lizard(), language, tmp_path, monkeypatch)
