"""Timing inputs as the JSON text a timing job carries, made once per machine.

A timing size is expanded from its generators (:mod:`.generators`) into 10^5 to 10^6 values,
then encoded: up to 2 s and 17 MB for one size, in the middle of an item's run, and before
this module once per timing process (8 per batch). The text is now made once per size and
kept, compressed, under the cache directory by the hash of what it is made from (the size,
the codec, the generators' version), so a later run, or the other xdist worker, only reads
it. Jobs are written by splicing the text into the rest of the job (:func:`splice`) instead
of encoding the values again.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .generators import VERSION as GENERATORS_VERSION
from .models import TimingSize

Make = Callable[[TimingSize], dict[str, Any]]
#: the disk cache's size beyond which the least recently used inputs are removed (the mini
#: suites' inputs take about 85 MB)
CACHE_BYTES = 512 * 1024 * 1024
_RECENT: dict[tuple[str, int], tuple[TimingSize, str]] = {}
_RECENT_MAX = 16
_RECENT_LOCK = threading.Lock()  # items run ahead in threads with --agentbench-concurrency


def input_text(size: TimingSize, make: Make, codec: str, cache_dir: Path | None) -> str:
    """The JSON object text of ``make(size)`` (``codec`` names ``make``'s encoding in the
    cache key). Remembered for the last sizes by identity, and kept under ``cache_dir``
    (None: not kept on disk)."""
    with _RECENT_LOCK:
        hit = _RECENT.get((codec, id(size)))
    if hit is not None and hit[0] is size:
        return hit[1]
    key = hashlib.sha256(f"{codec}\0{GENERATORS_VERSION}\0{size!r}".encode()).hexdigest()
    path = cache_dir / f"{key}.json.z" if cache_dir is not None else None
    text = _read(path) if path is not None else None
    if text is None:
        with _no_gc():
            text = json.dumps(make(size), separators=(",", ":"))
        if path is not None:
            _write(path, text)
    with _RECENT_LOCK:
        if len(_RECENT) >= _RECENT_MAX:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[(codec, id(size))] = (size, text)
    return text


def splice(fields: dict[str, Any], object_text: str) -> str:
    """The JSON object of ``fields`` and the members of ``object_text`` (a JSON object's
    text), without decoding it."""
    head = json.dumps(fields)
    if head == "{}":
        return object_text
    if object_text.strip() == "{}":
        return head
    return f"{head[:-1]}, {object_text.lstrip()[1:]}"


_PLACEHOLDER = "\u0000agentbench-list\u0000"


def with_list(job: dict[str, Any], path: tuple[str, ...], object_texts: list[str]) -> str:
    """``job`` as JSON with the list of the given JSON objects' texts at ``path`` (keys from
    the top: ``("sizes",)``, ``("timing", "sizes")``), spliced in without decoding them. The
    member at each step of ``path`` is its object's last (a new key is added last)."""
    top = dict(job)
    node = top
    for key in path[:-1]:
        node[key] = dict(node[key])
        node = node[key]
    node.pop(path[-1], None)
    node[path[-1]] = _PLACEHOLDER
    head, mark, tail = json.dumps(top).rpartition(json.dumps(_PLACEHOLDER))
    assert mark and set(tail) <= {"}"}, f"{'.'.join(path)} must be the job's last member"
    return f"{head}[{', '.join(object_texts)}]{tail}"


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic collector off while 10^6 containers are made: it would scan them again
    and again, which took longer than making them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(path: Path) -> str | None:
    try:
        text = zlib.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, zlib.error, UnicodeDecodeError):
        return None  # absent or damaged: made again
    with contextlib.suppress(OSError):  # another user's entry: read, not touched
        os.utime(path)  # recently used: pruned last
    return text


def prune(directory: Path, limit: int) -> None:
    """Remove the least recently used entries until the directory holds at most ``limit``
    bytes."""
    entries = []
    for path in directory.glob("*.json.z"):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed by another worker meanwhile
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size


def _write(path: Path, text: str) -> None:
    """All or nothing (a temporary file renamed): two workers may write the same entry."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(zlib.compress(text.encode("utf-8"), 1))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        prune(path.parent, CACHE_BYTES)
    except OSError:
        pass  # a cache that cannot be written costs time, not results
