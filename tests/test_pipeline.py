"""One problem end to end on plain data, with in-test agents."""

from __future__ import annotations

from pytest_agentbench.agents import Agent, ReferenceAgent
from pytest_agentbench.languages import default_registry
from pytest_agentbench.models import AgentReply, FailureKind
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.scoring.quality import quality_score
from pytest_agentbench.suite import load_suite

from .helpers import SEED_SAMPLE

REG = default_registry()
PY = REG.get("python")


class Answer(Agent):
    spec = "answer"

    def __init__(self, text: str = "", failure: FailureKind | None = None,
                 raises: Exception | None = None) -> None:
        self.text, self.failure, self.raises = text, failure, raises

    def solve(self, request):
        if self.raises:
            raise self.raises
        return AgentReply(self.text, 0.5, self.failure, "it broke" if self.failure else "")


def run(problem, agent):
    return run_problem(problem, agent, PY, REG, BenchSettings())


def test_reference_passes_with_full_correctness(mini_suite):
    for problem in mini_suite.problems:
        result = run(problem, ReferenceAgent())
        assert result.status == "passed", result.message
        assert result.weighted == 10.0
        assert "Answer format" in result.prompt


def test_every_dimension_is_scored_or_n_a_with_a_reason(mini_suite):
    result = run(mini_suite.problems[0], Answer("```python\ndef add(a, b): return 3\n```"))
    scores = {s.name: s for s in result.scores}
    assert scores["correctness"].score == 3.33
    assert scores["performance"].score is None
    assert scores["performance"].reason == "the problem has no timing input"
    practice = scores["best_practices"]
    rules = {f["rule"] for f in practice.details["findings"]}
    assert {"ANN001", "ANN201", "D103"} <= rules
    # 20-line floor, then a third of the points: 1 of 3 cases passes
    assert practice.score == quality_score(practice.details["points"], 20, 1 / 3)
    expected = (3.33 * 0.4 + scores["idiomaticity"].score * 0.25 + practice.score * 0.15) / 0.8
    assert result.weighted == round(expected, 2)
    assert result.failure == FailureKind.WRONG_ANSWER


def test_agent_failure_is_carried_through(mini_suite):
    result = run(mini_suite.problems[0], Answer(failure=FailureKind.AGENT_TIMEOUT))
    assert result.status == "failed" and result.failure == FailureKind.AGENT_TIMEOUT
    assert result.execution is None and result.weighted == 0.0


def test_agent_that_raises_fails_its_item_only(mini_suite):
    result = run(mini_suite.problems[0], Answer(raises=RuntimeError("plugin bug")))
    assert result.failure == FailureKind.AGENT_ERROR
    assert "RuntimeError: plugin bug" in result.message


def test_no_code(mini_suite):
    result = run(mini_suite.problems[0], Answer("Sorry, no."))
    assert result.failure == FailureKind.NO_CODE and result.solution is None


def test_skips_are_decided_before_the_agent_is_asked():
    suite = load_suite(SEED_SAMPLE, REG)
    problem = suite.problems[0]
    result = run(problem, ReferenceAgent())
    assert result.status == "skipped" and "no reference solution" in result.message
    no_cases = problem.__class__(**{**problem.__dict__,
                                    "cases": tuple(c for c in problem.cases if not c.executable)})
    asked = []

    class Spy(Answer):
        def solve(self, request):
            asked.append(request)
            return super().solve(request)

    result = run(no_cases, Spy("x"))
    assert result.status == "skipped" and "no executable case" in result.message
    assert asked == []
