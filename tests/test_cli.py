"""The ``agentbench`` command: report, compare, leaderboard, gates and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from pytest_agentbench import cli

from .agentbench_docs import document, entry, suite_run, write

pytest.importorskip("scipy")

THIRD = set(range(0, 24, 3))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), out=out, err=err)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "base.json", suite_run(24))
    write(tmp_path / "same.json", suite_run(24))
    write(tmp_path / "worse.json", suite_run(24, THIRD, agent="cmd:new-agent"))
    return tmp_path


def test_compare_same_is_no_significant_difference(files):
    code, out, _ = run("compare", "base.json", "same.json", "--fail-on-regression")
    assert code == 0
    assert "overall: no significant difference: 0 newly failing, 0 newly passing of 24 pairs" in out
    assert ('agentbench gate --fail-on-regression passed: verdict "no significant difference"'
            in out)


def test_compare_worse_trips_the_gate(files):
    code, out, _ = run("compare", "base.json", "worse.json", "--fail-on-regression")
    assert code == cli.EXIT_GATE
    assert "overall: worse: 8 newly failing, 0 newly passing of 24 pairs" in out
    assert "newly failing (8): mini_00, mini_03, mini_06" in out
    assert "note: agents differ: baseline reference, this run cmd:new-agent" in out
    assert out.rstrip().splitlines()[-1].startswith(
        'agentbench gate --fail-on-regression FAILED: verdict "worse" against base.json')
    # without the gate the verdict is only reported
    assert run("compare", "base.json", "worse.json")[0] == 0


def test_compare_writes_reports_and_json(files, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(files / "summary.md"))
    code, out, _ = run("compare", "base.json", "worse.json", "--html", "out/c.html",
                       "--markdown", "out/c.md", "--json", "out/c.json", "--seed", "5")
    assert code == 0
    assert "html report: out/c.html" in out and "markdown report: out/c.md" in out
    page = (files / "out/c.html").read_text()
    assert "agentbench-data" in page and "mini_03" in page
    md = (files / "out/c.md").read_text()
    assert "## agentbench: worse than the baseline" in md and "Full report: `out/c.html`" in md
    assert (files / "summary.md").read_text().startswith("## agentbench: worse")
    data = json.loads((files / "out/c.json").read_text())
    assert data["verdict"] == "worse" and data["seed"] == 5
    assert data["groups"]["overall"]["pass_test"]["newly_failing"] == 8


def test_machine_output_on_stdout_keeps_messages_apart(files):
    code, out, err = run("compare", "base.json", "worse.json", "--json", "-")
    assert json.loads(out)["verdict"] == "worse"
    assert "overall: worse" in err
    code, out, err = run("report", "worse.json", "--markdown", "-", "--fail-under", "9")
    assert code == cli.EXIT_GATE
    assert out.startswith("<!-- agentbench-report -->\n## agentbench results")
    assert "agentbench gate --fail-under FAILED: mean weighted score" in err


def test_report_single_run(files):
    code, out, _ = run("report", "base.json")
    assert code == 0
    assert out.startswith("reference: 24/24 passed, mean weighted score 10.00 over 24 items "
                          "(base.json)")
    assert "  difficulty easy: 8/8 passed" in out


def test_report_fail_under(files):
    # 16 problems at 10.00 and 8 at 5.00: a mean of 8.33
    code, out, _ = run("report", "worse.json", "--fail-under", "9")
    assert code == cli.EXIT_GATE
    assert out.rstrip().splitlines()[-1] == (
        "agentbench gate --fail-under FAILED: mean weighted score 8.33 over 24 scored item(s) "
        "(threshold: mean weighted score >= 9.00)")
    code, out, _ = run("report", "worse.json", "--fail-under", "8")
    assert code == 0 and "agentbench gate --fail-under passed: mean weighted score 8.33" in out


def test_report_with_baseline(files):
    code, out, _ = run("report", "worse.json", "--baseline", "base.json",
                       "--fail-on-regression")
    assert code == cli.EXIT_GATE and "overall: worse" in out


def test_leaderboard_of_agents(files):
    write(files / "other.json", suite_run(24, {0, 1}, agent="cmd:other"))
    code, out, _ = run("report", "worse.json", "base.json", "other.json", "--html", "b.html",
                       "--markdown", "b.md")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["#", "agent", "passed", "score", "vs", "leader"]
    assert lines[1].split()[:2] == ["1", "reference"] and lines[1].endswith("leader")
    assert lines[2].split()[:2] == ["2", "cmd:other"]
    assert lines[3].split()[:2] == ["3", "cmd:new-agent"] and lines[3].endswith("worse")
    md = (files / "b.md").read_text()
    assert "## agentbench leaderboard" in md and "| 1 | `reference` |" in md
    assert '"mode":"leaderboard"' in (files / "b.html").read_text()


def test_files_of_one_agent_are_merged(files):
    write(files / "py.json", suite_run(6, suite="py_mini", language="python"))
    write(files / "go.json", suite_run(6, {1}, suite="go_mini", language="go"))
    code, out, _ = run("report", "py.json", "go.json")
    assert code == 0
    assert out.startswith("reference: 11/12 passed")
    assert "language go: 5/6 passed" in out and "language python: 6/6 passed" in out
    code, out, _ = run("report", "py.json", "go.json", "--separate")
    assert "vs leader" in out.splitlines()[0]


def test_files_of_one_agent_merge_when_a_run_has_no_finish_time(files):
    """``finished_at`` may be null (a merge of unfinished shards writes it): the files of one
    agent are merged all the same (it was compared with a string: a TypeError)."""
    first = suite_run(6, suite="py_mini", language="python")
    first["run"]["started_at"] = first["run"]["finished_at"] = None
    write(files / "py.json", first)
    write(files / "go.json", suite_run(6, suite="go_mini", language="go"))
    code, out, _ = run("report", "py.json", "go.json")
    assert code == 0
    assert out.startswith("reference: 12/12 passed")


def test_merged_duplicates_warn(files):
    code, out, _ = run("report", "base.json", "same.json")
    assert code == 0
    assert "warning: 24 item(s) of reference in same.json were already in an earlier file" in out


def test_different_problem_sets_warn_in_the_leaderboard(files):
    write(files / "half.json", suite_run(12, agent="cmd:half"))
    _, out, _ = run("report", "base.json", "half.json")
    assert "warning: the runs cover different problems (12, 24; 12 in common)" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["compare", "missing.json", "base.json"], "missing.json: cannot read it"),
    (["compare", "base.json", "bad.json"], "bad.json: not JSON"),
    (["report", "base.json", "worse.json", "--baseline", "same.json"],
     "--baseline compares one"),
    (["report", "base.json", "--fail-on-regression"], "--fail-on-regression needs --baseline"),
])
def test_usage_errors(files, argv, message):
    (files / "bad.json").write_text("{")
    code, _, err = run(*argv)
    assert code == cli.EXIT_USAGE
    assert message in err


def test_argument_errors_exit_2(files, capsys):
    assert run("report", "base.json", "--fail-under", "11")[0] == 2
    assert "a score is between 0 and 10" in capsys.readouterr().err
    assert run("compare", "base.json")[0] == 2
    assert run("compare", "base.json", "same.json", "--alpha", "1.5")[0] == 2
    assert "'1.5': alpha is between 0 and 1" in capsys.readouterr().err
    assert run("compare", "base.json", "same.json", "--min-pairs", "two")[0] == 2
    assert "'two' is not a whole number" in capsys.readouterr().err
    assert run("compare", "base.json", "same.json", "--min-pairs", "-1")[0] == 2
    assert "'-1': must be at least 0" in capsys.readouterr().err


def test_samples_and_skips_in_a_report(files):
    doc = document([entry("a", sample=0), entry("a", sample=1, passed=False),
                    entry("b", status="skipped", message="no toolchain")])
    write(files / "s.json", doc)
    code, out, _ = run("report", "s.json", "--markdown", "s.md")
    assert code == 0 and "1/2 passed" in out and "1 skipped" in out
    assert "`a#s1`" in (files / "s.md").read_text()


def test_python_dash_m_and_help():
    proc = subprocess.run([sys.executable, "-m", "pytest_agentbench", "--help"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0
    assert "report" in proc.stdout and "compare" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "pytest_agentbench", "compare", "--help"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert "--fail-on-regression" in proc.stdout and "BASELINE" in proc.stdout


def test_a_gate_over_no_pairs_fails_and_says_why(files):
    write(files / "md.json", suite_run(12, suite="md_mini", language="markdown"))
    write(files / "rust.json", suite_run(12, suite="rust_mini", language="rust"))
    code, out, _ = run("compare", "md.json", "rust.json", "--fail-on-regression")
    assert code == cli.EXIT_GATE
    assert out.rstrip().splitlines()[-1] == (
        "agentbench gate --fail-on-regression FAILED: 0 pair(s) compared against md.json: 12 "
        "item(s) only in the baseline and 12 only in this run; no suite in common (baseline: "
        "md_mini; this run: rust_mini): is it the right baseline, or was a suite renamed? "
        "(threshold: at least 1 pair(s) compared)")
    # without the gate, the comparison of nothing is only reported
    assert run("compare", "md.json", "rust.json")[0] == 0


def test_min_pairs_sets_how_many_pairs_a_gate_needs(files):
    code, out, _ = run("compare", "base.json", "same.json", "--fail-on-regression",
                       "--min-pairs", "30")
    assert code == cli.EXIT_GATE
    assert ("agentbench gate --fail-on-regression FAILED: 24 pair(s) compared against base.json"
            in out and "(threshold: at least 30 pair(s) compared)" in out)
    assert run("compare", "base.json", "same.json", "--fail-on-regression",
               "--min-pairs", "24")[0] == 0
    code, out, _ = run("report", "same.json", "--baseline", "base.json", "--fail-on-regression",
                       "--min-pairs", "25")
    assert code == cli.EXIT_GATE and "at least 25 pair(s) compared" in out
