"""Timing jobs in the harness's value codec, and the timing events a harness reports (any
language's) as a :class:`~pytest_agentbench.models.TimingResult`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ... import timing_inputs
from ...generators import expand
from ...models import SizeTiming, TimingResult, TimingSize
from .harness import python_harness as codec


def timing_input(size: TimingSize) -> dict[str, Any]:
    """A timing size in the harness's value codec: a call's ``args``, or a class problem's
    ``init`` and ``calls``."""
    if size.calls is None:
        return {"args": [codec.encode(a) for a in expand(list(size.args))]}
    return {"init": [codec.encode(a) for a in expand(list(size.init or ()))],
            "calls": [{"method": c["method"], "args": [codec.encode(a) for a in c.get("args", ())]}
                      for c in expand(size.calls)]}


def timing_input_text(size: TimingSize, cache_dir: Path | None) -> str:
    """:func:`timing_input` as JSON text, made once per machine (:mod:`...timing_inputs`)."""
    return timing_inputs.input_text(size, timing_input, "python-codec", cache_dir)


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
                                       f"on one call at {ev.get('label')}, over "
                                       "25 times the reference's time", cut=True)
        if ev.get("event") in ("load_error", "timing_error", "harness_error"):
            who = ev.get("who", "solution")
            return TimingResult(sizes, f"the {who} raised {ev.get('error_type', 'an error')}: "
                                       f"{str(ev.get('message', ''))[:300]}")
    if proc.timed_out:
        return TimingResult(sizes, "the timing run did not finish within the time limit",
                            timed_out=True)
    if not any(ev.get("event") == "done" for ev in events):
        return TimingResult(sizes, f"the timing run ended early ({proc.returncode}): "
                                   f"{proc.stderr.strip()[-300:]}")
    return TimingResult(sizes)

