"""Deterministic shards: ``--agentbench-shard K/N`` runs the K-th of N parts of the selection.

Each of N CI jobs (or machines) runs the same command with its own K, so every job must compute
the same split without talking to the others. The split is therefore a function of the selected
items' *keys* only (suite name, language, problem id, sample: never a file path, a rootdir or
the order of collection) and their expected cost (the difficulty's weight). It is a greedy
longest-processing-time assignment: items by decreasing cost, ties by a hash of the key, each to
the part with the least cost so far (ties: the lowest part). Jobs that select the same items
(same suites, ``-k``, ``-m``, samples) get disjoint parts that cover the selection; an item's
part can change when the selection does, so every job of a run takes the same selection
options. The results file records ``run.shard`` with a digest of the whole selection, which
``agentbench merge`` checks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .entries import ShardRecord

Key = tuple[str, str, str, int]  # suite name, language, problem id, sample

# Relative expected cost by difficulty (harder problems take agents longer and more attempts);
# a problem of no known difficulty costs as a medium one.
DIFFICULTY_COST = {"easy": 1.0, "medium": 2.0, "hard": 3.0}
UNKNOWN_COST = 2.0


@dataclass(frozen=True)
class Shard:
    k: int  # from 1
    n: int

    def __str__(self) -> str:
        return f"{self.k}/{self.n}"


def parse_shard(text: str) -> Shard:
    """``"2/4"`` -> Shard(2, 4); anything else raises ValueError saying what is expected."""
    k_text, sep, n_text = str(text).strip().partition("/")
    try:
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise ValueError(f"{text!r} is not K/N (e.g. 1/4: the first of 4 shards)") from None
    if not sep or n < 1 or not 1 <= k <= n:
        raise ValueError(f"{text!r}: K/N needs 1 <= K <= N (e.g. 1/4: the first of 4 shards)")
    return Shard(k, n)


def cost_of(difficulty: str) -> float:
    return DIFFICULTY_COST.get(str(difficulty).lower(), UNKNOWN_COST)


def key_hash(key: Key) -> str:
    """The same on every machine and Python (``hash()`` of a str is salted per process)."""
    return hashlib.sha256("\0".join(map(str, key)).encode("utf-8")).hexdigest()


def assign(costs: Mapping[Key, float], n: int) -> dict[Key, int]:
    """Each key's shard (from 1): greedy longest-processing-time over a stable order."""
    loads = [0.0] * n
    out: dict[Key, int] = {}
    for key in sorted(costs, key=lambda k: (-costs[k], key_hash(k))):
        part = min(range(n), key=lambda i: (loads[i], i))
        loads[part] += costs[key]
        out[key] = part + 1
    return out


def selection_digest(keys: Iterable[Key]) -> str:
    """A short fingerprint of a whole selection, so shards of different selections are told
    apart when merged."""
    text = "\n".join(sorted({key_hash(k) for k in keys}))
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:16]


def split(costs: Mapping[Key, float], shard: Shard) -> tuple[set[Key], ShardRecord]:
    """The keys of ``shard`` and the ``run.shard`` record of the results file."""
    parts = assign(costs, shard.n)
    mine = {k for k, part in parts.items() if part == shard.k}
    record: ShardRecord = {"k": shard.k, "n": shard.n, "items": len(mine), "selected": len(costs),
              "cost": sum(costs[k] for k in mine), "total_cost": sum(costs.values()),
              "selection": selection_digest(costs)}
    return mine, record
