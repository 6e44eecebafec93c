"""Pair a run with a baseline, problem by problem, and say whether it got better or worse.

Pairing: entries are matched by (suite name, language, test id, sample index); an entry without
a ``sample`` field is sample 0. Suite *names* are used, not paths, so a baseline made on another
machine or checkout pairs. What is on one side only is listed, never dropped; suites whose
versions differ are flagged.

The unit of the statistics is the *problem* (suite, language, test id): with one sample per
problem on both sides, pass/fail pairs go to the exact McNemar test; with several samples, each
problem's pass rate (passed samples / samples run) is compared instead, since the samples of one
problem are not independent. Scores are per-problem means of the weighted score. Skipped items
are not scored, so a problem skipped on either side is listed as not compared. See
:mod:`pytest_agentbench.stats` for the tests and the verdict rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean, median
from typing import Any, cast

from . import stats
from .compare_shape import (
    ComparisonDict,
    ComparisonSummary,
    EntryBrief,
    GroupDict,
    InfrastructurePair,
    ItemPairDict,
    Key,
    NotCompared,
    PassTest,
    ProblemKey,
    RunBrief,
    ScoreTest,
    StatTest,
    VersionFlag,
)
from .entries import Entry, Results, ResultsFile, Run, normalise
from .models import is_infrastructure
from .text_safety import clean

NEWLY_FAILING = "newly failing"
NEWLY_PASSING = "newly passing"
STILL_PASSING = "still passing"
STILL_FAILING = "still failing"
NOT_COMPARED = "not compared"


class ResultsError(ValueError):
    """A results file that cannot be read or is not a pytest-agentbench results file."""


def load_document(path: str | Path) -> ResultsFile:
    """A results file (``--agentbench-results``), checked enough to be compared; its strings
    are made valid Unicode (an escaped lone surrogate, as older versions wrote, is U+FFFD)."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResultsError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: not JSON ({exc})") from None
    return check_document(clean(doc), str(path))


def check_document(doc: Any, name: str = "results") -> ResultsFile:
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
        raise ResultsError(f"{name}: not a pytest-agentbench results file (no 'results' list)")
    for i, e in enumerate(doc["results"]):
        if not isinstance(e, dict) or not isinstance(e.get("test_id"), str):
            raise ResultsError(f"{name}: results[{i}] has no test_id")
        if "passed" not in e or "status" not in e:
            raise ResultsError(f"{name}: results[{i}] ({e['test_id']}) has no passed/status")
        normalise(e)
    if not isinstance(doc.get("run"), dict):
        doc["run"] = {}
    return cast(ResultsFile, doc)  # checked enough: the rest is read with .get


def pair_key(e: Entry) -> Key:
    return (str(e.get("suite") or ""), str(e.get("language") or ""), e["test_id"],
            int(e.get("sample") or 0))


def problem_key(e: Entry) -> ProblemKey:
    return pair_key(e)[:3]


def is_scored(e: Entry) -> bool:
    """Skipped items and infrastructure failures (not the agent's) are not scored, so they
    are never compared."""
    return e.get("status") != "skipped" and not is_infrastructure(e)


def _unscored_reason(e: Entry, side: str) -> str:
    if is_infrastructure(e):
        first = (str(e.get("message") or "").splitlines() or [""])[0]
        return f"infrastructure failure in {side} ({e.get('failure_kind')}: {first})".rstrip(": ")
    return f"skipped in {side}: {e.get('message') or ''}".rstrip(": ")


def outcome(e: Entry) -> str:
    if not is_scored(e):
        return "skipped"
    return "passed" if e.get("passed") else (e.get("failure_kind") or "failed")


def label(key: Sequence[Any]) -> str:
    """``test_id`` plus ``#sN`` for samples after the first, as the terminal summary shows it."""
    sample = key[3] if len(key) > 3 else 0
    return str(key[2]) + (f"#s{sample}" if sample else "")


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 4)


