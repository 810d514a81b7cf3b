"""Sources: publishers and accounts with their reliability grades and affiliations."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from dadkhah.web.context import Reader, check_csrf, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


def sources_view(store) -> list[tuple]:
    """Each source with its affiliations as (relation, other source's name, direction)."""
    with store.read() as tx:
        sources = tx.sources()
        names = {s.id: s.name for s in sources}
        out = []
        for s in sources:
            links = [
                (a.relation, names.get(a.related_id if a.source_id == s.id else a.source_id),
                 a.source_id == s.id)
                for a in tx.affiliations(s.id)
            ]  # fmt: skip
            out.append((s, links))
    return out


@router.get("/sources")
def sources(request: Request, who: Reader = Depends(reader)):
    return render(request, "sources.html", who, sources=sources_view(state(request).store))
