"""Every significance line shows the threshold its p-value was held against, so 'p = 0.0312,
not significant' beside an interval that excludes 0 no longer reads as a contradiction."""

from __future__ import annotations

import io
import json
import re

import pytest

pytest.importorskip("scipy")

from pytest_agentbench import cli, report_html, report_markdown
from pytest_agentbench import compare as cmp
from pytest_agentbench.runs import from_document

from .agentbench_docs import suite_run, write
from .helpers import MINI_SUITE, run_plugin

HELD = "Wilcoxon p = 0.0312 (threshold 0.025 after Hochberg), not significant"
PASS_HELD = "exact McNemar p = 1 (threshold 0.05), not significant"


def six_lower_scores() -> tuple[dict, dict]:
    """6 of 12 problems score a little lower, none fails: the signed-rank test's exact p is
    2 x 0.5**6 = 0.03125, below 0.05 but above Hochberg's 0.025 for the smaller of two."""
    base, cur = suite_run(12), suite_run(12)
    for i, e in enumerate(cur["results"][:6]):
        e["weighted_score"] = round(e["weighted_score"] - 0.5 - 0.1 * i, 2)
    return base, cur


def test_the_line_names_the_threshold_after_hochberg():
    c = cmp.compare(*six_lower_scores())
    o = c.overall
    assert o.score_test["ci_high"] < 0  # the interval excludes 0 ...
    assert f"({HELD})" in o.reason  # ... and the line says why this is no contradiction
    assert f"({PASS_HELD})" in o.reason


@pytest.mark.parametrize(("test", "text"), [
    ({"p_value": 0.0312, "significant": False, "level": 0.025},
     "p = 0.0312 (threshold 0.025 after Hochberg), not significant"),
    ({"p_value": 0.01, "significant": True, "level": 0.05},
     "p = 0.01 (threshold 0.05), significant"),
    ({"p_value": 0.01, "significant": False, "level": 0.025},
     "p = 0.01 (threshold 0.025 after Hochberg), not significant: its interval includes 0"),
    ({"p_value": 0.5}, "p = 0.5"),
])
def test_significance_text(test, text):
    assert cmp.significance(test, alpha=0.05) == text


def test_agentbench_compare_prints_the_threshold(tmp_path):
    base, cur = six_lower_scores()
    out = io.StringIO()
    cli.main(["compare", str(write(tmp_path / "b.json", base)),
              str(write(tmp_path / "c.json", cur))], out=out)
    assert f"overall: no significant difference: 0 newly failing, 0 newly passing of 12 " \
           f"pairs ({PASS_HELD}); mean score change" in out.getvalue()
    assert HELD in out.getvalue()


def test_markdown_shows_thresholds_in_the_verdict_and_the_table():
    base, cur = six_lower_scores()
    for doc in (base, cur):  # a second suite, unchanged: the table by suite is written
        doc["results"] += suite_run(12, suite="other")["results"]
    c = cmp.compare(base, cur, baseline_name="b.json")
    text = report_markdown.render([from_document(cur, "c.json")], c,
                                  from_document(base, "b.json"))
    assert re.search(r"Verdict: no significant difference\*\* .* \(Wilcoxon p = 0\.0\d+ "
                     r"\(threshold 0\.025 after Hochberg\), not significant\)", text)
    assert re.search(r"\| `?mini`? \| 12 \| 0 \| 0 \| 1 \(threshold 0\.05\) \| [^|]+ \| "
                     r"0\.0312 \(threshold 0\.025\) \|", text), text


def test_html_payload_carries_each_threshold():
    base, cur = six_lower_scores()
    c = cmp.compare(base, cur, baseline_name="b.json")
    data = report_html.payload([from_document(cur, "c.json")], c, from_document(base, "b.json"))
    overall = data["comparison"]["groups"]["overall"]
    assert (overall["score_test"]["level"], overall["pass_test"]["level"]) == (0.025, 0.05)
    assert HELD in overall["reason"]


def test_terminal_comparison_prints_the_threshold(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    run_plugin(pytester, "--agentbench", "mini.json", "-p", "no:xdist", "--agentbench-results",
               "base.json").assert_outcomes(passed=3)
    result = run_plugin(pytester, "--agentbench", "mini.json", "-p", "no:xdist",
                        "--agentbench-baseline", "base.json")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines([
        "overall: no significant difference: 0 newly failing, 0 newly passing of 3 pairs "
        "(exact McNemar p = 1 (threshold 0.0*), not significant); mean score change 0.00 * "
        "(Wilcoxon p = 1 (threshold 0.0*), not significant)"])

