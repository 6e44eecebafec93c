"""Performance scores that do not move with the machine's load (issue 16).

Runs every suite with the reference agent (each reference against itself) through the plugin as
a user does, ``pytest --agentbench suites/ -n 2``, twice: once while two busy loops load both
cores, once on a quiet machine (the order alternates with ``--repeat``). Prints, for the items
that were timed: the lowest performance score under load (target: every item >= 9.5) and the
largest change of an item's score between the two runs (target: <= 0.5), then every item that
misses either.

    python benchmarks/performance_stability.py [--suites suites/] [--repeat 1] [-- PYTEST-ARGS]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUSY = "while True:\n    pass\n"


def run(suites: str, out: Path, loaded: bool, extra: list[str]) -> dict[str, float | None]:
    """Performance score per item of one pytest run."""
    loops = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(2 if loaded else 0)]
    try:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "--agentbench", suites, "-n", "2", "-q",
                        "-p", "no:cacheprovider", "--agentbench-results", str(out), *extra],
                       cwd=ROOT, capture_output=True, text=True, check=False,
                       env={**os.environ, "AGENTBENCH_TIMING_CACHE": "0"})  # measure, not read
        print(f"  {'loaded' if loaded else 'quiet '} run: {time.perf_counter() - start:.0f} s")
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()
    doc = json.loads(out.read_text())
    return {f"{e['suite']}::{e['test_id']}": e["dimensions"].get("performance")
            for e in doc["results"] if e["status"] != "skipped"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", default="suites/")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    loaded: dict[str, list[float]] = {}
    quiet: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for round_no in range(args.repeat):
            order = (True, False) if round_no % 2 == 0 else (False, True)
            for is_loaded in order:
                scores = run(args.suites, Path(tmp, "r.json"), is_loaded, args.pytest_args)
                for item, score in scores.items():
                    if score is not None:
                        (loaded if is_loaded else quiet).setdefault(item, []).append(score)
    items = sorted(set(loaded) & set(quiet))
    lowest = min((min(loaded[i]) for i in items), default=None)
    changes = {i: max(abs(a - b) for a in loaded[i] for b in quiet[i]) for i in items}
    largest = max(changes.values(), default=None)
    print(f"{len(items)} timed items, {args.repeat} run(s) each way")
    if lowest is None or largest is None:
        print("nothing was timed")
        return
    print(f"lowest performance score under load: {lowest:.2f} (target >= 9.5: "
          f"{'met' if lowest >= 9.5 else 'NOT met'})")
    print(f"largest change of an item's score, loaded vs quiet: {largest:.2f} (target <= 0.5: "
          f"{'met' if largest <= 0.5 else 'NOT met'})")
    for item in items:
        if min(loaded[item]) < 9.5 or changes[item] > 0.5:
            print(f"  {item}: loaded {loaded[item]}, quiet {quiet[item]}")


if __name__ == "__main__":
    main()
