"""What scoring costs: a run with all four dimensions against a correctness-only run.

Runs the same suites with the reference agent (``pytest --agentbench ... -n 2`` by default) two
ways, interleaved so that the machine's load falls on both alike:

- correctness only (``--agentbench-weights correctness=1,...=0``: a dimension weighted 0 is not
  measured at all);
- every dimension, as a user runs it: analysers (findings cached on disk by the code's hash,
  long-lived analyser processes) and timing (conclusive timings cached on disk by the code
  pair's hash, the toolchain, the harness and the machine).

Four full runs are timed:

- empty caches: a first run on a fresh machine, every file analysed and every item timed;
- new answers: what CI with a real agent pays on every run. The reference's answers are
  recorded once (``--agentbench-record``), and each such run replays them with a comment line
  of its own added at the end of the code, so that no answer was analysed or timed before,
  while the tasks' starters (analysed to tell imposed findings), the timing inputs and the
  build caches are what a second run on that machine has;
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
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
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


#: how a line comment starts, by language (``//`` for the others)
LINE_COMMENT = {"python": "#", "ruby": "#"}


def new_answers(recorded: Path, target: Path) -> None:
    """Each recording of ``recorded`` written to ``target`` with a comment line of this call's
    own at the end of its code: answers that no cache has seen, which behave as the recorded
    ones do."""
    mark = uuid.uuid4().hex[:12]
    target.mkdir(parents=True, exist_ok=True)
    for path in recorded.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        answer: str = data["answer"]
        fence = answer.rstrip().rfind("```")
        comment = LINE_COMMENT.get(data["language"], "//")
        data["answer"] = (f"{answer[:fence].rstrip()}\n\n{comment} answer {mark}\n"
                          f"{answer[fence:]}")
        (target / path.name).write_text(json.dumps(data), encoding="utf-8")


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
        recorded = Path(tmp) / "recorded"
        run_once(args.suites, [*full, *CORRECTNESS_ONLY, "-k", "easy_01"], cache)
        plain, fresh, measured, warm = [], [], [], []
        plain.append(run_once(args.suites, [*full, *CORRECTNESS_ONLY, "--agentbench-record",
                                            str(recorded)], cache))
        cold = run_once(args.suites, full, cache)  # empty findings and timing caches
        assert (cache / "analysis").is_dir(), "the full run left no findings cache"
        assert (cache / "timing").is_dir(), "the full run left no timing cache"
        for index in range(args.repeat):
            answers = Path(tmp) / f"new-{index}"
            new_answers(recorded, answers)
            fresh.append(run_once(args.suites, [*full, "--agentbench-agent",
                                                f"replay:{answers}"], cache))
            measured.append(run_once(args.suites, full, cache, timing_cache=False))
            warm.append(run_once(args.suites, full, cache))
            plain.append(run_once(args.suites, [*full, *CORRECTNESS_ONLY], cache))
    base = statistics.median(plain)
    print(f"suites: {' '.join(Path(s).stem for s in args.suites)}; pytest args: "
          f"{' '.join(full)}; interleaved")
    print(f"{'correctness only':<55} median {base:7.1f} s over {len(plain)} runs")
    print(f"{'every dimension, empty caches':<55} {cold:14.1f} s   ratio {cold / base:.2f}x")
    for label, runs in (("every dimension, new answers (starters, builds cached)", fresh),
                        ("every dimension, findings cached, timings measured", measured),
                        ("every dimension, findings and timings cached", warm)):
        print(f"{label:<55} median {statistics.median(runs):7.1f} s over {len(runs)} runs   "
              f"ratio {statistics.median(runs) / base:.2f}x  (target <= 2x)")


if __name__ == "__main__":
    main()
