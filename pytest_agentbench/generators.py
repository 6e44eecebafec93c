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
- ``concat``: ``parts`` -> the expansions of ``parts`` (strings) joined into one string
"""

from __future__ import annotations

import random
from typing import Any

_LOWER = "abcdefghijklmnopqrstuvwxyz"


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
            lo, hi = float(spec["lo"]), float(spec["hi"])
            return [rng.uniform(lo, hi) for _ in range(int(spec["n"]))]
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
    except KeyError as exc:
        raise GeneratorError(f"generator {name!r} needs the field {exc.args[0]!r}") from None
    raise GeneratorError(f"unknown generator {name!r}")
