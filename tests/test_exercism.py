"""The Exercism layout (Aider's polyglot benchmark, Exercism's tracks) on plain data: which
directories are suites, one exercise read into a project problem, what a bad one says, answers
of several files read back, and Python's project mode run with the reference, a wrong answer
and a file-editing agent."""

from __future__ import annotations

import json
import shutil
import stat
import sys
from pathlib import Path

import pytest

from pytest_agentbench import exercism
from pytest_agentbench.agents import CommandAgent, ReferenceAgent
from pytest_agentbench.agents.base import Agent
from pytest_agentbench.extract import extract_files, fenced_blocks
from pytest_agentbench.languages import LanguageRegistry, PythonRunner, default_registry
from pytest_agentbench.models import AgentReply, FailureKind, ProjectFiles
from pytest_agentbench.pipeline import BenchSettings, feedback_text, run_problem
from pytest_agentbench.project import format_files
from pytest_agentbench.prompt import render_prompt
from pytest_agentbench.suite import SuiteError, SuiteSkipped

DATA = Path(__file__).parent / "data" / "exercism"
PRACTICE = DATA / "python" / "exercises" / "practice"
REG = default_registry()
PY = REG.get("python")


def _copy_track(tmp_path: Path, name: str = "python", *slugs: str) -> Path:
    """A track directory ``tmp_path/<name>`` holding copies of the test exercises."""
    practice = tmp_path / name / "exercises" / "practice"
    practice.mkdir(parents=True)
    for slug in slugs or ("meter-reading", "word-stack"):
        shutil.copytree(PRACTICE / slug, practice / slug)
    return tmp_path / name


def _config(exercise: Path, **files) -> None:
    (exercise / ".meta" / "config.json").write_text(json.dumps({"files": files}),
                                                     encoding="utf-8")


# ---------------------------------------------------------------- which directories are suites


def test_a_checkout_holds_tracks_a_track_holds_exercises_an_exercise_is_a_suite():
    track = DATA / "python"
    slugs = ["broken-config", "meter-reading", "word-stack"]
    assert exercism.suites_in(DATA, REG) == [track]
    assert [p.name for p in exercism.suites_in(track, REG)] == slugs
    assert [p.name for p in exercism.suites_in(track / "exercises", REG)] == slugs
    assert [p.name for p in exercism.suites_in(PRACTICE, REG)] == slugs
    assert exercism.suites_in(PRACTICE / "word-stack", REG) == [PRACTICE / "word-stack"]
    assert exercism.suites_in(Path(__file__).parent / "hostile", REG) is None


def test_a_track_whose_language_has_no_runner_is_skipped_with_the_reason(tmp_path):
    only_python = LanguageRegistry([PythonRunner()])
    go = tmp_path / "go" / "exercises" / "practice" / "leap"
    (go / ".meta").mkdir(parents=True)
    (go / ".docs").mkdir()
    (go / ".docs" / "instructions.md").write_text("Leap years.\n")
    (go / "leap.go").write_text("package leap\n")
    (go / "leap_test.go").write_text("package leap\n")
    _config(go, solution=["leap.go"], test=["leap_test.go"])
    with pytest.raises(SuiteSkipped, match=r"no go runner here .track go.*python"):
        exercism.suites_in(tmp_path / "go", only_python)
    with pytest.raises(SuiteSkipped, match="no go runner"):
        exercism.load_exercise(go, only_python)
    assert exercism.suites_in(tmp_path, only_python) == [tmp_path / "go"]  # skipped when asked


# ---------------------------------------------------------------- one exercise


def test_an_exercise_is_a_project_problem_named_language_slash_slug():
    suite = exercism.load_exercise(PRACTICE / "meter-reading", REG)
    (problem,) = suite.problems
    assert (suite.name, suite.language, problem.id) == ("exercism-python", "python",
                                                        "python/meter-reading")
    assert problem.extra["item_name"] == "python/meter-reading"
    assert {"python/meter-reading", "meter-reading"} <= set(problem.extra["keywords"])
    assert problem.difficulty == "unrated"  # Aider's checkout rates nothing
    assert problem.description.startswith("# Instructions\n\nAn energy meter")
    assert problem.description.endswith("use it, do not copy it.")  # the append file
    project = problem.project
    assert project.solution == ("meter.py",) and project.main == "meter.py"
    assert project.stubs == {"meter.py": "def total_energy(readings):\n    pass\n"}
    assert list(project.tests) == ["meter_test.py"]
    assert list(project.support) == ["units.py"] and project.editor == ("units.py",)
    assert list(project.example) == ["meter.py"]  # .meta/example.py, by the solution's path
    assert project.include_ignored is True
    assert problem.reference_solution == project.example["meter.py"]
    assert problem.signature.entry_point == "total_energy"
    assert problem.cases == () and problem.native_tests is None


