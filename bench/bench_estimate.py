"""Benchmark: multiple systems estimation, each figure beside a baseline timed in the same run.

    make bench
    python bench/bench_estimate.py
    BENCH_SKIP_LONG=1 python bench/bench_estimate.py   # without the 20-list Colombian run
    BENCH_R_LONG=1 python bench/bench_estimate.py      # R's LCMCR on Colombia too (+6 min)

The tables are the ones the tests use (tests/data/mse/), so this runs from a fresh clone.
Timed:
  log-linear  one independence fit (our IRLS) is the baseline; then the profile-likelihood
              interval of the Kosovo model, the 113-model search over Kosovo's 4 lists, the
              6,893-model search over Madigan & York's 5 lists, and SparseMSE's stepwise
              selection over New Orleans' 8 lists, each as a multiple of the baseline;
  statsmodels the same 5-list search's models fitted with statsmodels' Poisson GLM (a sample
              of them, per model), against our fit of the same models: why we fit our own;
  LCMCR       on Kosovo, wall time per 1,000 Gibbs iterations against a plain numpy loop that
              makes only the random draws one iteration needs (multinomial classes for each
              pattern, the Gamma batch, the unobserved count) with none of the bookkeeping;
              then Kosovo with the default settings (K 10, burn-in 10,000, 1,000 samples
              thinned by 100: 110,500 iterations with the warm-up), against R's compiled
              LCMCR on the same table with the same settings in the same run when Rscript and
              the LCMCR package are found (else against the 1.1-1.2 s R took on the project's
              2-core machine);
  scaling     microseconds per Gibbs iteration on seeded synthetic tables (two latent classes
              with different capture rates) of 4 to 8 lists and 10^3 to 10^6 people, each as a
              multiple of the smallest (4 lists, 1,000 people), which is the baseline;
  Colombia    the 20-list verdata replicate R1 (forced recruitment of boys, 1999) with HRDAG's
              published settings (K 15, burn-in 10,000, 1,000 draws 5,000 iterations apart, seed
              19481210): wall time, posterior median, mean and 95% interval beside HRDAG's
              published posterior (mean 2,066, 95% 1,396-3,062) and R's time (measured in the
              same run with BENCH_R_LONG=1, else the 359 s it took on the same machine).
              Skipped with BENCH_SKIP_LONG=1; prints its progress as it goes.

R is looked for as `Rscript` on PATH; its LCMCR package in R's own library paths, then in
BENCH_R_LIBS, then in a library built under /tmp (a directory */LCMCR/Meta or */*/LCMCR/Meta).
Without either, the R comparisons fall back to the figures measured earlier on this machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template

import numpy as np

from dadkhah.estimate import estimate_loglinear, fit_model, read_histories
from dadkhah.estimate.hierarchy import all_models, parse_model
from dadkhah.estimate.loglinear import Table, _structure, poisson_fit, profile_interval, search

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "mse"

KOSOVO_SEED = 19481210
HRDAG_SEED = 19481210
SCALING_ITERATIONS = 2000
SCALING_LISTS = (4, 5, 6, 7, 8)
SCALING_PEOPLE = (10**3, 10**4, 10**5, 10**6)

# What R's LCMCR took on the project's machine when no R is found in this run.
R_KOSOVO_SECONDS = "1.1-1.2 s"
R_COLOMBIA_SECONDS = 359.2  # r_reference_outputs.txt, verdata R1

# HRDAG's published posterior for verdata R1 (verdata's precomputed estimates, 1,000 draws).
PUBLISHED_COLOMBIA = {"median": 2068.0, "mean": 2066.0, "low": 1396.0, "high": 3062.0}


def best_of(fn, repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def loglinear() -> None:
    kosovo = read_histories(DATA / "kosovo_aggregate_patterns.csv")
    my5 = read_histories(DATA / "dga_madigan_york_5list.csv")
    new_orleans = read_histories(DATA / "sparsemse_NewOrl.csv")
    base = best_of(lambda: fit_model(kosovo, frozenset()), 50)
    model = parse_model("1*2*3+1*4+3*4", kosovo.lists)
    fit = fit_model(kosovo, model)
    rows = [
        ("independence fit, Kosovo (baseline)", base),
        ("profile interval, Kosovo [123,14,34]", best_of(lambda: profile_interval(kosovo, fit))),
        ("search, 4 lists (113 models)", best_of(lambda: search(kosovo))),
        ("search, 5 lists (6,893 models)", best_of(lambda: search(my5), 2)),
        ("stepwise, 8 lists (New Orleans)", best_of(lambda: estimate_loglinear(new_orleans), 3)),
    ]
    print("log-linear estimation")
    print(f"{'task':<40} {'seconds':>9} {'x baseline':>11}")
    for label, took in rows:
        print(f"{label:<40} {took:>9.4f} {took / base:>11.1f}")


def statsmodels_per_model(sample: int = 400) -> None:
    try:
        import statsmodels.api as sm
    except ImportError as err:
        print(f"\nstatsmodels comparison skipped: {err}")
        return
    my5 = read_histories(DATA / "dga_madigan_york_5list.csv")
    table = Table(my5)
    models = list(all_models(5))[:: max(1, 6893 // sample)]
    designs = []
    for model in models:
        _, kept, _, X, identifiable = _structure(table, model)
        if identifiable:
            designs.append((X, table.cells[kept]))
    family = sm.families.Poisson()

    def ours():
        for X, y in designs:
            poisson_fit(X, y)

    def theirs():
        for X, y in designs:
            sm.GLM(y, X, family=family).fit()

    mine, other = best_of(ours, 3), best_of(theirs, 1)
    print(f"\nPoisson fits of {len(designs)} models of the 5-list table (ms per model)")
    print(f"{'dadkhah IRLS':<16} {1000 * mine / len(designs):>8.3f}")
    print(
        f"{'statsmodels GLM':<16} {1000 * other / len(designs):>8.3f}   ({other / mine:.1f}x ours)"
    )


# --- R's LCMCR, when it is installed ---------------------------------------------------------


@dataclass(frozen=True)
class RLcmcr:
    """How to run R's LCMCR here: the Rscript binary and the environment that finds the package."""

    rscript: str
    env: dict
    libs: str | None
    versions: str


