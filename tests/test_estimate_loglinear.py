"""Log-linear estimation against R: Rcapture 1.4-4 and SparseMSE 2.0.1 on the same tables.

The reference figures were produced by running the R packages (see tests/data/mse/README.md);
the long printed output is ../shared/benchmarks/mse/r_reference_outputs.txt.
"""

import numpy as np
import pytest

from dadkhah.errors import EstimateError
from dadkhah.estimate import (
    Histories,
    all_models,
    bracket_name,
    check_model,
    estimate_loglinear,
    fit_model,
    parse_model,
    profile_interval,
    read_histories,
    search,
    stepwise,
)
from testing import REPO

DATA = REPO / "tests" / "data" / "mse"


def table(name: str) -> Histories:
    return read_histories(DATA / name)


@pytest.fixture(scope="module")
def kosovo() -> Histories:
    return table("kosovo_aggregate_patterns.csv")


def test_kosovo_independence_as_rcapture(kosovo):
    fit = fit_model(kosovo, parse_model("independence", kosovo.lists))
    # closedp.t, model Mt: 7394.6 (SE 129.6), deviance 245.939 on 10 df, AIC 357.363
    assert fit.estimate == pytest.approx(7394.6, abs=0.05)
    assert fit.se == pytest.approx(129.6, abs=0.05)
    assert (round(fit.deviance, 3), fit.df, round(fit.aic, 3)) == (245.939, 10, 357.363)


def test_kosovo_published_model_and_its_profile_interval(kosovo):
    model = parse_model("1*2*3+1*4+3*4", kosovo.lists)
    assert model == parse_model("EXH*ABA*OSCE + EXH:HRW + osce*hrw", kosovo.lists)
    fit = fit_model(kosovo, model)
    assert fit.name == "[123,14,34]"
    assert fit.formula == "EXH*ABA*OSCE + EXH*HRW + OSCE*HRW"
    # Ball et al. (2002): 10,356; Rcapture: 10,356.5, SE 785.9, deviance 9.323 on 4 df
    assert fit.estimate == pytest.approx(10356.52, abs=0.01)
    assert fit.se == pytest.approx(785.9022, abs=1e-3)
    assert (round(fit.deviance, 5), fit.df) == (9.32267, 4)
    assert (round(fit.aic, 4), round(fit.bic, 4)) == (132.7467, 203.0296)
    # closedpCI.t: multinomial 10,334.5, profile 95% interval 8,994.3 to 12,110.4
    profile = profile_interval(kosovo, fit, 0.95)
    assert profile.maximum == pytest.approx(10334.5, abs=0.1)
    assert profile.low == pytest.approx(8994.3, abs=0.1)
    assert profile.high == pytest.approx(12110.4, abs=0.1)
    assert profile.warnings == ()
    narrower = profile_interval(kosovo, fit, 0.9)
    assert profile.low < narrower.low < narrower.high < profile.high


def test_kosovo_search_ranks_as_rcapture(kosovo):
    fits, refused = search(kosovo)
    assert len(fits) == 113 and refused == []
    top = [(f.name, round(f.estimate, 2), round(f.se, 4), f.df, round(f.bic, 4)) for f in fits[:5]]
    # closedpMS.t, the five best by BIC
    assert top == [
        ("[123,14,34]", 10356.52, 785.9022, 4, 203.0296),
        ("[123,134]", 12740.97, 1600.7132, 3, 203.1134),
        ("[134,12,23]", 18393.31, 1738.8296, 4, 203.9573),
        ("[123,14,24,34]", 9824.17, 801.6579, 3, 209.1429),
        ("[134,12,23,24]", 19233.48, 1921.8854, 3, 210.1923),
    ]
    by_aic, _ = search(kosovo, "aic")
    assert by_aic[0].aic == min(f.aic for f in fits)


def test_default_estimate_is_the_search(kosovo):
    result = estimate_loglinear(kosovo)
    assert result.selection == "search" and result.criterion == "bic"
    assert result.fit.name == "[123,14,34]" and result.fitted == 113
    assert (round(result.profile.low, 1), round(result.profile.high, 1)) == (8994.3, 12110.4)


