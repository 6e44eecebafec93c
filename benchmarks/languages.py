"""Per language: the suite through the plugin against the floor, as a ratio from one run.

The floor compiles and runs the same reference solutions with the same harness directly: the
runner's own files, compile commands and run command, one plain subprocess each, no sandbox, no
pytest, no agent, no scoring. The plugin figure is a whole ``pytest --agentbench`` process with
the reference agent, scoring correctness only (the floor does no analysis or timing), and then,
for information, with every dimension. Interleaved and repeated; medians.

    python benchmarks/languages.py [--repeat 3] [--only go,rust]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pytest_agentbench.languages import default_registry  # noqa: E402
from pytest_agentbench.languages.harness_runner import HarnessRunner  # noqa: E402
from pytest_agentbench.languages.python import HARNESS, PythonRunner  # noqa: E402
from pytest_agentbench.sandbox import clean_env  # noqa: E402
from pytest_agentbench.suite import load_suite  # noqa: E402

CORRECTNESS_ONLY = "correctness=1,idiomaticity=0,performance=0,best_practices=0"


def floor_once(runner, suite_path: Path) -> float:
    """Every reference solution built and run directly, one problem after another."""
    problems = [p for p in load_suite(suite_path).problems if p.reference_solution]
    start = time.perf_counter()
    for problem in problems:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            env = {**clean_env(work), **(runner.extra_env(work)
                                         if isinstance(runner, HarnessRunner) else {})}
            if isinstance(runner, PythonRunner):
                (work / "solution.py").write_text(problem.reference_solution or "")
                (work / "harness.py").write_text(HARNESS.read_text())
                (work / "job.json").write_text(json.dumps(runner.job_for(problem)))
                subprocess.run([sys.executable, "-I", "-B", "harness.py", "job.json"], cwd=work,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               check=True)
                continue
            runner.write_files(work, problem, problem.reference_solution or "")
            runner.write_job(work, problem)
            steps = []
            if problem.executable_cases:
                steps += [*runner.compile_steps(work, problem), runner.run_step(work, problem)]
            if problem.native_tests:
                compile_steps, run = runner.native_steps(work, problem)
                steps += [*compile_steps, run]
            for step in steps:
                proc = subprocess.run(step.argv, cwd=work, env={**env, **step.env},
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      text=True, check=False)
                if proc.returncode != 0:  # a floor that fails early would flatter the plugin
                    raise SystemExit(f"floor: {problem.id}: {' '.join(step.argv[:3])}... exited "
                                     f"{proc.returncode}: {proc.stderr[-1000:]}")
    return time.perf_counter() - start


def plugin_once(suite_path: Path, weights: str | None) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "-m", "pytest", "--agentbench", str(suite_path), "-q",
                "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
                "--agentbench-results", f"{tmp}/r.json"]
        if weights:
            argv += ["--agentbench-weights", weights]
        start = time.perf_counter()
        proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"the plugin run on {suite_path.name} failed:\n{proc.stdout[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated languages")
    args = parser.parse_args()
    registry = default_registry()
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    print(f"{'language':<11}{'floor s':>9}{'plugin s':>10}{'ratio':>8}{'all dims s':>12}"
          "   (medians of interleaved runs)")
    for suite_path in sorted((ROOT / "suites").glob("*_mini.json")):
        language = json.loads(suite_path.read_text())["language"]
        runner = registry.get(language)
        if wanted and runner.name not in wanted:
            continue
        if not runner.toolchain().available:
            print(f"{runner.name:<11}skipped: toolchain not installed")
            continue
        floor_once(runner, suite_path)  # warm-up: caches, page cache, support builds
        plugin_once(suite_path, CORRECTNESS_ONLY)
        floors, plugins, full = [], [], []
        for _ in range(args.repeat):
            floors.append(floor_once(runner, suite_path))
            plugins.append(plugin_once(suite_path, CORRECTNESS_ONLY))
        full.append(plugin_once(suite_path, None))
        f, p = statistics.median(floors), statistics.median(plugins)
        print(f"{runner.name:<11}{f:9.2f}{p:10.2f}{p / f:8.2f}{statistics.median(full):12.2f}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
