"""The JSON API under /api: the same records as the pages, with the same permissions (a
record the reader may not see is answered 404, as a missing one), strict models and every
response declared. Sign in with POST /api/session (or the sign-in page); send the session's
CSRF token (GET /api/me) as X-CSRF-Token with every POST."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from dadkhah.access import Levels, authenticate
from dadkhah.corroborate import to_json
from dadkhah.errors import AccessError, InputError
from dadkhah.know import document_text
from dadkhah.web.api_models import (
    ClaimOut,
    ClaimPage,
    DocumentDetail,
    DocumentOut,
    EventDetail,
    EventOut,
    HitOut,
    Me,
    PersonDetail,
    PersonOut,
    PostingOut,
    Problem,
    Review,
    SignIn,
    SourceOut,
    VictimListOut,
    VictimOut,
)
from dadkhah.web.context import Reader, check_csrf, log_views, reader, state
from dadkhah.web.routes.documents import visible_document
from dadkhah.web.routes.events import event_view
from dadkhah.web.routes.people import visible_person
from dadkhah.web.routes.review import visible_claim
from dadkhah.web.routes.search import visible_hits
from dadkhah.web.routes.sources import sources_view
from dadkhah.web.security import SESSION_COOKIE, cookie_options

ERRORS = {
    400: {"model": Problem, "description": "refused: the message says why"},
    401: {"model": Problem, "description": "not signed in"},
    403: {"model": Problem, "description": "the role does not allow it, or no CSRF token"},
    404: {"model": Problem, "description": "no such record, or not one this reader may see"},
}
Queue = Literal["candidate", "work_needed", "accepted", "conflict", "rejected"]
Kind = Literal["document", "claim", "event", "person", "organization"]
router = APIRouter(prefix="/api", responses=ERRORS, dependencies=[Depends(check_csrf)])


def _doc(d) -> DocumentOut:
    return DocumentOut(
        id=d.id, title=d.title, origin=d.origin, media_type=d.media_type,
        sensitivity=d.sensitivity, published_date=d.published_date, language=d.language,
        publisher=d.publisher, status=d.status, captured_at=d.captured_at,
    )  # fmt: skip


def _claim(c, level: str) -> ClaimOut:
    return ClaimOut(
        id=c.id, document_id=c.document_id, measure=c.measure, low=c.low, high=c.high,
        qualifier=c.qualifier, claimed_by=c.claimed_by, date_claimed=c.date_claimed,
        status=c.status, status_note=c.status_note, credibility=c.credibility,
        start=c.span.start, end=c.span.end, text=c.span.text,
        sentence=c.context.text if c.context else None, sensitivity=level,
    )  # fmt: skip


def _event(e, level: str) -> EventOut:
    return EventOut(
        id=e.id, type=e.type, title=e.title, start=e.start_date, end=e.end_date,
        places=[p.get("name", "") for p in e.places], parent_id=e.parent_id, sensitivity=level,
    )  # fmt: skip


@router.post(
    "/session",
    response_model=Me,
    responses={429: {"model": Problem, "description": "too many failed sign-ins; wait"}},
)
def sign_in(request: Request, body: SignIn):
    """Sign in: the session cookie is set; the answer carries the CSRF token."""
    web = state(request)
    client = request.client.host if request.client else "?"
    keys = {"ip": client, "user": body.name.strip().lower()}
    wait = web.throttle.wait(**keys)
    if wait:
        return JSONResponse(
            {"detail": "too many failed sign-ins; wait"}, status_code=429,
            headers={"Retry-After": str(int(wait) + 1)},
        )  # fmt: skip
    try:
        user = authenticate(web.store, body.name.strip(), body.password)
    except AccessError as err:
        web.throttle.failed(**keys)
        return JSONResponse({"detail": str(err)}, status_code=401)
    web.throttle.succeeded(user=keys["user"])
    session = web.sessions.new(user.name)
    me = Me(name=user.name, role=user.role, language=user.language,
            sees=list(web.policy.visible(user.role)), csrf_token=session.csrf)  # fmt: skip
    response = JSONResponse(me.model_dump())
    response.set_cookie(SESSION_COOKIE, session.token, **cookie_options(request))
    return response


@router.get("/me", response_model=Me)
def me(who: Reader = Depends(reader)):
    """The signed-in user, the sensitivities they may see, and the CSRF token."""
    return Me(name=who.user.name, role=who.role, language=who.lang, sees=list(who.visible),
              csrf_token=who.session.csrf)  # fmt: skip


@router.get("/documents", response_model=list[DocumentOut])
def documents(request: Request, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        docs = [d for d in tx.documents() if who.sees(d.sensitivity)]
    log_views(request, who, [(d.id, "document", d.sensitivity) for d in docs])
    return [_doc(d) for d in docs]


@router.get("/documents/{document_id}", response_model=DocumentDetail)
def document(request: Request, document_id: str, who: Reader = Depends(reader)):
    store = state(request).store
    with store.read() as tx:
        doc = visible_document(tx, who, document_id)
        claims = tx.claims(document_id=doc.id)
    try:
        text = document_text(store, doc)
    except InputError:
        text = None
    log_views(request, who, [(doc.id, "document", doc.sensitivity)])
    return DocumentDetail(
        document=_doc(doc), text=text, claims=[_claim(c, doc.sensitivity) for c in claims]
    )


@router.get("/claims", response_model=ClaimPage)
def claims(
    request: Request,
    who: Reader = Depends(reader),
    status: Queue = "candidate",
    offset: int = Query(0, ge=0, le=10_000_000),
    limit: int = Query(50, ge=1, le=500),
):
    """The review queue (or claims of another status), one page at a time."""
    with state(request).store.read() as tx:
        total = tx.claim_count(status, who.visible)
        page = tx.claims(status=status, sensitivities=who.visible, limit=limit, offset=offset)
        levels = Levels(tx).claims(page)
    log_views(request, who, [(c.id, "claim", levels[c.id]) for c in page])
    return ClaimPage(
        total=total, offset=offset, limit=limit, claims=[_claim(c, levels[c.id]) for c in page]
    )


@router.post("/claims/{claim_id}/review", response_model=ClaimOut)
def review(request: Request, claim_id: str, body: Review, who: Reader = Depends(reader)):
    """Accept, reject, mark as needing work, or as the losing side of a conflict (a note is
    required then). Analysts and administrators only."""
    who.need_writer()
    store = state(request).store
    with store.write(who.user.name) as tx:
        visible_claim(tx, who, claim_id)
        tx.set_claim_status(claim_id, body.status, body.reason, note=body.note)
    with store.read() as tx:
        c = tx.get_claim(claim_id)
        level = tx.get_document(c.document_id).sensitivity
    return _claim(c, level)


@router.get("/events", response_model=list[EventOut])
def events(request: Request, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        levels = Levels(tx)
        shown = [(e, levels.event(e)) for e in tx.events()]
    shown = [(e, level) for e, level in shown if who.sees(level)]
    log_views(request, who, [(e.id, "event", level) for e, level in shown])
    return [_event(e, level) for e, level in shown]


@router.get("/events/{event_id}", response_model=EventDetail)
def event(request: Request, event_id: str, who: Reader = Depends(reader)):
    """The event's figures by source, with grades, revisions, conflicts and the consensus,
    counting only figures the reader may see."""
    view = event_view(state(request).store, who, event_id)
    data = to_json(view["result"])
    shown = [(view["event"].id, "event", view["level"])]
    shown += [
        (f["claim_id"], "claim", view["doc_levels"].get(f["document"], "confidential"))
        for m in data["measures"] for f in m["figures"]
    ]  # fmt: skip
    log_views(request, who, shown)
    return EventDetail(event=_event(view["event"], view["level"]), measures=data["measures"])


@router.get("/people", response_model=list[PersonOut])
def people(request: Request, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        levels = Levels(tx)
        shown = [(p, levels.person(p)) for p in tx.people()]
    shown = [(p, level) for p, level in shown if who.sees(level)]
    log_views(request, who, [(p.id, "person", level) for p, level in shown])
    return [
        PersonOut(id=p.id, name=p.name, names=list(p.names), sensitivity=level)
        for p, level in shown
    ]


@router.get("/people/{person_id}", response_model=PersonDetail)
def person(request: Request, person_id: str, who: Reader = Depends(reader)):
    view, level = visible_person(state(request).store, who, person_id)
    p = view.person
    log_views(request, who, [(p.id, "person", level)])
    postings = [
        PostingOut(id=x.id, organization=org.name, title=x.title, rank=x.rank,
                   start_date=x.start_date, end_date=x.end_date, status=x.status)
        for x, org, _cites in view.postings
    ]  # fmt: skip
    events = sorted({e.id for _i, _a, e, _c in view.involvements if e is not None})
    return PersonDetail(id=p.id, name=p.name, names=list(p.names), sensitivity=level,
                        postings=postings, events=events)  # fmt: skip


@router.get("/sources", response_model=list[SourceOut])
def sources(request: Request, who: Reader = Depends(reader)):
    return [
        SourceOut(id=s.id, name=s.name, kind=s.kind, reliability=s.reliability,
                  aliases=list(s.aliases),
                  affiliations=[f"{rel} {name}" for rel, name, _out in links if name])
        for s, links in sources_view(state(request).store)
    ]  # fmt: skip


@router.get("/search", response_model=list[HitOut])
def search(
    request: Request,
    who: Reader = Depends(reader),
    q: str = Query(..., min_length=1, max_length=500),
    kind: Kind | None = None,
    limit: int = Query(20, ge=1, le=100),
):
    """Records matching every word, best first, with a snippet ([ ] around the matches)."""
    hits = visible_hits(state(request).store, who, q, kind or "", limit)
    log_views(request, who, [(h.record_id, h.kind, level) for h, level in hits])
    return [
        HitOut(record_id=h.record_id, kind=h.kind, title=h.title, snippet=h.snippet,
               sensitivity=level)
        for h, level in hits
    ]  # fmt: skip


@router.get("/lists", response_model=list[VictimListOut])
def lists(request: Request, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        shown = [v for v in tx.victim_lists() if who.sees(v.sensitivity)]
    log_views(request, who, [(v.id, "victim_list", v.sensitivity) for v in shown])
    return [
        VictimListOut(id=v.id, name=v.name, filename=v.filename, records=v.records,
                      script=v.script, sensitivity=v.sensitivity)
        for v in shown
    ]  # fmt: skip


@router.get("/victims", response_model=list[VictimOut])
def victims(request: Request, who: Reader = Depends(reader)):
    """The canonical victims of the latest linkage run that the reader may see."""
    with state(request).store.read() as tx:
        if tx.latest_link_run() is None:
            return []
        levels = Levels(tx)
        shown = [(v, levels.victim(v)) for v in tx.victims()]
    shown = [(v, level) for v, level in shown if who.sees(level)]
    log_views(request, who, [(v.id, "victim", level) for v, level in shown])
    return [
        VictimOut(id=v.id, name=v.name, name_fa=v.name_fa, sex=v.sex, age=v.age, date=v.date,
                  place=v.place, lists=list(v.lists), sensitivity=level)
        for v, level in shown
    ]  # fmt: skip


__all__ = ["router"]
