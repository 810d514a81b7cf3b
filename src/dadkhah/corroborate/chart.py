"""A chart of an event's figures by source over the date each was claimed (PNG and SVG)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dadkhah.corroborate.core import MeasureResult


def _when(value: str | None) -> date | None:
    if not value:
        return None
    parts = [int(x) for x in value.split("-")]
    return date(parts[0], *(parts[1:] + [1, 1])[:2])


def draw_chart(measure: MeasureResult, title: str, folder: Path, stem: str) -> list[Path]:
    """One point per figure (a bar for a range, an arrow up for "at least" / "more than"),
    a colour per source, revised figures hollow, the consensus as a dashed line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    rows = [r for r in measure.rows if _when(r.figure.date_claimed)]
    undated = len(measure.rows) - len(rows)
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    names = sorted({r.figure.source or r.figure.claimed_by or "unattributed" for r in rows})
    colours = {n: plt.cm.tab10(i % 10) for i, n in enumerate(names)}
    for r in rows:
        f = r.figure
        name = f.source or f.claimed_by or "unattributed"
        x = _when(f.date_claimed)
        colour = colours[name]
        face = colour if r.current else "white"
        ax.plot([x], [f.low], "o", color=colour, markerfacecolor=face, markersize=7)
        if f.high != f.low:
            ax.vlines(x, f.low, f.high, color=colour, linewidth=2)
        if f.qualifier in ("at_least", "more_than"):
            ax.annotate("", xy=(x, f.low * 1.25 + 1), xytext=(x, f.low),
                        arrowprops={"arrowstyle": "->", "color": colour})  # fmt: skip
    for n in names:
        ax.plot([], [], "o", color=colours[n], label=n)
    if measure.consensus is not None:
        ax.axhline(measure.consensus, linestyle="--", color="grey", linewidth=1,
                   label=f"consensus {measure.consensus:,}")  # fmt: skip
    ax.set_title(
        f"{title}: {measure.measure}" + (f" ({undated} undated not shown)" if undated else "")
    )
    ax.set_ylabel(f"people {measure.measure}")
    ax.set_xlabel("date the figure was given")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.set_ylim(bottom=0)
    fig.autofmt_xdate()
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    safe = re.sub(r"[^\w.-]+", "-", stem)
    paths = [folder / f"{safe}.png", folder / f"{safe}.svg"]
    for p in paths:
        fig.savefig(p, metadata={"Date": None} if p.suffix == ".svg" else None)
    plt.close(fig)
    return paths
