"""Runs one Python solution against one problem's cases inside the sandbox.

This file is executed as a script by the sandboxed interpreter (``python -I python_harness.py
job.json``), imported by the fork server (:func:`run`), and imported by the plugin for its value
codec, so it must depend on the standard library only. It writes one JSON line per outcome to
the outcome channel (a descriptor, see :mod:`pytest_agentbench.channel`) as soon as the outcome is
known, so whatever finished survives a crash, a kill or a timeout of the process. Every line
carries the token the harness read before the solution was loaded.

Value codec: JSON plus tagged objects for what JSON cannot say ($tuple, $set, $dict with
non-string keys, $float for nan/inf, $bytes, $tree, $linked_list, $repr for anything else).
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
import time
import traceback
import types
import typing
from collections import deque
from collections.abc import Awaitable

# ------------------------------------------------------------------ value codec


def encode(value, depth=0):
    """A JSON-able, tagged form of ``value``."""
    if depth > 10_000:
        return {"$repr": "<nested too deeply>", "$type": type(value).__name__}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"$float": repr(value)}
    if isinstance(value, list):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, depth + 1) for v in value]}
    if isinstance(value, (set, frozenset)):
        items = [encode(v, depth + 1) for v in value]
        items.sort(key=lambda v: json.dumps(v, sort_keys=True))
        return {"$set": items}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v, depth + 1) for k, v in value.items()}
        return {"$dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": bytes(value).hex()}
    if _looks_like_tree(value):
        return {"$tree": tree_to_list(value)}
    if _looks_like_linked_list(value):
        return {"$linked_list": linked_list_to_list(value)}
    try:
        text = repr(value)
    except Exception as exc:  # a broken __repr__ is the solution's problem, not ours
        text = f"<unrepresentable: {type(exc).__name__}>"
    return {"$repr": text[:2000], "$type": type(value).__name__}


def decode(value):
    """The inverse of :func:`encode` for data values (trees come back as level-order lists)."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, inner),) = value.items()
            if tag == "$tuple":
                return tuple(decode(v) for v in inner)
            if tag == "$set":
                return set(_hashable(decode(v)) for v in inner)
            if tag == "$dict":
                return {_hashable(decode(k)): decode(v) for k, v in inner}
            if tag == "$float":
                return float(inner)
            if tag == "$bytes":
                return bytes.fromhex(inner)
            if tag in ("$tree", "$linked_list"):
                return [decode(v) for v in inner]
        if "$repr" in value:
            return Opaque(value["$repr"], value.get("$type", ""))
        return {k: decode(v) for k, v in value.items()}
    return value


def _hashable(value):
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


class Opaque:
    """A result the codec could not carry as data; equal to nothing but itself."""

    def __init__(self, text, type_name):
        self.text = text
        self.type_name = type_name

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Opaque) and other.text == self.text

    def __hash__(self):
        return hash(self.text)


# ------------------------------------------------------------------ trees and linked lists


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right

    def __repr__(self):
        return f"TreeNode({self.val})"


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next

    def __repr__(self):
        return f"ListNode({self.val})"


def _looks_like_tree(value):
    return all(hasattr(value, a) for a in ("val", "left", "right"))


def _looks_like_linked_list(value):
    return hasattr(value, "val") and hasattr(value, "next") and not hasattr(value, "left")


def list_to_tree(values, node_cls=TreeNode):
    """Level-order list with None holes (LeetCode form) to a tree; [] is the empty tree."""
    if not values or values[0] is None:
        return None
    it = iter(values)
    root = node_cls(next(it))
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for side in ("left", "right"):
            try:
                val = next(it)
            except StopIteration:
                return root
            if val is not None:
                child = node_cls(val)
                setattr(node, side, child)
                queue.append(child)
    return root


def tree_to_list(root):
    out = []
    queue = deque([root])
    while queue:
        node = queue.popleft()
        if node is None:
            out.append(None)
            continue
        out.append(encode(node.val))
        queue.append(node.left)
        queue.append(node.right)
    while out and out[-1] is None:
        out.pop()
    return out


