"""The one timing protocol: the solution and the reference timed in ONE process, their calls
interleaved (``docs/runners.md``, "Timing"). Each timing size is decoded once per process, not
once per contender and round, and a solution call is paired with the reference call made next
to it, so load on the machine slows both alike. Python, Java and every :class:`HarnessRunner`
that implements ``timing_steps`` speak it; this module holds what is the same for all of them:
who the contenders are, the job, and reading the events back."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from .. import timing_inputs
from ..models import SizeTiming, TimingResult

#: a solution call over this many times the reference's (and over 1 s) is cut short: score 0
CUTOFF_RATIO = 25.0
#: a run that overran its time limit is the solution's fault (score 0) when, at the last size
#: measured, the solution's median unit was this many times the reference's or more
SLOW_RATIO = 4.0


@dataclass(frozen=True)
class Contender:
    """One of the two programs timed: ``who`` is "solution" or "reference"; ``folder`` is its
    directory under the work directory. When both have the same code (the reference agent),
    they share the solution's folder and are still timed as two contenders."""

    who: str
    folder: str
    code: str

    def as_job(self) -> dict[str, str]:
        return {"who": self.who, "dir": self.folder}


def contenders(code: str, reference: str) -> list[Contender]:
    same = reference == code
    return [Contender("solution", "solution", code),
            Contender("reference", "solution" if same else "reference", reference)]


def folders(chosen: list[Contender]) -> list[Contender]:
    """The contenders that own a folder (the reference is left out when it shares one)."""
    return [c for i, c in enumerate(chosen) if c.folder not in {d.folder for d in chosen[:i]}]


def job_text(base: dict[str, Any], chosen: list[Contender], repeat: int, call_budget: float,
             min_calls: int, sizes: list[tuple[str, int | None, str]]) -> str:
    """The timing job as JSON text: ``base`` (the language's job fields), ``mode: timing`` and
    ``timing``: the contenders, ``repeat`` (rounds at the first size), the call budget and
    the fewest calls at later sizes (the rule of ``harness_runner.calls_per_process``), the
    cut-off ratio, and each size's label, n and input (JSON text, spliced in unparsed)."""
    job = {**base, "cases": [], "mode": "timing",
           "timing": {"contenders": [c.as_job() for c in chosen], "repeat": repeat,
                      "call_budget": call_budget, "min_calls": min_calls,
                      "cutoff_ratio": CUTOFF_RATIO, "sizes": []}}
    texts = [timing_inputs.splice({"label": label, "n": n}, text) for label, n, text in sizes]
    return timing_inputs.with_list(job, ("timing", "sizes"), texts)


def timing_from_events(events: list[dict[str, Any]], proc: Any) -> TimingResult:
    """Timing events (any language's harness) into a :class:`TimingResult`."""
    sizes = tuple(
        SizeTiming(str(ev.get("label", "")), ev.get("n"),
                   tuple(float(x) for x in ev.get("solution", ())),
                   tuple(float(x) for x in ev.get("reference", ())))
        for ev in events if ev.get("event") == "timing"
    )
    for ev in events:
        if ev.get("event") == "timing_cut":
            return TimingResult(sizes, f"the solution took more than {ev.get('limit', 0):.2f} s "
                                       f"on one call at {ev.get('label')}, past "
                                       f"{CUTOFF_RATIO:g} times the reference's time", cut=True)
        if ev.get("event") in ("load_error", "timing_error", "harness_error"):
            who = ev.get("who", "solution")
            return TimingResult(sizes, f"the {who} raised {ev.get('error_type', 'an error')}: "
                                       f"{str(ev.get('message', ''))[:300]}")
    if proc.timed_out:
        return _overrun(sizes)
    if not any(ev.get("event") == "done" for ev in events):
        return TimingResult(sizes, f"the timing run ended early ({proc.returncode}): "
                                   f"{proc.stderr.strip()[-300:]}")
    return TimingResult(sizes)


def _overrun(sizes: tuple[SizeTiming, ...]) -> TimingResult:
    """A timing run killed at its time limit. The watchdog cuts a solution unit that runs
    past the cut-off, so an overrun is either the solution's many slow units (the sizes
    measured show it slower, by :data:`SLOW_RATIO` or more: score 0) or a reference too slow
    for this machine's limit, which says nothing of the solution (n/a)."""
    last = next((s for s in reversed(sizes) if s.solution and s.reference), None)
    if last is not None and (statistics.median(last.solution)
                             >= SLOW_RATIO * statistics.median(last.reference)):
        return TimingResult(sizes, f"the timing run did not finish within the time limit, the "
                                   f"solution {SLOW_RATIO:g} times slower or more at "
                                   f"{last.label}", timed_out=True)
    return TimingResult(sizes, "the timing run did not finish within the time limit, and "
                               "the sizes measured do not show the solution slow (a reference "
                               "too slow for this machine's limit?)")
