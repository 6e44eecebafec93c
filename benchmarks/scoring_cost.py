"""What scoring costs: a run with all four dimensions against a correctness-only run.

Runs the same suites with the reference agent (``pytest --agentbench ... -n 2`` by default) two
ways, interleaved so that the machine's load falls on both alike:

- correctness only (``--agentbench-weights correctness=1,...=0``: a dimension weighted 0 is not
  measured at all);
- every dimension, as a user runs it: analysers (findings cached on disk by the code's hash,
  long-lived analyser processes) and timing (conclusive timings cached on disk by the code
  pair's hash, the toolchain, the harness and the machine).

Three full runs are timed:

- empty caches: a first run on a fresh machine, every file analysed and every item timed;
- findings cached, timings measured (``AGENTBENCH_TIMING_CACHE=0``): what timing answers that
  were never timed before costs;
- findings and timings cached: a rerun of the same answers (a replayed agent in CI with its
  cache restored, the reference agent's second run).

Each is printed with its ratio to correctness only (issue 16's target: at most 2x).

    python benchmarks/scoring_cost.py [--repeat 2] [--suites suites/python_mini.json ...]
                                      [-- -n 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEVEN = ["python", "typescript", "go", "rust", "java", "php", "ruby"]
CORRECTNESS_ONLY = ["--agentbench-weights",
                    "correctness=1,idiomaticity=0,performance=0,best_practices=0"]


def run_once(suites: list[str], extra: list[str], cache_dir: Path, timing_cache: bool = True
             ) -> float:
    """Seconds of one whole ``pytest --agentbench`` process (start-up included)."""
    env = {**os.environ, "AGENTBENCH_CACHE_DIR": str(cache_dir),
           "AGENTBENCH_TIMING_CACHE": "1" if timing_cache else "0"}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "-p", "no:hypothesispytest", "--agentbench-progress", "off",
             "--agentbench-results", f"{tmp}/r.json", *[a for s in suites
                                                        for a in ("--agentbench", s)], *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"the run failed:\n{proc.stdout[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", nargs="+",
                        default=[f"suites/{lang}_mini.json" for lang in SEVEN])
    parser.add_argument("--repeat", type=int, default=2, help="full runs of each cached kind "
                        "(and as many correctness-only runs)")
    parser.add_argument("pytest_args", nargs="*", default=["-n", "2"],
                        help="extra pytest arguments (default: -n 2)")
    args = parser.parse_args()
    full = args.pytest_args
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"  # compiled support code is built once, before timing
        run_once(args.suites, [*full, *CORRECTNESS_ONLY, "-k", "easy_01"], cache)
        plain, measured, warm = [], [], []
        plain.append(run_once(args.suites, [*full, *CORRECTNESS_ONLY], cache))
        cold = run_once(args.suites, full, cache)  # empty findings and timing caches
        assert (cache / "analysis").is_dir(), "the full run left no findings cache"
        assert (cache / "timing").is_dir(), "the full run left no timing cache"
        for _ in range(args.repeat):
            measured.append(run_once(args.suites, full, cache, timing_cache=False))
            warm.append(run_once(args.suites, full, cache))
            plain.append(run_once(args.suites, [*full, *CORRECTNESS_ONLY], cache))
    base = statistics.median(plain)
    print(f"suites: {' '.join(Path(s).stem for s in args.suites)}; pytest args: "
          f"{' '.join(full)}; interleaved")
    print(f"correctness only:                           median {base:7.1f} s over "
          f"{len(plain)} runs")
    print(f"every dimension, empty caches:                     {cold:7.1f} s   ratio "
          f"{cold / base:.2f}x")
    for label, runs in (("findings cached, timings measured:", measured),
                        ("findings and timings cached:      ", warm)):
        print(f"every dimension, {label} median {statistics.median(runs):7.1f} s over "
              f"{len(runs)} runs   ratio {statistics.median(runs) / base:.2f}x  (target <= 2x)")

if __name__ == "__main__":
    main()