@dataclass(frozen=True)
class ItemPair:
    """One test id and sample on both sides."""

    key: Key
    baseline: Entry
    current: Entry

    @property
    def change(self) -> str:
        if not (is_scored(self.baseline) and is_scored(self.current)):
            return NOT_COMPARED
        was, now = bool(self.baseline["passed"]), bool(self.current["passed"])
        if was and not now:
            return NEWLY_FAILING
        if now and not was:
            return NEWLY_PASSING
        return STILL_PASSING if now else STILL_FAILING

    @property
    def score_delta(self) -> float | None:
        if self.change == NOT_COMPARED:
            return None
        return _delta(self.baseline.get("weighted_score"), self.current.get("weighted_score"))

    def dimension_deltas(self) -> dict[str, float | None]:
        if self.change == NOT_COMPARED:
            return {}
        b = self.baseline.get("dimensions") or {}
        c = self.current.get("dimensions") or {}
        return {d: _delta(b.get(d), c.get(d)) for d in [*c, *(d for d in b if d not in c)]}

    def as_dict(self) -> ItemPairDict:
        return {
            "suite": self.key[0], "language": self.key[1], "test_id": self.key[2],
            "sample": self.key[3], "change": self.change,
            "baseline": outcome(self.baseline), "current": outcome(self.current),
            "baseline_score": self.baseline.get("weighted_score"),
            "current_score": self.current.get("weighted_score"),
            "score_delta": self.score_delta,
            "dimension_deltas": self.dimension_deltas(),
        }


@dataclass(frozen=True)
class ProblemPair:
    """One problem on both sides: its pass rate and mean score over the samples run."""

    key: ProblemKey
    baseline_samples: int
    current_samples: int
    baseline_rate: float
    current_rate: float
    baseline_score: float | None
    current_score: float | None


@dataclass
class GroupResult:
    """The comparison of one group of problems (one suite, or all of them)."""

    name: str
    problems: int
    pass_test: PassTest
    score_test: ScoreTest
    verdict: str
    reason: str
    baseline_pass_rate: float | None
    current_pass_rate: float | None
    baseline_score: float | None
    current_score: float | None
    newly_failing: int
    newly_passing: int
    alpha: float

    def as_dict(self) -> GroupDict:
        return {"name": self.name, "problems": self.problems, "pass_test": self.pass_test,
                "score_test": self.score_test, "verdict": self.verdict, "reason": self.reason,
                "baseline_pass_rate": self.baseline_pass_rate,
                "current_pass_rate": self.current_pass_rate,
                "baseline_score": self.baseline_score, "current_score": self.current_score,
                "newly_failing": self.newly_failing, "newly_passing": self.newly_passing,
                "alpha": self.alpha}


@dataclass
class Comparison:
    baseline_name: str
    current_name: str
    baseline_run: Run
    current_run: Run
    items: list[ItemPair]
    only_baseline: list[Entry]
    only_current: list[Entry]
    not_compared: list[NotCompared]
    version_flags: list[VersionFlag]
    notes: list[str]
    warnings: list[str]
    groups: dict[str, GroupResult]
    alpha: float
    seed: int
    per_problem_rates: bool = False
    dimensions: list[str] = field(default_factory=list)

    @property
    def overall(self) -> GroupResult:
        return self.groups["overall"]

    @property
    def verdict(self) -> str:
        return self.overall.verdict

    @property
    def suites(self) -> list[GroupResult]:
        """The per-suite groups (empty when there is only one suite: see ``overall``)."""
        return [g for name, g in self.groups.items() if name != "overall"]

    def by_change(self, change: str) -> list[ItemPair]:
        return [p for p in self.items if p.change == change]

    def largest_changes(self, n: int = 10) -> list[ItemPair]:
        moved = [p for p in self.items if p.score_delta]
        return sorted(moved, key=lambda p: (-abs(p.score_delta or 0), p.key))[:n]

    @property
    def infrastructure(self) -> list[InfrastructurePair]:
        """Pairs not compared because either side failed for the infrastructure's sake."""
        return infrastructure_pairs(self.items)

    def as_dict(self) -> ComparisonDict:
        return {**self.summary(), "items": [p.as_dict() for p in self.items]}

    def summary(self) -> ComparisonSummary:
        return {
            "infrastructure_pairs": [
                {"suite": p["key"][0], "language": p["key"][1], "test_id": p["key"][2],
                 "sample": p["key"][3], "side": p["side"], "failure_kind": p["failure_kind"],
                 "message": p["message"]} for p in self.infrastructure],
            "baseline": {"name": self.baseline_name, "run": _run_brief(self.baseline_run)},
            "current": {"name": self.current_name, "run": _run_brief(self.current_run)},
            "verdict": self.verdict,
            "alpha": self.alpha,
            "seed": self.seed,
            "per_problem_rates": self.per_problem_rates,
            "groups": {k: g.as_dict() for k, g in self.groups.items()},
            "only_baseline": [_brief(e) for e in self.only_baseline],
            "only_current": [_brief(e) for e in self.only_current],
            "not_compared": self.not_compared,
            "version_flags": self.version_flags,
            "notes": self.notes,
            "warnings": self.warnings,
        }


