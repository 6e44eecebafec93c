"""Installation order for packages with dependencies."""

import heapq
from graphlib import CycleError, TopologicalSorter
from typing import List


def build_order(packages: List[str], dependencies: List[List[str]]) -> List[str]:
    """Return the order that installs every package after its dependencies.

    Each pair of ``dependencies`` is ``[package, dependency]``. Whenever several
    packages could come next, the lexicographically smallest one does, which makes
    the order unique.

    Raises:
        ValueError: If a pair names an unknown package or the dependencies form a cycle.
    """
    known = set(packages)
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for package in packages:
        sorter.add(package)
    for package, dependency in dependencies:
        if package not in known or dependency not in known:
            raise ValueError(f"unknown package in dependency {package!r} -> {dependency!r}")
        sorter.add(package, dependency)
    try:
        sorter.prepare()
    except CycleError as error:
        raise ValueError(f"dependency cycle: {' -> '.join(error.args[1])}") from error

    ready = list(sorter.get_ready())
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        package = heapq.heappop(ready)
        order.append(package)
        sorter.done(package)
        for unlocked in sorter.get_ready():
            heapq.heappush(ready, unlocked)
    return order
