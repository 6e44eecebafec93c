"""Run asynchronous jobs with bounded concurrency."""

import asyncio
from typing import Any, Awaitable, Callable, List


async def gather_limited(factories: List[Callable[[], Awaitable[Any]]], limit: int) -> List[Any]:
    """Await ``factory()`` for every factory, at most ``limit`` at a time.

    Results come back in the order of ``factories``. A factory is called only when a
    slot is free. If a job raises, its exception propagates unchanged and every job
    still running is cancelled before returning.

    Raises:
        ValueError: If ``limit`` is below 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    results: list[Any] = [None] * len(factories)
    jobs = iter(enumerate(factories))

    async def worker() -> None:
        # The workers share one iterator, so each job is taken exactly once.
        for index, factory in jobs:
            results[index] = await factory()

    workers = [asyncio.ensure_future(worker()) for _ in range(min(limit, len(factories)))]
    try:
        await asyncio.gather(*workers)
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    return results