def _brief(e: Entry) -> EntryBrief:
    suite, language, test_id, sample = pair_key(e)
    return {"suite": suite, "language": language, "test_id": test_id, "sample": sample,
            "result": outcome(e), "weighted_score": e.get("weighted_score")}


def _run_brief(run: Run) -> RunBrief:
    # RunBrief's keys that the run has: each is a key of Run, of the same type
    return cast(RunBrief, {k: run.get(k) for k in RunBrief.__annotations__ if k in run})


def _index(entries: Iterable[Entry], side: str, warnings: list[str]) -> dict[Key, Entry]:
    out: dict[Key, Entry] = {}
    for e in entries:
        key = pair_key(e)
        if key in out:
            warnings.append(f"{side}: {label(key)} of suite {key[0]} appears twice; "
                            "the first entry is used")
            continue
        out[key] = e
    return out


def _rate_and_score(entries: list[Entry]) -> tuple[int, float, float | None]:
    scored = [e for e in entries if is_scored(e)]
    rate = sum(1 for e in scored if e.get("passed")) / len(scored)
    scores = [s for e in scored if (s := e.get("weighted_score")) is not None]
    return len(scored), rate, (mean(scores) if scores else None)


def _versions(entries: Iterable[Entry]) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for e in entries:
        out.setdefault((str(e.get("suite") or ""), str(e.get("language") or "")), set()).add(
            str(e.get("suite_version") or ""))
    return out


def compare(baseline: Results, current: Results, *,
            baseline_name: str = "baseline", current_name: str = "this run",
            alpha: float = stats.ALPHA, seed: int = stats.SEED) -> Comparison:
    """Compare two results documents (``build_document``'s shape); needs scipy."""
    stats.require()
    warnings: list[str] = []
    notes: list[str] = []
    base = _index(baseline.get("results", []), "baseline", warnings)
    cur = _index(current.get("results", []), "this run", warnings)
    items = [ItemPair(k, base[k], cur[k]) for k in cur if k in base]
    only_baseline = [base[k] for k in base if k not in cur]
    only_current = [cur[k] for k in cur if k not in base]

    # problems: every sample on each side
    base_by_problem: dict[ProblemKey, list[Entry]] = {}
    cur_by_problem: dict[ProblemKey, list[Entry]] = {}
    for k, e in base.items():
        base_by_problem.setdefault(k[:3], []).append(e)
    for k, e in cur.items():
        cur_by_problem.setdefault(k[:3], []).append(e)
    problems: list[ProblemPair] = []
    not_compared: list[NotCompared] = []
    for pk in cur_by_problem:
        if pk not in base_by_problem:
            continue
        b_entries, c_entries = base_by_problem[pk], cur_by_problem[pk]
        b_scored = [e for e in b_entries if is_scored(e)]
        c_scored = [e for e in c_entries if is_scored(e)]
        if not b_scored or not c_scored:
            side = "baseline" if not b_scored else "this run"
            unscored = (b_entries if not b_scored else c_entries)[0]
            not_compared.append({"suite": pk[0], "language": pk[1], "test_id": pk[2],
                                 "infrastructure": is_infrastructure(unscored),
                                 "reason": _unscored_reason(unscored, side)})
            continue
        nb, rb, sb = _rate_and_score(b_entries)
        nc, rc, sc = _rate_and_score(c_entries)
        problems.append(ProblemPair(pk, nb, nc, rb, rc, sb, sc))
    per_problem_rates = any(p.baseline_samples != 1 or p.current_samples != 1 for p in problems)
    if per_problem_rates:
        notes.append("several samples per problem: pass/fail is compared as per-problem pass "
                     "rates (Wilcoxon signed-rank), each problem counting once")

    version_flags: list[VersionFlag] = []
    bv, cv = _versions(base.values()), _versions(cur.values())
    for suite_lang in sorted(set(bv) & set(cv)):
        if bv[suite_lang] != cv[suite_lang]:
            version_flags.append({"suite": suite_lang[0], "language": suite_lang[1],
                                  "baseline": ", ".join(sorted(bv[suite_lang])),
                                  "current": ", ".join(sorted(cv[suite_lang]))})
    for flag in version_flags:
        warnings.append(f"suite {flag['suite']} ({flag['language']}) has version "
                        f"{flag['baseline'] or '?'} in the baseline and {flag['current'] or '?'} "
                        "in this run: its problems may have changed")
    b_run = cast(Run, dict(baseline.get("run") or {}))
    c_run = cast(Run, dict(current.get("run") or {}))
    if b_run.get("weights") and c_run.get("weights") and b_run["weights"] != c_run["weights"]:
        warnings.append(f"the weighted scores use different weights (baseline "
                        f"{_weights(b_run['weights'])}, this run {_weights(c_run['weights'])})")
    if b_run.get("complete") is False:
        warnings.append("the baseline run did not complete")
    if b_run.get("agent") and c_run.get("agent") and b_run["agent"] != c_run["agent"]:
        notes.append(f"agents differ: baseline {b_run['agent']}, this run {c_run['agent']}")
    infra = infrastructure_pairs(items)
    if infra:
        kinds: dict[str | None, int] = {}
        for pair in infra:
            kinds[pair["failure_kind"]] = kinds.get(pair["failure_kind"], 0) + 1
        notes.append(f"{len(infra)} pair(s) not compared: an infrastructure failure on either "
                     "side (" + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + "): "
                     + ", ".join(label(p["key"]) for p in infra[:20])
                     + (f" and {len(infra) - 20} more" if len(infra) > 20 else ""))
    if only_baseline:
        notes.append(f"{len(only_baseline)} item(s) only in the baseline")
    if only_current:
        notes.append(f"{len(only_current)} item(s) only in this run")

    groups: dict[str, GroupResult] = {}
    suites = sorted({p.key[0] for p in problems} | {k[0] for k in cur} | {k[0] for k in base})
    groups["overall"] = _group("overall", problems, items, per_problem_rates, alpha, seed)
    if len(suites) > 1:  # with one suite, its group is the overall one
        for suite in suites:
            groups[suite] = _group(suite, [p for p in problems if p.key[0] == suite],
                                   [i for i in items if i.key[0] == suite],
                                   per_problem_rates, alpha, seed)
    dims: list[str] = []
    for e in [*cur.values(), *base.values()]:
        dims.extend(d for d in e.get("dimensions") or {} if d not in dims)
    return Comparison(baseline_name, current_name, b_run, c_run, items, only_baseline,
                      only_current, not_compared, version_flags, notes, warnings, groups,
                      alpha, seed, per_problem_rates, dims)


