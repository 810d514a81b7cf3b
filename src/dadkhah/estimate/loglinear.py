"""Log-linear multiple systems estimation (Fienberg 1972; as R's Rcapture and SparseMSE).

The counts of the ``2**k - 1`` observable capture patterns (zero cells included) are fitted by
a Poisson regression on the model's terms. The unobserved pattern is the one where every list
term is off, so its expected count is ``exp(intercept)`` and the population estimate is
``N = n + exp(intercept)``. Its standard error is Rcapture's,
``sqrt(exp(mu)**2 * Var(mu) + exp(mu))``: the delta method for the intercept plus the Poisson
variance of the unobserved count. The interval is Rcapture's multinomial profile-likelihood
interval (closedpCI.t; Cormack 1992): for each candidate ``N`` the full table (the unobserved
cell holding ``N - n``) is refitted, and the interval is every ``N`` whose profile
log-likelihood lies within ``chi2(level, 1) / 2`` of the highest.

Before a model is fitted it is checked, as SparseMSE does (Chan, Silverman & Vincent 2019;
Fienberg & Rinaldo 2012). A term whose lists share nobody (an empty margin) has its parameter
at minus infinity: its cells are structural zeros, taken out of the table and reported
(``empty_terms``), and the term still counts as a parameter in AIC and BIC. Then the model
must be identifiable (its design has full rank on the cells left) and its maximum-likelihood
estimate must exist (a linear programme finds a strictly positive table with the same margins
as the data). A model that fails is reported with the reason, never fitted.

Model choice: ``search`` fits every hierarchical model up to 5 lists (interactions of up to
``k - 1`` lists, as Rcapture's closedpMS.t) and ranks them by BIC, or AIC on request; beyond 5
lists (6,893 models at 5; millions at 6) it runs SparseMSE's stepwise selection: from the
independence model, add the two-list term whose overlap is least likely under the current
model (one-sided Poisson p-value) while that p-value is below 0.02 and the model passes both
checks. The interval is that of the chosen model, as if it had been given; it does not carry
the uncertainty of the choice (SparseMSE's bootstrap does; ours is narrower).

Errors: EstimateError when a table or model cannot give an estimate, with the reason.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, stats
from scipy.special import gammaln, xlogy

from dadkhah.errors import EstimateError
from dadkhah.estimate import hierarchy
from dadkhah.estimate.hierarchy import Model
from dadkhah.estimate.histories import Histories

MAX_LISTS = 8
SEARCH_LISTS = 5
"""Up to this many lists ``search`` tries every hierarchical model; beyond, stepwise."""
PTHRESH = 0.02
"""SparseMSE's p-value threshold for adding a two-list term in stepwise selection."""
UPPER_LIMIT = 1000.0
"""The profile interval's upper end is sought up to this multiple of the estimate."""


@dataclass(frozen=True, eq=False)
class Check:
    """Whether a model can be fitted to a table, and what was set aside to fit it."""

    model: Model
    empty_terms: tuple[hierarchy.Term, ...]
    kept: np.ndarray  # bool per observable cell: False for structural zeros
    columns: tuple[hierarchy.Term, ...]  # interaction columns fitted (empty terms left out)
    exists: bool
    identifiable: bool

    @property
    def ok(self) -> bool:
        return self.exists and self.identifiable

    def reason(self, lists: Sequence[str]) -> str:
        parts = []
        if not self.identifiable:
            parts.append("it is not identifiable (its parameters outnumber what the cells left "
                         "can tell apart)")  # fmt: skip
        if not self.exists:
            parts.append("its maximum-likelihood estimate does not exist (with this table's "
                         "zero cells a parameter runs off to infinity)")  # fmt: skip
        if self.empty_terms:
            empty = ", ".join(hierarchy.term_label(t, lists) for t in self.empty_terms)
            parts.append(f"after setting aside the empty overlaps {empty}")
        return "; ".join(parts)


