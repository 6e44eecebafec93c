"""Timings kept on disk by everything that determines them, so that the same answer is timed
once per machine.

A performance measurement depends on the solution's and the reference's code, the problem's
timing inputs and signature, the language's toolchain and harness, and the machine. The same
pair is timed again and again: the reference agent's answers in every run, a replayed agent's in
CI, an unchanged answer in a rerun. So a conclusive measurement (no error, no overrun, no cut)
is kept under ``<cache root>/timing``, keyed by all of the above, written atomically by the
plugin's process (no sandbox can write there: compile steps may read the cache root, and write
only their own build caches), and read back instead of timing again; the score's details say it was
(``cached``, with the time it was measured). A measurement is taken as it was: the cached
rounds are the rounds measured, and they are scored as fresh ones would be.
``AGENTBENCH_TIMING_CACHE=0`` measures afresh every time (the stability benchmarks do).
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import time
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from ..languages import LanguageRunner
from ..models import Problem, SizeTiming, TimingResult

FORMAT = 1  # bump when what is stored, or how timings are taken, changes
_SHARED = ("harness_runner.py", "timing_job.py")  # every harness's share of the protocol


@dataclass(frozen=True)
class Kept:
    """A measurement read back: the timings, how many batches made them, and when."""

    result: TimingResult
    batches: int
    measured_at: str


def enabled() -> bool:
    return os.environ.get("AGENTBENCH_TIMING_CACHE", "1").strip().lower() not in (
        "0", "off", "no", "false")


@cache
def machine() -> str:
    """The processor model and count: a ratio measured on one such machine holds on another
    (a CI job's cache restored on a new runner of the same kind), not across kinds."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    return f"{model or os.uname().machine} x{os.cpu_count()}"


def _digest_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        with contextlib.suppress(OSError):
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


@cache
def harness_digest(runner_type: type) -> str:
    """The code that takes a language's timings: a built-in language's whole package (runner,
    harness and support files), a plugin's runner module, the packages of the built-in bases
    a runner extends (JavaScript's and TypeScript's Node base, ``languages/node``), the
    directories it names in ``timing_sources`` (JavaScript runs TypeScript's harness), and the
    shared protocol."""
    languages = Path(__file__).resolve().parents[1] / "languages"
    files = [languages / name for name in _SHARED]
    try:
        module = Path(inspect.getfile(runner_type)).resolve()
    except (OSError, TypeError):
        return _digest_files(files) + runner_type.__qualname__
    if module.parent.parent != languages:
        files.append(module)
    for folder in [*language_packages(runner_type), *getattr(runner_type, "timing_sources", ())]:
        files += [p for p in Path(folder).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts]
    return _digest_files(files)


def language_packages(runner_type: type) -> list[Path]:
    """The built-in language packages (``languages/<name>/``) that ``runner_type`` or one of
    its bases is defined in, each once, the runner's own first."""
    languages = Path(__file__).resolve().parents[1] / "languages"
    packages: dict[Path, None] = {}
    for cls in runner_type.__mro__:
        with contextlib.suppress(OSError, TypeError):
            package = Path(inspect.getfile(cls)).resolve().parent
            if package.parent == languages:
                packages[package] = None
    return list(packages)


def key(runner: LanguageRunner, problem: Problem, code: str, reference: str) -> str:
    """Everything a measurement depends on, hashed."""
    assert problem.timing is not None
    parts = [str(FORMAT), machine(), problem.language, runner.toolchain().version,
             harness_digest(type(runner)), problem.entry_point, repr(problem.signature),
             json.dumps(asdict(problem.timing), sort_keys=True, default=repr), code, reference]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _directory() -> Path:
    from ..languages.harness_runner import cache_root

    return cache_root() / "timing"


def _path(digest: str) -> Path:
    return _directory() / digest[:2] / f"{digest}.json"


def load(digest: str) -> Kept | None:
    """The measurement stored under ``digest``, or None (none stored, unreadable, or off)."""
    if not enabled():
        return None
    try:
        data = json.loads(_path(digest).read_text(encoding="utf-8"))
        sizes = tuple(SizeTiming(str(s["label"]), s["n"] if s["n"] is None else int(s["n"]),
                                 tuple(float(x) for x in s["solution"]),
                                 tuple(float(x) for x in s["reference"]))
                      for s in data["sizes"])
        return Kept(TimingResult(sizes), int(data["batches"]), str(data["measured_at"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def keepable(result: TimingResult) -> bool:
    """Only a measurement that ended as planned is kept: one that overran or was cut depends
    on the machine's limits and load, and an error is reported, not reused."""
    return not (result.error or result.timed_out or result.cut) and bool(result.sizes)


def store(digest: str, result: TimingResult, batches: int) -> None:
    """Keep ``result`` under ``digest`` (atomically: a reader sees all of it or nothing); a
    cache that cannot be written is no error."""
    if not enabled() or not keepable(result):
        return
    from ..results import write_atomic  # results imports the pipeline, which imports this

    data = {"batches": batches,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sizes": [{"label": s.label, "n": s.n, "solution": list(s.solution),
                       "reference": list(s.reference)} for s in result.sizes]}
    with contextlib.suppress(OSError):
        write_atomic(_path(digest), data)
