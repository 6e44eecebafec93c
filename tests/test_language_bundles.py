"""A language a plugin adds is a first-class one: its bundle brings the runner, the analysers,
the rule table, the workspace a ``cmd:`` agent works in and the comment syntax, and the plugin
uses each exactly as it uses the built-in languages' (which come through the same hook)."""

from __future__ import annotations

import json
import subprocess
import sys

from pytest_agentbench.languages import BUILTIN_LANGUAGES, LanguageBundle, default_registry

TOY_PLUGIN = '''
from pathlib import Path

from pytest_agentbench.agents.workspace import Layout
from pytest_agentbench.analysis.base import Analyser, RawFinding
from pytest_agentbench.languages import LanguageBundle, PythonRunner


class ToyRunner(PythonRunner):
    """'toy' is Python under another name, in solution.toy: enough to be run."""

    name = "toy"
    aliases = ()
    display_name = "Toy"
    file_name = "solution.toy"


class TodoChecker(Analyser):
    name = "todo-checker"

    def availability(self):
        return "todo-checker 1.0", ""

    def run(self, work, file_name, options):
        lines = (work / file_name).read_text().splitlines()
        return [RawFinding("todo", n, "a TODO left in the code")
                for n, line in enumerate(lines, 1) if "TODO" in line]


def toy_layout(signature, entry_point, language):
    starter = "-- the toy starter\\n" + signature + "\\n    raise NotImplementedError\\n"
    return Layout(language, "main.toy", {"main.toy": starter}, (".toy",))


def pytest_agentbench_language_bundles(config):
    return [LanguageBundle(ToyRunner(), (TodoChecker(),),
                           Path(__file__).with_name("toy-rules.json"), toy_layout, ("--",))]
'''

TOY_RULES = {"language": "toy", "default": "best_practices", "rules": [
    {"match": "todo-checker:todo", "dimension": "idiomaticity", "severity": "risk",
     "family": "a TODO is unfinished work"}], "tools": {}}

TOY_SUITE = {"language": "toy", "tests": [{
    "id": "toy_add", "difficulty": "easy", "description": "Add.",
    "signature": "def add(a, b):",
    "test_cases": [{"args": [1, 2], "expected": 3}, {"args": [2, 2], "expected": 4}],
    "reference_solution": "def add(a, b):\n    return a + b  # TODO: overflow?\n",
}]}

AGENT = """import os, pathlib, sys
root = pathlib.Path(os.environ["AGENTBENCH_WORKSPACE"])
starter = pathlib.Path(os.environ["AGENTBENCH_STARTER_FILE"])
print("files:", sorted(p.name for p in root.iterdir()), file=sys.stderr)
assert starter.name == "main.toy", starter
assert starter.read_text().startswith("-- the toy starter"), starter.read_text()
starter.write_text("def add(a, b):\\n    return a + b\\n")
"""


def _project(pytester):
    pytester.makeconftest(TOY_PLUGIN)
    (pytester.path / "toy-rules.json").write_text(json.dumps(TOY_RULES))
    pytester.makefile(".json", toy=json.dumps(TOY_SUITE))


def test_a_plugin_language_gets_its_analysers_rules_and_comment_syntax(pytester):
    _project(pytester)
    result = pytester.runpytest("--agentbench", "toy.json", "-p", "no:xdist",
                                "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*agentbench analysers:*toy: todo-checker 1.0*"])
    entry = json.loads((pytester.path / "results" / "agentbench.json").read_text())["results"][0]
    idiom = entry["dimension_details"]["idiomaticity"]
    assert [(f["tool"], f["rule"], f["severity"]) for f in idiom["details"]["findings"]] == [
        ("todo-checker", "todo", "risk")]
    assert idiom["details"]["lines"] == 2  # counted by the toy's comment syntax
    assert entry["dimensions"]["idiomaticity"] < 10


def test_a_cmd_agent_works_in_the_plugin_languages_workspace(pytester):
    _project(pytester)
    (pytester.path / "agent.py").write_text(AGENT)
    result = pytester.runpytest("--agentbench", "toy.json", "-p", "no:xdist",
                                "-p", "no:cacheprovider", "--agentbench-agent",
                                f"cmd:{sys.executable} {pytester.path / 'agent.py'}")
    result.assert_outcomes(passed=1)
    entry = json.loads((pytester.path / "results" / "agentbench.json").read_text())["results"][0]
    assert entry["agent_details"]["answer_source"] == "workspace"
    assert "main.toy" in entry["agent_details"]["answer_source_detail"]


def test_the_built_in_languages_come_as_bundles():
    registry = default_registry()
    for bundle in registry.bundles():
        assert isinstance(bundle, LanguageBundle)
        assert bundle.layout is not None and bundle.analysers, bundle.name
    assert registry.get("py") is registry.bundle("python").runner


def test_the_built_in_aliases_listed_for_lazy_loading_are_the_runners_own():
    for name, _package, aliases in BUILTIN_LANGUAGES:
        runner = default_registry().get(name)
        assert (runner.name, tuple(runner.aliases)) == (name, aliases)


def test_a_run_imports_only_the_languages_it_asks_for():
    """The registry resolves names and aliases without importing a language; asking for one
    imports that package alone (HumanEval's start-up pays for Python only). Python's comes
    with suite loading, whose value codec is its harness's."""
    code = ("import sys\n"
            "from pytest_agentbench.languages import default_registry\n"
            "r = default_registry()\n"
            "assert r.canonical('golang') == 'go' and 'go' in r.names()\n"
            "before = {m for m in sys.modules if m.startswith('pytest_agentbench.languages.')}\n"
            "r.get('rb'); r.layouts().get('rb')\n"
            "after = {m for m in sys.modules if m.startswith('pytest_agentbench.languages.')}\n"
            "print(sorted({m.split('.')[2] for m in before}), "
            "sorted({m.split('.')[2] for m in after - before}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    before, new = out.strip().split("] [")
    for lang in ("go", "java", "rust", "php", "typescript", "javascript", "cpp"):
        assert f"'{lang}'" not in before + new
    assert "'ruby'" in new


def test_layouts_are_read_per_language_and_unknown_names_are_absent():
    layouts = default_registry().layouts()
    assert layouts.get("golang") is not None and layouts.get("cobol") is None
    assert "cobol" not in layouts and "python" in layouts
