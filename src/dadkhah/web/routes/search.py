"""Search over documents, claims, events, people and organisations, with snippets; a hit the
reader may not see is dropped before anything of it is shown."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from dadkhah.access import Levels
from dadkhah.web.context import Reader, check_csrf, log_views, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

KINDS = ("document", "claim", "event", "person", "organization")
LINKS = {"document": "/documents/", "claim": "/claims/", "event": "/events/",
         "person": "/people/"}  # fmt: skip


def visible_hits(store, who: Reader, q: str, kind: str = "", limit: int = 20) -> list[tuple]:
    """(hit, sensitivity) for the reader: more are asked of the index than shown, so that
    hidden hits do not leave the page short."""
    kinds = [kind] if kind in KINDS else []
    with store.read() as tx:
        hits = tx.search(q, limit=limit * 3, kinds=kinds)
        levels = Levels(tx).hits(hits)
    return [(h, levels[h.record_id]) for h in hits if who.sees(levels[h.record_id])][:limit]


@router.get("/search")
def search(request: Request, who: Reader = Depends(reader), q: str = "", kind: str = ""):
    hits = visible_hits(state(request).store, who, q, kind) if q.strip() else []
    log_views(request, who, [(h.record_id, h.kind, level) for h, level in hits])
    return render(request, "search.html", who, q=q, kind=kind, kinds=KINDS, hits=hits, links=LINKS)
