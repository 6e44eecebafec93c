"""Cheapest route between two cities with a limit on intermediate stops."""

from typing import List


def cheapest_route(n: int, flights: List[List[int]], source: int, target: int, max_stops: int) -> int:
    """Return the cheapest price from ``source`` to ``target`` with at most ``max_stops`` stops.

    ``flights`` holds directed ``[origin, destination, price]`` triples over the cities
    ``0 .. n - 1``. Return ``-1`` if no such route exists.

    Bellman-Ford limited to ``max_stops + 1`` rounds: after round ``k``, ``cost`` holds the
    cheapest price of every city reachable with at most ``k`` flights.
    """
    cost = {source: 0}
    # With non-negative prices no cheapest route needs more than n - 1 flights.
    for _ in range(min(max_stops + 1, n - 1)):
        previous = cost.copy()
        for origin, destination, price in flights:
            if origin in previous:
                candidate = previous[origin] + price
                if candidate < cost.get(destination, candidate + 1):
                    cost[destination] = candidate
        if cost == previous:
            break
    return cost.get(target, -1)
