"""Run-length encoding of strings."""

from itertools import groupby


def run_length_encode(text: str) -> str:
    """Encode every maximal run of ``text`` as its character followed by its length.

    A run of length one is written as the character alone.

    >>> run_length_encode("aaabcc")
    'a3bc2'
    """
    parts = []
    for char, run in groupby(text):
        length = sum(1 for _ in run)
        parts.append(f"{char}{length}" if length > 1 else char)
    return "".join(parts)
