"""What scoring costs: a run with all four dimensions against a correctness-only run.

Runs the same suites with the reference agent (``pytest --agentbench ... -n 2`` by default) two
ways, interleaved so that the machine's load falls on both alike:

- correctness only (``--agentbench-weights correctness=1,...=0``: a dimension weighted 0 is not
  measured at all);
- every dimension, as a user runs it: analysers (findings cached on disk by the code's hash,
  long-lived analyser processes) and timing.

The first full run starts with an empty findings cache (a first run on a fresh machine: every
file analysed once); later full runs reuse it, as a CI job with a restored cache or a second
run on the same machine does. Both figures are printed with their ratio to correctness only
(issue 16's target: at most 2x for the warm case).

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


def run_once(suites: list[str], extra: list[str], cache_dir: Path) -> float:
    """Seconds of one whole ``pytest --agentbench`` process (start-up included)."""
    env = {**os.environ, "AGENTBENCH_CACHE_DIR": str(cache_dir)}
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
    parser.add_argument("--repeat", type=int, default=2, help="warm full runs (and as many "
                        "correctness-only runs)")
    parser.add_argument("pytest_args", nargs="*", default=["-n", "2"],
                        help="extra pytest arguments (default: -n 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"  # compiled support code is built once, before timing
        run_once(args.suites, [*args.pytest_args, *CORRECTNESS_ONLY, "-k", "easy_01"], cache)
        findings = cache / "analysis"
        plain, warm = [], []
        plain.append(run_once(args.suites, [*args.pytest_args, *CORRECTNESS_ONLY], cache))
        cold = run_once(args.suites, args.pytest_args, cache)  # an empty findings cache
        assert findings.is_dir(), "the full run left no findings cache"
        for _ in range(args.repeat):
            warm.append(run_once(args.suites, args.pytest_args, cache))
            plain.append(run_once(args.suites, [*args.pytest_args, *CORRECTNESS_ONLY], cache))
    base = statistics.median(plain)
    print(f"suites: {' '.join(Path(s).stem for s in args.suites)}; pytest args: "
          f"{' '.join(args.pytest_args)}; interleaved")
    print(f"correctness only:                  median {base:7.1f} s over {len(plain)} runs")
    print(f"every dimension, empty cache:             {cold:7.1f} s   ratio {cold / base:.2f}x")
    print(f"every dimension, findings cached:  median {statistics.median(warm):7.1f} s over "
          f"{len(warm)} runs   ratio {statistics.median(warm) / base:.2f}x  (target <= 2x)")


if __name__ == "__main__":
    main()
