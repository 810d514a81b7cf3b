"""Read an event's figures from the store and corroborate them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from dadkhah.corroborate.core import Figure, MeasureResult, corroborate, independence_groups
from dadkhah.store import Store
from dadkhah.store.records import EventRecord


@dataclass
class EventCorroboration:
    event: EventRecord
    measures: list[MeasureResult]
    documents: dict  # document id -> (title, publisher, published date)


def _names(sources) -> dict:
    """Registered sources by every name and alias, case-folded."""
    index = {}
    for s in sources:
        for n in (s.name, *s.aliases):
            index.setdefault(" ".join(n.split()).casefold(), s)
    return index


def corroborate_event(
    store: Store,
    event_id: str,
    proposed: bool = False,
    sensitivities: Collection[str] | None = None,
) -> EventCorroboration:
    """Every figure tied to the event (confirmed links; proposed ones too when asked), its
    source resolved from ``claimed_by`` (the claim's own resolution when an analyst set it),
    then the rules of ``dadkhah.corroborate.core``. With ``sensitivities``, only figures from
    documents of those sensitivities count (what a reader may see, as the web UI asks), so
    that no hidden figure moves the consensus."""
    with store.read() as tx:
        event = tx.get_event(event_id)
        wanted = {"confirmed", "proposed"} if proposed else {"confirmed"}
        linked = {
            link.claim_id for link in tx.claim_events(event_id=event_id) if link.status in wanted
        }
        claims = [
            c
            for c in tx.claims(ids=sorted(linked), sensitivities=sensitivities)
            if c.status != "rejected" and not c.subgroup
        ] if linked else []  # fmt: skip
        sources = tx.sources()
        by_id = {s.id: s for s in sources}
        by_name = _names(sources)
        figures = []
        for c in claims:
            src = by_id.get(c.claimed_by_source_id) if c.claimed_by_source_id else None
            if src is None and c.claimed_by:
                src = by_name.get(" ".join(c.claimed_by.split()).casefold())
            figures.append(
                Figure(
                    claim_id=c.id,
                    measure=c.measure,
                    low=c.low,
                    high=c.high,
                    qualifier=c.qualifier,
                    claimed_by=c.claimed_by,
                    source_id=src.id if src else None,
                    source=src.name if src else None,
                    reliability=src.reliability if src else None,
                    credibility=c.credibility,
                    date_claimed=c.date_claimed,
                    document_id=c.document_id,
                    start=c.span.start,
                    end=c.span.end,
                    text=c.span.text,
                    revision_of=c.revision_of,
                    status=c.status,
                    seq=c.seq,
                )
            )
        source_ids = {f.source_id for f in figures if f.source_id}
        edges = set(tx.affiliation_pairs())
        docs = {}
        for d in tx.documents(ids={f.document_id for f in figures}):
            docs[d.id] = (d.title, d.publisher, d.published_date)
    groups = independence_groups(source_ids | {x for e in edges for x in e}, edges)
    return EventCorroboration(event, corroborate(figures, groups), docs)


def to_json(result: EventCorroboration) -> dict:
    """The JSON the CLI prints and the web UI serves (keys documented in the issue)."""
    e = result.event
    measures = []
    for m in result.measures:
        figures = []
        for r in m.rows:
            f = r.figure
            figures.append(
                {
                    "claim_id": f.claim_id,
                    "source": f.source,
                    "source_id": f.source_id,
                    "claimed_by": f.claimed_by,
                    "low": f.low,
                    "high": f.high,
                    "qualifier": f.qualifier,
                    "date_claimed": f.date_claimed,
                    "document": f.document_id,
                    "start": f.start,
                    "end": f.end,
                    "text": f.text,
                    "grade": f.grade,
                    "status": f.status,
                    "revision_of": r.revision_of,
                    "current": r.current,
                }
            )
        measures.append(
            {
                "measure": m.measure,
                "figures": figures,
                "conflicts": [{"figures": [a, b], "note": note} for a, b, note in m.conflicts],
                "independent_sources": m.independent_sources,
                "consensus": m.consensus,
                "range_low": m.range_low,
                "range_high": m.range_high,
            }
        )
    return {
        "event": {
            "id": e.id,
            "type": e.type,
            "title": e.title,
            "start": e.start_date,
            "end": e.end_date,
            "places": [p["name"] for p in e.places],
        },
        "measures": measures,
    }