def infrastructure_pairs(items: Iterable[ItemPair]) -> list[InfrastructurePair]:
    """The pairs left out because either side failed for the infrastructure's sake."""
    out: list[InfrastructurePair] = []
    for p in items:
        for side, e in (("baseline", p.baseline), ("this run", p.current)):
            if is_infrastructure(e):
                out.append({"key": p.key, "side": side, "failure_kind": e.get("failure_kind"),
                            "message": e.get("message") or ""})
                break
    return out


def _weights(w: Mapping[str, float]) -> str:
    return ",".join(f"{k}={v:g}" for k, v in w.items())


def _group(name: str, problems: list[ProblemPair], items: list[ItemPair], rates: bool,
           alpha: float, seed: int) -> GroupResult:
    n = len(problems)
    newly_failing = sum(1 for i in items if i.change == NEWLY_FAILING)
    newly_passing = sum(1 for i in items if i.change == NEWLY_PASSING)
    evidence: list[stats.Evidence] = []
    pass_test: PassTest
    if rates:
        diffs = [p.current_rate - p.baseline_rate for p in problems]
        sr = stats.wilcoxon_signed_rank(diffs)
        lower = sum(1 for d in diffs if d < 0)
        higher = sum(1 for d in diffs if d > 0)
        pass_test = {"test": "Wilcoxon signed-rank on per-problem pass rates", "pairs": n,
                     "lower": lower, "higher": higher, "statistic": sr.statistic,
                     "p_value": sr.p_value,
                     "mean_rate_change": round(mean(diffs), 4) if diffs else None}
        direction = _sign(sum(diffs)) if sr.nonzero else 0
    else:
        worse = sum(1 for p in problems if p.baseline_rate == 1 and p.current_rate == 0)
        better = sum(1 for p in problems if p.baseline_rate == 0 and p.current_rate == 1)
        mc = stats.mcnemar_exact(worse, better)
        pass_test = {"test": "exact McNemar", "pairs": n, "newly_failing": worse,
                     "newly_passing": better, "discordant": mc.discordant,
                     "p_value": mc.p_value}
        direction = _sign(better - worse)
    if n:
        evidence.append(stats.Evidence("pass", pass_test["test"], pass_test["p_value"],
                                       direction))
    scored = [p for p in problems
              if p.baseline_score is not None and p.current_score is not None]
    b_scores = [float(p.baseline_score or 0) for p in scored]
    c_scores = [float(p.current_score or 0) for p in scored]
    diffs = [c - b for b, c in zip(b_scores, c_scores, strict=True)]
    score_test: ScoreTest = {"test": "Wilcoxon signed-rank", "pairs": len(scored)}
    if scored:
        sr = stats.wilcoxon_signed_rank(diffs)
        ci = stats.bootstrap_mean_difference(b_scores, c_scores, seed=seed,
                                             level=1 - alpha)
        score_test.update({
            "nonzero": sr.nonzero, "statistic": sr.statistic, "p_value": sr.p_value,
            "mean_difference": round(mean(diffs), 4),
            "median_difference": round(median(diffs), 4),
            "ci_low": round(ci.low, 4) if ci else None,
            "ci_high": round(ci.high, 4) if ci else None,
            "ci_level": 1 - alpha, "ci_method": ci.method if ci else None,
            "resamples": ci.resamples if ci else 0, "seed": seed,
        })
        # a score difference counts only when its interval agrees (excludes zero)
        direction = ci.excludes_zero() if ci else 0
        evidence.append(stats.Evidence("score", "Wilcoxon signed-rank", sr.p_value, direction))
    verdict, judged = stats.decide(evidence, alpha)
    for e in judged:
        target: StatTest = pass_test if e.measure == "pass" else score_test
        target.update({"significant": e.significant, "level": e.threshold})
    base_rate = mean(p.baseline_rate for p in problems) if problems else None
    cur_rate = mean(p.current_rate for p in problems) if problems else None
    result = GroupResult(
        name=name, problems=n, pass_test=pass_test, score_test=score_test, verdict=verdict,
        reason="", baseline_pass_rate=_r(base_rate), current_pass_rate=_r(cur_rate),
        baseline_score=_r(mean(b_scores)) if b_scores else None,
        current_score=_r(mean(c_scores)) if c_scores else None,
        newly_failing=newly_failing, newly_passing=newly_passing, alpha=alpha)
    result.reason = explain(result)
    return result


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def pass_text(g: GroupResult) -> str:
    t = g.pass_test
    if not g.problems:
        return "no pairs to compare"
    if t["test"] == "exact McNemar":
        return (f"{t['newly_failing']} newly failing, {t['newly_passing']} newly passing of "
                f"{t['pairs']} pairs (exact McNemar {significance(t, g.alpha)})")
    return (f"pass rate {_pct(g.baseline_pass_rate)} -> {_pct(g.current_pass_rate)} over "
            f"{t['pairs']} problems, {t['lower']} lower, {t['higher']} higher (Wilcoxon "
            f"signed-rank on per-problem pass rates {significance(t, g.alpha)})")


