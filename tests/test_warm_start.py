"""The languages a run will need, told from the suite paths before collection."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_agentbench import warm_start
from pytest_agentbench.languages import ExecSettings, default_registry

REG = default_registry()


def test_languages_come_from_humaneval_names_and_suite_files(tmp_path: Path) -> None:
    (tmp_path / "HumanEval.jsonl.gz").write_bytes(b"")
    (tmp_path / "humaneval_rust.jsonl").write_text("")
    (tmp_path / "ts.json").write_text(json.dumps({"language": "ts", "tests": []}))
    (tmp_path / "broken.json").write_text("{")
    (tmp_path / "list.json").write_text("[]")
    (tmp_path / "unknown.json").write_text(json.dumps({"language": "cobol"}))
    (tmp_path / "deep.json").write_text('{"language": "go", "x": ' + "[" * 100_000
                                        + "]" * 100_000 + "}")
    (tmp_path / "huge.json").write_text('{"language": "go", "x": 1' + "0" * 5000 + "}")
    (tmp_path / "bytes.json").write_bytes(b'{"language": "\xff"}')
    (tmp_path / "dir").mkdir()
    paths = sorted(tmp_path.iterdir())
    # a suite too deep or with a huge number still names its language (its load fails later)
    assert warm_start.expected_languages(paths, REG) == {"python", "rust", "typescript", "go"}
    assert warm_start.expected_languages([tmp_path / "missing.json"], REG) == set()


def test_warm_up_asks_each_expected_runner_once(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"language": "go"}))
    (tmp_path / "b.json").write_text(json.dumps({"language": "golang"}))
    asked: list[tuple[str, int]] = []
    runner = type(REG.get("go"))
    monkeypatch.setattr(runner, "warm_up", lambda self, settings, threads:
                        asked.append((self.name, threads)))
    warm_start.warm_up(sorted(tmp_path.iterdir()), REG, ExecSettings(), 3)
    assert asked == [("go", 3)]