def list_to_linked_list(values, node_cls=ListNode):
    head = None
    for val in reversed(values or []):
        head = node_cls(val, head)
    return head


def linked_list_to_list(head, limit=1_000_000):
    out = []
    seen = 0
    while head is not None and seen < limit:
        out.append(encode(head.val))
        head = head.next
        seen += 1
    return out


# ------------------------------------------------------------------ running


class Reporter:
    def __init__(self, fd, token):
        self._fd = fd
        self._write = os.write
        self._token = token

    def emit(self, **event):
        event["t"] = self._token
        line = json.dumps(event, default=repr) + "\n"
        self._write(self._fd, line.encode("utf-8", "replace"))


def _short_error(exc):
    text = str(exc)
    return text if len(text) <= 2000 else text[:2000] + "..."


def _solution_frames(tb_exc):
    """The traceback lines that point into the solution or the tests, not into this harness."""
    frames = [f for f in tb_exc.stack if f.filename in ("solution.py", "tests.py")]
    return "".join(traceback.format_list(frames[-5:]))


def _convert(value, kind, namespace):
    if kind == "tree":
        return list_to_tree(value, namespace.get("TreeNode", TreeNode))
    if kind == "linked_list":
        return list_to_linked_list(value, namespace.get("ListNode", ListNode))
    return value


class LazyLoop:
    """The event loop that runs an async solution's coroutines, made on first use: most
    solutions are synchronous, and asyncio would cost every job 15 ms to import, or the fork
    server 7 MB that each of its three forks per job copies."""

    def __init__(self):
        self._loop = None

    def run_until_complete(self, awaitable):
        if self._loop is None:
            import asyncio

            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
        return self._loop.run_until_complete(awaitable)


def _skipped(exc):
    """Whether ``exc`` is unittest's SkipTest; only code that imported unittest raises it, so
    the harness does not import it (1.4 MB more in every fork)."""
    unittest = sys.modules.get("unittest")
    return unittest is not None and isinstance(exc, unittest.SkipTest)


def _awaitable(value):
    """``inspect.isawaitable`` without importing inspect into every fork (0.9 MB more)."""
    return isinstance(value, Awaitable) or (
        isinstance(value, types.GeneratorType)
        and bool(value.gi_code.co_flags & 0x100))  # CO_ITERABLE_COROUTINE


def _call(loop, fn, args, kwargs):
    result = fn(*args, **kwargs)
    if _awaitable(result):
        result = loop.run_until_complete(result)
    return result


def _error_fields(exc):
    return {
        "error_type": type(exc).__name__,
        "message": _short_error(exc),
        "traceback": _solution_frames(traceback.TracebackException.from_exception(exc)),
    }


def run_function_case(case, namespace, loop):
    fn = namespace[JOB["entry_point"]]
    kinds = case.get("param_kinds", [])
    args = [
        _convert(decode(a), kinds[i] if i < len(kinds) else "other", namespace)
        for i, a in enumerate(case.get("args", []))
    ]
    kwargs = {k: decode(v) for k, v in case.get("kwargs", {}).items()}
    start = time.perf_counter()
    try:
        result = _call(loop, fn, args, kwargs)
    except Exception as exc:
        return {"status": "exception", "seconds": time.perf_counter() - start, **_error_fields(exc)}
    seconds = time.perf_counter() - start
    return {"status": "value", "value": encode(result), "seconds": seconds}


def run_class_case(case, namespace, loop):
    cls = namespace[JOB["entry_point"]]
    start = time.perf_counter()
    try:
        obj = _call(loop, cls, [decode(a) for a in case.get("init", [])],
                    {k: decode(v) for k, v in case.get("init_kwargs", {}).items()})
    except Exception as exc:
        return {"status": "exception", "seconds": time.perf_counter() - start, **_error_fields(exc)}
    if case.get("attributes") is not None:
        missing = object()
        attrs = {}
        for name in case["attributes"]:
            val = getattr(obj, name, missing)
            missing_value = {"$repr": "<missing>", "$type": "missing"}
            attrs[name] = missing_value if val is missing else encode(val)
        return {"status": "value", "value": attrs, "seconds": time.perf_counter() - start}
    results = []
    for call in case.get("calls", []):
        try:
            method = getattr(obj, call["method"])
            value = _call(
                loop,
                method,
                [decode(a) for a in call.get("args", [])],
                {k: decode(v) for k, v in call.get("kwargs", {}).items()},
            )
        except Exception as exc:
            results.append({"error_type": type(exc).__name__, "message": _short_error(exc)})
        else:
            results.append({"value": encode(value)})
    return {"status": "calls", "calls": results, "seconds": time.perf_counter() - start}