def threshold_text(test: StatTest, alpha: float) -> str:
    """The level a p-value was held against: ``threshold 0.025 after Hochberg`` (Hochberg's
    adjusted level, when it is below alpha), ``threshold 0.05``; empty if it was not tested."""
    level = test.get("level")
    if level is None:
        return ""
    adjusted = " after Hochberg" if level < alpha * (1 - 1e-9) else ""
    return f"threshold {level:.3g}{adjusted}"


def significance(test: StatTest, alpha: float) -> str:
    """``p = 0.0312 (threshold 0.025 after Hochberg), not significant``: the p-value, the
    threshold it was held against and the outcome, so the two never seem to disagree."""
    text = f"p = {stats.fmt_p(test.get('p_value'))}"
    if "significant" not in test:
        return text
    held = threshold_text(test, alpha)
    text += f" ({held})" if held else ""
    if test["significant"]:
        return f"{text}, significant"
    level, p = test.get("level"), test.get("p_value")
    if level is not None and p is not None and p <= level:
        return f"{text}, not significant: its interval includes 0"  # no direction
    return f"{text}, not significant"


def p_cell(test: StatTest, alpha: float) -> str:
    """A table cell: ``0.0312 (threshold 0.025)``, with `` *`` when significant."""
    if test.get("p_value") is None:
        return ""
    level = test.get("level")
    held = f" (threshold {level:.3g})" if level is not None else ""
    return f"{stats.fmt_p(test['p_value'])}{held}{' *' if test.get('significant') else ''}"


def score_text(g: GroupResult) -> str:
    t = g.score_test
    if not t.get("pairs"):
        return "no score pairs"
    ci = ("" if t.get("ci_low") is None else
          f" [{t['ci_level']:.0%} CI {stats.fmt_signed(t['ci_low'])}, "
          f"{stats.fmt_signed(t['ci_high'])}]")
    return (f"mean score change {stats.fmt_signed(t['mean_difference'])}{ci} "
            f"(Wilcoxon {significance(t, g.alpha)})")


def explain(g: GroupResult) -> str:
    """The verdict with the numbers behind it, in one line."""
    return f"{g.verdict}: {pass_text(g)}; {score_text(g)}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"
