"""Each statistic on a small fixed example, against values worked out by hand or computed by
scipy directly."""

from __future__ import annotations

import math

import pytest

scipy_stats = pytest.importorskip("scipy.stats")
np = pytest.importorskip("numpy")

from pytest_agentbench import stats  # noqa: E402


# -- exact McNemar: a two-sided binomial test of the discordant pairs at p = 1/2
@pytest.mark.parametrize(("worsened", "improved", "by_hand"), [
    (4, 0, 2 * 0.5 ** 4),  # 0.125: four newly failing alone is not enough
    (8, 0, 2 * 0.5 ** 8),  # 0.0078125
    (0, 8, 2 * 0.5 ** 8),
    (3, 1, 2 * (1 + 4) / 16),  # 2 x P(X <= 1 | n=4) = 0.625
    (5, 5, 1.0),
    (0, 0, 1.0),  # no discordant pair: nothing to test
])
def test_mcnemar_exact_by_hand(worsened, improved, by_hand):
    result = stats.mcnemar_exact(worsened, improved)
    assert result.p_value == pytest.approx(by_hand)
    assert result.discordant == worsened + improved


def test_mcnemar_exact_is_scipy_binomtest():
    for b, c in [(7, 2), (12, 3), (1, 9), (20, 11)]:
        expected = scipy_stats.binomtest(b, b + c, 0.5).pvalue
        assert stats.mcnemar_exact(b, c).p_value == pytest.approx(expected)


# -- Wilcoxon signed-rank
def test_wilcoxon_by_hand():
    # |d| ranks 1..5; the negative one has rank 4, so W- = 4 and W+ = 11. Under H0 every
    # sign pattern (2^5 = 32) is equally likely; the rank subsets with sum <= 4 are {}, {1},
    # {2}, {3}, {4}, {1,2}, {1,3}: 7 of 32, doubled for two sides.
    result = stats.wilcoxon_signed_rank([1, 2, 3, -4, 5])
    assert result.statistic == 4
    assert result.p_value == pytest.approx(14 / 32)
    assert (result.n, result.nonzero) == (5, 5)


def test_wilcoxon_drops_zero_differences():
    result = stats.wilcoxon_signed_rank([0, 1, 2, 3, -4, 5, 0])
    assert result.p_value == pytest.approx(14 / 32)
    assert (result.n, result.nonzero) == (7, 5)


def test_wilcoxon_all_negative_by_hand():
    # nine differences, all below zero: only 1 of 2^9 sign patterns is as extreme, per side
    result = stats.wilcoxon_signed_rank([-1, -2, -3, -4, -5, -6, -7, -8, -9])
    assert result.p_value == pytest.approx(2 / 2 ** 9)


def test_wilcoxon_is_scipy_on_a_fixed_example():
    diffs = [0.5, -1.25, 2.0, 3.5, -0.75, 1.5, 2.25, -0.25, 4.0, 1.0, 0.0, 2.75]
    expected = scipy_stats.wilcoxon(diffs)
    result = stats.wilcoxon_signed_rank(diffs)
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.statistic == pytest.approx(expected.statistic)


def test_wilcoxon_without_differences_is_p_one():
    result = stats.wilcoxon_signed_rank([0.0, 0.0, 0.0])
    assert result.p_value == 1.0 and result.nonzero == 0 and result.statistic is None
    assert stats.wilcoxon_signed_rank([]).p_value == 1.0


# -- the seeded paired bootstrap interval of the mean difference
BASE = [7.0, 8.5, 6.0, 9.0, 5.5, 7.5, 8.0, 6.5, 9.5, 7.0]
CUR = [6.0, 8.0, 4.5, 8.5, 5.5, 6.0, 7.0, 6.5, 8.0, 5.0]


def test_bootstrap_is_scipy_bootstrap_with_the_same_seed():
    ci = stats.bootstrap_mean_difference(BASE, CUR, seed=7, resamples=2000)
    expected = scipy_stats.bootstrap(
        (np.array(BASE), np.array(CUR)), lambda x, y, axis=-1: np.mean(y - x, axis=axis),
        paired=True, vectorized=True, n_resamples=2000, confidence_level=0.95, method="BCa",
        rng=np.random.default_rng(7)).confidence_interval
    assert (ci.low, ci.high) == pytest.approx((expected.low, expected.high))
    assert ci.method == "BCa" and ci.seed == 7 and ci.resamples == 2000


