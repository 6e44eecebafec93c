"""A per-key sliding-window rate limiter."""

import time
from collections import deque
from typing import Callable


class SlidingWindowRateLimiter:
    """Accept at most ``max_requests`` requests per key in any span of ``window_seconds``.

    Only accepted requests are recorded, so denied ones never use up capacity.
    """

    def __init__(self, max_requests: int, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        """Create a limiter that reads the time from ``clock``.

        Raises:
            ValueError: If ``max_requests`` is below 1 or ``window_seconds`` is not positive.
        """
        if max_requests < 1:
            raise ValueError(f"max_requests must be at least 1, got {max_requests}")
        if window_seconds <= 0:
            raise ValueError(f"window_seconds must be positive, got {window_seconds}")
        self.max_requests = max_requests
        self.window_seconds = window_seconds
        self._clock = clock
        self._accepted: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Accept and record a request for ``key`` if it is within the limit."""
        now = self._clock()
        timestamps = self._accepted.setdefault(key, deque(maxlen=self.max_requests))
        self._expire(timestamps, now)
        if len(timestamps) == self.max_requests:
            return False
        timestamps.append(now)
        return True

    def remaining(self, key: str) -> int:
        """Return how many requests for ``key`` would be accepted now, recording none."""
        timestamps = self._accepted.get(key)
        if timestamps is None:
            return self.max_requests
        self._expire(timestamps, self._clock())
        return self.max_requests - len(timestamps)

    def _expire(self, timestamps: deque[float], now: float) -> None:
        """Drop the timestamps that no longer count at ``now``."""
        cutoff = now - self.window_seconds
        while timestamps and timestamps[0] <= cutoff:
            timestamps.popleft()
