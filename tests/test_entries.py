"""One shape, not two: the TypedDicts of ``pytest_agentbench.entries`` and
``data/results.schema.json`` have the same keys and the same required keys, nested too, and the
same statuses and failure kinds; a key added to one and not the other fails here."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from pytest_agentbench import entries
from pytest_agentbench.models import FailureKind

SCHEMA = json.loads(resources.files("pytest_agentbench").joinpath(
    "data/results.schema.json").read_text(encoding="utf-8"))


def deref(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def differences(tp: Any, node: dict[str, Any], where: str) -> list[str]:
    """Where the type ``tp`` and the schema ``node`` disagree (keys, required keys, enums)."""
    if not isinstance(node, dict):  # true: any value
        return []
    node = deref(node)
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return differences(rest[0], node, where)
        return []
    if is_typeddict(tp):
        hints = get_type_hints(tp)
        props = node.get("properties", {})
        if set(hints) != set(props):
            return [f"{where}: keys only in the type {sorted(set(hints) - set(props))}, only "
                    f"in the schema {sorted(set(props) - set(hints))}"]
        out = []
        if set(tp.__required_keys__) != set(node.get("required", [])):
            out.append(f"{where}: required {sorted(tp.__required_keys__)} in the type, "
                       f"{sorted(node.get('required', []))} in the schema")
        for key, hint in hints.items():
            out += differences(hint, props[key], f"{where}.{key}")
        return out
    if origin is list:
        return differences(args[0], node.get("items", {}), f"{where}[]")
    if origin is dict:
        closed = node.get("additionalProperties") is False and not node.get("patternProperties")
        if closed and node.get("properties"):
            return [f"{where}: a plain dict in the type, fixed keys in the schema"]
        values = node.get("additionalProperties")
        return differences(args[1], values, f"{where}{{}}") if isinstance(values, dict) else []
    if origin is Literal:
        allowed = {v for v in node.get("enum", [node.get("const")]) if v is not None}
        if set(args) != allowed:
            return [f"{where}: {sorted(args)} in the type, {sorted(allowed)} in the schema"]
    return []


def test_the_typed_results_file_and_its_schema_agree():
    assert differences(entries.ResultsFile, SCHEMA, "file") == []


def test_failure_kinds_are_the_enums_values():
    assert set(get_args(entries.FailureKindValue)) == {k.value for k in FailureKind}


@pytest.mark.parametrize("spoil", ["add a key", "require a key", "retype a status"])
def test_a_key_added_to_one_side_only_is_found(spoil, monkeypatch):
    """The check itself: each kind of disagreement is reported."""
    schema = json.loads(json.dumps(SCHEMA))
    entry = schema["$defs"]["entry"]
    if spoil == "add a key":
        entry["properties"]["new_key"] = {"type": "string"}
    elif spoil == "require a key":
        entry["required"].append("weighted_score")
    else:
        schema["$defs"]["status"] = {"enum": ["passed", "failed", "skipped", "ok"]}
    monkeypatch.setitem(globals(), "SCHEMA", schema)
    found = differences(entries.ResultsFile, schema, "file")
    assert any(f.startswith("file.results[]") for f in found), found


def test_the_run_records_have_the_fields_of_what_they_record():
    """run.limits, run.gates and run.isolation: what the dataclass's record() writes is the
    TypedDict's keys (a field added to one alone fails here)."""
    from dataclasses import fields

    from pytest_agentbench.gates import GateResult
    from pytest_agentbench.isolation import Isolation
    from pytest_agentbench.sandbox import Limits

    limits = Limits().record()
    assert set(limits) == set(get_type_hints(entries.LimitsRecord)) == {
        f.name for f in fields(Limits)}
    assert limits["output_bytes"] == Limits().output_bytes
    gate = GateResult("--g", True, "measured", "threshold").record()
    assert set(gate) == set(get_type_hints(entries.GateRecord)) == {
        f.name for f in fields(GateResult)}
    isolation = Isolation("none", False, False, False, "").record("off")
    assert set(isolation) == set(get_type_hints(entries.IsolationRecord)) == {
        f.name for f in fields(Isolation)} | {"level", "mode"}
    assert (isolation["level"], isolation["mode"]) == ("none", "off")


def test_kind_value():
    assert entries.kind_value(FailureKind.WRONG_ANSWER) == "wrong_answer"
    assert entries.kind_value(None) is None


def test_what_an_older_file_may_lack_is_what_compare_fills_in():
    """The optional keys of an entry are those entries.normalise gives a default (besides
    failure_origin, taken from the failure kind, and execution_details, filled key by key)."""
    assert (set(entries.ENTRY_DEFAULTS) | {"failure_origin", "execution_details"}
            == entries.Entry.__optional_keys__)
    assert set(entries.DETAIL_DEFAULTS) == entries.ExecutionDetails.__optional_keys__


def test_an_older_entry_without_the_optional_keys_is_valid():
    import jsonschema

    older: dict[str, Any] = {
        "test_id": "t", "name": "t", "suite_path": "s.json", "suite_version": "", "order": 0,
        "agent": "a", "status": "failed", "passed": False, "execution_time": 0.1,
        "agent_time": 0.1, "attempts": [], "first_attempt_passed": False, "tokens_in": None,
        "tokens_out": None, "solution": None, "solution_source": None,
        "agent_details": {"exit_code": None, "failure": None, "message": "", "output_tail": "",
                          "stderr_tail": "", "tokens_in": None, "tokens_out": None,
                          "answer_source": "", "answer_source_detail": "", "stdout_tail": "",
                          "workspace_diff": ""}}
    assert set(older) == entries.Entry.__required_keys__
    validator = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"],
                                                 "$ref": "#/$defs/entry"})
    assert list(validator.iter_errors(older)) == []


def test_mypy_holds_get_to_the_keys_of_the_type(tmp_path):
    """scripts/mypy_typed_get.py: a misspelt key in .get is an error, as in [] (mypy alone
    takes it and reads None). mypy runs in a process of its own: in this one it would raise the
    recursion limit for good (mypy.main does), and tests that count on the usual limit to
    find a value nested too deeply would then fail in the same worker."""
    pytest.importorskip("mypy.api")
    root = Path(__file__).resolve().parents[1]
    reader = tmp_path / "reader.py"
    reader.write_text("from pytest_agentbench.entries import Entry\n\n\n"
                      "def suite(e: Entry) -> object:\n"
                      "    return e.get('suite'), e.get('sute')\n")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--config-file",
                           str(root / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"),
                           str(reader)], capture_output=True, text=True, cwd=root, check=False)
    out, status = proc.stdout, proc.returncode
    assert status == 1
    assert 'reader.py:5: error: TypedDict "Entry" has no key "sute" (in .get)' in out
    assert out.count("error:") == 1
