"""Two-list estimates: Lincoln–Petersen and Chapman, with variance and interval.

With ``n1`` people on the first list, ``n2`` on the second and ``m`` on both, and the lists
independent (being on one says nothing about being on the other):

* Lincoln–Petersen: ``N = n1 n2 / m``, variance ``n1 n2 (n1 - m)(n2 - m) / m**3`` (Seber 1982).
* Chapman (1951), less biased for small overlaps: ``N = (n1 + 1)(n2 + 1) / (m + 1) - 1``,
  variance ``(n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)**2 (m + 2))`` (Seber 1970).

The interval is Chao's (1987) log-normal one, built on the number never recorded
``f0 = N - n`` (``n = n1 + n2 - m``): ``[n + f0 / C, n + f0 C]`` with
``C = exp(z sqrt(log(1 + var / f0**2)))``. It never falls below the number observed and is
skewed upwards as the estimate's sampling distribution is; the symmetric Wald interval is not.

Both assume the lists are independent and the population closed; two lists cannot test
either. When the lists share nobody there is no estimate (Lincoln–Petersen divides by zero and
Chapman's figure is an artefact of its +1), so both refuse with EstimateError.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

from dadkhah.errors import EstimateError
from dadkhah.estimate.histories import Histories

METHODS = ("lincoln-petersen", "chapman")


@dataclass(frozen=True)
class TwoListResult:
    """A two-list estimate of N, its standard error and interval, and the counts behind it."""

    method: str
    lists: tuple[str, str]
    n1: int
    n2: int
    both: int
    observed: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    warnings: tuple[str, ...] = ()


def two_list(n1: int, n2: int, both: int, method: str = "chapman", level: float = 0.95,
             lists: tuple[str, str] = ("1", "2")) -> TwoListResult:  # fmt: skip
    """Estimate N from two lists' sizes and their overlap.

    Raises EstimateError when the lists do not overlap, and ValueError for impossible counts
    (an overlap bigger than a list) or an unknown method."""
    if method not in METHODS:
        raise ValueError(f"unknown two-list method {method!r} (choose {', '.join(METHODS)})")
    if not 0 < level < 1:
        raise ValueError(f"the level must be between 0 and 1, not {level}")
    if min(n1, n2, both) < 0 or both > min(n1, n2):
        raise ValueError(f"impossible counts: {n1} and {n2} on the lists, {both} on both")
    a, b = lists
    if both == 0:
        raise EstimateError(
            f"lists {a} and {b} have nobody in common, so two-list estimation has nothing to "
            "go on (the estimate would be infinite); check the linkage, or add lists"
        )
    observed = n1 + n2 - both
    if method == "lincoln-petersen":
        estimate = n1 * n2 / both
        var = n1 * n2 * (n1 - both) * (n2 - both) / both**3
    else:
        estimate = (n1 + 1) * (n2 + 1) / (both + 1) - 1
        var = (n1 + 1) * (n2 + 1) * (n1 - both) * (n2 - both) / ((both + 1) ** 2 * (both + 2))
    low, high = lognormal_interval(observed, estimate, math.sqrt(var), level)
    warnings = []
    if both == min(n1, n2):
        warnings.append(
            "one list holds the other entirely: the estimate is the number observed and the "
            "interval has no width, which says nothing about people neither list could reach"
        )
    elif both < 7:
        better = (
            "Lincoln–Petersen runs high then; prefer Chapman"
            if method == "lincoln-petersen"
            else "Chapman's estimate is close to unbiased only from about 7 in common"
        )
        warnings.append(
            f"only {both} people are on both lists: the estimate is unstable ({better})"
        )
    return TwoListResult(method, (a, b), n1, n2, both, observed, estimate, math.sqrt(var),
                         low, high, level, tuple(warnings))  # fmt: skip


def estimate_two_list(hist: Histories, method: str = "chapman", level: float = 0.95):
    """Two-list estimate from a capture-history table of exactly two lists.

    Raises EstimateError for more than two lists or lists that share nobody."""
    if len(hist.lists) != 2:
        raise EstimateError(
            f"{method} needs exactly two lists, and this table has {len(hist.lists)} "
            f"({', '.join(hist.lists)}); pick two with --lists A,B or use loglinear or lcmcr"
        )
    totals = hist.list_totals()
    both = int(hist.counts[hist.patterns.all(axis=1)].sum())
    a, b = hist.lists
    return two_list(totals[a], totals[b], both, method, level, (a, b))


def lognormal_interval(observed: float, estimate: float, se: float, level: float):
    """Chao's (1987) interval: log-normal on the unobserved count ``estimate - observed``."""
    unseen = estimate - observed
    if unseen <= 0 or se <= 0:
        return float(estimate), float(estimate)
    z = stats.norm.ppf(0.5 + level / 2)
    c = math.exp(z * math.sqrt(math.log1p(se**2 / unseen**2)))
    return observed + unseen / c, observed + unseen * c
