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

A generator's seed is its ``seed`` plus the offset of the item it is in. ``int`` and ``choice``
draw one value from that seed by a 64-bit mix (splitmix64) rather than a fresh Mersenne
Twister: a call sequence of 4 * 10^5 items, each with its own draws, took 3.5 to 7 s to expand
that way, and a timing input is expanded in the middle of an item's run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

_LOWER = "abcdefghijklmnopqrstuvwxyz"
VERSION = 2  # of what the generators make: part of the key of cached timing inputs


class GeneratorError(ValueError):
    pass


def expand(value: Any, seed_offset: int = 0) -> Any:
    if isinstance(value, list):
        return [expand(v, seed_offset) for v in value]
    if isinstance(value, dict):
        if "$gen" in value:
            return _generate(value, seed_offset)
        return {k: expand(v, seed_offset) for k, v in value.items()}
    return value


def _template(value: Any) -> Callable[[int], Any]:
    """``value`` as a function of the seed offset, read and specialised once and then called
    for each item of a ``list``, ``cycle`` or ``dict`` (what :func:`expand` of the same value
    at that offset gives, without walking the template again for each of 10^5 items)."""
    if isinstance(value, list):
        parts = [_template(v) for v in value]
        return lambda offset: [part(offset) for part in parts]
    if isinstance(value, dict):
        if "$gen" not in value:
            items = [(k, _template(v)) for k, v in value.items()]
            return lambda offset: {k: part(offset) for k, part in items}
        if value["$gen"] == "int":
            lo, hi, base = _int_bounds(value)
            span = hi - lo + 1
            return lambda offset: lo + _mix(base + offset) % span
        if value["$gen"] == "index":
            return lambda offset: offset
        return lambda offset: _generate(value, offset)
    return lambda offset: value


def _int_bounds(spec: dict[str, Any]) -> tuple[int, int, int]:
    try:
        lo, hi = int(spec["lo"]), int(spec["hi"])
    except KeyError as exc:
        raise GeneratorError(f"generator 'int' needs the field {exc.args[0]!r}") from None
    if hi < lo:
        raise GeneratorError(f"int: hi {hi} is below lo {lo}")
    return lo, hi, int(spec.get("seed", 0))


_MASK = (1 << 64) - 1


def _mix(seed: int) -> int:
    """A well-spread 64-bit value from ``seed`` (splitmix64's output function)."""
    x = (seed + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _generate(spec: dict[str, Any], offset: int) -> Any:
    name = spec["$gen"]
    seed = int(spec.get("seed", 0)) + offset
    try:
        if name == "int":
            lo, hi, _ = _int_bounds(spec)
            return lo + _mix(seed) % (hi - lo + 1)
        if name == "choice":
            options = list(spec["options"])
            if not options:
                raise GeneratorError("choice: 'options' must not be empty")
            return expand(options[_mix(seed) % len(options)], offset)
        if name == "index":
            return offset
        rng = random.Random(seed)
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
            if isinstance(item, str):
                return item * n
            make = _template(item)
            return [make(0) for _ in range(n)]
        if name == "concat":
            return "".join(str(expand(part, offset)) for part in spec["parts"])
        if name == "list":
            make = _template(spec["of"])
            return [make(offset + i) for i in range(int(spec["n"]))]
        if name == "cycle":
            makers = [_template(t) for t in spec["of"]]
            if not makers:
                raise GeneratorError("cycle: 'of' must name at least one template")
            return [makers[i % len(makers)](offset + i) for i in range(int(spec["n"]))]
        if name == "dict":
            key, value = _template(spec["key"]), _template(spec["value"])
            return {_key(key(offset + i)): value(offset + i) for i in range(int(spec["n"]))}
    except KeyError as exc:
        raise GeneratorError(f"generator {name!r} needs the field {exc.args[0]!r}") from None
    raise GeneratorError(f"unknown generator {name!r}")


def _key(value: Any) -> Any:
    """A generated value as a mapping key (JSON keys are strings, lists are not hashable)."""
    if isinstance(value, list):
        raise GeneratorError("dict: a key must be a string or a number, not a list")
    return value