@dataclass(frozen=True)
class RRun:
    """One run of R's LCMCR: seconds inside R (system.time), wall seconds seen from Python, and
    the summary of its posterior draws of N."""

    seconds: float
    wall: float
    median: float
    mean: float
    low: float
    high: float


_PROBE = (
    'suppressMessages(library(LCMCR)); cat(format(getRversion()), format(packageVersion("LCMCR")))'
)

_R_SCRIPT = Template(
    """suppressMessages(library(LCMCR))
d <- read.csv("$csv")
for (j in 1:(ncol(d) - 1)) d[[j]] <- factor(d[[j]], levels = c(0, 1))
took <- system.time({
  sink(nullfile())
  s <- lcmCR(d, tabular = TRUE, in_list_label = "1", not_in_list_label = "0", K = $K,
             a_alpha = 0.25, b_alpha = 0.25, buffer_size = 10000, thinning = $trace_thinning,
             seed = $seed, verbose = FALSE)
  N <- lcmCR_PostSampl(s, burnin = $burnin, samples = $samples, thinning = $thinning,
                       output = FALSE)
  sink()
})[["elapsed"]]
N <- N[seq(1, length(N), $keep_every)]
q <- quantile(N, c(0.025, 0.975))
cat(sprintf("RESULT %.3f %.1f %.1f %.1f %.1f\\n", took, median(N), mean(N), q[[1]], q[[2]]))
"""
)


def _r_library_candidates() -> list[str | None]:
    """Where LCMCR may be: R's own paths (None), BENCH_R_LIBS, then libraries built under /tmp."""
    candidates: list[str | None] = [None]
    if os.environ.get("BENCH_R_LIBS"):
        candidates.append(os.environ["BENCH_R_LIBS"])
    built = set()
    for pattern in ("*/LCMCR/Meta", "*/*/LCMCR/Meta"):
        try:
            built.update(str(meta.parent.parent) for meta in Path("/tmp").glob(pattern))
        except OSError:
            continue
    candidates.extend(sorted(built))
    return candidates