@dataclass(frozen=True, eq=False)
class LoglinearFit:
    """One fitted model: the Poisson estimate of N with its fit statistics."""

    model: Model
    lists: tuple[str, ...]
    estimate: float
    se: float
    deviance: float
    df: int
    aic: float
    bic: float
    parameters: int  # the fitted coefficients and the empty-overlap terms
    check: Check = field(repr=False)
    beta: np.ndarray = field(repr=False)

    @functools.cached_property
    def name(self) -> str:
        """Rcapture's name, e.g. ``[123,14,34]``."""
        return hierarchy.bracket_name(self.model, len(self.lists))

    @functools.cached_property
    def formula(self) -> str:
        return hierarchy.formula(self.model, self.lists)

    @property
    def empty_terms(self) -> tuple[str, ...]:
        return tuple(hierarchy.term_label(t, self.lists) for t in self.check.empty_terms)

    @property
    def coefficients(self) -> dict[str, float]:
        labels = ["(intercept)", *self.lists]
        labels += [hierarchy.term_label(t, self.lists) for t in self.check.columns]
        return dict(zip(labels, (float(b) for b in self.beta), strict=True))

    def summary(self) -> dict:
        return {
            "name": self.name,
            "formula": self.formula,
            "estimate": self.estimate,
            "se": self.se,
            "deviance": self.deviance,
            "df": self.df,
            "aic": self.aic,
            "bic": self.bic,
            "parameters": self.parameters,
            "empty_terms": list(self.empty_terms),
        }


