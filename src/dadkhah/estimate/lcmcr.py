"""Bayesian non-parametric latent-class capture–recapture (the model of R's LCMCR).

Reference: Manrique-Vallier, D. (2016). Bayesian population size estimation using Dirichlet
process mixtures. *Biometrics* 72(4), 1246–1254. doi:10.1111/biom.12502. R package: LCMCR
(CRAN, GPL ≥ 2). This module is an independent numpy implementation of that model.

The model
---------
``N`` people each belong to one of ``K`` latent classes and are recorded on each of ``J`` lists
independently *given* their class; capture heterogeneity and dependence between lists come from
the mixture over classes::

    z_i ~ Categorical(pi)                    latent class of person i (observed or not)
    x_ij | z_i = k ~ Bernoulli(lambda_jk)    person i on list j
    lambda_jk ~ Beta(1, 1)
    pi = stick-breaking(V):  V_k ~ Beta(1, alpha) for k < K,  V_K = 1,
         pi_k = V_k * prod_{l<k} (1 - V_l)   (a Dirichlet process truncated at K)
    alpha ~ Gamma(a_alpha, rate=b_alpha)
    p(N) ∝ 1 / N

Only people with at least one record are seen. The sampler (Gibbs, with data augmentation for the
``n0 = N - n`` people never recorded) repeats:

1. the classes of the observed people, drawn cell by cell: the ``count`` people who share a
   capture pattern ``x`` are split over the classes by one multinomial draw with probabilities
   ∝ ``pi_k prod_j lambda_jk^x_j (1 - lambda_jk)^(1 - x_j)``;
2. ``lambda_jk ~ Beta(1 + captured_jk, 1 + missed_jk)`` from the class tallies (the unobserved
   people count as missed by every list);
3. ``V_k ~ Beta(1 + n_k, alpha + sum_{l>k} n_l)``;
4. ``n0 ~ NegativeBinomial(n, 1 - p0)`` (failures before ``n`` successes), where
   ``p0 = sum_k pi_k prod_j (1 - lambda_jk)`` is the chance of being on no list; this is the
   full conditional of ``n0`` under ``p(N) ∝ 1/N`` once the classes of the unobserved are
   integrated out. Then their classes, one multinomial with probabilities
   ∝ ``pi_k prod_j (1 - lambda_jk)``;
5. ``alpha ~ Gamma(a_alpha + K - 1, rate = b_alpha - sum_{k<K} log(1 - V_k))``.

Two implementation choices follow LCMCR and are stated here because they change results:
``n0`` is kept below ``20 n`` (a draw above that cap is redrawn, i.e. the prior is truncated
at ``N ≤ 21 n``; hits are counted in the diagnostics), and a warm-up of ``WARMUP`` iterations
precedes the burn-in, after which the classes are relabelled by decreasing weight (the
stick-breaking prior favours big classes first). Unlike LCMCR, the warm-up also updates
``alpha`` rather than holding it at ``0.3 / K``; over 12 seeds on the Colombian table below,
that made no clear difference to which mode the chains settled in.

Beta draws are made on the log scale from Gamma draws (``log G(a) = log G(a + 1) + log(U)/a``)
so that tiny shapes (an empty class with small ``alpha``) cannot underflow to ``V = 1``.

Several modes: on sparse tables with many lists the posterior can have separate modes that the
Gibbs sampler does not cross in millions of iterations. On the 20-list Colombian table in the
benchmarks, R's LCMCR and this module alike settle, depending on the seed, either in a narrow
mode (median about 1,411) or in a broad one (median about 2,100); HRDAG's published run is in
the broad one. One chain cannot show this: run several (``chains``) and read ``rhat``.

Weak heterogeneity: when the classes differ little in their capture rates the posterior merges
them, and like the independence model it can then underestimate N. In simulations with two
such classes on four or five lists, R's LCMCR and this module gave the same estimates, both
with intervals below the truth.

Identifiability: with two lists the latent-class model is not identified (any dependence
between two lists is indistinguishable from the unobserved count), so at least three lists
that record somebody are required. The Dirichlet process prior is what regularises the model
for three or more.

Errors: invalid input or settings raise ``ValueError`` with a sentence fit to show a user.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

WARMUP = 500
"""Iterations run before the burn-in, after which the latent classes are relabelled."""

N0_CAP_FACTOR = 20
"""The unobserved count is kept at or below this multiple of the observed count (as LCMCR)."""

_PROGRESS_EVERY = 2000


@dataclass(frozen=True, eq=False)
class LcmcrResult:
    """Posterior draws of the total population N and their summary.

    ``draws`` has shape ``(chains, samples)`` and counts observed plus unobserved people.
    ``estimate`` is the posterior median; ``ci_low``/``ci_high`` the equal-tailed 95% interval.
    ``diagnostics``: ``ess`` (effective sample size of N, pooled over chains), ``geweke_z``
    (one per chain), ``rhat`` (split R-hat; None for one chain), ``max_occupied_classes`` and
    ``mean_occupied_classes`` (classes with any member, observed or not), ``share_at_K``
    (share of draws using all K classes), ``n0_cap_hits`` and ``warnings`` (sentences).
    Statistics that are undefined (a constant or too short chain) are None. ``settings``
    holds every setting, the seed used included.
    """

    draws: np.ndarray
    observed: int
    estimate: float
    ci_low: float
    ci_high: float
    diagnostics: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)

    def interval(self, level: float) -> tuple[float, float]:
        """Equal-tailed posterior interval of N; ``level`` must be strictly between 0 and 1."""
        if not 0.0 < level < 1.0:
            raise ValueError(f"the interval level must be between 0 and 1, not {level!r}")
        tail = (1.0 - level) / 2.0
        low, high = np.quantile(self.draws, [tail, 1.0 - tail])
        return float(low), float(high)


def fit_lcmcr(
    patterns: np.ndarray,
    counts: np.ndarray,
    *,
    K: int = 10,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    burnin: int = 10000,
    samples: int = 1000,
    thinning: int = 100,
    chains: int = 1,
    seed: int | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> LcmcrResult:
    """Sample the posterior of the population size N under the latent-class model.

    ``patterns`` is an ``(m, J)`` array of 0/1 capture patterns (no all-zero row) and
    ``counts`` the number of people with each. Each chain runs ``WARMUP + burnin +
    samples * thinning`` iterations and keeps every ``thinning``-th after the burn-in.
    ``seed=None`` draws fresh entropy; the seed used is in ``settings["seed"]``, and the same
    seed gives the same draws. ``progress(done, total)`` is called now and then.

    Raises ValueError for malformed patterns or counts, fewer than three lists that record
    anybody, nobody observed, or out-of-range settings.
    """
    X, freq = _validated_table(patterns, counts)
    _check_settings(K, a_alpha, b_alpha, burnin, samples, thinning, chains)
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0
    ):
        raise ValueError(f"the seed must be a non-negative whole number or None, not {seed!r}")
    seq = np.random.SeedSequence(seed)
    used_seed = int(seq.entropy)
    settings = {
        "K": int(K),
        "a_alpha": float(a_alpha),
        "b_alpha": float(b_alpha),
        "burnin": int(burnin),
        "samples": int(samples),
        "thinning": int(thinning),
        "chains": int(chains),
        "seed": used_seed,
        "warmup": WARMUP,
        "n0_cap": N0_CAP_FACTOR * int(freq.sum()),
    }
    per_chain = WARMUP + burnin + samples * thinning
    total = per_chain * chains
    draws = np.empty((chains, samples), dtype=np.int64)
    occupied = np.empty((chains, samples), dtype=np.int64)
    cap_hits = 0
    for c, child in enumerate(seq.spawn(chains)):
        rng = np.random.Generator(np.random.PCG64(child))
        report = None
        if progress is not None:
            offset = c * per_chain

            def report(done, _offset=offset):
                progress(_offset + done, total)

        cap_hits += _run_chain(
            X, freq, settings, rng, draws[c], occupied[c], report=report, per_chain=per_chain
        )
    if progress is not None:
        progress(total, total)
    draws.flags.writeable = False
    low, high = np.quantile(draws, [0.025, 0.975])
    return LcmcrResult(
        draws=draws,
        observed=int(freq.sum()),
        estimate=float(np.median(draws)),
        ci_low=float(low),
        ci_high=float(high),
        diagnostics=_diagnose(draws, occupied, K, cap_hits),
        settings=settings,
    )


# --- input -------------------------------------------------------------------------------


def _validated_table(patterns, counts) -> tuple[np.ndarray, np.ndarray]:
    """The patterns as a float (m, J) array with distinct rows and their positive counts."""
    pat = np.asarray(patterns)
    cnt = np.asarray(counts)
    if pat.ndim != 2:
        raise ValueError(f"capture patterns must be a 2-D table (people × lists), not {pat.ndim}-D")
    m, J = pat.shape
    if cnt.shape != (m,):
        raise ValueError(f"there are {m} capture patterns but counts has shape {cnt.shape}")
    if m == 0:
        raise ValueError("no capture patterns were given")
    if not (np.issubdtype(pat.dtype, np.number) or pat.dtype == bool):
        raise ValueError("capture patterns must be 0/1 numbers")
    if not np.all((pat == 0) | (pat == 1)):
        raise ValueError("capture patterns must contain only 0 (not on the list) and 1 (on it)")
    if not np.issubdtype(cnt.dtype, np.number) or cnt.dtype == bool:
        raise ValueError("counts must be whole numbers")
    if not np.all(np.isfinite(cnt)) or not np.all(cnt == np.round(cnt)):
        raise ValueError("counts must be whole numbers")
    if np.any(cnt < 0):
        raise ValueError("counts must not be negative")
    pat = pat.astype(np.int64)
    cnt = cnt.astype(np.int64)
    empty = np.flatnonzero(pat.sum(axis=1) == 0)
    if empty.size:
        raise ValueError(
            f"row {int(empty[0])} is the all-zero pattern: people on no list are the unknown "
            "being estimated and cannot be given"
        )
    if J < 3:
        raise ValueError(
            f"the latent-class model needs at least 3 lists, got {J}: with 2 lists the "
            "dependence between them cannot be told apart from the number never recorded, so "
            "the model is not identifiable (use the two-list or log-linear estimators)"
        )
    keep = cnt > 0
    if not keep.any():
        raise ValueError("nobody was observed: all counts are zero")
    pat, cnt = pat[keep], cnt[keep]
    used_lists = int(np.count_nonzero(pat.any(axis=0)))
    if used_lists < 3:
        raise ValueError(
            f"only {used_lists} of the {J} lists record anybody; the latent-class model needs at "
            "least 3 such lists to be identifiable"
        )
    rows, inverse = np.unique(pat, axis=0, return_inverse=True)
    merged = np.bincount(inverse.ravel(), weights=cnt, minlength=len(rows)).astype(np.int64)
    return rows.astype(np.float64), merged


def _check_settings(K, a_alpha, b_alpha, burnin, samples, thinning, chains) -> None:
    def whole(name, value, least):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise ValueError(f"{name} must be a whole number of at least {least}, not {value!r}")

    whole("K", K, 2)
    whole("burnin", burnin, 0)
    whole("samples", samples, 1)
    whole("thinning", thinning, 1)
    whole("chains", chains, 1)
    for name, value in (("a_alpha", a_alpha), ("b_alpha", b_alpha)):
        if not (isinstance(value, (int, float, np.number)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive number, not {value!r}")


# --- the sampler -------------------------------------------------------------------------


def _run_chain(X, freq, settings, rng, draws_out, occupied_out, *, report, per_chain) -> int:
    """Run one chain, filling ``draws_out`` and ``occupied_out``; return the n0-cap hits."""
    K = settings["K"]
    a_alpha, b_alpha = settings["a_alpha"], settings["b_alpha"]
    burnin, thinning = settings["burnin"], settings["thinning"]
    n = int(freq.sum())
    n0_cap = settings["n0_cap"]
    J = X.shape[1]
    Xt = np.ascontiguousarray(X.T)
    JK = J * K

    # Start: every class captures at each list's observed rate; weights from the prior.
    rate = np.clip((Xt @ freq) / n, 1e-3, 1 - 1e-3)
    log_on = np.repeat(np.log(rate)[:, None], K, axis=1)
    log_off = np.repeat(np.log1p(-rate)[:, None], K, axis=1)
    alpha = 1.0
    log_pi = _stick_breaking_log_weights(rng.beta(1.0, alpha, size=K - 1))
    unseen_by_class = np.zeros(K, dtype=np.int64)
    n0 = 0

    # Gamma shapes of one iteration, laid out as [on (J*K), off (J*K), V a (K-1), V b (K-1),
    # alpha (1)]; the last is constant.
    shapes = np.empty(2 * JK + 2 * (K - 1) + 1)
    shapes[-1] = a_alpha + K - 1
    s_on, s_off = shapes[:JK].reshape(J, K), shapes[JK : 2 * JK].reshape(J, K)
    s_va, s_vb = shapes[2 * JK : 2 * JK + K - 1], shapes[2 * JK + K - 1 : -1]

    cap_hits = 0
    kept = 0
    start_recording = WARMUP + burnin
    for it in range(per_chain):
        # 1. classes of the observed people, one multinomial per capture pattern
        logp = X @ (log_on - log_off) + (log_pi + log_off.sum(axis=0))
        logp -= logp.max(axis=1, keepdims=True)
        prob = np.exp(logp)
        prob /= prob.sum(axis=1, keepdims=True)
        by_cell = rng.multinomial(freq, prob)
        seen_by_class = by_cell.sum(axis=0)
        class_size = seen_by_class + unseen_by_class
        captured = Xt @ by_cell

        # 2.-3. lambda and the stick-breaking V, all from one batch of Gamma draws
        s_on[:] = captured
        s_on += 1.0
        np.subtract(class_size, captured, out=s_off)
        s_off += 1.0
        s_va[:] = class_size[:-1]
        s_va += 1.0
        np.subtract(n + n0, np.cumsum(class_size[:-1]), out=s_vb)
        s_vb += alpha
        log_g = np.log(rng.standard_gamma(shapes + 1.0))
        log_g += np.log(rng.random(shapes.size)) / shapes
        g_on, g_off = log_g[:JK].reshape(J, K), log_g[JK : 2 * JK].reshape(J, K)
        norm = np.logaddexp(g_on, g_off)
        log_on = g_on - norm
        log_off = g_off - norm
        g_va, g_vb = log_g[2 * JK : 2 * JK + K - 1], log_g[2 * JK + K - 1 : -1]
        norm_v = np.logaddexp(g_va, g_vb)
        log_pi = _log_weights(g_va - norm_v, g_vb - norm_v)

        # 4. the unobserved: how many, then their classes
        unseen_weight = np.exp(log_pi + log_off.sum(axis=0))
        p0 = float(unseen_weight.sum())
        n0, capped = _draw_n0(rng, n, p0, n0_cap)
        cap_hits += capped
        if n0:
            unseen_by_class = rng.multinomial(n0, unseen_weight / p0)
        else:
            unseen_by_class = np.zeros(K, dtype=np.int64)

        # 5. the Dirichlet-process concentration
        alpha = math.exp(log_g[-1]) / (b_alpha - log_pi[-1])

        if it == WARMUP - 1:
            order = np.argsort(-log_pi, kind="stable")
            log_on, log_off = log_on[:, order], log_off[:, order]
            log_pi = log_pi[order]
            unseen_by_class = unseen_by_class[order]
        if it >= start_recording and (it - start_recording + 1) % thinning == 0:
            draws_out[kept] = n + n0
            occupied_out[kept] = np.count_nonzero(seen_by_class + unseen_by_class)
            kept += 1
        if report is not None and (it + 1) % _PROGRESS_EVERY == 0:
            report(it + 1)
    return cap_hits


def _log_weights(log_v: np.ndarray, log_1mv: np.ndarray) -> np.ndarray:
    """log pi from log V_k and log(1 - V_k) for k < K (V_K = 1)."""
    out = np.empty(log_v.size + 1)
    out[0] = 0.0
    np.cumsum(log_1mv, out=out[1:])
    out[:-1] += log_v
    return out


def _stick_breaking_log_weights(v: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return _log_weights(np.log(v), np.log1p(-v))


def _draw_n0(rng: np.random.Generator, n: int, p0: float, cap: int) -> tuple[int, bool]:
    """Negative binomial n0 truncated at ``cap``, and whether the cap had to be applied."""
    success = max(1.0 - p0, 1e-300)
    n0 = int(rng.negative_binomial(n, success))
    if n0 <= cap:
        return n0, False
    for _ in range(100):
        n0 = int(rng.negative_binomial(n, success))
        if n0 <= cap:
            return n0, True
    # The cap is far in the lower tail: draw from the truncated law by inversion.
    from scipy.stats import nbinom

    top = nbinom.cdf(cap, n, success)
    n0 = int(nbinom.ppf(rng.random() * top, n, success)) if top > 0 else cap
    return min(n0, cap), True


# --- diagnostics -------------------------------------------------------------------------


def _diagnose(draws: np.ndarray, occupied: np.ndarray, K: int, cap_hits: int) -> dict:
    x = draws.astype(np.float64)
    chains = x.shape[0]
    ess = effective_sample_size(x)
    geweke = [geweke_z(chain) for chain in x]
    rhat = split_rhat(x) if chains > 1 else None
    max_occupied = int(occupied.max())
    share_at_k = float(np.mean(occupied >= K))
    warnings = []
    if max_occupied >= K:
        warnings.append(
            f"all K={K} latent classes were occupied in {share_at_k:.0%} of the draws: the "
            "truncation may be too low; rerun with a larger K"
        )
    if math.isfinite(ess) and ess < 100:
        warnings.append(f"effective sample size of N is {ess:.0f} (< 100): run longer or thin more")
    bad = [f"{z:+.2f}" for z in geweke if math.isfinite(z) and abs(z) > 2]
    if bad:
        warnings.append(
            f"Geweke z of N is beyond ±2 ({', '.join(bad)}): the chain may not have converged; "
            "use a longer burn-in"
        )
    if rhat is not None and math.isfinite(rhat) and rhat > 1.1:
        warnings.append(
            f"split R-hat of N is {rhat:.3f} (> 1.1): the chains disagree, perhaps because they "
            "settled in different modes of the posterior; do not report one number without "
            "looking at each chain"
        )
    if cap_hits:
        warnings.append(
            f"the unobserved count reached its cap of {N0_CAP_FACTOR}× the observed count "
            f"in {cap_hits} iterations: the lists say little about the people on none of them"
        )
    return {
        "ess": _finite_or_none(ess),
        "geweke_z": [_finite_or_none(z) for z in geweke],
        "rhat": None if rhat is None else _finite_or_none(rhat),
        "max_occupied_classes": max_occupied,
        "mean_occupied_classes": float(occupied.mean()),
        "share_at_K": share_at_k,
        "n0_cap_hits": cap_hits,
        "warnings": warnings,
    }


def _finite_or_none(value: float) -> float | None:
    """Undefined statistics (constant or too short chains) as None, so they serialise."""
    return value if math.isfinite(value) else None


def _autocovariance(x: np.ndarray) -> np.ndarray:
    """Autocovariances of a 1-D series at lags 0..n-1 (biased, divided by n), via FFT."""
    n = x.size
    centred = x - x.mean()
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    return np.fft.irfft(spectrum * np.conj(spectrum), size)[:n] / n


def effective_sample_size(draws: np.ndarray) -> float:
    """Effective sample size of ``(chains, n)`` draws, pooled over chains.

    Geyer's initial monotone sequence estimator on the multi-chain autocorrelation (as in
    Gelman et al., *Bayesian Data Analysis*, 3rd ed., §11.5). NaN when the draws are constant
    or fewer than 4 per chain.
    """
    x = np.atleast_2d(np.asarray(draws, dtype=np.float64))
    m, n = x.shape
    if n < 4:
        return float("nan")
    acov = np.array([_autocovariance(chain) for chain in x])
    within = float(np.mean(acov[:, 0])) * n / (n - 1)
    between = float(np.var(x.mean(axis=1), ddof=1)) if m > 1 else 0.0
    var_plus = within * (n - 1) / n + between
    if var_plus <= 0.0:
        return float("nan")
    rho = 1.0 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    pairs = rho[: n - n % 2].reshape(-1, 2).sum(axis=1)
    negative = np.flatnonzero(pairs < 0)
    pairs = pairs[: negative[0]] if negative.size else pairs
    pairs = np.minimum.accumulate(pairs)
    tau = max(-1.0 + 2.0 * float(pairs.sum()), 1.0 / math.log10(max(m * n, 10)))
    return float(m * n / tau)


def geweke_z(chain: np.ndarray, first: float = 0.1, last: float = 0.5) -> float:
    """Geweke's z: mean of the first 10% minus mean of the last 50%, over their standard error.

    Each segment's variance of the mean is its variance over its effective sample size. NaN
    when the chain is too short or constant.
    """
    x = np.asarray(chain, dtype=np.float64)
    a, b = x[: int(first * x.size)], x[x.size - int(last * x.size) :]
    if a.size < 4 or b.size < 4:
        return float("nan")
    var = 0.0
    for seg in (a, b):
        ess = effective_sample_size(seg)
        if math.isfinite(ess):
            var += float(np.var(seg, ddof=1)) / ess
    if var <= 0.0:
        return float("nan")
    return float((a.mean() - b.mean()) / math.sqrt(var))


def split_rhat(draws: np.ndarray) -> float:
    """Gelman–Rubin potential scale reduction over chains split in halves (BDA3 §11.4)."""
    x = np.asarray(draws, dtype=np.float64)
    half = x.shape[1] // 2
    if half < 2:
        return float("nan")
    parts = np.concatenate([x[:, :half], x[:, x.shape[1] - half :]], axis=0)
    within = float(np.mean(np.var(parts, axis=1, ddof=1)))
    between = half * float(np.var(parts.mean(axis=1), ddof=1))
    if within <= 0.0:
        return float("nan") if between > 0 else 1.0
    var_plus = (half - 1) / half * within + between / half
    return float(math.sqrt(var_plus / within))