def test_bootstrap_is_reproducible_and_holds_the_mean():
    a = stats.bootstrap_mean_difference(BASE, CUR)
    b = stats.bootstrap_mean_difference(BASE, CUR)
    assert a == b  # seeded: the same interval every time
    # by hand: differences -1, -0.5, -1.5, -0.5, 0, -1.5, -1, 0, -1.5, -2 sum to -9.5
    mean = float(np.mean(np.array(CUR) - np.array(BASE)))
    assert mean == pytest.approx(-0.95)
    assert a.low < mean < a.high
    assert a.high < 0 and a.excludes_zero() == -1
    assert stats.bootstrap_mean_difference(BASE, CUR, seed=1) != a


def test_bootstrap_against_a_plain_numpy_percentile_resampling():
    # the same resampling written out: the two must agree to within resampling noise
    rng = np.random.default_rng(3)
    diffs = np.array(CUR) - np.array(BASE)
    means = diffs[rng.integers(0, len(diffs), size=(20000, len(diffs)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    ci = stats.bootstrap_mean_difference(BASE, CUR, seed=3, resamples=20000)
    assert ci.low == pytest.approx(low, abs=0.12) and ci.high == pytest.approx(high, abs=0.12)


def test_bootstrap_degenerate_cases():
    same = stats.bootstrap_mean_difference([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    assert (same.low, same.high, same.method) == (1.0, 1.0, "exact")
    assert stats.bootstrap_mean_difference([1.0], [2.0]) is None
    with pytest.raises(ValueError):
        stats.bootstrap_mean_difference([1.0, 2.0], [1.0])
    # mostly zero differences (BCa's jackknife degenerates): still an interval with numbers
    ci = stats.bootstrap_mean_difference([5.0] * 11 + [9.0], [5.0] * 12)
    assert ci is not None and not math.isnan(ci.low) and ci.low <= ci.high <= 0


# -- Hochberg's adjustment and the verdict rule
def ev(measure, p, direction):
    return stats.Evidence(measure, "t", p, direction)


def test_hochberg_adjusts_two_p_values():
    # the larger p-value is compared with alpha: both are below it, both are significant
    judged = stats.hochberg([ev("pass", 0.03, -1), ev("score", 0.04, -1)])
    assert [e.significant for e in judged] == [True, True]
    # otherwise the smaller is compared with alpha / 2
    judged = stats.hochberg([ev("pass", 0.2, -1), ev("score", 0.01, -1)])
    assert [e.significant for e in judged] == [False, True]
    assert [e.threshold for e in judged] == [0.05, 0.025]
    judged = stats.hochberg([ev("pass", 0.2, -1), ev("score", 0.03, -1)])
    assert [e.significant for e in judged] == [False, False]  # 0.03 > 0.05 / 2
    judged = stats.hochberg([ev("pass", 0.5, -1), ev("score", 0.6, -1)])
    assert [e.significant for e in judged] == [False, False]


def test_hochberg_needs_a_direction():
    judged = stats.hochberg([ev("score", 0.001, 0), ev("pass", 0.03, -1)])
    assert [e.significant for e in judged] == [False, True]


@pytest.mark.parametrize(("evidence", "verdict"), [
    ([ev("pass", 0.5, -1), ev("score", 0.6, -1)], stats.SAME),
    ([ev("pass", 0.004, -1), ev("score", 0.6, 1)], stats.WORSE),
    ([ev("pass", 0.3, -1), ev("score", 0.001, 1)], stats.BETTER),
    ([ev("pass", 0.001, -1), ev("score", 0.001, 1)], stats.WORSE),  # pass/fail is primary
    ([ev("pass", 1.0, 0), ev("score", 0.001, 0)], stats.SAME),  # interval holds zero
    ([], stats.SAME),
])
def test_verdict_rule(evidence, verdict):
    assert stats.decide(evidence)[0] == verdict


def test_formatting():
    assert stats.fmt_p(0.0078125) == "0.00781"
    assert stats.fmt_p(0.00004) == "< 0.0001"
    assert stats.fmt_p(1.0) == "1"
    assert stats.fmt_p(0.0005) == "0.0005"
    assert stats.fmt_signed(-0.001) == "0.00"
    assert stats.fmt_signed(1.234) == "+1.23"
