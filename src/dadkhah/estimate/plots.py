"""Charts of an estimate (PNG and SVG, matplotlib's Agg backend: no display needed).

* ``overlap``: an UpSet-style chart of the capture histories: one bar per pattern of lists
  (how many people were recorded on exactly those lists), the pattern as dots beneath, and each
  list's size beside. It shows what the estimate rests on: how much the lists overlap.
* ``posterior``: the posterior distribution of N (LCMCR draws) with the number recorded, the
  median and the interval marked.
* ``profile``: the log-linear model's profile likelihood of N with the interval's cut-off.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from dadkhah.estimate.histories import Histories
from dadkhah.estimate.methods import Estimate

MAX_PATTERNS = 40
"""The overlap chart shows at most this many patterns (the most common); it says how many not."""


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, folder: Path, stem: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}.png", folder / f"{stem}.svg"]
    fig.savefig(paths[0], dpi=120)
    fig.savefig(paths[1], metadata={"Date": None})
    _pyplot().close(fig)
    return paths


def slug(name: str) -> str:
    """A file-name part for a stratum's name (letters of any script kept)."""
    return re.sub(r"[^\w.-]+", "-", name).strip("-.") or "stratum"


def overlap_chart(
    hist: Histories, folder: Path, stem: str = "overlap", title: str = ""
) -> list[Path]:
    """The UpSet-style chart of who is on which lists; returns the PNG and SVG paths."""
    plt = _pyplot()
    order = np.lexsort((-hist.patterns.sum(axis=1), -hist.counts))
    order = [i for i in order if hist.counts[i] > 0]
    hidden = len(order) - MAX_PATTERNS
    order = order[:MAX_PATTERNS]
    k = len(hist.lists)
    width = min(14.0, 4.0 + 0.28 * len(order))
    fig = plt.figure(figsize=(width, 3.2 + 0.32 * k))
    grid = fig.add_gridspec(
        2, 2, width_ratios=(1, 4), height_ratios=(3, 0.5 + 0.3 * k), hspace=0.05, wspace=0.02
    )
    bars = fig.add_subplot(grid[0, 1])
    dots = fig.add_subplot(grid[1, 1], sharex=bars)
    sizes = fig.add_subplot(grid[1, 0], sharey=dots)
    xs = np.arange(len(order))
    heights = hist.counts[order]
    bars.bar(xs, heights, color="#33415c")
    for x, h in zip(xs, heights, strict=True):
        bars.annotate(f"{h:,}", (x, h), ha="center", va="bottom", fontsize=7)
    bars.set_ylabel("people with this pattern")
    bars.tick_params(axis="x", bottom=False, labelbottom=False)
    bars.spines[["top", "right"]].set_visible(False)
    heading = title or f"{hist.observed:,} people recorded on {k} lists"
    if hidden > 0:
        heading += f" ({hidden} rarer patterns not shown)"
    bars.set_title(heading, fontsize=10)
    for x, i in zip(xs, order, strict=True):
        on = np.flatnonzero(hist.patterns[i])
        dots.scatter(np.full(k, x), np.arange(k), s=30, color="#d8dde6", zorder=1)
        dots.scatter(np.full(len(on), x), on, s=30, color="#33415c", zorder=2)
        if len(on) > 1:
            dots.plot([x, x], [on.min(), on.max()], color="#33415c", linewidth=1.5, zorder=2)
    dots.set_yticks(np.arange(k), labels=list(hist.lists))
    dots.set_ylim(-0.5, k - 0.5)
    dots.invert_yaxis()
    dots.tick_params(axis="x", bottom=False, labelbottom=False)
    dots.tick_params(axis="y", left=False, labelleft=False)
    for side in ("top", "right", "bottom", "left"):
        dots.spines[side].set_visible(False)
    totals = hist.counts @ hist.patterns
    sizes.barh(np.arange(k), totals, color="#7d8597")
    sizes.invert_xaxis()
    sizes.set_xlabel("list size", fontsize=8)
    sizes.yaxis.tick_right()
    sizes.set_yticks(np.arange(k), labels=list(hist.lists))
    sizes.tick_params(axis="y", length=0, pad=4)
    sizes.spines[["top", "left"]].set_visible(False)
    fig.subplots_adjust(left=0.04, right=0.98, top=0.9, bottom=0.12)
    return _save(fig, folder, stem)


