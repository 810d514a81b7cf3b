"""Events: the list, and one event's figures by source with grades, revisions, conflicts and
the consensus (only figures the reader may see count), its chart, its timeline and a map of its
places (``maps``: our own outline, no tile server)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from dadkhah.access import Levels
from dadkhah.corroborate import corroborate_event, draw_chart
from dadkhah.errors import NotFound
from dadkhah.web.context import Reader, check_csrf, log_views, reader, render, state
from dadkhah.web.maps import event_map

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


def visible_event(tx, who: Reader, event_id: str):
    event = tx.get_event(event_id)
    level = Levels(tx).event(event)
    if not who.sees(level):
        raise NotFound(f"no event {event_id}")
    return event, level


def event_view(store, who: Reader, event_id: str) -> dict:
    """What the event page and the API show: the corroboration of visible figures, the
    sub-events, links and a timeline, with each figure's sensitivity."""
    with store.read() as tx:
        event, level = visible_event(tx, who, event_id)
        levels = Levels(tx)
        children = [e for e in tx.sub_events(event.id) if who.sees(levels.event(e))]
        links = []
        for link in tx.event_links(event.id):
            other = tx.get_event(link.related_id if link.event_id == event.id else link.event_id)
            if who.sees(levels.event(other)):
                links.append((link, other, link.event_id == event.id))
        parent = tx.get_event(event.parent_id) if event.parent_id else None
        if parent is not None and not who.sees(levels.event(parent)):
            parent = None
    result = corroborate_event(store, event.id, sensitivities=who.visible)
    with store.read() as tx:
        doc_levels = Levels(tx).documents(result.documents)
    timeline = []
    if event.start_date:
        timeline.append((event.start_date, "start", event.title, None))
    for m in result.measures:
        for r in m.rows:
            f = r.figure
            if f.date_claimed:
                label = f"{f.source or f.claimed_by or '?'}: {f.measure} {f.low:,}" + (
                    f"–{f.high:,}" if f.high != f.low else ""
                )
                timeline.append((f.date_claimed, "figure", label, f.claim_id))
    for e in children:
        if e.start_date:
            timeline.append((e.start_date, "sub_event", e.title, e.id))
    if event.end_date:
        timeline.append((event.end_date, "end", event.title, None))
    timeline.sort(key=lambda x: x[0])
    return {
        "event": event, "level": level, "result": result, "children": children, "links": links,
        "parent": parent, "timeline": timeline, "doc_levels": doc_levels,
    }  # fmt: skip


@router.get("/events")
def events(request: Request, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        levels = Levels(tx)
        shown = [(e, levels.event(e)) for e in tx.events()]
    shown = [(e, level) for e, level in shown if who.sees(level)]
    log_views(request, who, [(e.id, "event", level) for e, level in shown])
    return render(request, "events.html", who, events=shown)


@router.get("/events/{event_id}")
def event(request: Request, event_id: str, who: Reader = Depends(reader)):
    view = event_view(state(request).store, who, event_id)
    shown = [(view["event"].id, "event", view["level"])]
    for m in view["result"].measures:
        for r in m.rows:
            level = view["doc_levels"].get(r.figure.document_id, "confidential")
            shown.append((r.figure.claim_id, "claim", level))
    log_views(request, who, shown)
    places = [p["name"] for p in view["event"].places]
    where = event_map(places, view["event"].title) if places else None
    return render(request, "event.html", who, where=where, **view)


@router.get("/events/{event_id}/chart/{measure}.png")
def chart(request: Request, event_id: str, measure: str, who: Reader = Depends(reader)):
    web = state(request)
    with web.store.read() as tx:
        event, _level = visible_event(tx, who, event_id)
    result = corroborate_event(web.store, event.id, sensitivities=who.visible)
    wanted = [m for m in result.measures if m.measure == measure]
    if not wanted:
        raise NotFound(f"no figures of {measure!r} for {event_id}")
    with web.draw_lock, tempfile.TemporaryDirectory() as folder:
        paths = draw_chart(wanted[0], event.title, Path(folder), "chart")
        data = next(p for p in paths if p.suffix == ".png").read_bytes()
    return Response(data, media_type="image/png")
