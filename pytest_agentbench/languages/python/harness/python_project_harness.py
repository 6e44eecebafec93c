"""Runs a Python project's own tests inside the sandbox (project mode: an Exercism exercise).

Loaded by ``python_harness.py`` for a job whose ``mode`` is ``"project"``, in the sandboxed
interpreter (or a fork server's job) whose working directory holds the project's files at their
paths: the solution files (``bowling.py``), the support files and the test files
(``bowling_test.py``). The working directory goes first on ``sys.path``, so the tests import the
solution by its module name (``from bowling import BowlingGame``), and ``mock.patch("grep.open")``
finds it. Standard library only.

Tests are what ``unittest`` finds in each test module (``TestCase`` classes, their fixtures,
``subTest`` and skip decorators) plus the module's own plain ``test_*`` functions, as pytest
collects them; each is one outcome, reported through the channel as it finishes: ``start``,
then ``case`` with ``status`` ``test_passed``, ``test_failed`` (an assertion), ``exception`` or
``skipped`` (``unittest.SkipTest`` or a skip decorator: never a pass). Before the first test,
``planned`` lists every test's name, so a test the process never reached is named as not run.
A solution that does not parse is ``compile_error``; one that raises while it is imported,
``load_error``; a test module that cannot be imported (``cannot import name``), ``tests_error``.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import sys
import time
import traceback
import unittest


def module_name(rel):
    """``pkg/bowling_test.py`` -> ``pkg.bowling_test``."""
    return rel[:-3].replace("/", ".") if rel.endswith(".py") else rel.replace("/", ".")


def _short(text, limit=2000):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


class Project:
    """The project's files and how to point at them in messages."""

    def __init__(self, job):
        self.solution = list(job.get("solution", []))
        self.tests = list(job.get("tests", []))
        self.root = os.getcwd()

    def frames(self, tb, limit=5):
        """The traceback lines in the project's own files (not the harness, not the library)."""
        inside = []
        for frame in traceback.extract_tb(tb):
            path = os.path.abspath(frame.filename)
            rel = os.path.relpath(path, self.root)
            if frame.filename.startswith("<") or not path.startswith(self.root + os.sep) \
                    or rel.startswith("."):  # not the harness's own directory either
                continue
            frame.filename = rel
            inside.append(frame)
        return "".join(traceback.format_list(inside[-limit:]))

    def where(self, tb):
        """``bowling_test.py:45: self.assertEqual(...)``: the last line of a test file."""
        frames = [f for f in traceback.extract_tb(tb)
                  if os.path.relpath(os.path.abspath(f.filename), self.root) in self.tests]
        if not frames:
            return ""
        last = frames[-1]
        rel = os.path.relpath(os.path.abspath(last.filename), self.root)
        return f"{rel}:{last.lineno}: {(last.line or '').strip()}"

    def error_fields(self, exc):
        return {"error_type": type(exc).__name__, "message": _short(exc),
                "traceback": self.frames(exc.__traceback__)}


class Result(unittest.TestResult):
    """Each test's outcome, reported when it stops; fixture errors are outcomes of their own."""

    def __init__(self, reporter, project, names):
        super().__init__()
        self.reporter = reporter
        self.project = project
        self.names = names  # id(test) -> (index, name)
        self.extra = len(names)
        self.current = None

    def _ident(self, test):
        found = self.names.get(id(test))
        if found is None:  # a class or module fixture's error (unittest's _ErrorHolder)
            found = (self.extra, str(getattr(test, "description", test)))
            self.names[id(test)] = found
            self.extra += 1
        return found

    def startTest(self, test):
        super().startTest(test)
        index, name = self._ident(test)
        self.current = {"status": "test_passed", "message": "", "start": time.perf_counter()}
        self.reporter.emit(event="start", index=index, name=name)

    def _set(self, status, message, **fields):
        if self.current is None:
            return
        if self.current["status"] in ("test_passed", "skipped"):  # the first failure wins
            self.current.update(status=status, message=message, **fields)

    def _failure(self, err, label=""):
        _, value, tb = err
        where = self.project.where(tb)
        text = _short(value)
        message = f"{where} ({text})" if where and text else where or text
        return f"{label}: {message}" if label else message

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._set("test_failed", self._failure(err), error_type="AssertionError")

    def addError(self, test, err):
        super().addError(test, err)
        if self.current is None:  # outside any test: a fixture of the class or module
            self._standalone(test, err)
            return
        self._set("exception", "", **self.project.error_fields(err[1]))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if self.current is None:
            self._standalone(test, None, reason)
            return
        self.current.update(status="skipped", message=_short(reason))

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._set("test_failed", "passed, but it is marked as an expected failure")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is None:
            return
        label = subtest._subDescription() if hasattr(subtest, "_subDescription") else ""
        if issubclass(err[0], test.failureException):
            self._set("test_failed", self._failure(err, label), error_type="AssertionError")
        else:
            fields = self.project.error_fields(err[1])
            fields["message"] = f"{label}: {fields['message']}" if label else fields["message"]
            self._set("exception", "", **fields)

    def stopTest(self, test):
        super().stopTest(test)
        if self.current is None:
            return
        index, name = self._ident(test)
        outcome = {k: v for k, v in self.current.items() if k != "start"}
        seconds = time.perf_counter() - self.current["start"]
        self.current = None
        self.reporter.emit(event="case", index=index, name=name, seconds=seconds, **outcome)

    def _standalone(self, test, err, reason=""):
        index, name = self._ident(test)
        self.reporter.emit(event="start", index=index, name=name)
        if err is None:
            self.reporter.emit(event="case", index=index, name=name, status="skipped",
                               message=_short(reason), seconds=0.0)
        else:
            self.reporter.emit(event="case", index=index, name=name, status="exception",
                               seconds=0.0, **self.project.error_fields(err[1]))


