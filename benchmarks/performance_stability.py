"""The reference against itself: how often does it score 9.5 or more on performance?

For every problem with a timing input (in every language whose toolchain is installed), time
the reference solution against itself ``--runs`` times exactly as the performance dimension
does, and print per problem how many runs scored at least 9.5, with the ratios seen. The goal
is 9 runs out of 10 or better.

    python benchmarks/performance_stability.py [--runs 10] [--only python,go]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pytest_agentbench.languages import ExecSettings, default_registry  # noqa: E402
from pytest_agentbench.sandbox import solution_limits  # noqa: E402
from pytest_agentbench.scoring.performance import curve, growth  # noqa: E402
from pytest_agentbench.suite import load_suite  # noqa: E402


def score_once(runner, problem) -> tuple[float, float]:
    result = runner.benchmark(problem, problem.reference_solution,
                              problem.reference_solution, ExecSettings(solution_limits(30)))
    if result.error:
        raise RuntimeError(result.error)
    sizes = list(result.sizes)
    last = sizes[-1]
    ratio = statistics.median(last.solution) / statistics.median(last.reference)
    g_sol, g_ref = growth(sizes, "solution"), growth(sizes, "reference")
    extra = max(0.0, g_sol - g_ref - 0.25) if g_sol is not None and g_ref is not None else 0.0
    return curve(ratio * 10 ** extra), ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    registry = default_registry()
    total = good_total = 0
    for path in sorted((ROOT / "suites").glob("*_mini.json")):
        runner = registry.get(json.loads(path.read_text())["language"])
        if (wanted and runner.name not in wanted) or not runner.supports_timing \
                or not runner.toolchain().available:
            continue
        for problem in load_suite(path, registry).problems:
            if problem.timing is None or not problem.reference_solution:
                continue
            scores, ratios = [], []
            for _ in range(args.runs):
                score, ratio = score_once(runner, problem)
                scores.append(score)
                ratios.append(ratio)
            good = sum(1 for s in scores if s >= 9.5)
            total += args.runs
            good_total += good
            print(f"{problem.id:<22} {good:>2}/{args.runs} runs >= 9.5   ratios "
                  f"{min(ratios):.2f}-{max(ratios):.2f}   lowest score {min(scores):.2f}")
    if total:
        print(f"all: {good_total}/{total} runs >= 9.5 ({100 * good_total / total:.0f} %)")


if __name__ == "__main__":
    main()
