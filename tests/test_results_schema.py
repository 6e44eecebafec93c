"""The results file's schema (``pytest_agentbench/data/results.schema.json``), the contract with
the CI dashboards that read it: every document the plugin writes, a merge of shards and every
journal entry match it, whatever the items were (passed, wrong, skipped, an infrastructure
failure, repaired, sampled), with and without xdist; and it refuses what a reader cannot use."""

from __future__ import annotations

import copy
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pytest_agentbench import cli
from pytest_agentbench.entries import Entry, ExecutionDetails

from .helpers import MINI_SUITE, XDIST_MODES, run_plugin

SCHEMA = json.loads(resources.files("pytest_agentbench").joinpath(
    "data/results.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
ENTRY = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/entry"})

# correct, wrong at first then repaired, an outage, and no answer at all (skipped)
MIXED_AGENT = '''
from pytest_agentbench.agents import Agent, AgentUnavailable
from pytest_agentbench.models import AgentReply, FailureKind

ADD = "def add(a, b):\\n    return a + b"
WRONG = "def reverse_words(s):\\n    return s"
RIGHT = "def reverse_words(s):\\n    return ' '.join(reversed(s.split()))"

class Mixed(Agent):
    spec = "mixed"
    def solve(self, request):
        pid = request.problem.id
        if pid == "mini_easy_add":
            return AgentReply(text=f"```python\\n{ADD}\\n```", seconds=0.01, tokens_in=12,
                              tokens_out=7)
        if pid == "mini_medium_rev":
            code = RIGHT if request.attempt > 1 else WRONG
            return AgentReply(text=f"```python\\n{code}\\n```", seconds=0.01)
        if request.sample == 0:
            return AgentReply("", 0.01, FailureKind.BACKEND_ERROR, "HTTP 503: overloaded")
        raise AgentUnavailable("no answer for this sample")

def pytest_agentbench_make_agent(spec, config):
    return Mixed() if spec == "mixed" else None
'''


def errors(validator: jsonschema.Draft202012Validator, doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in validator.iter_errors(doc)]


def journal_entries(path: Path) -> list[dict[str, Any]]:
    events = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [e["entry"] for e in events if e.get("event") == "result"]


def missing_keys(entry: dict[str, Any]) -> list[str]:
    """The keys of an entry this version must write that it lacks: all of them, optional
    ones included (those are optional for the files of older versions only)."""
    every = Entry.__required_keys__ | Entry.__optional_keys__
    details = ExecutionDetails.__required_keys__ | ExecutionDetails.__optional_keys__
    return sorted({*(every - set(entry)),
                   *(f"execution_details.{k}" for k in details
                     - set(entry.get("execution_details", {})))})


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("mode", [XDIST_MODES["no-xdist"], XDIST_MODES["n2"]],
                         ids=["no-xdist", "n2"])
def test_a_run_of_every_kind_of_item_matches_the_schema(pytester, mode):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    pytester.makeconftest(MIXED_AGENT)
    run_plugin(pytester, "--agentbench", "mini.json", "--agentbench-agent", "mixed",
               "--agentbench-attempts", "2", "--agentbench-samples", "2",
               "--agentbench-max-infra-failures", "0", "--agentbench-price", "in=3,out=15",
               "--agentbench-results", "r.json", *mode)
    doc = json.loads((pytester.path / "r.json").read_text())
    kinds = {(e["test_id"], e["status"], e["failure_kind"]) for e in doc["results"]}
    assert ("mini_hard_stack", "failed", "backend_error") in kinds  # an outage
    assert ("mini_hard_stack", "skipped", None) in kinds
    assert any(len(e["attempts"]) == 2 and e["passed"] for e in doc["results"])  # repaired
    assert doc["aggregate"]["pass_at_k"]["problems"]  # pass@k over the samples
    assert errors(VALIDATOR, doc) == []
    assert [missing_keys(e) for e in doc["results"]] == [[]] * len(doc["results"])
    entries = journal_entries(pytester.path / "r.journal.jsonl")
    assert len(entries) == len(doc["results"])
    assert [error for e in entries for error in errors(ENTRY, e)] == []
    assert [missing_keys(e) for e in entries] == [[]] * len(entries)


def test_shards_and_their_merge_match_the_schema(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    for k in (1, 2):
        run_plugin(pytester, "--agentbench", "mini.json", "-p", "no:xdist",
                   "--agentbench-shard", f"{k}/2", "--agentbench-results", f"s{k}.json")
    p = pytester.path
    code = cli.main(["merge", str(p / "s1.json"), str(p / "s2.json"), "-o",
                     str(p / "merged.json")], out=io.StringIO(), err=io.StringIO())
    assert code == 0
    for name in ("s1", "s2", "merged"):
        doc = json.loads((p / f"{name}.json").read_text())
        assert doc["results"], name
        assert errors(VALIDATOR, doc) == [], name
        assert not any(missing_keys(e) for e in doc["results"]), name


SPOILERS = {
    "missing key": (lambda d: d["results"][0].pop("status"), "results/0"),
    "unknown status": (lambda d: d["results"][0].update(status="ok"), "results/0/status"),
    "score over 10": (lambda d: d["results"][0]["dimensions"].update(correctness=11),
                      "results/0/dimensions/correctness"),
    "unknown failure kind": (lambda d: d["results"][0].update(failure_kind="bad_luck"),
                             "results/0/failure_kind"),
    "unknown case status": (lambda d: d["results"][0]["execution_details"]["cases"][0].update(
        status="fine"), "results/0/execution_details/cases/0/status"),
    "pass rate over 1": (lambda d: d["aggregate"]["overall"].update(pass_rate=1.5),
                         "aggregate/overall/pass_rate"),
    "other schema version": (lambda d: d.update(schema_version=2), "schema_version"),
    "run without agent": (lambda d: d["run"].pop("agent"), "run"),
}


def test_the_schema_refuses_what_a_reader_cannot_use(pytester):
    pytester.makefile(".json", mini=json.dumps(MINI_SUITE))
    run_plugin(pytester, "--agentbench", "mini.json", "-p", "no:xdist", "-k", "add",
               "--agentbench-weights", "performance=0", "--agentbench-results", "r.json")
    doc = json.loads((pytester.path / "r.json").read_text())
    assert errors(VALIDATOR, doc) == []
    for name, (spoil, where) in SPOILERS.items():
        spoiled = copy.deepcopy(doc)
        spoil(spoiled)
        found = errors(VALIDATOR, spoiled)
        assert any(error.startswith(where) for error in found), (name, found)
