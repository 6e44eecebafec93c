"""What isolation costs per job, measured in one run.

Runs the same trivial Python problem (``add``, three cases) many times through the Python
runner, four ways, interleaved in rounds so that the machine's load falls on all alike:

- fork server, isolated: each job in its own mount, PID and IPC namespaces, tmpfs, no
  capabilities, seccomp (the default);
- fork server, isolation off (``--agentbench-isolation off``): a plain fork per job;
- a process per problem, isolated (``AGENTBENCH_FORKSERVER=0``): bubblewrap and an interpreter
  per job;
- a process per problem, isolation off.

Prints the median milliseconds per job of each and the isolation overhead per job (isolated
minus off) for both modes. The target for the fork server, which every Python item uses, is
20 ms or less per job.

    python benchmarks/isolation_overhead.py [--jobs 60] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytest_agentbench import sandbox
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.python import forkserver
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.suite import load_suite

SUITE = {"language": "python", "tests": [{
    "id": "add", "difficulty": "easy", "description": "Add.",
    "signature": "def add(a: int, b: int) -> int:",
    "test_cases": [{"args": [1, 2], "expected": 3}, {"args": [2, 2], "expected": 4},
                   {"args": [0, 0], "expected": 0}]}]}
CODE = "def add(a, b):\n    return a + b\n"


def per_job_ms(mode: str, forked: bool, jobs: int) -> float:
    """Median milliseconds per job over ``jobs`` jobs in one configuration."""
    sandbox.set_mode(mode)
    os.environ["AGENTBENCH_FORKSERVER"] = "1" if forked else "0"
    runner = default_registry().get("python")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "bench.json")
        path.write_text(json.dumps(SUITE))
        problem = load_suite(path).problems[0]
    settings = ExecSettings(solution_limits(10))
    runner.run(problem, CODE, settings)  # a warm server (started once per process in a run)
    times = []
    for _ in range(jobs):
        start = time.perf_counter()
        out = runner.run(problem, CODE, settings)
        times.append(time.perf_counter() - start)
        if out.failure is not None:
            raise SystemExit(f"{mode}/{'fork' if forked else 'process'}: {out.message}")
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    configs = [("auto", True), ("off", True), ("auto", False), ("off", False)]
    results: dict[tuple[str, bool], list[float]] = {c: [] for c in configs}
    for round_no in range(args.rounds):
        order = configs if round_no % 2 == 0 else configs[::-1]
        for mode, forked in order:
            results[(mode, forked)].append(per_job_ms(mode, forked, args.jobs))
    med = {c: statistics.median(v) for c, v in results.items()}
    print(f"{args.rounds} rounds x {args.jobs} jobs, medians of per-round medians (ms per job)")
    for (mode, forked), value in med.items():
        print(f"  {'fork server' if forked else 'process per problem':20s} isolation "
              f"{mode:4s}: {value:7.2f} ms")
    fork = med[("auto", True)] - med[("off", True)]
    spawn = med[("auto", False)] - med[("off", False)]
    print(f"isolation overhead per job: fork server {fork:.2f} ms (target <= 20 ms: "
          f"{'met' if fork <= 20 else 'NOT met'}); process per problem {spawn:.2f} ms")
    forkserver._close_all()


if __name__ == "__main__":
    main()