def _assert_message(exc, tests_source):
    message = _short_error(exc)
    tb = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in tb if f.filename == "tests.py"]
    if frames:
        lineno = frames[-1].lineno
        lines = tests_source.splitlines()
        src = lines[lineno - 1].strip() if lineno and lineno <= len(lines) else ""
        where = f"tests.py:{lineno}: {src}"
        return f"{where} ({message})" if message else where
    return message


def run_native_tests(namespace, loop, reporter, first_index):
    source = JOB["native_tests"]
    test_ns = dict(namespace)
    test_ns["__name__"] = "agentbench_tests"
    try:
        exec(compile(source, "tests.py", "exec"), test_ns)
    except Exception as exc:
        reporter.emit(event="tests_error", **_error_fields(exc))
        return
    tests = [
        (name, fn)
        for name, fn in test_ns.items()
        if name.startswith("test_") and callable(fn) and name not in namespace
    ]
    for offset, (name, fn) in enumerate(tests):
        start = time.perf_counter()
        index = first_index + offset
        reporter.emit(event="start", index=index, name=name)
        try:
            _call(loop, fn, [], {})
        except Exception as exc:
            if _skipped(exc):  # skipped is never passed
                reporter.emit(event="case", index=index, name=name, status="skipped",
                              message=_short_error(exc), seconds=time.perf_counter() - start)
            elif isinstance(exc, AssertionError):
                reporter.emit(
                    event="case", index=index, name=name, status="test_failed",
                    error_type="AssertionError", message=_assert_message(exc, source),
                    seconds=time.perf_counter() - start,
                )
            else:
                reporter.emit(
                    event="case", index=index, name=name, status="exception",
                    seconds=time.perf_counter() - start, **_error_fields(exc),
                )
        else:
            reporter.emit(
                event="case", index=index, name=name, status="test_passed",
                seconds=time.perf_counter() - start,
            )


def load_solution(reporter):
    return load_module(reporter, JOB["solution"], "solution")


def load_module(reporter, path, module_name):
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    try:
        code = compile(source, f"{module_name}.py", "exec")
    except SyntaxError as exc:
        # the error first (``SyntaxError: invalid syntax (solution.py, line 3)``: the verdict's
        # headline), then where, with the caret (the last line would say the error again)
        where = traceback.format_exception_only(type(exc), exc)[:-1]
        detail = "".join(where).rstrip("\n")
        headline = f"{type(exc).__name__}: {exc}"
        reporter.emit(event="compile_error", message=f"{headline}\n{detail}".rstrip())
        return None
    module = types.ModuleType(module_name)
    module.__file__ = os.path.abspath(path)
    namespace = module.__dict__
    for name in typing.__all__:
        namespace[name] = getattr(typing, name)
    namespace["TreeNode"] = TreeNode
    namespace["ListNode"] = ListNode
    sys.modules[module_name] = module
    try:
        exec(code, namespace)
    except BaseException as exc:  # SystemExit at import is a load error too
        reporter.emit(event="load_error", who=module_name, **_error_fields(exc))
        return None
    if JOB.get("entry_point") and JOB["entry_point"] not in namespace and (
            JOB.get("cases") or JOB.get("mode") == "timing"):
        defined = sorted(
            n for n, v in namespace.items()
            if not n.startswith("_") and isinstance(v, (types.FunctionType, type))
            and getattr(v, "__module__", "") == module_name
        )
        reporter.emit(
            event="load_error", who=module_name, error_type="NameError",
            message=f"the solution does not define {JOB['entry_point']!r}"
            + (f" (it defines: {', '.join(defined)})" if defined else ""),
            traceback="",
        )
        return None
    return namespace


