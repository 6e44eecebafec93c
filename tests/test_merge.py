"""agentbench merge: one results file from a run's shards or resumed pieces."""

from __future__ import annotations

import copy
import io
import json

import pytest

from pytest_agentbench import cli
from pytest_agentbench.merge import MergeRefused, Piece, merge
from pytest_agentbench.results import aggregate, build_document, strip_timings

from .agentbench_docs import document, entry, infrastructure_failure, write
from .helpers import MINI_SUITE, XDIST_MODES, run_plugin

FAST = ("--agentbench-weights", "correctness=1,idiomaticity=0,performance=0,best_practices=0")


def shard_doc(k: int, n: int, entries: list, selection: str = "abc", complete: bool = True,
              **run: object) -> dict:
    doc = document(entries)
    doc["run"].update(shard={"k": k, "n": n, "selection": selection}, complete=complete,
                      **run)
    return doc


def ids(doc: dict) -> list[str]:
    return [e["test_id"] for e in doc["results"]]


def test_shards_merge_into_one_complete_run_with_its_own_aggregates():
    a = [entry("p0", order=0), entry("p1", passed=False, order=1)]
    b = [entry("p2", order=2, difficulty="hard")]
    merged = merge([Piece("s1.json", shard_doc(1, 2, a)), Piece("s2.json", shard_doc(2, 2, b))])
    doc = merged.document
    assert ids(doc) == ["p0", "p1", "p2"]
    assert doc["run"]["complete"] is True and doc["run"]["shard"] is None
    assert doc["run"]["merged"]["shards"] == {"n": 2, "present": [1, 2], "complete": [1, 2],
                                              "missing": [],
                                              "selection": "abc"}
    assert doc["aggregate"] == aggregate(doc["results"])
    assert doc == build_document(doc["results"], doc["run"])
    assert [s["items"] for s in doc["run"]["suites"]] == [3]


def test_a_missing_or_incomplete_shard_makes_the_merge_incomplete():
    one = Piece("s1.json", shard_doc(1, 3, [entry("p0")]))
    two = Piece("s2.json", shard_doc(2, 3, [entry("p1")], complete=False,
                                     not_run=["mini.json::p2"]))
    doc = merge([one, two]).document
    assert doc["run"]["complete"] is False
    assert doc["run"]["merged"]["shards"]["missing"] == [3]
    assert doc["run"]["not_run"] == ["mini.json::p2"]
    why = " ".join(doc["run"]["merged"]["not_complete_because"])
    assert "3/3 missing" in why and "s2.json" in why


def test_a_resumed_piece_completes_its_shard():
    """Shard 2 was interrupted, then resumed: the resumed run is complete, so is the merge."""
    one = Piece("s1.json", shard_doc(1, 2, [entry("p0")]))
    cut = Piece("s2a.json", shard_doc(2, 2, [entry("p1")], complete=False, not_run=["x::p2"]))
    resumed = Piece("s2b.json", shard_doc(2, 2, [entry("p1"), entry("p2")]))
    merged = merge([one, cut, resumed])
    assert merged.document["run"]["complete"] is True
    assert merged.document["run"]["not_run"] == []
    assert ids(merged.document) == ["p0", "p1", "p2"]


def test_merged_files_merge_again():
    first = merge([Piece("s1.json", shard_doc(1, 3, [entry("p0")])),
                   Piece("s2.json", shard_doc(2, 3, [entry("p1")]))]).document
    assert first["run"]["complete"] is False
    doc = merge([Piece("12.json", first), Piece("s3.json", shard_doc(3, 3, [entry("p2")]))])
    assert doc.document["run"]["complete"] is True


def test_duplicates_the_later_file_wins_but_not_with_an_infrastructure_failure():
    passed, failed = entry("p0"), entry("p0", passed=False)
    infra = infrastructure_failure("p0")
    later = merge([Piece("a.json", document([failed])), Piece("b.json", document([passed]))])
    assert later.document["results"][0]["passed"] is True
    assert "1 replaced by a later file" in later.notes[0]
    kept = merge([Piece("a.json", document([passed])), Piece("b.json", document([infra]))])
    assert kept.document["results"][0]["passed"] is True
    assert "1 kept" in kept.notes[0]
    healed = merge([Piece("a.json", document([infra])), Piece("b.json", document([failed]))])
    assert healed.document["results"][0]["failure_kind"] == "wrong_answer"


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["run"].update(agent="cmd:other"), "run.agent"),
    (lambda d: d["run"].update(weights={"correctness": 1.0}), "run.weights"),
    (lambda d: d["run"].update(limits={"memory": 1}), "run.limits"),
    (lambda d: d["run"]["suites"][0].update(version="2.0"), "suite mini (python) is version"),
    (lambda d: d["run"]["shard"].update(selection="other"), "run.shard.selection"),
    (lambda d: d["run"]["shard"].update(n=3), "run.shard is shard 2 of 3"),
])
def test_pieces_of_different_runs_are_refused_naming_the_file_and_field(change, field):
    one = shard_doc(1, 2, [entry("p0")])
    two = shard_doc(2, 2, [entry("p1")])
    change(two)
    with pytest.raises(MergeRefused) as refused:
        merge([Piece("s1.json", one), Piece("s2.json", two)])
    assert f"s2.json: {field}" in str(refused.value)
    forced = merge([Piece("s1.json", one), Piece("s2.json", two)], force=True)
    assert forced.document["run"]["complete"] is False
    assert forced.differences and len(forced.document["results"]) == 2


