"""Slips a new user makes that used to fail obscurely: a suite named without --agentbench,
raw metavars in --help, agents the help did not name, an ini name unlike its option."""

from __future__ import annotations

import json
import re

import pytest

from .helpers import MINI_SUITE, XDIST_MODES
from .helpers import run_plugin as run


@pytest.fixture
def suite_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    return "mini.json"


@pytest.mark.parametrize("mode", [XDIST_MODES["no-xdist"], XDIST_MODES["n2"]],
                         ids=["no-xdist", "n2"])
def test_a_suite_file_named_without_the_option_is_a_suite(pytester, suite_file, mode):
    result = run(pytester, suite_file, *mode)
    result.assert_outcomes(passed=3)
    result.stdout.no_fnmatch_line("*not found*")
    run(pytester, f"{suite_file}::mini_easy_add", *mode).assert_outcomes(passed=1)


def test_help_names_every_value_and_every_built_in_agent(pytester):
    result = pytester.runpytest_subprocess("--help")
    text = result.stdout.str()
    assert not re.findall(r"--agentbench[\w-]*=AGENTBENCH_\w+", text)
    for shown in ("--agentbench=PATH", "--agentbench-agent=SPEC", "--agentbench-results=PATH",
                  "--agentbench-limit=NAME=VALUE", "--agentbench-agent-timeout=SECONDS",
                  "--agentbench-samples=N", "--agentbench-fail-under=SCORE",
                  "--agentbench-keep-workspaces=DIR", "--agentbench-price=in=X,out=Y"):
        assert shown in text, shown
    agent_help = " ".join(text[text.index("--agentbench-agent=SPEC"):].split()[:40])
    for spec in ("reference", "cmd:COMMAND", "openai:MODEL", "replay:DIR", "samples:PATH"):
        assert spec in agent_help, spec


def test_unknown_agent_names_every_built_in_one(pytester, suite_file):
    result = pytester.runpytest_subprocess("--agentbench", suite_file, "--agentbench-agent",
                                           "gpt-9")
    result.stderr.fnmatch_lines(["*unknown agent 'gpt-9' (built in: reference, cmd:COMMAND, "
                                 "openai:MODEL, replay:DIR, samples:PATH;*"])


@pytest.mark.parametrize(("key", "deprecated"), [("agentbench_limit", False),
                                                 ("agentbench_limits", True)])
def test_the_limit_ini_key_is_named_as_its_option_and_the_old_name_still_works(
        pytester, suite_file, key, deprecated):
    pytester.makeini(f"[pytest]\n{key} =\n    processes=64\n    open_files=128\n")
    result = run(pytester, "--agentbench", suite_file, "-p", "no:xdist", "-k", "easy")
    result.assert_outcomes(passed=1)
    limits = json.loads((pytester.path / "results/agentbench.json").read_text())["run"]["limits"]
    assert (limits["processes"], limits["open_files"]) == (64, 128)
    warned = "*agentbench_limits is deprecated: name it agentbench_limit*"
    if deprecated:
        result.stdout.fnmatch_lines([warned])
    else:
        result.stdout.no_fnmatch_line(warned)
