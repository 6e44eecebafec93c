"""The template's warm-server hook (docs/runners.md, "Warm servers"), as the Python runner's
fork server uses it: warm steps go to the server, a server that cannot run falls back to a
fresh sandboxed process, and a run the server calls void is a runtime error."""

from __future__ import annotations

import json

from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.python import PythonRunner
from pytest_agentbench.languages.steps import Reported, ServerUnavailable
from pytest_agentbench.models import FailureKind, ProcessResult
from pytest_agentbench.sandbox import solution_limits

REG = default_registry()
FAST = ExecSettings(solution_limits(5))
ADD = "def add(a, b):\n    return a + b\n"


class Recording:
    """A warm server that answers with ``events`` and records what it was sent."""

    def __init__(self, events, void="", unavailable=False):
        self.events, self.void, self.unavailable = events, void, unavailable
        self.seen = []

    def report(self, step, work, limits):
        self.seen.append((list(step.argv), sorted(p.name for p in work.iterdir()),
                          json.loads((work / step.argv[-1]).read_text())))
        if self.unavailable:
            raise ServerUnavailable("not here")
        return Reported(ProcessResult(0, 0.01), self.events, 0, self.void)


def runner_with(server):
    runner = PythonRunner()
    runner.warm_server = lambda: server  # type: ignore[method-assign]
    return runner


def test_a_warm_step_goes_to_the_server_with_its_job_and_files(mini_suite):
    problem = mini_suite.problems[0]
    events = [{"event": "loaded"},
              *({"event": "case", "index": c.index, "status": "value",
                 "value": sum(c.args)} for c in problem.executable_cases),
              {"event": "done"}]
    server = Recording(events)
    ex = judge(problem, runner_with(server).run(problem, ADD, FAST))
    assert ex.failure is None and {o.status for o in ex.outcomes} == {"passed"}
    ((argv, names, job),) = server.seen
    assert argv[-2:] == ["harness.py", "job.json"]
    assert names == ["harness.py", "job.json", "solution.py"]
    assert [c["index"] for c in job["cases"]] == [c.index for c in problem.executable_cases]


def test_a_server_that_cannot_run_leaves_the_step_to_a_fresh_process(mini_suite):
    problem = mini_suite.problems[0]
    server = Recording([], unavailable=True)
    ex = judge(problem, runner_with(server).run(problem, ADD, FAST))
    assert len(server.seen) == 1
    assert ex.failure is None and {o.status for o in ex.outcomes} == {"passed"}


def test_a_run_the_server_calls_void_is_a_runtime_error_its_outcomes_kept(mini_suite):
    problem = mini_suite.problems[0]
    first = problem.executable_cases[0]
    events = [{"event": "loaded"},
              {"event": "case", "index": first.index, "status": "value",
               "value": sum(first.args)}, {"event": "done"}]
    out = runner_with(Recording(events, void="the solution killed the server")).run(
        problem, ADD, FAST)
    assert out.failure == FailureKind.RUNTIME_ERROR
    assert out.message == "the solution killed the server"
    assert out.outcomes[0].index == first.index and out.outcomes[0].status == "value"


def test_no_runner_overrides_a_private_method_of_the_template():
    from pytest_agentbench.languages.harness_runner import HarnessRunner

    private = {n for n, v in vars(HarnessRunner).items()
               if n.startswith("_") and not n.startswith("__") and callable(v)}
    for name in REG.names():
        runner = type(REG.get(name))
        if issubclass(runner, HarnessRunner):
            overridden = {n for klass in runner.__mro__[:runner.__mro__.index(HarnessRunner)]
                          for n in vars(klass)} & private
            assert not overridden, (name, overridden)
    assert issubclass(PythonRunner, HarnessRunner)
