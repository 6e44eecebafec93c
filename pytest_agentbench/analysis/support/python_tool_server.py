"""A Python analysis tool (``pylint`` or ``lizard``, the first argument) in one long-lived
process for many files: the server ``analysis/server.py`` starts, sandboxed, in its home
directory.

It imports the tool and runs it once on a file of its own (what a first run loads; for pylint,
it then clears what that left in astroid's and pylint's caches, as ``--clear-cache-post-run``
does), and says ``{"ready": true}``. Each request line ``{"id", "args", "files"}`` is then
answered with ``{"id", "status", "stdout", "stderr"}``: what ``python -m TOOL ARGS`` prints, and
its exit status, run in a fresh directory ``jobs/<id>`` holding the files (removed after), by a
child forked for the request. The child starts from that clean state and exits: one file cannot
change what is found in the next.
"""

from __future__ import annotations

import contextlib
import importlib
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


WARM_UP = '''"""What a first run of the tool loads."""

import collections


def count(words: list[str]) -> dict[str, int]:
    """Count each word."""
    return dict(collections.Counter(word for word in words if word))
'''

#: the command line of each tool's first run, on ``warm_up.py``
WARM_UP_ARGS = {
    "pylint": ["--enable=all", "--persistent=n", "--rcfile=/dev/null", "--score=n",
               "warm_up.py"],
    "lizard": ["--csv", "warm_up.py"],
}


def _run(tool: str, args: list[str]) -> tuple[int, str, str]:
    """``python -m TOOL ARGS`` in the current directory: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            _main(tool, args)
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        except Exception:  # the tool crashed: what the interpreter would print, and exit 1
            traceback.print_exc()
            status = 1
    return status, out.getvalue(), err.getvalue()


def _main(tool: str, args: list[str]) -> None:
    if tool == "pylint":
        from pylint.lint import Run

        Run(args)
    else:
        import lizard

        sys.exit(lizard.main(["lizard", *args]))


def _warm_up(tool: str, jobs: Path) -> None:
    """Load what a first run loads, then clear what it left in the caches."""
    importlib.import_module("pylint.lint" if tool == "pylint" else tool)  # else: not ready
    job = jobs / "warm-up"
    job.mkdir()
    (job / "warm_up.py").write_text(WARM_UP, encoding="utf-8")
    home = Path.cwd()
    os.chdir(job)
    try:
        _run(tool, WARM_UP_ARGS[tool])
    finally:
        os.chdir(home)
        shutil.rmtree(job, ignore_errors=True)
    if tool == "pylint":
        from astroid import MANAGER
        from pylint.checkers.clear_lru_cache import clear_lru_caches

        clear_lru_caches()
        MANAGER.clear_cache()


def _forked(tool: str, job: Path, args: list[str]) -> dict[str, Any]:
    """The tool run on ``job`` by a forked child: its status and output, or an error."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the result, exit without touching the parent's state
        os.close(reader)
        try:
            os.chdir(job)
            status, stdout, stderr = _run(tool, args)
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


def _answer(tool: str, jobs: Path, request: dict[str, Any]) -> dict[str, Any]:
    try:
        job = _job(jobs, request)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {"id": request.get("id"), "error": f"cannot write the files: {exc}"}
    try:
        return {"id": request["id"], **_forked(tool, job, [str(a) for a in request["args"]])}
    finally:
        shutil.rmtree(job, ignore_errors=True)


def main() -> None:
    requests, replies = _protocol()
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)  # as ``python -m TOOL`` has it: this directory is not the answer's
    tool = sys.argv[1] if len(sys.argv) > 1 else ""
    if tool not in WARM_UP_ARGS:
        _send(replies, {"ready": False, "error": f"no such tool: {tool!r}"})
        return
    jobs = Path.cwd() / "jobs"
    jobs.mkdir(exist_ok=True)
    try:
        _warm_up(tool, jobs)
    except Exception as exc:  # the tool cannot run here: the analyser runs it as a process
        _send(replies, {"ready": False, "error": f"{tool} does not run in-process: {exc!r}"})
        return
    _send(replies, {"ready": True})
    for line in requests:
        try:
            request = json.loads(line)
        except ValueError as exc:
            _send(replies, {"id": None, "error": f"not JSON: {exc}"})
            continue
        _send(replies, _answer(tool, jobs, request))


if __name__ == "__main__":
    main()
