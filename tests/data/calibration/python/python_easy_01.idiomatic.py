"""Second-largest distinct value of a list of integers."""

from typing import List, Optional


def second_largest(nums: List[int]) -> Optional[int]:
    """Return the largest value in ``nums`` that is strictly smaller than its maximum.

    Duplicates count once. Return ``None`` when ``nums`` has fewer than two distinct
    values. ``nums`` is read in a single pass and left unchanged.
    """
    largest: int | None = None
    runner_up: int | None = None
    for num in nums:
        if largest is None or num > largest:
            largest, runner_up = num, largest
        elif num < largest and (runner_up is None or num > runner_up):
            runner_up = num
    return runner_up
