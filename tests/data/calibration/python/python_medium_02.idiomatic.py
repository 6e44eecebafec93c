"""Parse compact durations such as ``1h30m`` into seconds."""

import re

SECONDS_PER_UNIT = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}

# Each unit at most once and in the order d, h, m, s; ASCII digits only.
_DURATION_RE = re.compile("".join(f"(?:(?P<{unit}>[0-9]+){unit})?" for unit in SECONDS_PER_UNIT))


def parse_duration(text: str) -> int:
    """Return the number of seconds in a duration such as ``"1d2h30m15s"``.

    Leading and trailing whitespace is ignored.

    Raises:
        ValueError: If ``text`` is not a well-formed duration.
    """
    match = _DURATION_RE.fullmatch(text.strip())
    if match is None or not any(match.groups()):
        raise ValueError(f"invalid duration: {text!r}")
    return sum(
        int(amount) * SECONDS_PER_UNIT[unit]
        for unit, amount in match.groupdict().items()
        if amount is not None
    )