def test_hiv_rome_as_rcapture():
    hiv = table("rcapture_HIV.csv")
    mt = fit_model(hiv, parse_model("independence", hiv.lists))
    assert (round(mt.estimate, 1), round(mt.se, 1)) == (11124.6, 904.8)
    # Mt plus the 1x2 interaction: 12,318.5 (SE 1,188.7); profile 10,266 to 14,992.3
    fit = fit_model(hiv, parse_model("c1*c2", hiv.lists))
    assert (round(fit.estimate, 1), round(fit.se, 1), round(fit.deviance, 3)) == (
        12318.5,
        1188.7,
        7.614,
    )
    profile = profile_interval(hiv, fit)
    assert (round(profile.maximum), round(profile.low), round(profile.high, 1)) == (
        12308,
        10266,
        14992.3,
    )
    # every two-way interaction: 23,443.5 (SE 9,594.9), profile 10,027.6 to 50,046.3
    double = fit_model(hiv, parse_model("1*2+1*3+1*4+2*3+2*4+3*4", hiv.lists))
    assert (round(double.estimate, 1), round(double.se, 1), double.df) == (23443.5, 9594.9, 4)
    wide = profile_interval(hiv, double)
    assert wide.low == pytest.approx(10027.6, abs=0.1)
    assert wide.high == pytest.approx(50046.3, abs=0.1)


def test_other_rcapture_tables():
    lesbian = table("rcapture_lesbian.csv")
    fit = fit_model(lesbian, frozenset())
    assert (round(fit.estimate, 1), round(fit.se, 1), round(fit.deviance, 3)) == (
        3738.5,
        95.2,
        174.809,
    )
    # one row per hare, six occasions
    hare = table("rcapture_hare.csv")
    assert hare.observed == 68 and len(hare.lists) == 6
    fit = fit_model(hare, frozenset())
    assert (round(fit.estimate, 1), round(fit.se, 1), round(fit.deviance, 3), fit.df) == (
        75.1,
        3.4,
        58.314,
        56,
    )
    assert (round(fit.aic, 3), round(fit.bic, 3)) == (154.505, 170.041)


def test_artificial_3_as_sparsemse_checkident():
    # SparseMSE's Artificial_3 help page: all three two-list terms are not identifiable; any
    # model with AB has no MLE; AC and BC (nobody on both) alone or together pass
    art = table("sparsemse_Artificial_3.csv")

    def verdict(spec):
        c = check_model(art, parse_model(spec, art.lists))
        return c.exists, c.identifiable

    assert verdict("A*B+A*C+B*C") == (True, False)
    for spec in ("A*B", "A*B+A*C", "A*B+B*C"):
        assert verdict(spec) == (False, True), spec
    for spec in ("A*C", "B*C", "A*C+B*C", "independence"):
        assert verdict(spec) == (True, True), spec
    with pytest.raises(EstimateError, match="does not exist"):
        fit_model(art, parse_model("A*B", art.lists))
    with pytest.raises(EstimateError, match="not identifiable"):
        fit_model(art, parse_model("A*B+A*C+B*C", art.lists))
    fit = fit_model(art, parse_model("A*C", art.lists))
    assert fit.empty_terms == ("A:C",)
    result = estimate_loglinear(art, "A*C")
    assert any("no one is on both lists of A:C" in w for w in result.warnings)
    fits, refused = search(art)
    assert len(fits) + len(refused) == 8
    assert {name for name, _ in refused} >= {"[12,3]", "[12,13]", "[12,23]", "[12,13,23]"}


@pytest.mark.parametrize(
    ("name", "lists", "popest"),
    [
        ("UKdat", 6, 11418.0),
        ("UKdat_5", 5, 11313.0),
        ("Ned", 6, 111139.4),
        ("Ned_5", 5, 121521.6),
        ("NewOrl", 8, 1183.7),
        ("NewOrl_5", 5, 1034.2),
        ("Western", 5, 2483.4),
    ],
)
def test_stepwise_as_sparsemse(name, lists, popest):
    # estimatepopulation(nboot=1000, pthresh=0.02): its point estimate
    hist = table(f"sparsemse_{name}.csv")
    assert len(hist.lists) == lists
    fit, steps = stepwise(hist)
    assert fit.estimate == pytest.approx(popest, abs=0.05)
    assert all(s["p_value"] < 0.02 for s in steps)