def main_cases(reporter):
    namespace = load_solution(reporter)
    if namespace is None:
        return
    reporter.emit(event="loaded")
    loop = LazyLoop()
    runner = run_class_case if JOB["kind"] == "class" else run_function_case
    for case in JOB.get("cases", []):
        reporter.emit(event="start", index=case["index"])
        outcome = runner(case, namespace, loop)
        reporter.emit(event="case", index=case["index"], **outcome)
    if JOB.get("native_tests"):
        run_native_tests(namespace, loop, reporter, JOB.get("native_first_index", 0))
    reporter.emit(event="done")


def _cpu_seconds(thread: float, process: float) -> float:
    """CPU time of a call: the calling thread's, or the whole process's when the call clearly
    worked in other threads too. CPU time, not wall time, so that other load on the machine
    does not count against the solution or the reference."""
    return process if process > thread * 1.1 + 0.01 else thread


def _cut(reporter, size, limit, times):
    """The solution is past the cut-off on a call: report it and end the process."""
    reporter.emit(event="timing_cut", label=size["label"], n=size.get("n"), limit=limit,
                  reference=times["reference"])
    os._exit(0)


_IMMUTABLE = frozenset({int, float, complex, str, bytes, bool, type(None)})


def _copier(value):
    """How each timed call gets a copy of ``value`` of its own (decoded once per size, so that
    an in-place sort never times a sorted input): the value itself when nothing in it can
    change, a flat copy of a list, set or dict of immutable values, else a deep copy
    (``copy.deepcopy`` of 2·10^5 ints took 0.1 s, before every call)."""
    import copy

    if _frozen(value):
        return _same
    if type(value) in (list, set, dict):
        items = value.values() if type(value) is dict else value
        if all(_frozen(v) for v in items):
            return type(value).copy
    return copy.deepcopy


def _frozen(value):
    """Whether nothing in ``value`` can change (a scalar, or a tuple of such)."""
    return type(value) in _IMMUTABLE or (type(value) is tuple and all(map(_frozen, value)))


def _same(value):
    return value


def _sequence_copier(init, calls):
    """A class problem's construction and calls, copied as :func:`_copier` copies arguments."""
    init_copiers = [_copier(a) for a in init]
    call_copiers = [[_copier(a) for a in args] for _, args in calls]

    def fresh():
        return ([c(a) for c, a in zip(init_copiers, init, strict=True)],
                [(method, [c(a) for c, a in zip(copiers, args, strict=True)])
                 for (method, args), copiers in zip(calls, call_copiers, strict=True)])

    return fresh


def _timed_calls(loop, cls, init, calls):
    """A class problem's timed unit: the object built from ``init``, then every call
    (``(method, args)`` pairs, decoded beforehand)."""
    obj = _call(loop, cls, init, {})
    for method, args in calls:
        _call(loop, getattr(obj, method), args, {})


