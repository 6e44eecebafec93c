"""Generators for large timing inputs, so that a suite file stays small.

An argument (at any depth) may be ``{"$gen": NAME, ...}``; it is expanded before the run,
deterministically (seeded):

- ``range``: ``start`` (0), ``stop``, ``step`` (1) -> ``list(range(start, stop, step))``
- ``randint``: ``n``, ``lo``, ``hi``, ``seed`` (0), ``sorted``, ``unique`` (false) -> ``n``
  integers in ``[lo, hi]``
- ``randfloat``: ``n``, ``lo``, ``hi``, ``seed`` -> ``n`` floats in ``[lo, hi)``
- ``randstr``: ``n``, ``alphabet`` (a-z), ``seed`` -> a string of length ``n``
- ``repeat``: ``value``, ``n`` -> ``value`` repeated: a string for a string, else a list
- ``list``: ``n``, ``of`` -> ``n`` expansions of ``of``, seeds offset by the index
- ``cycle``: ``n``, ``of`` (a list of templates) -> ``n`` expansions, the i-th of
  ``of[i % len(of)]`` with seeds offset by i (a sequence of method calls, say)
- ``dict``: ``n``, ``key``, ``value`` -> a mapping of ``n`` entries, key and value expanded
  with seeds offset by the index (a key template should use ``index`` to be unique)
- ``concat``: ``parts`` -> the expansions of ``parts`` (strings) joined into one string
- ``int``: ``lo``, ``hi``, ``seed`` -> one integer in ``[lo, hi]``
- ``choice``: ``options``, ``seed`` -> one of ``options``, expanded
- ``index``: -> the position of the item being generated in its ``list``, ``cycle`` or
  ``dict`` (0 outside one)
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_LOWER = "abcdefghijklmnopqrstuvwxyz"


class GeneratorError(ValueError):
    pass


def remember_recent(fn: Callable[[T], R]) -> Callable[[T], R]:
    """``fn`` of one argument, its result remembered for the last 16 arguments, by identity.

    A problem is timed in up to three batches, each expanding the same timing sizes, and a
    large generated input (10^5 calls, each argument its own seeded draw) takes seconds to
    expand. The argument is held while remembered, so its id is not reused meanwhile; callers
    must not change the result."""
    memo: dict[int, tuple[T, R]] = {}

    @functools.wraps(fn)
    def remembered(arg: T) -> R:
        hit = memo.get(id(arg))
        if hit is not None and hit[0] is arg:
            return hit[1]
        value = fn(arg)
        if len(memo) >= 16:
            memo.pop(next(iter(memo)))
        memo[id(arg)] = (arg, value)
        return value

    return remembered


def expand(value: Any, seed_offset: int = 0) -> Any:
    if isinstance(value, list):
        return [expand(v, seed_offset) for v in value]
    if isinstance(value, dict):
        if "$gen" in value:
            return _generate(value, seed_offset)
        return {k: expand(v, seed_offset) for k, v in value.items()}
    return value


def _generate(spec: dict[str, Any], offset: int) -> Any:
    name = spec["$gen"]
    rng = random.Random(int(spec.get("seed", 0)) + offset)
    try:
        if name == "range":
            return list(range(int(spec.get("start", 0)), int(spec["stop"]),
                              int(spec.get("step", 1))))
        if name == "randint":
            n, lo, hi = int(spec["n"]), int(spec["lo"]), int(spec["hi"])
            if spec.get("unique"):
                if hi - lo + 1 < n:
                    raise GeneratorError(f"randint: {n} unique values do not fit in [{lo}, {hi}]")
                values = rng.sample(range(lo, hi + 1), n)
            else:
                values = [rng.randint(lo, hi) for _ in range(n)]
            return sorted(values) if spec.get("sorted") else values
        if name == "randfloat":
            low, high = float(spec["lo"]), float(spec["hi"])
            return [rng.uniform(low, high) for _ in range(int(spec["n"]))]
        if name == "randstr":
            alphabet = str(spec.get("alphabet", _LOWER))
            return "".join(rng.choice(alphabet) for _ in range(int(spec["n"])))
        if name == "repeat":
            item, n = spec["value"], int(spec["n"])
            return item * n if isinstance(item, str) else [expand(item) for _ in range(n)]
        if name == "concat":
            return "".join(str(expand(part, offset)) for part in spec["parts"])
        if name == "list":
            return [expand(spec["of"], offset + i) for i in range(int(spec["n"]))]
        if name == "cycle":
            templates = list(spec["of"])
            if not templates:
                raise GeneratorError("cycle: 'of' must name at least one template")
            return [expand(templates[i % len(templates)], offset + i)
                    for i in range(int(spec["n"]))]
        if name == "dict":
            return {_key(expand(spec["key"], offset + i)): expand(spec["value"], offset + i)
                    for i in range(int(spec["n"]))}
        if name == "int":
            return rng.randint(int(spec["lo"]), int(spec["hi"]))
        if name == "choice":
            return expand(rng.choice(list(spec["options"])), offset)
        if name == "index":
            return offset
    except KeyError as exc:
        raise GeneratorError(f"generator {name!r} needs the field {exc.args[0]!r}") from None
    raise GeneratorError(f"unknown generator {name!r}")


def _key(value: Any) -> Any:
    """A generated value as a mapping key (JSON keys are strings, lists are not hashable)."""
    if isinstance(value, list):
        raise GeneratorError("dict: a key must be a string or a number, not a list")
    return value
