"""The JUnit classname of a benchmark item: ``agentbench.<language>.<suite>``.

pytest derives it from the node id: ``suites/python_mini.json::python_easy_01`` gives
``suites.python_mini.json``, which Jenkins and GitLab split at the last dot into the package
``suites.python_mini`` and the class ``json``. junitxml keeps attributes set on a test case's
reporter before it records a report (as ``record_xml_attribute`` does) over the ones it
derives, so this plugin sets the classname there, in the controlling process, just before
junitxml reads each benchmark item's report: grouped by language, then suite.
"""

from __future__ import annotations

import re

import pytest

from .entries import Entry, of_report


def classname(entry: Entry, prefix: str | None = None) -> str:
    """``agentbench.python.python_mini`` (with ``--junitprefix P``: ``P.agentbench...``);
    dots inside a name would split it, so they become ``_``."""
    parts = ["agentbench", str(entry.get("language") or "unknown"),
             str(entry.get("suite") or "suite")]
    name = ".".join(re.sub(r"[.\s]+", "_", part) for part in parts)
    return f"{prefix}.{name}" if prefix else name


class JunitClassnames:
    """Registered in the controlling process only (where junitxml writes the file)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = of_report(report)
        if entry is None:
            return
        from _pytest.junitxml import xml_key

        xml = self.config.stash.get(xml_key, None)
        if xml is not None:
            xml.node_reporter(report).add_attribute("classname",
                                                    classname(entry, xml.prefix))