def _plain_tests(module):
    """The module's own ``test_*`` functions (pytest style), as unittest cases."""
    cases = []
    for name, fn in vars(module).items():
        if not (name.startswith("test") and inspect.isfunction(fn)
                and fn.__module__ == module.__name__):
            continue
        if inspect.iscoroutinefunction(fn):
            def call(fn=fn):
                asyncio.run(fn())
            call.__name__ = call.__qualname__ = name
            call.__module__ = module.__name__
            cases.append(unittest.FunctionTestCase(call, description=name))
        else:
            cases.append(unittest.FunctionTestCase(fn, description=name))
    return cases


def _flatten(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from _flatten(test)
        else:
            yield test


def _display(test, several):
    """``BowlingTest.test_all_strikes`` (with the module first when there are several)."""
    if isinstance(test, unittest.FunctionTestCase):
        name = test._testFunc.__name__
        module = test._testFunc.__module__
    else:
        module, _, name = test.id().partition(".")
    return f"{module}.{name}" if several else name


def _compile(project, reporter):
    """Whether every solution file parses; a SyntaxError is reported as a compile error."""
    for rel in project.solution:
        if not rel.endswith(".py"):
            continue
        try:
            with open(rel, encoding="utf-8") as fh:
                compile(fh.read(), rel, "exec")
        except SyntaxError as exc:
            where = traceback.format_exception_only(type(exc), exc)[:-1]
            detail = "".join(where).rstrip("\n")
            reporter.emit(event="compile_error",
                          message=f"{type(exc).__name__}: {exc}\n{detail}".rstrip())
            return False
        except (OSError, UnicodeDecodeError) as exc:
            reporter.emit(event="load_error", who=rel, error_type=type(exc).__name__,
                          message=_short(exc), traceback="")
            return False
    return True


def main(job, reporter):
    """Run the project's tests, reporting each outcome; ``done`` when all ran."""
    project = Project(job)
    sys.path.insert(0, project.root)
    names = [module_name(r) for r in project.solution + project.tests if r.endswith(".py")]
    for name in names:  # a solution named like a module the harness loaded is the solution
        sys.modules.pop(name, None)
    if not _compile(project, reporter):
        return
    for rel in project.solution:
        if not rel.endswith(".py"):
            continue
        try:
            importlib.import_module(module_name(rel))
        except BaseException as exc:  # SystemExit at import is a load error too
            reporter.emit(event="load_error", who=module_name(rel), **project.error_fields(exc))
            return
    reporter.emit(event="loaded")
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    test_modules = [r for r in project.tests if r.endswith(".py")]
    for rel in test_modules:
        try:
            module = importlib.import_module(module_name(rel))
        except BaseException as exc:
            fields = project.error_fields(exc)
            fields["message"] = f"{rel}: {fields['message']}"
            reporter.emit(event="tests_error", **fields)
            return
        suite.addTests(loader.loadTestsFromModule(module))
        suite.addTests(_plain_tests(module))
    if loader.errors:
        reporter.emit(event="tests_error", error_type="ImportError",
                      message=_short(loader.errors[0]), traceback="")
        return
    tests = list(_flatten(suite))
    several = len({_display(t, True).split(".", 1)[0] for t in tests}) > 1
    labels = {}
    for index, test in enumerate(tests):
        labels[id(test)] = (index, _display(test, several))
    reporter.emit(event="planned", tests=[name for _, name in labels.values()])
    suite.run(Result(reporter, project, labels))
    reporter.emit(event="done")