def find_r_lcmcr() -> RLcmcr | None:
    """R and its LCMCR package, or None (after saying why) when either is missing."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        print("R: no Rscript on PATH; R comparisons use the figures measured earlier")
        return None
    for libs in _r_library_candidates():
        env = dict(os.environ)
        if libs is not None:
            env["R_LIBS"] = os.pathsep.join(p for p in (libs, env.get("R_LIBS")) if p)
        try:
            probe = subprocess.run(
                [rscript, "-e", _PROBE], env=env, capture_output=True, text=True, timeout=120
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0 and probe.stdout.strip():
            r_version, lcmcr_version = probe.stdout.split()[:2]
            versions = f"R {r_version}, LCMCR {lcmcr_version}"
            return RLcmcr(rscript, env, libs, versions)
    print("R: Rscript found but library(LCMCR) does not load; R comparisons use earlier figures")
    return None


def run_r_lcmcr(r: RLcmcr, patterns, counts, **settings) -> RRun | None:
    """Run R's lcmCR + lcmCR_PostSampl on the table with ``settings``; None if it fails."""
    with tempfile.TemporaryDirectory(prefix="bench-lcmcr-") as tmp:
        csv = Path(tmp) / "table.csv"
        J = patterns.shape[1]
        header = ",".join([f"L{j + 1}" for j in range(J)] + ["Freq"])
        rows = [
            ",".join(map(str, [*map(int, p), int(c)]))
            for p, c in zip(patterns, counts, strict=True)
        ]
        csv.write_text("\n".join([header, *rows]) + "\n")
        script = Path(tmp) / "run.R"
        script.write_text(_R_SCRIPT.substitute(csv=csv.as_posix(), **settings))
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [r.rscript, str(script)], env=r.env, capture_output=True, text=True, timeout=3600
            )
        except (OSError, subprocess.SubprocessError) as err:
            print(f"  R's LCMCR failed: {err}")
            return None
        wall = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        print(f"  R's LCMCR failed (exit {done.returncode}): {' | '.join(tail)}")
        return None
    seconds, median, mean, low, high = map(float, lines[-1].split()[1:6])
    return RRun(seconds, wall, median, mean, low, high)


# --- LCMCR -------------------------------------------------------------------------------------


def _summary(draws: np.ndarray) -> tuple[float, float, float, float]:
    low, high = np.quantile(draws, [0.025, 0.975])
    return float(np.median(draws)), float(np.mean(draws)), float(low), float(high)


def _interval(low: float, high: float) -> str:
    return f"{low:,.0f}-{high:,.0f}"


def lcmcr_kosovo(r: RLcmcr | None) -> None:
    from dadkhah.estimate.lcmcr import WARMUP, fit_lcmcr

    kosovo = read_histories(DATA / "kosovo_aggregate_patterns.csv")
    X, freq = kosovo.patterns, kosovo.counts
    iterations = 5000
    run = best_of(
        lambda: fit_lcmcr(X, freq, burnin=iterations - WARMUP - 1, samples=1, thinning=1, seed=1),
        3,
    )
    per_1000 = 1000 * run / iterations

    rng = np.random.default_rng(1)
    K, J = 10, len(kosovo.lists)
    prob = rng.dirichlet(np.ones(K), size=len(freq))
    shapes = rng.uniform(1, 500, size=2 * J * K + 2 * (K - 1) + 1)
    weights = np.full(K, 1 / K)

    def draws_only():
        for _ in range(1000):
            rng.multinomial(freq, prob)
            rng.standard_gamma(shapes)
            rng.random(shapes.size)
            n0 = rng.negative_binomial(kosovo.observed, 0.4)
            rng.multinomial(n0, weights)

    base = best_of(draws_only, 3)
    print("\nLCMCR on Kosovo (4 lists, 15 patterns, K = 10)")
    print(f"{'random draws only, plain numpy (baseline)':<44} {base:>8.3f} s per 1,000 iterations")
    print(f"{'dadkhah LCMCR sampler':<44} {per_1000:>8.3f} s per 1,000 iterations "
          f"({per_1000 / base:.1f}x baseline)")  # fmt: skip

    # The defaults of fit_lcmcr, which are those of LCMCR's own example.
    burnin, samples, thinning = 10000, 1000, 100
    total = WARMUP + burnin + samples * thinning
    start = time.perf_counter()
    result = fit_lcmcr(X, freq, seed=KOSOVO_SEED)
    took = time.perf_counter() - start
    median, mean, low, high = _summary(result.draws)
    print(f"\nKosovo, default settings: K 10, burn-in {burnin:,}, {samples:,} samples thinned "
          f"by {thinning}, seed {KOSOVO_SEED}")  # fmt: skip
    print(f"({total:,} iterations with the warm-up)")
    print(f"{'':<22} {'seconds':>8} {'median':>8} {'mean':>8} {'95% interval':>17}")
    print(f"{'dadkhah':<22} {took:>8.2f} {median:>8,.0f} {mean:>8,.0f} "
          f"{_interval(low, high):>17}")  # fmt: skip
    if r is None:
        print(f"R's LCMCR (not run here): {R_KOSOVO_SECONDS} on the project's machine; "
              "median 10,402-10,468 over three seeds")  # fmt: skip
        return
    theirs = run_r_lcmcr(
        r, X, freq, K=10, trace_thinning=100, seed=KOSOVO_SEED, burnin=burnin,
        samples=samples, thinning=thinning, keep_every=1,
    )  # fmt: skip
    if theirs is None:
        return
    print(f"{'R LCMCR, inside R':<22} {theirs.seconds:>8.2f} {theirs.median:>8,.0f} "
          f"{theirs.mean:>8,.0f} {_interval(theirs.low, theirs.high):>17}")  # fmt: skip
    print(f"{'R LCMCR, Rscript wall':<22} {theirs.wall:>8.2f}   (R start-up and loading included)")
    print(f"ours / R's (inside R): {took / theirs.seconds:.1f}x; "
          f"ours / R's (wall): {took / theirs.wall:.1f}x")  # fmt: skip


