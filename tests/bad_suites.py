"""Suite files beyond the value limits (deep nesting, huge integers, NaN and Infinity), written
as text because ``json.dumps`` cannot write most of them."""

from __future__ import annotations

import copy
import json
from typing import Any

from .helpers import MINI_SUITE

_RAW = "\x00raw\x00"


def nested(depth: int, inner: str = "1") -> str:
    """``inner`` inside ``depth`` arrays."""
    return "[" * depth + inner + "]" * depth


def suite_text(raw: dict[tuple[str | int, ...], str], data: dict[str, Any] | None = None) -> str:
    """``data`` (the mini suite by default) as JSON text, with the value at each path replaced
    by the raw JSON text given for it."""
    data = copy.deepcopy(data or MINI_SUITE)
    for i, path in enumerate(raw):
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = f"{_RAW}{i}"
    text = json.dumps(data)
    for i, value in enumerate(raw.values()):
        text = text.replace(json.dumps(f"{_RAW}{i}"), value)
    return text


ADD_CASE = ("tests", 0, "test_cases", 0)

#: name: (file text, the error line it must give after the file name)
BAD_SUITES: dict[str, tuple[str, str]] = {
    "deep_tests": (suite_text({("tests",): nested(5000, "")}),
                   "field 'tests': nested more than 100 levels deep (at column 150)"),
    "deep_expected": (suite_text({(*ADD_CASE, "expected"): nested(5000)}),
                      "test 'mini_easy_add': field 'test_cases[0].expected': nested more "
                      "than 100 levels deep"),
    "huge_int": (suite_text({(*ADD_CASE, "expected"): "1" + "0" * 5000}),
                 "test 'mini_easy_add': field 'test_cases[0].expected': an integer of 5001 "
                 "digits; at most 4300 are allowed"),
    "infinity_tolerance": (suite_text({("tests", 0, "compare"): '"approx"',
                                       ("tests", 0, "tolerance"): "Infinity"}),
                           "test 'mini_easy_add': field 'tolerance': Infinity is not allowed"),
    "nan_expected": (suite_text({("tests", 1, "test_cases", 0, "expected"): "NaN"}),
                     "test 'mini_medium_rev': field 'test_cases[0].expected': NaN is not "
                     "allowed"),
}