def test_the_prompt_shows_the_stub_and_the_editor_file_never_the_tests():
    (problem,) = exercism.load_exercise(PRACTICE / "meter-reading", REG).problems
    prompt = render_prompt(problem, PY)
    assert "meter.py (yours to complete)\n```python\ndef total_energy(readings):" in prompt
    assert "units.py (given; do not change it)" in prompt
    assert "meter_test" not in prompt and "assertEqual" not in prompt
    assert "modify the supplied files: meter.py" in prompt


def test_a_track_config_rates_difficulty_and_names_the_suite(tmp_path):
    track = _copy_track(tmp_path, "python", "meter-reading")
    (track / "config.json").write_text(json.dumps({"slug": "python", "exercises": {
        "practice": [{"slug": "meter-reading", "difficulty": 2}]}}))
    (problem,) = exercism.load_exercise(track / "exercises/practice/meter-reading",
                                        REG).problems
    assert (problem.difficulty, problem.extra["exercism_difficulty"]) == ("easy", 2)
    assert [exercism.difficulty(n) for n in (None, 3, 4, 7, 8, 10)] == [
        "unrated", "easy", "medium", "medium", "hard", "hard"]


def test_tracks_side_by_side_without_track_config_are_aiders_polyglot(tmp_path):
    _copy_track(tmp_path, "python", "meter-reading")
    (tmp_path / "go" / "exercises" / "practice").mkdir(parents=True)
    suite = exercism.load_exercise(tmp_path / "python/exercises/practice/meter-reading", REG)
    assert suite.name == "polyglot-python"
    assert suite.problems[0].suite_path == str(tmp_path / "python")  # results group by track


def test_a_lone_exercise_takes_its_language_from_the_solution_file(tmp_path):
    lone = tmp_path / "meter"
    shutil.copytree(PRACTICE / "meter-reading", lone)
    suite = exercism.load_exercise(lone, REG)
    assert (suite.name, suite.problems[0].id) == ("exercism", "python/meter")


def test_a_bad_exercise_names_the_file_and_the_field():
    with pytest.raises(SuiteError) as info:
        exercism.load_exercise(PRACTICE / "broken-config", REG)
    (message,) = info.value.problems
    assert message.startswith(str(PRACTICE / "broken-config" / ".meta" / "config.json"))
    assert "field 'files.test': names 'broken_test.py', which does not exist" in message


def test_every_defect_of_an_exercise_is_listed(tmp_path):
    exercise = _copy_track(tmp_path, "python", "meter-reading") / "exercises/practice/meter-reading"
    _config(exercise, solution=["../escape.py"], test=[], example="x")
    (exercise / ".docs" / "instructions.md").unlink()
    with pytest.raises(SuiteError) as info:
        exercism.load_exercise(exercise, REG)
    text = "\n".join(info.value.problems)
    assert "field 'files.solution[0]': '../escape.py' has an empty, '.' or '..' part" in text
    assert "field 'files.test': is required and must name at least one file" in text
    assert "field 'files.example': expected a list of paths" in text
    assert "instructions.md: is missing" in text


def test_an_exercise_without_config_is_an_error_not_a_directory_of_tests(tmp_path):
    exercise = _copy_track(tmp_path, "python", "meter-reading") / "exercises/practice/meter-reading"
    (exercise / ".meta" / "config.json").unlink()
    assert exercism.suites_in(exercise, REG) == [exercise]
    with pytest.raises(SuiteError, match=r"config.json: cannot read the file"):
        exercism.load_exercise(exercise, REG)


