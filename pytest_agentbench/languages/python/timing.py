"""Timing inputs in the Python harness's value codec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ... import timing_inputs
from ...generators import expand
from ...models import TimingSize
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
