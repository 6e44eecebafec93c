"""Merge overlapping closed intervals."""

from typing import List


def merge_intervals(intervals: List[List[int]]) -> List[List[int]]:
    """Return the union of closed ``intervals`` as disjoint intervals sorted by start.

    Intervals that overlap or touch are merged. The input is left unchanged.

    Raises:
        ValueError: If an interval's start is greater than its end.
    """
    for start, end in intervals:
        if start > end:
            raise ValueError(f"interval [{start}, {end}] has start > end")
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
