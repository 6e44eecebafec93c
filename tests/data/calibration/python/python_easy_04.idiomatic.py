"""Group words that are anagrams of one another."""

from collections import defaultdict
from typing import List


def group_anagrams(words: List[str]) -> List[List[str]]:
    """Return ``words`` grouped into anagram classes, keeping every occurrence.

    Two words are anagrams when they hold the same characters with the same counts;
    the comparison is case-sensitive.
    """
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for word in words:
        groups["".join(sorted(word))].append(word)
    return list(groups.values())