def test_examples_map_to_solution_files_by_name_and_other_files_are_support(tmp_path):
    exercise = tmp_path / "python/exercises/practice/two-files"
    (exercise / ".meta").mkdir(parents=True)
    (exercise / ".docs").mkdir()
    (exercise / ".docs/instructions.md").write_text("Two files.\n")
    (exercise / "pkg").mkdir()
    for rel, text in {"pkg/main.py": "x = 0\n", "helper.py": "y = 0\n", "t_test.py": "",
                      ".meta/main.py": "x = 1\n", ".meta/helper.py": "y = 1\n",
                      "data.txt": "table\n", ".hidden/secret.txt": "no\n"}.items():
        (exercise / rel).parent.mkdir(parents=True, exist_ok=True)
        (exercise / rel).write_text(text)
    (exercise / "blob.bin").write_bytes(b"\0\x01\xff")
    _config(exercise, solution=["pkg/main.py", "helper.py"], test=["t_test.py"],
            example=[".meta/helper.py", ".meta/main.py"])
    (problem,) = exercism.load_exercise(exercise, REG).problems
    project = problem.project
    assert project.example == {"helper.py": "y = 1\n", "pkg/main.py": "x = 1\n"}
    assert project.support == {"data.txt": "table\n"}  # not hidden, not binary
    assert project.editor == ()
    prompt = render_prompt(problem, PY)  # a build file is named, not shown
    assert "for the build (do not change them): `data.txt`." in prompt
    assert "table" not in prompt


# ---------------------------------------------------------------- answers of several files


def _project(*solution: str) -> ProjectFiles:
    return ProjectFiles(solution, {p: "" for p in solution})


def test_blocks_carry_the_path_named_before_them_or_in_their_info_string():
    answer = ("Here it is.\n\nbowling.py\n```python\na = 1\n```\n\n**`src/lib.rs`**\n\n"
              "```rust\nfn f() {}\n```\n```python title=\"pkg/b.py\"\nb\n```\n"
              "```python:c.py\nc\n```\nA sentence, not a path:\n```\nd\n```\n")
    assert [b.names for b in fenced_blocks(answer)] == [
        ("bowling.py",), ("src/lib.rs",), ("pkg/b.py",), ("c.py",), ()]


def test_each_named_block_is_its_file_and_other_files_are_left_out():
    problem = _problem_with(_project("bowling.h", "bowling.cpp"))
    answer = ("bowling.h\n```cpp\n#pragma once\n```\n\nbowling_test.cpp\n```cpp\nTEST\n```\n"
              "bowling.cpp\n```cpp\nint x;\n```\n")
    solution = extract_files(answer, PY, problem, REG)
    assert solution.files == {"bowling.h": "#pragma once\n", "bowling.cpp": "int x;\n"}
    assert solution.code == "#pragma once\n"  # the main file (the first solution file)
    assert "blocks for other files left out: bowling_test.cpp" in solution.how


def test_a_file_name_finds_its_solution_path_and_one_plain_block_is_the_main_file():
    problem = _problem_with(_project("src/lib.rs", "Cargo.toml"))
    named = extract_files("lib.rs\n```rust\nfn f() {}\n```\n", PY, problem, REG)
    assert named.files == {"src/lib.rs": "fn f() {}\n"}
    plain = extract_files("```python\ndef main():\n    pass\n```\n", PY, problem, REG)
    assert plain.files == {"src/lib.rs": "def main():\n    pass\n"}
    assert plain.how.endswith("taken as src/lib.rs")
    assert extract_files("no code at all", PY, problem, REG) is None


def test_formatted_files_read_back_as_they_were_fences_inside_included():
    files = {"a.py": "x = '```'\n```\ninside\n```\n", "b/c.py": "y = 2\n"}
    problem = _problem_with(_project("a.py", "b/c.py"))
    assert extract_files(format_files(files, "python"), PY, problem, REG).files == files


def _problem_with(project: ProjectFiles):
    (problem,) = exercism.load_exercise(PRACTICE / "word-stack", REG).problems
    from dataclasses import replace
    return replace(problem, project=project)


# ---------------------------------------------------------------- Python's project mode


class Answer(Agent):
    spec = "fixed"

    def __init__(self, text: str) -> None:
        self.text = text

    def solve(self, request):
        return AgentReply(self.text, 0.0)


@pytest.fixture(params=["forkserver", "process"])
def runner_mode(request, monkeypatch):
    if request.param == "process":
        monkeypatch.setenv("AGENTBENCH_FORKSERVER", "0")
    return request.param


