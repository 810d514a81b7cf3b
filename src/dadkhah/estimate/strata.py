"""Estimates by stratum (a province, a month) and their total.

Each stratum is estimated on its own, with the same method and settings. The total:

* LCMCR: the strata's posterior draws are added draw by draw (the strata are fitted
  independently, so the sums are draws from the posterior of the total); its median and
  equal-tailed interval are read from the sums.
* Log-linear and two-list estimators: an approximation, stated in the result. The total is the
  sum of the strata's estimates and its standard error the strata's errors added in quadrature,
  which assumes the strata's estimates are independent; the interval is log-normal on the
  total unobserved count (Chao 1987), as for a single two-list estimate. The strata's own
  profile intervals are not combined.

Stratifying by something that changes who is recorded (region, period) is the usual remedy for
capture heterogeneity; the total then rests on every stratum, so a stratum that cannot be
estimated leaves no total, and says why.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from dadkhah.errors import EstimateError
from dadkhah.estimate.histories import Histories
from dadkhah.estimate.methods import Estimate, EstimateOptions, Progress, estimate
from dadkhah.estimate.twolist import lognormal_interval

DRAWS_SUMMED = "the strata's posterior draws added draw by draw (strata fitted independently)"
QUADRATURE = (
    "sum of the strata's estimates; standard error from the strata's errors added in "
    "quadrature, assuming independent strata; interval log-normal on the total unobserved "
    "count (Chao 1987). An approximation: the strata's own intervals are not combined"
)


@dataclass(frozen=True, eq=False)
class StrataEstimate:
    """One estimate per stratum, the problems of those that could not be estimated, and the
    total (None when any stratum failed)."""

    strata: dict[str, Estimate]
    problems: dict[str, str]
    total: Estimate | None
    combination: str
    seed: int | None

    def to_json(self) -> dict:
        return {
            "strata": {name: e.to_json() for name, e in self.strata.items()},
            "problems": dict(self.problems),
            "total": self.total.to_json() if self.total else None,
            "combination": self.combination,
        }


def estimate_strata(
    tables: Mapping[str, Histories],
    options: EstimateOptions | None = None,
    progress: Progress | None = None,
) -> StrataEstimate:
    """Estimate each stratum and combine them into a total (see the module docstring).

    A stratum that cannot be estimated is recorded in ``problems``; raises EstimateError only
    when there are no strata."""
    options = options or EstimateOptions()
    if not tables:
        raise EstimateError("no strata to estimate")
    names = list(tables)
    root = None
    seeds: dict[str, int | None] = dict.fromkeys(names)
    if options.method == "lcmcr":
        root = options.seed if options.seed is not None else secrets.randbits(32)
        children = np.random.SeedSequence(root).spawn(len(names))
        seeds = {n: int(c.generate_state(1)[0]) for n, c in zip(names, children, strict=True)}
    done: dict[str, Estimate] = {}
    problems: dict[str, str] = {}
    for i, name in enumerate(names):
        report = None
        if progress is not None:

            def report(step, total, _i=i):
                progress(_i * total + step, len(names) * total)

        try:
            opts = replace(options, seed=seeds[name])
            done[name] = estimate(tables[name], opts, report)
        except EstimateError as err:
            problems[name] = str(err)
    combination = DRAWS_SUMMED if options.method == "lcmcr" else QUADRATURE
    total = None if problems else _total(done, options, combination, root)
    return StrataEstimate(done, problems, total, combination, root)


def _total(done: dict[str, Estimate], options, combination: str, root) -> Estimate:
    parts = list(done.values())
    first = parts[0]
    observed = sum(e.observed for e in parts)
    tables = [e.histories for e in parts if e.histories is not None]
    combined = None
    if len(tables) == len(parts):
        combined = Histories.from_patterns(
            first.lists,
            np.vstack([h.patterns for h in tables]),
            np.concatenate([h.counts for h in tables]),
            "total",
        )
    common = {
        "method": first.method,
        "lists": first.lists,
        "observed": observed,
        "level": options.level,
        "model": None,
        "settings": dict(first.settings) | {"strata": len(parts), "combination": combination},
        "histories": combined,
    }
    if first.draws is not None:
        draws = np.sum([np.asarray(e.draws, dtype=np.float64) for e in parts], axis=0)
        tail = (1 - options.level) / 2
        low, high = np.quantile(draws, [tail, 1 - tail])
        return Estimate(
            **common,
            estimate=float(np.median(draws)),
            ci_low=float(low),
            ci_high=float(high),
            se=None,
            seed=root,
            diagnostics={
                "posterior_mean": float(draws.mean()),
                "posterior_sd": float(draws.std(ddof=1)) if draws.size > 1 else None,
                "warnings": [
                    f"{n}: {w}" for n, e in done.items() for w in e.diagnostics.get("warnings", [])
                ],
            },  # fmt: skip
            draws=draws,
        )
    value = sum(e.estimate for e in parts)
    se = math.sqrt(sum((e.se or 0.0) ** 2 for e in parts))
    low, high = lognormal_interval(observed, value, se, options.level)
    warnings = [f"{n}: {w}" for n, e in done.items() for w in e.diagnostics.get("warnings", [])]
    if any(e.ci_high is None for e in parts):
        warnings.append("a stratum's interval has no upper end; the total's is not reliable")
    return Estimate(
        **common,
        estimate=value,
        ci_low=low,
        ci_high=high,
        se=se,
        seed=None,
        diagnostics={"warnings": warnings},
    )
