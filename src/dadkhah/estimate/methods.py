"""One entry point over every estimator: options in, an ``Estimate`` out.

``estimate(histories, options)`` runs the method named in ``options`` and returns the same
record whatever the method, so that the command line, strata and reports treat them alike.
The record's fields are the command's JSON keys.

Errors: EstimateError when the data cannot give the estimate (the estimators' own messages;
the LCMCR sampler's ValueError is mapped here, its message kept).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dadkhah.errors import EstimateError
from dadkhah.estimate.histories import Histories
from dadkhah.estimate.lcmcr import fit_lcmcr
from dadkhah.estimate.loglinear import estimate_loglinear
from dadkhah.estimate.twolist import estimate_two_list

METHODS = ("chapman", "lincoln-petersen", "loglinear", "lcmcr")

Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class EstimateOptions:
    """How to estimate: the method and its settings (the command's options, as data)."""

    method: str = "loglinear"
    level: float = 0.95
    seed: int | None = None
    model: str = "search"  # loglinear: search, stepwise, independence or a formula
    criterion: str = "bic"  # loglinear search: bic or aic
    K: int = 10  # lcmcr, with LCMCR's own example settings as defaults
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burnin: int = 10000
    samples: int = 1000
    thinning: int = 100
    chains: int = 1

    def lcmcr_settings(self) -> dict:
        keys = ("K", "a_alpha", "b_alpha", "burnin", "samples", "thinning", "chains")
        return {k: getattr(self, k) for k in keys}


@dataclass(frozen=True, eq=False)
class Estimate:
    """An estimate of the total N (recorded or not) from capture histories."""

    method: str
    lists: tuple[str, ...]
    observed: int
    estimate: float
    ci_low: float | None
    ci_high: float | None  # None: the data set no upper bound
    level: float
    se: float | None
    model: dict | None
    settings: dict
    seed: int | None
    diagnostics: dict
    draws: np.ndarray | None = field(default=None, repr=False)  # lcmcr: (chains, samples)
    profile: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    histories: Histories | None = field(default=None, repr=False)

    def to_json(self) -> dict:
        """The JSON record of the ``estimate`` command (plots and strata are added there);
        a number JSON cannot hold (infinite, not a number) becomes null."""
        return _plain(
            {
                "method": self.method,
                "lists": list(self.lists),
                "observed": self.observed,
                "estimate": self.estimate,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "level": self.level,
                "se": self.se,
                "model": self.model,
                "settings": self.settings,
                "seed": self.seed,
                "diagnostics": self.diagnostics,
            }
        )


def estimate(
    hist: Histories, options: EstimateOptions | None = None, progress: Progress | None = None
) -> Estimate:
    """Estimate the total number of people, recorded or not, from capture histories.

    Raises EstimateError when the method cannot give an estimate from this table, with why."""
    options = options or EstimateOptions()
    if options.method not in METHODS:
        raise EstimateError(f"unknown method {options.method!r} (choose {', '.join(METHODS)})")
    if not 0 < options.level < 1:
        raise EstimateError(f"--level must be between 0 and 1, not {options.level}")
    if hist.observed == 0:
        raise EstimateError(f"{hist.source or 'the table'}: nobody is recorded on any list")
    if options.method in ("chapman", "lincoln-petersen"):
        return _two_list(hist, options)
    if options.method == "loglinear":
        return _loglinear(hist, options)
    return _lcmcr(hist, options, progress)


def _two_list(hist: Histories, options: EstimateOptions) -> Estimate:
    r = estimate_two_list(hist, options.method, options.level)
    return Estimate(
        method=options.method,
        lists=hist.lists,
        observed=r.observed,
        estimate=r.estimate,
        ci_low=r.ci_low,
        ci_high=r.ci_high,
        level=options.level,
        se=r.se,
        model=None,
        settings={"interval": "log-normal on the unobserved count (Chao 1987)"},
        seed=None,
        diagnostics={"n1": r.n1, "n2": r.n2, "both": r.both, "warnings": list(r.warnings)},
        histories=hist,
    )


def _loglinear(hist: Histories, options: EstimateOptions) -> Estimate:
    r = estimate_loglinear(hist, options.model, criterion=options.criterion, level=options.level)
    fit = r.fit
    model = fit.summary() | {"selection": r.selection, "coefficients": fit.coefficients}
    diagnostics: dict = {
        "multinomial_estimate": r.profile.maximum,
        "deviance": fit.deviance,
        "df": fit.df,
        "aic": fit.aic,
        "bic": fit.bic,
        "warnings": list(r.warnings),
    }
    if r.ranking:
        diagnostics["ranking"] = [f.summary() for f in r.ranking]
        diagnostics["models_fitted"] = r.fitted
        diagnostics["models_refused"] = len(r.refused)
        diagnostics["refused"] = [{"model": m, "reason": why} for m, why in r.refused[:20]]
    if r.steps or r.selection == "stepwise":
        diagnostics["steps"] = list(r.steps)
    settings = {"model": options.model, "selection": r.selection, "chosen_by": r.criterion,
                "interval": "multinomial profile likelihood (Rcapture closedpCI.t)"}  # fmt: skip
    return Estimate(
        method="loglinear",
        lists=hist.lists,
        observed=hist.observed,
        estimate=fit.estimate,
        ci_low=r.profile.low,
        ci_high=r.profile.high,
        level=options.level,
        se=fit.se,
        model=model,
        settings=settings,
        seed=None,
        diagnostics=diagnostics,
        profile=r.profile.curve,
        histories=hist,
    )


def _lcmcr(hist: Histories, options: EstimateOptions, progress: Progress | None) -> Estimate:
    seed = options.seed if options.seed is not None else secrets.randbits(32)
    keep = hist.counts > 0
    try:
        r = fit_lcmcr(hist.patterns[keep], hist.counts[keep], seed=seed, progress=progress,
                      **options.lcmcr_settings())  # fmt: skip
    except ValueError as err:
        raise EstimateError(str(err)) from err
    low, high = r.interval(options.level)
    draws = np.asarray(r.draws, dtype=np.float64)
    diagnostics = dict(r.diagnostics) | {
        "posterior_mean": float(draws.mean()),
        "posterior_sd": float(draws.std(ddof=1)) if draws.size > 1 else None,
    }
    return Estimate(
        method="lcmcr",
        lists=hist.lists,
        observed=r.observed,
        estimate=r.estimate,
        ci_low=low,
        ci_high=high,
        level=options.level,
        se=None,
        model=None,
        settings=dict(r.settings),
        seed=int(r.settings.get("seed", seed)),
        diagnostics=diagnostics,
        draws=r.draws,
        histories=hist,
    )


def _plain(value):
    """Numbers and containers JSON can hold (numpy scalars and arrays become Python)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
