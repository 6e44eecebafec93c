"""Untrusted text made safe for the place it is shown or stored.

Agents' answers, solutions and their output, failure messages, test names and file names are
untrusted: they may hold lone surrogates (from JSON ``\\udcff`` escapes, ``surrogateescape``
decoding of file names and arguments), terminal escape sequences, NUL and other control
characters, bidi overrides, and HTML. Every writer passes them through one of these, chosen by
where the text goes:

- :func:`clean` for data written as JSON, XML or any UTF-8 file (results file, journal,
  pytest-json-report, xdist): every lone surrogate becomes U+FFFD, so the file is valid UTF-8
  and valid Unicode JSON that every parser reads; everything else is kept as it was (JSON
  escapes control characters), so the data stays faithful and each display escapes it;
- :func:`terminal` for the terminal and pytest's report text: control characters (C0 but the
  newline and the tab, DEL, C1) and bidi overrides are shown as escapes (``\\x1b``, ``\\r``,
  ``\\u202e``), so no escape sequence, bell or line rewrite reaches the terminal;
- :func:`markdown_text` and :func:`markdown_code` for markdown: the same escapes, one line, and
  HTML and link syntax made inert, so no tag can open or close (``</details>``);
- :func:`html_text` and :func:`script_json` for HTML: escaped text, and JSON that cannot end
  its ``<script>`` element.

The escapes are shown with a backslash, as Python writes them; a backslash that was already in
the text is not doubled, so ``\\x1b`` in a report may also be those four characters.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls but \t and \n, DEL, C1 controls, bidi embeddings, overrides and isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# markdown: backslash escapes for what could start a code span or a link, entities for HTML
_MARKDOWN = {"\\": "\\\\", "`": "\\`", "[": "\\[", "]": "\\]", "&": "&amp;", "<": "&lt;",
             ">": "&gt;"}
_MARKDOWN_ACTIVE = re.compile(r"[\\`\[\]&<>]")
_BACKTICKS = re.compile("`+")


def valid(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (a proper pair is joined)."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean(value: Any) -> Any:
    """A copy of JSON-like data (dicts, lists, tuples, strings) whose strings, keys included,
    are :func:`valid`; other values are returned as they are. Data JSON can hold is copied as
    JSON holds it (tuples as lists, keys as strings) by the C codec, and scanned once: a walk
    of a results entry's few hundred strings in Python cost 0.4 ms, the main thread's largest
    share of HumanEval's run."""
    if isinstance(value, dict | list | tuple):
        try:
            encoded = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError):
            encoded = None  # a value JSON cannot hold: walk it
        if encoded is not None and not _SURROGATE.search(encoded):
            return json.loads(encoded)
    return _clean(value)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return valid(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def terminal(value: Any, *, multiline: bool = True) -> str:
    """Text that cannot act on a terminal: valid, with controls shown as escapes.

    ``multiline`` keeps newlines and tabs (a CRLF counts as a newline); without it they are
    escaped too, for one field of a one-line row.
    """
    text = valid("" if value is None else str(value))
    if multiline:
        return _CONTROL.sub(_visible, text.replace("\r\n", "\n"))
    return _CONTROL_OR_BREAK.sub(_visible, text)


def _one_line(value: Any) -> str:
    text = valid("" if value is None else str(value))
    text = re.sub(r"\r\n|[\r\n\t]", " ", text)
    return _CONTROL.sub(_visible, text)


def markdown_text(value: Any) -> str:
    """Inline markdown that shows ``value`` as plain text on one line: no tag, link, image or
    code span can start in it (pipes are the table's business: see ``report_markdown``)."""
    return _MARKDOWN_ACTIVE.sub(lambda m: _MARKDOWN[m.group()], _one_line(value))


def markdown_code(value: Any) -> str:
    """An inline code span showing ``value`` on one line, whatever backticks it holds (the
    fence is longer than any run of backticks inside); empty for empty text."""
    text = _one_line(value)
    if not text:
        return ""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (
            text.startswith(" ") and text.endswith(" ") and text.strip()):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def html_text(value: Any) -> str:
    """Text for an HTML element or attribute value."""
    return html.escape(valid("" if value is None else str(value)))


def script_json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` element: it cannot end the element early
    (no ``<``, so no ``</script>`` or ``<!--``) nor break a JavaScript parser (U+2028/2029),
    and its strings are valid Unicode."""
    text = json.dumps(clean(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
