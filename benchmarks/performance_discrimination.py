"""A slower answer scores lower on performance than the reference (issue 16).

The runner tests assert only the mechanics of timing (both sizes measured, a ratio text, no
error), since a timing outcome asserted in a unit test fails on a busy machine. What timing is
for lives here: per language, the correct but asymptotically slower answer its runner tests keep
(a quadratic run-length encoder, a word count by linear search...) and the reference are scored
on the same suite problem, through the pipeline with correctness and performance only, and the
two performance scores are printed with the slow answer's time ratio against the reference.

    python benchmarks/performance_discrimination.py [--languages ruby,php,...]

Target: on every language, the slow answer's score is below the reference's (the reference
against itself scores 10 within the noise; the slow one loses points, 0 when it is cut off at 25
times the reference's time). A language whose toolchain is missing is skipped with the reason.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ["AGENTBENCH_TIMING_CACHE"] = "0"  # every score here is measured, not read back
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_agentbench.agents import Agent, ReferenceAgent  # noqa: E402
from pytest_agentbench.languages import ExecSettings, default_registry  # noqa: E402
from pytest_agentbench.models import AgentReply  # noqa: E402
from pytest_agentbench.pipeline import BenchSettings, run_problem  # noqa: E402
from pytest_agentbench.sandbox import solution_limits  # noqa: E402
from pytest_agentbench.scoring import builtin_evaluators  # noqa: E402
from pytest_agentbench.suite import load_suite  # noqa: E402

#: language -> (the runner test module and its slow answer, the suite problem, the code fence)
SLOW_ANSWERS = {
    "ruby": ("tests.test_ruby_runner", "QUADRATIC_RLE", "ruby_easy_03", "ruby"),
    "php": ("tests.test_php_runner", "QUADRATIC_TOP_WORDS", "php_easy_02", "php"),
    "java": ("tests.test_java_runner", "SLOW_MERGE", "java_easy_03", "java"),
    "typescript": ("tests.test_typescript_runner", "QUADRATIC_CHUNK", "typescript_easy_01", "ts"),
    "rust": ("tests.test_rust_runner", "SLOW_MERGE", "rust_medium_02", "rust"),
    "go": ("tests.test_go_runner", "SLOW_TRUNCATE", "go_easy_01", "go"),
}

SETTINGS = BenchSettings(
    exec_settings=ExecSettings(solution_limits(30)),
    evaluators=tuple(e for e in builtin_evaluators() if e.name in ("correctness", "performance")),
    weights={"correctness": 0.4, "performance": 0.2})


class Answer(Agent):
    spec = "answer"

    def __init__(self, code: str, fence: str) -> None:
        self.code, self.fence = code, fence

    def solve(self, request: Any) -> AgentReply:
        return AgentReply(f"```{self.fence}\n{self.code}\n```", 0.0)


def performance(problem: Any, agent: Agent, runner: Any, registry: Any) -> tuple[Any, str]:
    """The performance score of ``agent``'s answer, and what else to say about it."""
    result = run_problem(problem, agent, runner, registry, SETTINGS)
    score = next((s for s in result.scores if s.name == "performance"), None)
    if result.status != "passed" or score is None:
        return None, f"not scored: {result.status} {result.message[:120]}"
    details = score.details or {}
    if details.get("ratio") is not None:
        return score.score, f"time ratio {details['ratio']:.2f}x" + (
            f", growth {details['growth']['difference']:+.2f}" if "growth" in details else "")
    return score.score, score.reason or "no ratio"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(SLOW_ANSWERS))
    args = parser.parse_args()
    registry = default_registry()
    misses = 0
    print(f"{'language':<11} {'problem':<19} {'reference':>9} {'slow':>6} {'slow/ref':>8}  "
          "slow answer against the reference")
    for language in args.languages.split(","):
        module, constant, problem_id, fence = SLOW_ANSWERS[language]
        runner = registry.get(language)
        toolchain = runner.toolchain()
        if not toolchain.available:
            print(f"{language:<11} skipped: {toolchain.reason}")
            continue
        slow = getattr(importlib.import_module(module), constant)
        suite = ROOT / "suites" / f"{language}_mini.json"
        problem = next(p for p in load_suite(suite, registry).problems if p.id == problem_id)
        start = time.perf_counter()
        ref_score, _ = performance(problem, ReferenceAgent(), runner, registry)
        slow_score, note = performance(problem, Answer(slow, fence), runner, registry)
        if ref_score is None or slow_score is None:
            print(f"{language:<11} {problem_id:<19} {ref_score!s:>9} {slow_score!s:>6} "
                  f"{'':>8}  {note}")
            misses += 1
            continue
        share = f"{slow_score / ref_score:.2f}" if ref_score else "-"
        verdict = "" if slow_score < ref_score else "  MISS: the slow answer did not score lower"
        misses += bool(verdict)
        print(f"{language:<11} {problem_id:<19} {ref_score:>9.2f} {slow_score:>6.2f} {share:>8}  "
              f"{note} ({time.perf_counter() - start:.0f} s){verdict}")
    print(f"{misses} language(s) where the slow answer did not score lower than the reference")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