def cli_run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_writes_the_merge_and_refuses_other_runs(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    s1 = write(tmp_path / "s1.json", shard_doc(1, 2, [entry("p0")]))
    s2 = write(tmp_path / "s2.json", shard_doc(2, 2, [entry("p1")]))
    out = tmp_path / "out" / "merged.json"
    code, text, _ = cli_run("merge", str(s1), str(s2), "-o", str(out))
    assert code == 0 and "2 item(s), complete" in text
    assert ids(json.loads(out.read_text())) == ["p0", "p1"]
    other = copy.deepcopy(json.loads(s2.read_text()))
    other["run"]["agent"] = "cmd:other"
    write(s2, other)
    code, _, err = cli_run("merge", str(s1), str(s2), "-o", str(tmp_path / "x.json"))
    assert code == cli.EXIT_USAGE and "s2.json: run.agent" in err and "--force" in err
    assert not (tmp_path / "x.json").exists()
    code, text, _ = cli_run("merge", str(s1), str(s2), "-o", str(tmp_path / "x.json"),
                            "--force")
    assert code == 0 and "NOT complete" in text and "warning:" in text
    code, _, err = cli_run("merge", str(s1), str(s2), "-o", str(tmp_path / "x.json"),
                           "--force", "--require-complete")
    assert code == cli.EXIT_GATE and "not complete" in err and (tmp_path / "x.json").exists()
    code, _, _ = cli_run("merge", str(s1), "-o", str(tmp_path / "y.json"), "--require-complete")
    assert code == cli.EXIT_GATE  # shard 2 of 2 is missing


@pytest.fixture
def suite_file(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    return "mini.json"


def _outcomes(doc: dict) -> dict:
    return {(e["suite"], e["test_id"], e["sample"]): strip_timings(
        {k: e[k] for k in ("status", "passed", "failure_kind", "weighted_score", "dimensions")})
        for e in doc["results"]}


@pytest.mark.parametrize("mode", [XDIST_MODES["no-xdist"], XDIST_MODES["n2"]],
                         ids=["no-xdist", "n2"])
def test_shards_merge_into_the_unsharded_runs_outcomes(pytester, suite_file, mode,
                                                       monkeypatch):
    """The issue's done-when: 1/2 and 2/2 are disjoint, cover the selection, and merge into
    a file whose outcomes equal an unsharded run's; report, HTML and markdown read it."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    common = ["--agentbench", suite_file, "--agentbench-samples", "2", *FAST, *mode]
    assert run_plugin(pytester, *common, "--agentbench-results", "all.json").ret == 0
    for k in (1, 2):
        assert run_plugin(pytester, *common, "--agentbench-shard", f"{k}/2",
                          "--agentbench-results", f"s{k}.json").ret == 0
    docs = {name: json.loads((pytester.path / f"{name}.json").read_text())
            for name in ("all", "s1", "s2")}
    s1, s2 = set(_outcomes(docs["s1"])), set(_outcomes(docs["s2"]))
    assert not s1 & s2 and s1 | s2 == set(_outcomes(docs["all"]))

    p = pytester.path
    code, text, _ = cli_run("merge", str(p / "s1.json"), str(p / "s2.json"), "-o",
                            str(p / "merged.json"))
    assert code == 0, text
    merged = json.loads((p / "merged.json").read_text())
    assert merged["run"]["complete"] is True
    assert _outcomes(merged) == _outcomes(docs["all"])
    assert strip_timings(merged["aggregate"]) == strip_timings(docs["all"]["aggregate"])

    reports = {}
    for name in ("all", "merged"):
        code, text, _ = cli_run("report", str(p / f"{name}.json"), "--html",
                                str(p / f"{name}.html"), "--markdown", str(p / f"{name}.md"),
                                "--fail-under", "9")
        assert code == 0, text
        reports[name] = text.splitlines()[0].replace(f"{name}.json", "X")
        assert "<html" in (p / f"{name}.html").read_text().lower()
    assert reports["merged"] == reports["all"]
    md = {name: (p / f"{name}.md").read_text().replace(f"{name}.json", "X")
          .replace(f"{name}.html", "X") for name in ("all", "merged")}
    assert md["merged"] == md["all"]