def test_beyond_five_lists_search_is_stepwise():
    ned = table("sparsemse_Ned.csv")
    result = estimate_loglinear(ned)
    assert result.selection == "stepwise"
    assert result.fit.estimate == pytest.approx(111139.4, abs=0.05)
    assert set(result.fit.empty_terms) == {"I:K", "K:R"}  # nobody shared, fixed at zero


def test_five_list_search_is_exhaustive_and_consistent():
    my5 = table("dga_madigan_york_5list.csv")
    fits, refused = search(my5)
    assert len(fits) + len(refused) == 6893  # every hierarchical model of 5 lists
    bics = [f.bic for f in fits]
    assert bics == sorted(bics)
    again = fit_model(my5, fits[0].model)
    assert again.estimate == pytest.approx(fits[0].estimate, rel=1e-9)
    assert all("does not exist" in why or "identifiable" in why for _, why in refused)


def test_our_fit_matches_statsmodels():
    import statsmodels.api as sm

    from dadkhah.estimate.loglinear import Table

    hiv = table("rcapture_HIV.csv")
    model = parse_model("1*2+3*4+1*3", hiv.lists)
    ours = fit_model(hiv, model)
    t = Table(hiv)
    X = t.design(ours.check.kept, ours.check.columns)
    theirs = sm.GLM(t.cells, X, family=sm.families.Poisson()).fit()
    assert np.allclose(ours.beta, theirs.params, atol=1e-7)
    assert ours.deviance == pytest.approx(theirs.deviance, rel=1e-9)
    assert ours.aic == pytest.approx(theirs.aic, rel=1e-9)


def test_models_are_counted_named_and_read():
    assert [sum(1 for _ in all_models(k)) for k in (2, 3, 4)] == [1, 8, 113]
    lists = ["EXH", "ABA", "OSCE", "HRW"]
    assert bracket_name(parse_model("[123,14,34]", lists), 4) == "[123,14,34]"
    assert bracket_name(parse_model("1:3 + 1*4", lists), 4) == "[13,14,2]"
    assert parse_model("independence", lists) == frozenset()
    for bad, why in (
        ("1*5", "no list 5"),
        ("EXH*Amnesty", "neither a list name"),
        ("1*1", "names a list twice"),
        ("1*2*3*4", "saturated"),
        ("1*", "empty factor"),
    ):
        with pytest.raises(EstimateError, match=why):
            parse_model(bad, lists)


def test_tables_that_cannot_be_fitted_are_refused():
    nine = Histories.from_patterns([f"L{i}" for i in range(9)], np.eye(9, dtype=int), [3] * 9)
    with pytest.raises(EstimateError, match="2 to 8 lists"):
        estimate_loglinear(nine)
    silent = Histories.from_patterns(list("ABC"), [[1, 1, 0], [1, 0, 0]], [4, 9])
    with pytest.raises(EstimateError, match="list C records nobody"):
        estimate_loglinear(silent)


def _simulated(rng, size: int, probs) -> Histories:
    on = rng.random((size, len(probs))) < np.asarray(probs)
    seen = on.any(axis=1)
    return Histories.from_patterns(
        list("ABC")[: len(probs)], on[seen].astype(int), [1] * seen.sum()
    )


def test_quality_gate_interval_coverage():
    # quality gate (STYLE.md habit 7): three independent lists over a known population; the
    # independence model's 95% profile interval must hold N in at least 34 of 40 runs
    rng = np.random.default_rng(7031)
    covered = 0
    for _ in range(40):
        size = int(rng.integers(500, 2000))
        hist = _simulated(rng, size, rng.uniform(0.1, 0.35, size=3))
        result = estimate_loglinear(hist, "independence")
        covered += result.profile.low <= size <= result.profile.high
    assert covered >= 34, covered
