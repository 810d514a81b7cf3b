"""Figures for one event side by side: grades, revisions, conflicts, independence, consensus.

The rules (docs/corroboration.md states them for users):

- A figure's grade is that of the source it is attributed to: the source's reliability letter
  (A–F) and the claim's credibility digit (1–6), as ``B2``. A figure whose ``claimed_by`` does
  not resolve to a registered source is graded F (cannot be judged); a claim nobody graded is
  6 (cannot be judged).
- Credible means reliability A, B or C.
- Sources linked by an affiliation, directly or through others, count as one independent
  source.
- A figure that the same source later revised is shown, but it is not current and leaves the
  consensus. A source revises its figure for a measure by an explicit revision ("raised its
  toll from 208 to 304") or by giving another figure at a later date of claim.
- For overlap, at_least and more_than extend upward without bound; vague figures use their
  conventional bounds; every other figure is its low–high.
- A conflict is two credible, independent sources whose current ranges do not overlap.
- The consensus is the lowest current figure among credible independent sources (the
  conservative choice, as ACLED codes fatalities); the range runs from the lowest to the
  highest current figure of any source.
- Claims rejected in review are left out; a claim marked as a conflict (the losing side, with
  its note) is shown and leaves the consensus; subgroup figures ("including 23 children") are
  parts of another figure, not tolls, and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CREDIBLE = ("A", "B", "C")
UNBOUNDED = ("at_least", "more_than")


@dataclass(frozen=True)
class Figure:
    """One claim as corroboration sees it."""

    claim_id: str
    measure: str
    low: int
    high: int
    qualifier: str
    claimed_by: str | None
    source_id: str | None  # the registered source claimed_by resolved to
    source: str | None  # that source's name
    reliability: str | None  # A-F of the source
    credibility: int | None  # 1-6 of the claim
    date_claimed: str | None
    document_id: str
    start: int
    end: int
    text: str | None
    revision_of: str | None = None  # a claim id, as the extractor or an analyst linked it
    status: str = "candidate"
    seq: int = 0  # order in its document

    @property
    def grade(self) -> str:
        return f"{self.reliability or 'F'}{self.credibility or 6}"

    @property
    def credible(self) -> bool:
        return (self.reliability or "F") in CREDIBLE

    @property
    def bounds(self) -> tuple[int, float]:
        return (self.low, float("inf") if self.qualifier in UNBOUNDED else self.high)


@dataclass
class Row:
    figure: Figure
    revision_of: int | None  # index in the measure's rows of the figure this one revises
    current: bool
    group: str  # the independence group (source id, or the unresolved name)


@dataclass
class MeasureResult:
    measure: str
    rows: list[Row] = field(default_factory=list)
    conflicts: list[tuple[int, int, str]] = field(default_factory=list)
    independent_sources: int = 0
    consensus: int | None = None
    consensus_row: int | None = None
    range_low: int | None = None
    range_high: int | None = None


def independence_groups(source_ids, affiliations) -> dict[str, str]:
    """Source id -> a representative of the sources it is affiliated with (union-find)."""
    parent: dict[str, str] = {s: s for s in source_ids}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in affiliations:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {s: root(s) for s in parent}


def _overlap(a: Figure, b: Figure) -> bool:
    (alo, ahi), (blo, bhi) = a.bounds, b.bounds
    return alo <= bhi and blo <= ahi


def corroborate(figures: list[Figure], groups: dict[str, str] | None = None) -> list[MeasureResult]:
    """Per measure, the figures in order with revisions, conflicts, consensus and range."""
    groups = groups or {}
    out = []
    for measure in sorted({f.measure for f in figures}):
        mine = [f for f in figures if f.measure == measure]
        ids = {f.claim_id: f for f in mine}

        def depth(f: Figure, seen=(), ids=ids) -> int:  # explicit revisions before it
            earlier = ids.get(f.revision_of) if f.revision_of else None
            if earlier is None or f.claim_id in seen:
                return 0
            return 1 + depth(earlier, (*seen, f.claim_id))

        # a source's figures in the order it gave them: by date of claim, then explicit
        # revisions ("208, up from 106": 106 first), then document order
        mine.sort(
            key=lambda f: (
                f.source or f.claimed_by or "~",
                f.date_claimed or "",
                depth(f),
                f.document_id,
                f.seq,
            )
        )
        result = MeasureResult(measure)
        index = {f.claim_id: i for i, f in enumerate(mine)}
        last_of: dict[str, int] = {}
        for i, f in enumerate(mine):
            key = f.source_id or f"name:{(f.claimed_by or '').casefold()}"
            group = groups.get(f.source_id, f.source_id) if f.source_id else key
            revises = index.get(f.revision_of) if f.revision_of else None
            if revises is None and key in last_of:
                before = mine[last_of[key]]
                later = (f.date_claimed or "") > (before.date_claimed or "")
                if later and (before.low, before.high) != (f.low, f.high):
                    revises = last_of[key]
            if revises is not None:
                result.rows[revises].current = False
            result.rows.append(Row(f, revises, True, group))
            last_of[key] = i
        current = [
            (i, r) for i, r in enumerate(result.rows) if r.current and r.figure.status != "conflict"
        ]
        for x, (i, a) in enumerate(current):
            for j, b in current[x + 1 :]:
                if (
                    a.figure.credible
                    and b.figure.credible
                    and a.group != b.group
                    and not _overlap(a.figure, b.figure)
                ):
                    note = (
                        f"{a.figure.source or a.figure.claimed_by} says {_show(a.figure)}, "
                        f"{b.figure.source or b.figure.claimed_by} says {_show(b.figure)}: "
                        "the ranges do not overlap"
                    )
                    result.conflicts.append((i, j, note))
        result.independent_sources = len({r.group for _, r in current})
        credible = [(i, r) for i, r in current if r.figure.credible]
        if credible:
            i, r = min(credible, key=lambda ir: (ir[1].figure.low, ir[1].figure.high))
            result.consensus, result.consensus_row = r.figure.low, i
        if current:
            result.range_low = min(r.figure.low for _, r in current)
            result.range_high = max(r.figure.high for _, r in current)
        out.append(result)
    return out


def _show(f: Figure) -> str:
    hedge = {"at_least": "at least ", "more_than": "more than ", "about": "about ",
             "up_to": "up to ", "estimated": "an estimated "}.get(f.qualifier, "")  # fmt: skip
    figure = f"{f.low:,}" if f.low == f.high else f"{f.low:,}–{f.high:,}"
    return hedge + figure