def posterior_chart(
    est: Estimate, folder: Path, stem: str = "posterior", title: str = ""
) -> list[Path]:
    """Histogram of the posterior draws of N, with the number recorded, the median and the
    interval marked."""
    plt = _pyplot()
    draws = np.asarray(est.draws, dtype=np.float64).ravel()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.hist(draws, bins=min(60, max(10, draws.size // 20)), color="#7d8597", alpha=0.85)
    _mark(
        ax, est, est.ci_high, f"{est.level:.0%} interval {est.ci_low:,.0f} to {est.ci_high:,.0f}",
        f"median {est.estimate:,.0f}",
    )  # fmt: skip
    ax.set_ylabel("posterior draws")
    ax.set_title(title or f"Posterior of N ({est.method}, {draws.size:,} draws)", fontsize=10)
    ax.legend(fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig, folder, stem)


def _mark(ax, est: Estimate, high: float, interval: str, point: str) -> None:
    """The interval shaded, the estimate and the number recorded as lines, the x axis named."""
    ax.axvspan(est.ci_low, high, color="#33415c", alpha=0.12, label=interval)
    ax.axvline(est.estimate, color="#33415c", linewidth=2, label=point)
    ax.axvline(est.observed, color="#c1121f", linestyle="--", linewidth=1.5,
               label=f"recorded on some list: {est.observed:,}")  # fmt: skip
    ax.set_xlabel("N: people in all (recorded or not)")


def profile_chart(
    est: Estimate, folder: Path, stem: str = "profile", title: str = ""
) -> list[Path]:
    """The profile log-likelihood of N (relative to its peak) with the interval's cut-off."""
    from scipy import stats

    plt = _pyplot()
    xs, ys = est.profile
    cut = -stats.chi2.ppf(est.level, 1) / 2
    show = ys > 4 * cut
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(xs[show], ys[show], "o-", color="#33415c", markersize=2, linewidth=1.2)
    ax.axhline(cut, color="grey", linestyle=":", linewidth=1, label=f"{est.level:.0%} cut-off")
    high = f"{est.ci_high:,.0f}" if est.ci_high is not None else "unbounded"
    _mark(
        ax, est, est.ci_high if est.ci_high is not None else xs[show].max(),
        f"interval {est.ci_low:,.0f} to {high}", f"estimate {est.estimate:,.0f}",
    )  # fmt: skip
    ax.set_ylabel("profile log-likelihood (0 at its peak)")
    name = (est.model or {}).get("name", "")
    ax.set_title(title or f"Profile likelihood of N, log-linear model {name}", fontsize=10)
    ax.legend(fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig, folder, stem)


def draw_plots(
    est: Estimate, folder: str | Path, prefix: str = "", overlap: bool = True
) -> list[Path]:
    """Every chart an estimate supports, named ``[prefix-]overlap``, ``posterior``,
    ``profile`` (PNG and SVG) in ``folder``; returns the paths written. ``overlap=False``
    leaves out the overlap chart, which is the same for every method on one table."""
    folder = Path(folder)
    lead = f"{slug(prefix)}-" if prefix else ""
    title = f"{prefix}: " if prefix else ""
    paths: list[Path] = []
    if overlap and est.histories is not None:
        hist = est.histories
        paths += overlap_chart(
            hist,
            folder,
            f"{lead}overlap",
            f"{title}{hist.observed:,} people recorded on {len(hist.lists)} lists",
        )
    if est.draws is not None:
        paths += posterior_chart(
            est,
            folder,
            f"{lead}posterior",
            f"{title}posterior of N ({est.method})" if prefix else "",
        )
    if est.profile is not None:
        paths += profile_chart(est, folder, f"{lead}profile")
    return paths