def _rounds(timing, previous, n):
    """Rounds at a size: the job's ``repeat``, or fewer when the calls are expected to be long
    (the plugin's rule, ``calls_per_process``): as many as fit in ``call_budget`` seconds by
    the previous size's median call scaled linearly to ``n``, at least ``min_calls``."""
    repeat = int(timing.get("repeat", 5))
    budget = timing.get("call_budget")
    if budget is None or previous is None or not previous[0] or not n or not previous[1]:
        return repeat
    calls = sorted(previous[1])
    expected = calls[len(calls) // 2] * max(1.0, n / previous[0])
    if expected <= 0:
        return repeat
    return min(repeat, max(int(timing.get("min_calls", 3)), math.ceil(float(budget) / expected)))


def main_timing(reporter):
    """Time the solution against the reference on each size, interleaved, in one process (the
    timing job of docs/runners.md: each contender's ``solution.py`` in its folder, loaded as
    a module of its own even when the two share the folder)."""
    import gc

    timing = JOB["timing"]
    contenders = []
    for contender in timing["contenders"]:
        who = contender["who"]
        namespace = load_module(reporter, os.path.join(contender["dir"], JOB["solution"]), who)
        if namespace is None:
            return
        contenders.append((who, namespace[JOB["entry_point"]], namespace))
    reporter.emit(event="loaded")
    loop = LazyLoop()
    kinds = JOB.get("param_kinds", [])
    cutoff = float(timing.get("cutoff_ratio", 25.0))
    previous = None
    for size in timing["sizes"]:
        rounds = _rounds(timing, previous, size.get("n"))
        base = [decode(a) for a in size.get("args", ())]
        copiers = [_copier(a) for a in base]
        sequence = _sequence_copier([decode(a) for a in size.get("init", ())],
                                    [(c["method"], [decode(a) for a in c.get("args", ())])
                                     for c in size.get("calls", ())])
        times = {"solution": [], "reference": []}
        walls = {"solution": [], "reference": []}
        for round_no in range(rounds):
            # the reference goes first in the first round, so the solution's calls can be
            # cut short once they exceed the cut-off ratio against it
            order = contenders[::-1] if round_no % 2 == 0 else contenders
            for who, fn, namespace in order:
                args = [_convert(copiers[i](a), kinds[i] if i < len(kinds) else "other",
                                 namespace) for i, a in enumerate(base)]
                call = fn
                if "calls" in size:  # a class problem: construct, then the calls, all timed
                    call, args = _timed_calls, [loop, fn, *sequence()]
                watchdog = None
                if who == "solution" and times["reference"]:
                    limit = max(1.0, cutoff * min(walls["reference"]))
                    watchdog = threading.Timer(limit, _cut, (reporter, size, limit, times))
                    watchdog.daemon = True
                    watchdog.start()
                gc.collect()
                gc.disable()
                start, cpu0, thread0 = time.perf_counter(), time.process_time(), time.thread_time()
                try:
                    _call(loop, call, args, {})
                except Exception as exc:
                    gc.enable()
                    reporter.emit(event="timing_error", who=who, label=size["label"],
                                  **_error_fields(exc))
                    return
                finally:
                    if watchdog is not None:
                        watchdog.cancel()
                walls[who].append(time.perf_counter() - start)
                times[who].append(_cpu_seconds(time.thread_time() - thread0,
                                               time.process_time() - cpu0))
                gc.enable()
        reporter.emit(event="timing", label=size["label"], n=size.get("n"), **times)
        previous = (size.get("n"), times["solution"] + times["reference"])
    reporter.emit(event="done")


def project_harness():
    """``python_project_harness.py``, beside this file, imported by the job that needs it."""
    module = sys.modules.get("python_project_harness")
    if module is None:
        import importlib.util

        path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "python_project_harness.py")
        spec = importlib.util.spec_from_file_location("python_project_harness", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["python_project_harness"] = module
    return module


def read_token(fd):
    """The channel's token, read to the end of its pipe, which is then closed."""
    chunks = []
    while True:
        chunk = os.read(fd, 256)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode("ascii", "replace")


def main(job_path):
    """As a script: the job from ``job_path``, the channel from the environment."""
    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    token = read_token(int(os.environ.pop("AGENTBENCH_TOKEN_FD")))
    run(job, int(os.environ.pop("AGENTBENCH_EVENTS_FD")), token)


def run(job, events_fd, token):
    """Run ``job``, reporting to ``events_fd``; ends the process (``os._exit``)."""
    global JOB
    JOB = job
    reporter = Reporter(events_fd, token)
    sys.setrecursionlimit(100_000)
    threading.stack_size(256 * 1024 * 1024)
    failure = []

    def target():
        try:
            if JOB.get("mode") == "timing":
                main_timing(reporter)
            elif JOB.get("mode") == "project":
                project_harness().main(JOB, reporter)
            else:
                main_cases(reporter)
        except BaseException as exc:  # the harness must report, not vanish
            failure.append(exc)
            reporter.emit(event="harness_error", **_error_fields(exc))

    worker = threading.Thread(target=target, name="agentbench-solution")
    worker.start()
    worker.join()
    sys.stdout.flush()
    os._exit(0 if not failure else 3)


JOB: dict = {}

if __name__ == "__main__":
    main(sys.argv[1])
