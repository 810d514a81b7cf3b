"""Estimate: how many people in all, recorded on some list or on none (multiple systems
estimation, also called capture–recapture).

Pure: numbers in, numbers out; no store, no web. ``read_histories`` (and ``read_strata``)
read a capture-history table; ``estimate`` runs one method on it and returns an ``Estimate``
whatever the method: two-list (``twolist``: Lincoln–Petersen, Chapman), log-linear
(``loglinear``: Rcapture's models and profile interval, SparseMSE's checks and stepwise
selection), or the Bayesian latent-class model (``lcmcr``). ``estimate_strata`` estimates by
stratum with a total; ``draw_plots`` draws the charts.

    histories ──▶ methods.estimate ──▶ twolist | loglinear (+ hierarchy) | lcmcr
          └──▶ strata.estimate_strata ──▶ methods.estimate per stratum, then a total
    Estimate ──▶ plots.draw_plots

Errors: InputError for an unreadable table (file, line, problem); EstimateError when the data
cannot give the estimate asked for.
"""

from dadkhah.estimate.hierarchy import all_models, bracket_name, parse_model
from dadkhah.estimate.histories import COUNT_COLUMNS, Histories, read_histories, read_strata
from dadkhah.estimate.lcmcr import LcmcrResult, fit_lcmcr
from dadkhah.estimate.loglinear import (
    LoglinearFit,
    LoglinearResult,
    Profile,
    check_model,
    estimate_loglinear,
    fit_model,
    profile_interval,
    search,
    stepwise,
)
from dadkhah.estimate.methods import METHODS, Estimate, EstimateOptions, estimate
from dadkhah.estimate.plots import draw_plots
from dadkhah.estimate.strata import StrataEstimate, estimate_strata
from dadkhah.estimate.twolist import TwoListResult, estimate_two_list, two_list

__all__ = [
    "COUNT_COLUMNS",
    "METHODS",
    "Estimate",
    "EstimateOptions",
    "Histories",
    "LcmcrResult",
    "LoglinearFit",
    "LoglinearResult",
    "Profile",
    "StrataEstimate",
    "TwoListResult",
    "all_models",
    "bracket_name",
    "check_model",
    "draw_plots",
    "estimate",
    "estimate_loglinear",
    "estimate_strata",
    "estimate_two_list",
    "fit_lcmcr",
    "fit_model",
    "parse_model",
    "profile_interval",
    "read_histories",
    "read_strata",
    "search",
    "stepwise",
    "two_list",
]