def _run(slug: str, agent: Agent, attempts: int = 1):
    (problem,) = exercism.load_exercise(PRACTICE / slug, REG).problems
    settings = BenchSettings(options={"attempts": attempts})
    return run_problem(problem, agent, PY, REG, settings)


def test_the_reference_passes_every_test_and_a_skipped_one_is_skipped(runner_mode):
    result = _run("meter-reading", ReferenceAgent())
    assert result.status == "passed", result.message
    outcomes = {o.name: o.status for o in result.execution.outcomes}
    assert outcomes == {"MeterTest.test_gigawatt_hours": "skipped",
                        "MeterTest.test_kilowatt_hours_are_converted": "passed",
                        "MeterTest.test_no_readings_total_zero": "passed",
                        "MeterTest.test_unknown_unit_is_refused": "passed",
                        "MeterTest.test_watt_hours_add_up": "passed"}
    scores = {d.name: d for d in result.scores}
    assert scores["correctness"].score == 10.0
    assert scores["performance"].score is None
    assert "no timing input" in scores["performance"].reason


def test_test_classes_subtests_helpers_and_plain_test_functions(runner_mode):
    result = _run("word-stack", ReferenceAgent())
    assert result.status == "passed", result.message
    assert [o.name for o in result.execution.outcomes] == [
        "WordStackTest.test_new_stack_is_empty", "WordStackTest.test_peek_leaves_the_word",
        "WordStackTest.test_pop_on_empty_stack_raises",
        "WordStackTest.test_pop_returns_words_last_in_first_out", "test_push_counts_words"]
    wrong = _run("word-stack", Answer(
        "word_stack.py\n```python\nclass WordStack:\n    def __init__(self):\n"
        "        self.w = []\n    def __len__(self):\n        return len(self.w)\n"
        "    def push(self, word):\n        self.w.append(word)\n    def pop(self):\n"
        "        return self.w.pop(0) if self.w else None\n    def peek(self):\n"
        "        return self.w[-1]\n```\n"))
    by_name = {o.name: o for o in wrong.execution.outcomes}
    fifo = by_name["WordStackTest.test_pop_returns_words_last_in_first_out"]
    assert fifo.status == "wrong_answer"
    assert fifo.message.startswith("(word='gamma'): word_stack_test.py:")
    raising = by_name["WordStackTest.test_pop_on_empty_stack_raises"]
    assert raising.status == "wrong_answer" and "IndexError not raised" in raising.message


def test_a_wrong_answer_fails_its_tests_by_name_and_the_feedback_skips_the_skipped(runner_mode):
    result = _run("meter-reading", Answer("```python\ndef total_energy(readings):\n"
                                          "    return 0\n```\n"))
    assert result.failure is FailureKind.WRONG_ANSWER
    assert result.message.startswith("1/4 cases passed (1 skipped); first failure: "
                                     "MeterTest.test_kilowatt_hours_are_converted: "
                                     "meter_test.py:14:")
    from pytest_agentbench.pipeline import _Attempt
    text = feedback_text(result.problem, _Attempt(result.reply, result.solution,
                                                  result.execution, result.failure, ""))
    assert "3 of 4 cases failed" in text and "gigawatt" not in text
    assert "The tests are correct, don't try and change them" in text


@pytest.mark.parametrize("code, kind, words", [
    ("def total_energy(readings)\n    return 0\n", FailureKind.COMPILE_ERROR,
     "SyntaxError: expected ':' (meter.py, line 1)"),
    ("raise RuntimeError('at import')\n", FailureKind.RUNTIME_ERROR,
     "the solution failed while loading: RuntimeError: at import"),
    ("def total(readings):\n    return 0\n", FailureKind.RUNTIME_ERROR,
     "the tests could not be loaded: ImportError: meter_test.py: cannot import name "
     "'total_energy' from 'meter'"),
])
def test_what_stops_the_tests_before_they_run(code, kind, words):
    result = _run("meter-reading", Answer(f"meter.py\n```python\n{code}```\n"))
    assert result.failure is kind
    assert words in result.message