def synthetic_table(lists: int, people: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Capture patterns and counts of ``people`` in two latent classes: 30% caught often
    (0.3-0.6 per list), 70% seldom (0.05-0.2 per list); people on no list are dropped."""
    rng = np.random.default_rng(seed)
    rates = np.stack([rng.uniform(0.3, 0.6, lists), rng.uniform(0.05, 0.2, lists)])
    group = (rng.random(people) >= 0.3).astype(np.intp)
    on = rng.random((people, lists)) < rates[group]
    codes = on.astype(np.int64) @ (1 << np.arange(lists, dtype=np.int64))
    cells, counts = np.unique(codes[codes > 0], return_counts=True)
    patterns = (cells[:, None] >> np.arange(lists)) & 1
    return patterns, counts


def lcmcr_scaling() -> None:
    from dadkhah.estimate.lcmcr import WARMUP, fit_lcmcr

    print(f"\nLCMCR cost per Gibbs iteration on synthetic tables (K = 10; best of 5 runs of "
          f"{SCALING_ITERATIONS:,} iterations)")  # fmt: skip
    print(f"{'lists':>5} {'people':>10} {'observed':>9} {'patterns':>8} {'us/iteration':>13} "
          f"{'x baseline':>11}")  # fmt: skip
    warm = synthetic_table(SCALING_LISTS[0], SCALING_PEOPLE[0], seed=0)
    fit_lcmcr(*warm, burnin=SCALING_ITERATIONS - WARMUP - 1, samples=1, thinning=1, seed=1)
    base = None
    for lists in SCALING_LISTS:
        for people in SCALING_PEOPLE:
            patterns, counts = synthetic_table(lists, people, seed=lists * people)
            took = best_of(
                lambda p=patterns, c=counts: fit_lcmcr(
                    p, c, burnin=SCALING_ITERATIONS - WARMUP - 1, samples=1, thinning=1, seed=1
                ),
                5,
            )
            micro = 1e6 * took / SCALING_ITERATIONS
            note = "  (baseline)" if base is None else ""
            base = micro if base is None else base
            print(f"{lists:>5} {people:>10,} {int(counts.sum()):>9,} {len(counts):>8} "
                  f"{micro:>13.1f} {micro / base:>11.2f}{note}")  # fmt: skip


class _Progress:
    """Prints a line at every tenth of a long run, with the time taken and the time left."""

    def __init__(self, label: str):
        self.label = label
        self.start = time.perf_counter()
        self.next_tenth = 1

    def __call__(self, done: int, total: int) -> None:
        if done * 10 < self.next_tenth * total:
            return
        self.next_tenth = done * 10 // total + 1
        spent = time.perf_counter() - self.start
        left = spent * (total - done) / max(done, 1)
        print(f"  {self.label}: {done:>9,} of {total:,} iterations ({100 * done / total:3.0f}%), "
              f"{spent:5.0f} s so far, about {left:4.0f} s left", flush=True)  # fmt: skip


def lcmcr_colombia(r: RLcmcr | None) -> None:
    from dadkhah.estimate.lcmcr import WARMUP, fit_lcmcr

    colombia = read_histories(DATA / "verdata_recruitment_R1_male_1999_patterns.csv")
    X, freq = colombia.patterns, colombia.counts
    lists, people = len(colombia.lists), colombia.observed
    print(f"\nLCMCR on Colombia, verdata R1 (forced recruitment of boys, 1999: {lists} lists, "
          f"{len(freq)} patterns, {people:,} people)")  # fmt: skip
    if os.environ.get("BENCH_SKIP_LONG"):
        print("skipped (BENCH_SKIP_LONG is set); R's LCMCR took "
              f"{R_COLOMBIA_SECONDS:.0f} s on the project's machine")  # fmt: skip
        return
    # HRDAG's settings (verdata::mse): K = min(2^J - 1, 15), burn-in 10,000, then 10,000
    # samples 500 iterations apart of which every 10th is kept: 1,000 draws 5,000 apart.
    K, burnin, samples, thinning = 15, 10000, 1000, 5000
    total = WARMUP + burnin + samples * thinning
    print(f"HRDAG's settings: K {K}, burn-in {burnin:,}, {samples:,} draws {thinning:,} "
          f"iterations apart, seed {HRDAG_SEED}; {total:,} iterations", flush=True)  # fmt: skip
    start = time.perf_counter()
    result = fit_lcmcr(
        X, freq, K=K, burnin=burnin, samples=samples, thinning=thinning, seed=HRDAG_SEED,
        progress=_Progress("dadkhah"),
    )  # fmt: skip
    took = time.perf_counter() - start
    median, mean, low, high = _summary(result.draws)
    diag = result.diagnostics
    pub = PUBLISHED_COLOMBIA
    theirs = None
    if r is not None and os.environ.get("BENCH_R_LONG"):
        print("  R's LCMCR with the same settings (BENCH_R_LONG is set)...", flush=True)
        theirs = run_r_lcmcr(
            r, X, freq, K=K, trace_thinning=1000, seed=HRDAG_SEED, burnin=burnin,
            samples=10000, thinning=500, keep_every=10,
        )  # fmt: skip
    print(f"{'':<26} {'seconds':>8} {'us/iter':>8} {'median':>8} {'mean':>8} "
          f"{'95% interval':>13}")  # fmt: skip
    print(f"{'dadkhah':<26} {took:>8.1f} {1e6 * took / total:>8.1f} {median:>8,.0f} "
          f"{mean:>8,.0f} {_interval(low, high):>13}")  # fmt: skip
    if theirs is not None:
        print(f"{'R LCMCR, this run':<26} {theirs.seconds:>8.1f} "
              f"{1e6 * theirs.seconds / (burnin + 10000 * 500):>8.1f} {theirs.median:>8,.0f} "
              f"{theirs.mean:>8,.0f} {_interval(theirs.low, theirs.high):>13}")  # fmt: skip
    else:
        print(f"{'R LCMCR, earlier here':<26} {R_COLOMBIA_SECONDS:>8.1f}")
    print(f"{'HRDAG published':<26} {'':>8} {'':>8} {pub['median']:>8,.0f} {pub['mean']:>8,.0f} "
          f"{_interval(pub['low'], pub['high']):>13}")  # fmt: skip
    r_seconds = theirs.seconds if theirs is not None else R_COLOMBIA_SECONDS
    source = "inside R, this run" if theirs is not None else "R's earlier 359 s"
    width = (high - low) / (pub["high"] - pub["low"])
    print(f"ours / R's: {took / r_seconds:.2f}x ({source}); median {median / pub['median']:.2f}x "
          f"and interval width {width:.2f}x the published")  # fmt: skip
    tenths = np.median(result.draws.reshape(10, -1), axis=1)
    print("median of N in each tenth of the draws: " + ", ".join(f"{m:,.0f}" for m in tenths))
    print("(the posterior has a narrow mode, median about 1,411, and a broad one, about 2,100, "
          "where HRDAG's run is; a chain may move between them or stay in one)")  # fmt: skip
    ess = diag.get("ess")
    ess_text = "undefined" if ess is None else f"{ess:.0f}"
    print(f"ESS of N {ess_text} of {samples:,} draws; occupied classes up to "
          f"{diag.get('max_occupied_classes')} of {K}")  # fmt: skip
    for warning in diag.get("warnings", []):
        print(f"  warning: {warning}")


def main() -> None:
    loglinear()
    statsmodels_per_model()
    try:
        import dadkhah.estimate.lcmcr  # noqa: F401
    except ImportError as err:
        print(f"\nLCMCR benchmarks skipped: {err}")
        return
    print()
    r = find_r_lcmcr()
    if r is not None:
        where = f" (R_LIBS={r.libs})" if r.libs else ""
        print(f"R: {r.versions}{where}; R's LCMCR runs in this benchmark beside ours")
    lcmcr_kosovo(r)
    lcmcr_scaling()
    lcmcr_colombia(r)


if __name__ == "__main__":
    main()
