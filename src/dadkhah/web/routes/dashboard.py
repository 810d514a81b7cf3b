"""The dashboard: counts of what the reader may see, recent activity, the custody head."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from dadkhah.access import Levels
from dadkhah.errors import NotFound
from dadkhah.evidence import verify
from dadkhah.ids import kind_of
from dadkhah.store import now_iso
from dadkhah.web.context import Reader, check_csrf, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


def counts(store, who: Reader) -> dict:
    with store.read() as tx:
        levels = Levels(tx)
        docs = Counter(d.sensitivity for d in tx.documents())
        claims = tx.claim_status_counts(who.visible)
        out = {
            "documents": sum(n for level, n in docs.items() if who.sees(level)),
            "hidden_documents": sum(n for level, n in docs.items() if not who.sees(level)),
            "claims": sum(claims.values()),
            "candidates": claims.get("candidate", 0),
            "accepted": claims.get("accepted", 0),
            "events": sum(1 for e in tx.events() if who.sees(levels.event(e))),
            "people": sum(1 for p in tx.people() if who.sees(levels.person(p))),
            "sources": len(tx.sources()),
            "lists": sum(1 for v in tx.victim_lists() if who.sees(v.sensitivity)),
        }
    return out


def visible_entries(tx, who: Reader, entries) -> list:
    """The custody entries about records the reader may see (all, for an administrator;
    never who viewed what, for anyone else)."""
    if who.role == "admin":
        return list(entries)
    levels = Levels(tx)
    lists = {v.id: v.sensitivity for v in tx.victim_lists()}
    shown = []
    for e in entries:
        kind = kind_of(e.object_id)
        if e.action == "viewed" or kind is None:
            continue
        try:
            if kind == "document":
                level = levels.documents([e.object_id])[e.object_id]
            elif kind == "claim":
                level = levels.documents([tx.get_claim(e.object_id).document_id]).popitem()[1]
            elif kind == "event":
                level = levels.event(tx.get_event(e.object_id))
            elif kind == "person":
                level = levels.person(tx.get_person(e.object_id))
            elif kind == "victim list":
                level = lists.get(e.object_id, "confidential")
            elif kind in ("source", "affiliation", "organization", "posting"):
                level = "public"
            else:
                continue
        except NotFound:
            continue
        if who.sees(level):
            shown.append(e)
    return shown


@router.get("/")
def dashboard(request: Request, who: Reader = Depends(reader)):
    web = state(request)
    store = web.store
    with store.read() as tx:
        head = tx.head()
        recent = list(tx.custody(since_seq=max(0, head.count - 60)))[::-1]
        recent = visible_entries(tx, who, recent)[:15]
    try:
        outside = store.read_head_file()
    except ValueError:
        outside = None
    return render(
        request, "dashboard.html", who, counts=counts(store, who), head=head, outside=outside,
        recent=recent, verified=web.verified,
    )  # fmt: skip


@router.post("/verify")
def run_verify(request: Request, who: Reader = Depends(reader)):
    who.need_writer()
    web = state(request)
    report = verify(web.store)
    web.verified = (report.ok, report.summary(), now_iso())
    return RedirectResponse("/", status_code=303)
