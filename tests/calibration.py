"""Calibration of the quality dimensions: for every suite problem a correct idiomatic answer and
a correct but clumsy one (``tests/data/calibration/<language>/<test id>.{idiomatic,clumsy}.<ext>``,
written by hand), scored by the plugin as an agent's answers are.

Used by ``tests/test_calibration.py`` (which holds the floors) and ``benchmarks/calibration.py``
(which prints the figures).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from pytest_agentbench.agents import Agent
from pytest_agentbench.languages import default_registry
from pytest_agentbench.models import AgentReply
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.suite import load_suite

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "calibration"
EXTENSIONS = {"python": "py", "go": "go", "rust": "rs", "java": "java", "typescript": "ts",
              "php": "php", "ruby": "rb", "javascript": "js", "cpp": "cpp"}
STYLES = ("idiomatic", "clumsy")
QUALITY = ("idiomaticity", "best_practices")
#: the floors every language must meet (issue 19); tests/test_calibration.py holds them
FLOORS = {"idiomatic_min": 8.5, "ranked_right_min": 0.9, "mean_gap_min": 2.0}
SETTINGS = BenchSettings(weights={"correctness": 0.4, "idiomaticity": 0.25, "performance": 0.0,
                                  "best_practices": 0.15})


class Given(Agent):
    """Answers with one fixed source file."""

    spec = "calibration"

    def __init__(self, code: str, language: str) -> None:
        self.code, self.language = code, language

    def solve(self, request):
        fence = "`" * 4
        return AgentReply(f"{fence}{self.language}\n{self.code}\n{fence}\n", 0.0)


@dataclass(frozen=True)
class Scored:
    test_id: str
    style: str
    passed: bool
    message: str
    scores: dict[str, float | None]

    @property
    def quality(self) -> float | None:
        values = [self.scores.get(d) for d in QUALITY]
        return None if None in values else statistics.fmean(values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Pair:
    test_id: str
    idiomatic: Scored
    clumsy: Scored

    @property
    def gap(self) -> float | None:
        a, b = self.idiomatic.quality, self.clumsy.quality
        return None if a is None or b is None else a - b


def answer_path(language: str, test_id: str, style: str) -> Path:
    return DATA / language / f"{test_id}.{style}.{EXTENSIONS[language]}"


def score_language(language: str) -> list[Pair]:
    """Both answers to every problem of ``suites/<language>_mini.json`` that has a pair."""
    registry = default_registry()
    runner = registry.get(language)
    suite = load_suite(ROOT / "suites" / f"{language}_mini.json", registry)
    pairs = []
    for problem in suite.problems:
        scored = {}
        for style in STYLES:
            path = answer_path(language, problem.id, style)
            if not path.exists():
                break
            result = run_problem(problem, Given(path.read_text(encoding="utf-8"), language),
                                 runner, registry, SETTINGS)
            scored[style] = Scored(problem.id, style, result.passed, result.message,
                                   {s.name: s.score for s in result.scores})
        if len(scored) == len(STYLES):
            pairs.append(Pair(problem.id, scored["idiomatic"], scored["clumsy"]))
    return pairs


@dataclass(frozen=True)
class Figures:
    language: str
    pairs: int
    idiomatic: dict[str, float]  # dimension -> mean over the idiomatic answers
    clumsy: dict[str, float]
    ranked_right: float  # share of pairs whose idiomatic answer has the higher quality
    mean_gap: float  # mean of idiomatic quality - clumsy quality

    def misses(self) -> list[str]:
        """The floors this language does not meet, in words."""
        out = []
        for dim in QUALITY:
            if self.idiomatic[dim] < FLOORS["idiomatic_min"]:
                out.append(f"idiomatic answers' mean {dim} {self.idiomatic[dim]:.2f} < "
                           f"{FLOORS['idiomatic_min']}")
        if self.ranked_right < FLOORS["ranked_right_min"]:
            out.append(f"pairs ranked right {self.ranked_right:.0%} < "
                       f"{FLOORS['ranked_right_min']:.0%}")
        if self.mean_gap < FLOORS["mean_gap_min"]:
            out.append(f"mean gap {self.mean_gap:.2f} < {FLOORS['mean_gap_min']}")
        return out


def figures(language: str, pairs: list[Pair]) -> Figures:
    def mean(style: str, dim: str) -> float:
        return statistics.fmean(getattr(p, style).scores.get(dim) or 0.0 for p in pairs)

    gaps = [p.gap or 0.0 for p in pairs]
    return Figures(
        language, len(pairs),
        {d: mean("idiomatic", d) for d in QUALITY}, {d: mean("clumsy", d) for d in QUALITY},
        sum(1 for g in gaps if g > 0) / len(pairs), statistics.fmean(gaps))
