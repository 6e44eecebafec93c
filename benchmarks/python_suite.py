"""How long the Python suite takes through the plugin, against the floor.

The floor runs the same reference solutions through the same harness, one interpreter per
problem, directly: no pytest, no agent, no extraction, no reports. The plugin figure is a whole
``pytest --agentbench`` process, start-up included, scoring correctness only (the floor's work);
a run with every dimension (analysers, timing) is printed beside it for information. All are
measured in this one run, interleaved (floor, plugin, floor, plugin, ...), and the ratio of
the medians is printed.

    python benchmarks/python_suite.py [--repeat 5] [--suite suites/python_mini.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pytest_agentbench.languages.python import HARNESS, PythonRunner  # noqa: E402
from pytest_agentbench.suite import load_suite  # noqa: E402


def floor_once(suite_path: Path) -> float:
    """Every problem's reference solution through the harness, directly."""
    runner = PythonRunner()
    problems = [p for p in load_suite(suite_path).problems if p.reference_solution]
    start = time.perf_counter()
    for problem in problems:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            (work / "solution.py").write_text(problem.reference_solution or "")
            shutil.copyfile(HARNESS, work / "harness.py")
            (work / "job.json").write_text(json.dumps(runner.job_for(problem)))
            subprocess.run([sys.executable, "-I", "-B", "harness.py", "job.json"], cwd=work,
                           check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def plugin_once(suite_path: Path, extra: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "--agentbench", str(suite_path), "-q",
             "-p", "no:cacheprovider", "--agentbench-results", f"{tmp}/r.json", *extra],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"the plugin run failed:\n{proc.stdout[-3000:]}")
    return seconds


CORRECTNESS_ONLY = ["--agentbench-weights",
                    "correctness=1,idiomaticity=0,performance=0,best_practices=0"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=ROOT / "suites" / "python_mini.json")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments, e.g. -n 2")
    args = parser.parse_args()
    # hypothesis (a dev dependency of this repo, not of the plugin) costs ~0.35 s at start-up
    args.pytest_args = ["-p", "no:hypothesispytest", *args.pytest_args]
    same_work = [*args.pytest_args, *CORRECTNESS_ONLY]
    floor_once(args.suite)  # warm-up: imports, page cache
    plugin_once(args.suite, same_work)
    floors, plugins, full = [], [], []
    for _ in range(args.repeat):
        floors.append(floor_once(args.suite))
        plugins.append(plugin_once(args.suite, same_work))
        full.append(plugin_once(args.suite, args.pytest_args))
    floor, plugin = statistics.median(floors), statistics.median(plugins)
    print(f"suite: {args.suite.name}, runs: {args.repeat} each, interleaved; "
          f"pytest args: {' '.join(args.pytest_args)}")
    print(f"floor  (harness directly):   median {floor:.3f} s  (min {min(floors):.3f}, "
          f"max {max(floors):.3f})")
    print(f"plugin, correctness only (the floor's work): median {plugin:.3f} s  "
          f"(min {min(plugins):.3f}, max {max(plugins):.3f})")
    print(f"ratio plugin/floor: {plugin / floor:.2f}")
    print(f"for information, every dimension (analysers and timing too): median "
          f"{statistics.median(full):.3f} s, {statistics.median(full) / floor:.2f} x the floor")


if __name__ == "__main__":
    main()
