"""The one timing protocol's shared parts: contenders, the job text, the events read back."""

from __future__ import annotations

import json
from types import SimpleNamespace

from pytest_agentbench.languages import timing_job


def test_the_reference_shares_the_solutions_folder_only_when_the_code_is_the_same() -> None:
    same = timing_job.contenders("a", "a")
    assert [(c.who, c.folder) for c in same] == [("solution", "solution"),
                                                 ("reference", "solution")]
    assert [c.who for c in timing_job.folders(same)] == ["solution"]
    apart = timing_job.contenders("a", "b")
    assert [(c.who, c.folder, c.code) for c in apart] == [("solution", "solution", "a"),
                                                          ("reference", "reference", "b")]
    assert len(timing_job.folders(apart)) == 2


def test_job_text_splices_each_sizes_input_unparsed_and_states_the_rules() -> None:
    text = timing_job.job_text({"entry_point": "f", "cases": [{"index": 0}]},
                               timing_job.contenders("a", "b"), 7, 0.25, 3,
                               [("small", 10, '{"args": [[1, 2]]}'),
                                ("large", 100, '{"args": [[3]]}')])
    job = json.loads(text)
    assert job["mode"] == "timing" and job["cases"] == [] and job["entry_point"] == "f"
    timing = job["timing"]
    assert timing["contenders"] == [{"who": "solution", "dir": "solution"},
                                    {"who": "reference", "dir": "reference"}]
    assert (timing["repeat"], timing["call_budget"], timing["min_calls"],
            timing["cutoff_ratio"]) == (7, 0.25, 3, 25.0)
    assert timing["sizes"] == [{"label": "small", "n": 10, "args": [[1, 2]]},
                               {"label": "large", "n": 100, "args": [[3]]}]


def _proc(timed_out: bool = False, returncode: int = 0, stderr: str = "") -> SimpleNamespace:
    return SimpleNamespace(timed_out=timed_out, returncode=returncode, stderr=stderr)


def test_events_become_sizes_and_every_way_of_stopping_is_named() -> None:
    sized = [{"event": "timing", "label": "s", "n": 10, "solution": [0.1, 0.2],
              "reference": [0.3, 0.4]}]
    done = timing_job.timing_from_events([*sized, {"event": "done"}], _proc())
    assert not done.error and done.sizes[0].solution == (0.1, 0.2)
    assert done.sizes[0].reference == (0.3, 0.4) and done.sizes[0].n == 10
    cut = timing_job.timing_from_events(
        [*sized, {"event": "timing_cut", "label": "l", "limit": 2.5}], _proc())
    assert cut.cut and "past 25 times the reference" in cut.error and "2.50 s" in cut.error
    raised = timing_job.timing_from_events(
        [{"event": "timing_error", "who": "reference", "error_type": "KeyError",
          "message": "x"}], _proc())
    assert raised.error == "the reference raised KeyError: x" and not raised.cut
    even = timing_job.timing_from_events(sized, _proc(timed_out=True))
    assert not even.timed_out and even.sizes and "do not show the solution slow" in even.error
    unmeasured = timing_job.timing_from_events([], _proc(timed_out=True))
    assert not unmeasured.timed_out and "did not finish" in unmeasured.error
    slower = [{**sized[0], "solution": [1.5, 1.6]}]
    slow = timing_job.timing_from_events(slower, _proc(timed_out=True))
    assert slow.timed_out and "4 times slower or more at s" in slow.error
    early = timing_job.timing_from_events(sized, _proc(returncode=-9, stderr="killed\n"))
    assert "ended early (-9): killed" in early.error and not early.timed_out