@dataclass(frozen=True, eq=False)
class Profile:
    """The multinomial profile-likelihood interval of N and the curve it was read from."""

    low: float
    high: float | None  # None: beyond UPPER_LIMIT times the estimate
    maximum: float  # the multinomial estimate of N (where the profile peaks)
    level: float
    curve: tuple[np.ndarray, np.ndarray]  # N, log-likelihood minus its maximum
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class LoglinearResult:
    """A log-linear estimate: the chosen model, its interval and how it was chosen."""

    fit: LoglinearFit
    profile: Profile
    selection: str  # "fixed", "search" or "stepwise"
    criterion: str | None
    ranking: tuple[LoglinearFit, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()  # (model name, reason)
    steps: tuple[dict, ...] = ()
    warnings: tuple[str, ...] = ()
    fitted: int = 1  # models fitted to choose this one


# --- the design and the Poisson fit --------------------------------------------------------


class Table:
    """A capture-history table laid out for log-linear fitting: the counts of every observable
    pattern and, per term, which patterns it covers (computed once, shared by all models)."""

    def __init__(self, hist: Histories):
        _check_table(hist)
        self.hist = hist
        self.k = len(hist.lists)
        codes = np.arange(1, 2**self.k)
        self.bits = ((codes[:, None] >> np.arange(self.k)) & 1).astype(np.float64)
        self.cells = hist.cells().astype(np.float64)
        self._covers: dict[hierarchy.Term, np.ndarray] = {}
        self._margins: dict[hierarchy.Term, float] = {}

    def covers(self, term: hierarchy.Term) -> np.ndarray:
        """Which cells have every list of ``term`` (a 0/1 column of the design)."""
        if term not in self._covers:
            self._covers[term] = self.bits[:, list(term)].prod(axis=1)
        return self._covers[term]

    def margin(self, term: hierarchy.Term) -> float:
        """People on every list of ``term``."""
        if term not in self._margins:
            self._margins[term] = float(self.cells @ self.covers(term))
        return self._margins[term]

    def design(self, kept: np.ndarray, columns: Sequence[hierarchy.Term]) -> np.ndarray:
        """Intercept, one column per list, one per interaction term, on the cells kept."""
        cols = [np.ones(len(self.bits)), *self.bits.T, *(self.covers(t) for t in columns)]
        return np.column_stack(cols)[kept]


def poisson_fit(
    X: np.ndarray, y: np.ndarray, beta: np.ndarray | None = None, tol: float = 1e-10
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Poisson regression with log link by Newton's method (IRLS) with step halving.

    Returns the coefficients, the fitted means and whether it converged (the deviance
    changed by less than ``tol`` relative: R's rule with a tighter tolerance)."""
    if beta is None:
        beta = np.linalg.lstsq(X, np.log(y + 0.5), rcond=None)[0]
    yly = xlogy(y, y)
    mu = np.exp(np.minimum(X @ beta, 700.0))
    dev = _deviance(y, mu, yly)
    for _ in range(200):
        info = (X * mu[:, None]).T @ X
        score = X.T @ (y - mu)
        try:
            step = np.linalg.solve(info, score)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(info, score, rcond=None)[0]
        t = 1.0
        while True:
            trial = beta + t * step
            mu_t = np.exp(np.minimum(X @ trial, 700.0))
            dev_t = _deviance(y, mu_t, yly)
            if dev_t <= dev * (1 + 1e-12) + 1e-12 or t < 1e-6:
                break
            t /= 2
        done = abs(dev - dev_t) <= tol * (abs(dev_t) + 0.1)
        beta, mu, dev = trial, mu_t, dev_t
        if done:
            return beta, mu, True
    return beta, mu, False


def _deviance(y: np.ndarray, mu: np.ndarray, yly: np.ndarray | None = None) -> float:
    yly = xlogy(y, y) if yly is None else yly
    return float(2.0 * np.sum(yly - xlogy(y, mu) - (y - mu)))


def _structure(table: Table, model: Model) -> tuple[tuple, np.ndarray, tuple, np.ndarray, bool]:
    """Empty-overlap terms set aside, cells kept, columns fitted, design, full rank."""
    empty = tuple(sorted((t for t in model if table.margin(t) == 0), key=lambda t: (len(t), t)))
    kept = np.ones(len(table.cells), dtype=bool)
    for t in empty:  # a superset of an empty term is empty too
        kept &= table.covers(t) == 0
    columns = tuple(sorted((t for t in model if t not in empty), key=lambda t: (len(t), t)))
    X = table.design(kept, columns)
    return empty, kept, columns, X, bool(np.linalg.matrix_rank(X) == X.shape[1])


def check_model(hist: Histories | Table, model: Model) -> Check:
    """Set aside empty-overlap terms, then test identifiability (rank) and the existence of
    the maximum-likelihood estimate (a linear programme)."""
    table = hist if isinstance(hist, Table) else Table(hist)
    empty, kept, columns, X, identifiable = _structure(table, model)
    y = table.cells[kept]
    exists = bool((y > 0).all()) or _positive_table_exists(X, y)
    return Check(model, empty, kept, columns, exists, identifiable)


def _positive_table_exists(X: np.ndarray, y: np.ndarray) -> bool:
    """Fienberg & Rinaldo's test: is there a table with every cell > 0 and the data's margins
    (``X' mu = X' y``)? Maximise the smallest cell ``s`` (capped at 1); the MLE exists iff
    ``s > 0``."""
    c = X.shape[0]
    objective = np.zeros(c + 1)
    objective[-1] = -1.0
    a_eq = np.hstack([X.T, np.zeros((X.shape[1], 1))])
    a_ub = np.hstack([-np.eye(c), np.ones((c, 1))])
    result = optimize.linprog(
        objective,
        A_ub=a_ub,
        b_ub=np.zeros(c),
        A_eq=a_eq,
        b_eq=X.T @ y,
        bounds=[(0, None)] * c + [(0, 1)],
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > 1e-7)


def _attempt(
    table: Table, model: Model, failed: dict | None = None
) -> tuple[Check, LoglinearFit | None, str | None]:
    """Check and fit one model. A converged fit whose every cell is clearly positive is itself
    a positive table with the data's margins, so the linear programme is run only when the
    fit leaves a cell near zero (or fails). ``failed`` maps a set of empty terms to models
    known to have no MLE with them: adding terms cannot bring the MLE back (more margins to
    match on the same cells), so their supersets are refused without a fit."""
    empty, kept, columns, X, identifiable = _structure(table, model)
    y = table.cells[kept]
    if not identifiable:
        exists = bool((y > 0).all()) or _positive_table_exists(X, y)
        return Check(model, empty, kept, columns, exists, False), None, None
    known = failed.setdefault(empty, []) if failed is not None else []
    if any(f <= model for f in known):
        return Check(model, empty, kept, columns, False, True), None, None
    beta, mu, converged = poisson_fit(X, y)
    exists = converged and float(mu.min()) > 1e-6
    if not exists:
        exists = bool((y > 0).all()) or _positive_table_exists(X, y)
    check = Check(model, empty, kept, columns, exists, True)
    if not exists:
        known.append(model)
        return check, None, None
    if not converged:
        return check, None, "the Poisson fit did not converge"
    return check, _summarise(table, check, X, y, beta, mu), None


def fit_model(hist: Histories | Table, model: Model) -> LoglinearFit:
    """Fit one hierarchical model; raises EstimateError if it fails the checks or the fit
    does not converge."""
    table = hist if isinstance(hist, Table) else Table(hist)
    check, fit, problem = _attempt(table, model)
    if fit is None:
        name = hierarchy.bracket_name(model, table.k)
        reason = problem or check.reason(table.hist.lists)
        raise EstimateError(f"model {name} cannot be fitted to this table: {reason}")
    return fit


def _summarise(table: Table, check: Check, X, y, beta, mu) -> LoglinearFit:
    n = table.hist.observed
    cov = np.linalg.inv((X * mu[:, None]).T @ X)
    unseen = math.exp(beta[0])
    loglik = float(np.sum(xlogy(y, mu) - mu - gammaln(y + 1)))
    p = X.shape[1] + len(check.empty_terms)
    return LoglinearFit(
        model=check.model,
        lists=table.hist.lists,
        estimate=n + unseen,
        se=math.sqrt(unseen**2 * cov[0, 0] + unseen),
        deviance=_deviance(y, mu),
        df=int(len(y) - X.shape[1]),
        aic=-2 * loglik + 2 * p,
        bic=-2 * loglik + p * math.log(n),
        parameters=p,
        check=check,
        beta=beta,
    )


def _check_table(hist: Histories) -> None:
    k = len(hist.lists)
    if not 2 <= k <= MAX_LISTS:
        raise EstimateError(
            f"log-linear models take 2 to {MAX_LISTS} lists, not {k}; choose some with --lists "
            "or use --method lcmcr"
        )
    if hist.observed == 0:
        raise EstimateError("nobody is recorded on any list")
    silent = [name for name, total in hist.list_totals().items() if total == 0]
    if silent:
        raise EstimateError(f"list {silent[0]} records nobody here; leave it out with --lists")


# --- the profile-likelihood interval -------------------------------------------------------


def profile_interval(hist: Histories | Table, fit: LoglinearFit, level: float = 0.95) -> Profile:
    """Rcapture's multinomial profile-likelihood interval for N under ``fit``'s model.

    The profile log-likelihood at ``N`` is ``-D(N)/2 + log(N! n0^n0 / (N^N n0!))`` where
    ``D`` is the deviance of the Poisson fit to the full table with ``n0 = N - n`` in the
    unobserved cell (Cormack 1992; computed exactly here, with log-gamma)."""
    if not 0 < level < 1:
        raise EstimateError(f"the level must be between 0 and 1, not {level}")
    table = hist if isinstance(hist, Table) else Table(hist)
    n = table.hist.observed
    check = fit.check
    X_obs = table.design(check.kept, check.columns)
    X = np.vstack([X_obs, np.eye(1, X_obs.shape[1])])
    y = np.append(table.cells[check.kept], 0.0)
    state = {"beta": fit.beta.copy()}
    seen_n: list[float] = []
    seen_l: list[float] = []

    def loglik(N: float) -> float:
        n0 = N - n
        y[-1] = n0
        beta, mu, _ = poisson_fit(X, y, state["beta"])
        state["beta"] = beta
        value = -_deviance(y, mu) / 2 + (
            gammaln(N + 1) - xlogy(N, N) + xlogy(n0, n0) - gammaln(n0 + 1)
        )
        seen_n.append(N)
        seen_l.append(value)
        return float(value)

    warnings = []
    floor = n + 1e-6 * max(1.0, fit.estimate - n)
    top = max(1.5 * fit.estimate, n + 10.0)
    best = optimize.minimize_scalar(
        lambda N: -loglik(N), bounds=(floor, top), method="bounded",
        options={"xatol": 1e-6 * top},
    )  # fmt: skip
    n_max, l_max = float(best.x), -float(best.fun)
    cut = l_max - stats.chi2.ppf(level, 1) / 2
    state["beta"] = fit.beta.copy()
    if loglik(floor) >= cut:
        low = float(n)
        warnings.append("the interval's lower end is the number observed")
    else:
        low = optimize.brentq(lambda N: loglik(N) - cut, floor, n_max, xtol=1e-6 * n_max)
    high: float | None = None
    state["beta"] = fit.beta.copy()
    edge = n_max
    while edge < UPPER_LIMIT * fit.estimate:
        nxt = n + 2 * (edge - n) + 1
        if loglik(nxt) < cut:
            high = optimize.brentq(lambda N: loglik(N) - cut, edge, nxt, xtol=1e-6 * n_max)
            break
        edge = nxt
    if high is None:
        warnings.append(f"the interval's upper end lies beyond {UPPER_LIMIT:g} times the "
                        "estimate: the data cannot bound N from above")  # fmt: skip
    # an even grid over the interval and a margin either side, for the chart
    right = high if high is not None else edge
    margin = 0.3 * (right - low)
    state["beta"] = fit.beta.copy()
    for N in np.linspace(max(floor, low - margin), right + margin, 41):
        loglik(float(N))
    order = np.argsort(seen_n)
    curve = (np.asarray(seen_n)[order], np.asarray(seen_l)[order] - l_max)
    return Profile(float(low), high, n_max, level, curve, tuple(warnings))


# --- choosing a model ----------------------------------------------------------------------


def search(
    hist: Histories | Table, criterion: str = "bic", max_order: int | None = None
) -> tuple[list[LoglinearFit], list[tuple[str, str]]]:
    """Fit every hierarchical model (up to ``SEARCH_LISTS`` lists) and rank them by the
    criterion, best first; also return the models refused, each with its reason."""
    table = hist if isinstance(hist, Table) else Table(hist)
    if table.k > SEARCH_LISTS:
        raise EstimateError(f"an exhaustive search stops at {SEARCH_LISTS} lists; "
                            "use stepwise selection")  # fmt: skip
    key = _criterion(criterion)
    fits, refused, failed = [], [], {}
    for model in hierarchy.all_models(table.k, max_order):
        check, fit, problem = _attempt(table, model, failed)
        if fit is None:
            name = hierarchy.bracket_name(model, table.k)
            refused.append((name, problem or check.reason(table.hist.lists)))
        else:
            fits.append(fit)
    if not fits:
        raise EstimateError("no hierarchical model can be fitted to this table")
    fits.sort(key=lambda f: (getattr(f, key), f.parameters))
    return fits, refused


def _criterion(name: str) -> str:
    key = name.lower()
    if key not in ("bic", "aic"):
        raise EstimateError(f"--criterion {name}: choose bic or aic")
    return key


def stepwise(hist: Histories | Table, pthresh: float = PTHRESH) -> tuple[LoglinearFit, list[dict]]:
    """SparseMSE's forward selection of two-list terms by Poisson p-value; returns the
    chosen model's fit and the steps taken (term added, its p-value)."""
    table = hist if isinstance(hist, Table) else Table(hist)
    lists = table.hist.lists
    model: Model = hierarchy.INDEPENDENCE
    fit = fit_model(table, model)
    steps: list[dict] = []
    while True:
        mu = np.zeros(len(table.cells))
        mu[fit.check.kept] = np.exp(table.design(fit.check.kept, fit.check.columns) @ fit.beta)
        best_p, best_fit = 1.0, None
        for t in hierarchy.pairs(table.k):
            if t in model:
                continue
            expected = float(mu @ table.covers(t))
            observed = table.margin(t)
            p = min(stats.poisson.cdf(observed, expected), stats.poisson.sf(observed - 1, expected))
            if p >= best_p:  # ties go to the earlier pair, as in SparseMSE
                continue
            _, candidate, _ = _attempt(table, model | {t})
            if candidate is not None:
                best_p, best_fit, best_term = float(p), candidate, t
        if best_fit is None or best_p >= pthresh:
            return fit, steps
        model, fit = best_fit.model, best_fit
        steps.append({"added": hierarchy.term_label(best_term, lists), "p_value": best_p})


def estimate_loglinear(
    hist: Histories,
    model: str = "search",
    *,
    criterion: str = "bic",
    level: float = 0.95,
    keep: int = 10,
) -> LoglinearResult:
    """Estimate N with a log-linear model: ``model`` is ``search`` (the default: every
    hierarchical model ranked by ``criterion`` up to 5 lists, stepwise selection beyond),
    ``stepwise``, ``independence`` or a formula such as ``1*2*3+1*4+3*4``.

    Raises EstimateError when the table or the model cannot give an estimate."""
    table = Table(hist)
    spec = model.strip().lower()
    ranking: tuple[LoglinearFit, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()
    steps: tuple[dict, ...] = ()
    chosen_by: str | None = None
    fitted = 1
    if spec == "search" and table.k <= SEARCH_LISTS:
        fits, no = search(table, criterion)
        fit, ranking, refused, selection = fits[0], tuple(fits[:keep]), tuple(no), "search"
        chosen_by, fitted = _criterion(criterion), len(fits)
    elif spec in ("search", "stepwise"):
        fit, taken = stepwise(table)
        steps, selection, chosen_by = tuple(taken), "stepwise", f"p-value < {PTHRESH}"
    else:
        fit, selection = fit_model(table, hierarchy.parse_model(model, hist.lists)), "fixed"
    profile = profile_interval(table, fit, level)
    warnings = []
    if fit.empty_terms:
        warnings.append(
            "no one is on both lists of " + ", ".join(fit.empty_terms)
            + ": those cells are fixed at zero (their term's estimate is minus infinity)"
        )  # fmt: skip
    warnings += profile.warnings
    return LoglinearResult(
        fit, profile, selection, chosen_by, ranking, refused, steps, tuple(warnings), fitted
    )
