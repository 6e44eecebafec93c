"""Waiting on agents must overlap: 48 items with a fake agent that takes 1 s per answer,
serially, with ``--agentbench-concurrency 8`` (a prefetching pool, no extra processes), with
``-n 8`` (xdist), and both. Prints wall times and the speed-up over serial, from one run.

    python benchmarks/agent_concurrency.py [--items 48] [--sleep 1.0]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AGENT = '''
import time
from pytest_agentbench.agents import Agent
from pytest_agentbench.models import AgentReply

FENCE = "`" * 3


class Sleepy(Agent):
    """Slow and cheap on CPU, like a remote model: sleeps, then answers correctly."""

    spec = "sleepy"

    def solve(self, request):
        time.sleep({sleep})
        code = "def add(a: int, b: int) -> int:\\n    \\"\\"\\"Add.\\"\\"\\"\\n    return a + b\\n"
        return AgentReply(text=f"{{FENCE}}python\\n{{code}}{{FENCE}}\\n", seconds={sleep})


def pytest_agentbench_make_agent(spec, config):
    return Sleepy() if spec == "sleepy" else None
'''


def suite(items: int) -> dict:
    tests = [{
        "id": f"add_{i:03d}", "difficulty": "easy", "description": "Add two numbers.",
        "signature": "def add(a: int, b: int) -> int:",
        "test_cases": [{"args": [1, 2], "expected": 3}, {"args": [-1, 1], "expected": 0}],
    } for i in range(items)]
    return {"language": "python", "tests": tests}


def timed(work: Path, extra: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--agentbench", "suite.json", "-q", "-p",
         "no:cacheprovider", "-p", "no:hypothesispytest", "--agentbench-agent", "sleepy",
         *extra], cwd=work, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"run {extra} failed:\n{proc.stdout[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=48)
    parser.add_argument("--sleep", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "suite.json").write_text(json.dumps(suite(args.items)))
        (work / "conftest.py").write_text(AGENT.format(sleep=args.sleep))
        runs = {
            "serial": ["-p", "no:xdist"],
            "--agentbench-concurrency 8": ["-p", "no:xdist", "--agentbench-concurrency", "8"],
            "-n 8": ["-n", "8"],
        }
        times = {name: timed(work, extra) for name, extra in runs.items()}
    serial = times["serial"]
    print(f"{args.items} items, fake agent {args.sleep:g} s per answer, 2 cores")
    for name, seconds in times.items():
        print(f"{name:<28} {seconds:7.2f} s   speed-up x{serial / seconds:.2f}")


if __name__ == "__main__":
    main()
