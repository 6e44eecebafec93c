"""pylint in one long-lived Python process for many files: the server ``analysis/server.py``
starts, sandboxed, in its home directory.

It imports pylint and runs it once on a file of its own (what a first run loads), clears what
that left in astroid's and pylint's caches (as ``--clear-cache-post-run`` does), and says
``{"ready": true}``. Each request line ``{"id", "args", "files"}`` is then answered with ``{"id",
"status", "stdout", "stderr"}``: what ``python -m pylint ARGS`` prints, and its exit status, run
in a fresh directory ``jobs/<id>`` holding the files (removed after), by a child forked for the
request. The child starts from that clean state and exits: one file cannot change what is found
in the next.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import traceback
from pathlib import Path
from typing import Any, BinaryIO


def _protocol() -> tuple[BinaryIO, BinaryIO]:
    """The request and reply streams, on descriptors of their own: the tool's reads of standard
    input get nothing, and what it prints past ``sys.stdout`` goes to standard error."""
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)
    os.close(null)
    return requests, replies


def _send(stream: BinaryIO, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message).encode() + b"\n")
    stream.flush()


def _job(jobs: Path, request: dict[str, Any]) -> Path:
    """A fresh directory holding the request's files (plain names only)."""
    files: dict[str, str] = request["files"]
    for name in files:
        if Path(name).name != name or name in (".", ".."):
            raise ValueError(f"not a plain file name: {name!r}")
    job = jobs / str(int(request["id"]))
    job.mkdir()
    try:
        for name, text in files.items():
            (job / name).write_text(text, encoding="utf-8")
    except OSError:
        shutil.rmtree(job, ignore_errors=True)
        raise
    return job


WARM_UP = '''"""What a first run of pylint loads."""

import collections


def count(words: list[str]) -> dict[str, int]:
    """Count each word."""
    return dict(collections.Counter(word for word in words if word))
'''


def _pylint(args: list[str]) -> tuple[int, str, str]:
    """``python -m pylint ARGS`` in the current directory: (status, stdout, stderr)."""
    from pylint.lint import Run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            Run(args)
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        except Exception:  # pylint crashed: what the interpreter would print, and exit 1
            traceback.print_exc()
            status = 1
    return status, out.getvalue(), err.getvalue()


def _warm_up(jobs: Path) -> None:
    """Load what a first run loads, then clear what it left in the caches."""
    from astroid import MANAGER
    from pylint.checkers.clear_lru_cache import clear_lru_caches

    job = jobs / "warm-up"
    job.mkdir()
    (job / "warm_up.py").write_text(WARM_UP, encoding="utf-8")
    home = Path.cwd()
    os.chdir(job)
    try:
        _pylint(["--enable=all", "--persistent=n", "--rcfile=/dev/null", "--score=n",
                 "warm_up.py"])
    finally:
        os.chdir(home)
        shutil.rmtree(job, ignore_errors=True)
    clear_lru_caches()
    MANAGER.clear_cache()


def _forked(job: Path, args: list[str]) -> dict[str, Any]:
    """pylint run on ``job`` by a forked child: its status and output, or an error."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the result, exit without touching the parent's state
        os.close(reader)
        try:
            os.chdir(job)
            status, stdout, stderr = _pylint(args)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(json.dumps({"status": status, "stdout": stdout,
                                       "stderr": stderr}).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    if not data:
        return {"error": f"the run ended without a result (wait status {wait_status})"}
    result: dict[str, Any] = json.loads(data)
    return result


def _answer(jobs: Path, request: dict[str, Any]) -> dict[str, Any]:
    try:
        job = _job(jobs, request)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {"id": request.get("id"), "error": f"cannot write the files: {exc}"}
    try:
        return {"id": request["id"], **_forked(job, [str(a) for a in request["args"]])}
    finally:
        shutil.rmtree(job, ignore_errors=True)


def main() -> None:
    requests, replies = _protocol()
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)  # as ``python -m pylint`` has it: this directory is not the answer's
    jobs = Path.cwd() / "jobs"
    jobs.mkdir(exist_ok=True)
    try:
        _warm_up(jobs)
    except Exception as exc:  # pylint cannot run here: the analyser runs it as a process
        _send(replies, {"ready": False, "error": f"pylint does not run in-process: {exc!r}"})
        return
    _send(replies, {"ready": True})
    for line in requests:
        try:
            request = json.loads(line)
        except ValueError as exc:
            _send(replies, {"id": None, "error": f"not JSON: {exc}"})
            continue
        _send(replies, _answer(jobs, request))


if __name__ == "__main__":
    main()