def test_the_second_attempt_gets_the_test_output_and_counts_as_pass_rate_2():
    class Learner(Agent):
        spec = "learner"

        def solve(self, request):
            if request.attempt == 1:
                return AgentReply("```python\ndef total_energy(readings):\n    return 0\n```\n",
                                  0.0)
            assert "MeterTest.test_watt_hours_add_up" in request.history[-1].feedback
            return ReferenceAgent().solve(request)

    result = _run("meter-reading", Learner(), attempts=2)
    assert result.status == "passed"
    assert [a.status for a in result.attempts] == ["failed", "passed"]


FILE_AGENT = r'''
import os, pathlib, sys
example = pathlib.Path(sys.argv[1]) / os.environ["AGENTBENCH_TEST_ID"].split("/")[1] / ".meta"
here = pathlib.Path(".")
assert not list(here.glob("*_test.py")), "the tests must not be in the workspace"
assert (here / "units.py").is_file(), "the editor file must be in the workspace"
pathlib.Path(os.environ["AGENTBENCH_STARTER_FILE"]).write_text((example / "example.py").read_text())
(here / "units.py").write_text("WATT_HOURS = {}\n")  # a support file changed: never taken
(here / "notes.txt").write_text("mine")
print("done")
'''


def test_a_file_editing_agent_answers_with_the_solution_files_it_changed(tmp_path):
    script = tmp_path / "agent.py"
    script.write_text(f"#!{sys.executable}\n{FILE_AGENT}", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    agent = CommandAgent(f"{script} {PRACTICE}", answer_from="auto")
    result = _run("meter-reading", agent)
    assert result.status == "passed", result.message
    assert result.reply.source == "workspace"
    assert result.reply.source_detail.startswith(
        "meter.py (1 solution file, 15 lines); also changed, not part of the answer: ")
    assert "units.py" in result.reply.source_detail and "notes.txt" in result.reply.source_detail
    assert result.solution.files == {"meter.py": (PRACTICE / "meter-reading/.meta/example.py"
                                                  ).read_text()}


def test_a_runner_without_project_mode_skips_project_problems_with_the_reason():
    from pytest_agentbench.languages.harness_runner import HarnessRunner
    from pytest_agentbench.pipeline import skip_reason

    class Plain(HarnessRunner):  # no project_steps: no project mode
        name = "plain"

        def read_signature(self, text, entry_point):
            raise ValueError("none")

        def defines(self, code, entry_point):
            return False

        def toolchain(self):
            raise AssertionError("asked before the project mode")

    (problem,) = exercism.load_exercise(PRACTICE / "meter-reading", REG).problems
    assert Plain().supports_project is False and PY.supports_project is True
    assert skip_reason(problem, Plain()) == "project mode not implemented for plain"
    assert skip_reason(problem, PY) is None


def test_tests_from_events_name_what_never_finished():
    from pytest_agentbench.languages.test_outcomes import tests_from_events
    from pytest_agentbench.models import ProcessResult

    events = [{"event": "planned", "tests": ["A.a", "A.b", "A.c", "A.d"]},
              {"event": "start", "name": "A.b"},
              {"event": "case", "name": "A.b", "status": "skipped", "message": "later"},
              {"event": "start", "name": "A.a"},
              {"event": "case", "name": "A.a", "status": "exception", "error_type": "KeyError",
               "message": "'k'", "traceback": "  File \"a.py\", line 1"},
              {"event": "start", "name": "A.c"}]
    killed = ProcessResult(returncode=-9, seconds=30.0, timed_out=True, signal=9)
    assert tests_from_events(events, killed) == [
        ("A.a", "error", "KeyError: 'k'\n  File \"a.py\", line 1", 0.0),
        ("A.b", "skipped", "later", 0.0),
        ("A.c", "timeout", "did not finish within the time limit"),
        ("A.d", "not_run", "not run: the process ended first")]


def test_pass_rates_count_the_attempt_each_item_passed_at():
    from pytest_agentbench.results import pass_rates

    def entry(*statuses):
        return {"passed": statuses[-1] == "passed",
                "attempts": [{"status": s} for s in statuses]}

    scored = [entry("passed"), entry("failed", "passed"), entry("failed", "failed"),
              entry("failed", "failed", "passed")]
    assert pass_rates(scored, 2) == {"pass_rate_1": 0.25, "pass_rate_2": 0.5,
                                     "pass_rate_3": 0.75}
    assert pass_rates([], 2) == {"pass_rate_1": None, "pass_rate_2": None}
