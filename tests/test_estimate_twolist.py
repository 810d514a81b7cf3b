"""Two-list estimates (Lincoln–Petersen, Chapman): formulas, refusals, and interval coverage."""

import math

import numpy as np
import pytest

from dadkhah.errors import EstimateError
from dadkhah.estimate import Histories, estimate_two_list, fit_model, two_list


def test_textbook_values():
    # n1 = 10, n2 = 15, 5 on both: N = 10 * 15 / 5; Chapman 11 * 16 / 6 - 1
    lp = two_list(10, 15, 5, "lincoln-petersen")
    assert lp.estimate == 30
    assert lp.se == pytest.approx(math.sqrt(10 * 15 * 5 * 10 / 5**3))
    ch = two_list(10, 15, 5, "chapman")
    assert ch.estimate == pytest.approx(11 * 16 / 6 - 1)
    assert ch.se == pytest.approx(math.sqrt(11 * 16 * 5 * 10 / (6**2 * 7)))
    assert ch.observed == lp.observed == 20
    assert any("only 5 people" in w for w in ch.warnings)


def test_the_example_lists_as_linked():
    # examples/lists/TRUTH.md: 25 people on both lists, 13 only on A, 14 only on B
    hist = Histories.from_patterns(["A", "B"], [[1, 1], [1, 0], [0, 1]], [25, 13, 14])
    ch = estimate_two_list(hist, "chapman")
    assert (ch.n1, ch.n2, ch.both, ch.observed) == (38, 39, 25, 52)
    assert ch.estimate == pytest.approx(39 * 40 / 26 - 1)
    assert 52 < ch.ci_low < ch.estimate < ch.ci_high
    assert ch.warnings == ()


def test_lincoln_petersen_is_the_two_list_independence_model():
    hist = Histories.from_patterns(["A", "B"], [[1, 1], [1, 0], [0, 1]], [25, 13, 14])
    lp = estimate_two_list(hist, "lincoln-petersen")
    fit = fit_model(hist, frozenset())
    assert fit.estimate == pytest.approx(lp.estimate, rel=1e-9)
    # Rcapture's standard error and Seber's variance agree for two lists
    assert fit.se == pytest.approx(lp.se, rel=1e-6)


def test_the_interval_is_skewed_up_and_never_below_the_observed():
    r = two_list(40, 30, 4, "chapman")
    assert r.ci_low >= r.observed
    assert r.ci_high - r.estimate > r.estimate - r.ci_low
    wider = two_list(40, 30, 4, "chapman", level=0.99)
    assert wider.ci_low < r.ci_low and wider.ci_high > r.ci_high


def test_lists_that_share_nobody_are_refused():
    for method in ("chapman", "lincoln-petersen"):
        with pytest.raises(EstimateError, match="nobody in common"):
            two_list(12, 20, 0, method, lists=("army", "ngo"))
    hist = Histories.from_patterns(["army", "ngo"], [[1, 0], [0, 1]], [12, 20])
    with pytest.raises(EstimateError, match="army and ngo have nobody in common"):
        estimate_two_list(hist)


def test_more_than_two_lists_need_a_choice():
    hist = Histories.from_patterns(list("ABC"), [[1, 1, 0], [1, 0, 1], [0, 1, 1]], [3, 4, 5])
    with pytest.raises(EstimateError, match="exactly two lists"):
        estimate_two_list(hist)
    r = estimate_two_list(hist.select(["A", "B"]))
    assert (r.n1, r.n2, r.both) == (7, 8, 3)


def test_one_list_inside_the_other_has_no_width_and_says_so():
    r = two_list(10, 30, 10, "lincoln-petersen")
    assert r.estimate == r.ci_low == r.ci_high == 30
    assert "holds the other" in r.warnings[0]


def test_impossible_counts_are_errors():
    with pytest.raises(ValueError):
        two_list(5, 8, 6)
    with pytest.raises(ValueError):
        two_list(5, 8, 2, method="petersen")


def _coverage(method: str, runs: int, seed: int) -> int:
    """Independent lists over a known population: how often the interval holds N."""
    rng = np.random.default_rng(seed)
    covered = 0
    for _ in range(runs):
        size = int(rng.integers(800, 3000))
        p1, p2 = rng.uniform(0.15, 0.4, size=2)
        on1 = rng.random(size) < p1
        on2 = rng.random(size) < p2
        r = two_list(int(on1.sum()), int(on2.sum()), int((on1 & on2).sum()), method)
        covered += r.ci_low <= size <= r.ci_high
    return covered


def test_quality_gate_interval_coverage():
    # quality gate (STYLE.md habit 7): 95% intervals must hold the true N in at least 34 of
    # 40 seeded simulations (85%); expected about 38
    assert _coverage("chapman", 40, seed=20240607) >= 34
    assert _coverage("lincoln-petersen", 40, seed=20240608) >= 34
