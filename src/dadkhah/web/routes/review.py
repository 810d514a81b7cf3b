"""The review queue: accept, reject, mark, edit, in bulk, and undo; htmx swaps one row at a
time, and every form also works without JavaScript (a redirect back to the queue)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from dadkhah.errors import NotFound, StoreError
from dadkhah.extract import MEASURES, QUALIFIERS
from dadkhah.web.context import Reader, back, check_csrf, is_htmx, log_views, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

PAGE = 50
ACTIONS = {
    "accept": "accepted",
    "reject": "rejected",
    "work": "work_needed",
    "conflict": "conflict",
}
QUEUES = ("candidate", "work_needed", "accepted", "conflict", "rejected")
UNDO_DEPTH = 50


def visible_claim(tx, who: Reader, claim_id: str):
    claim = tx.get_claim(claim_id)
    if not who.sees(tx.get_document(claim.document_id).sensitivity):
        raise NotFound(f"no claim {claim_id}")
    return claim


def _row(request: Request, who: Reader, claim_id: str, undo: bool = False, error: str = ""):
    with state(request).store.read() as tx:
        claim = visible_claim(tx, who, claim_id)
        doc = tx.get_document(claim.document_id)
    log_views(request, who, [(claim.id, "claim", doc.sensitivity)])
    return render(
        request, "_claim_row.html", who, c=claim, doc=doc, undo=undo, error=error,
        editing=False,
    )  # fmt: skip


def _done(request: Request, who: Reader, claim_id: str, error: str = ""):
    if is_htmx(request):
        return _row(request, who, claim_id, undo=not error, error=error)
    return RedirectResponse(back(request, "/review"), status_code=303)


def _decide(request: Request, who: Reader, claim_id: str, status: str, note: str | None) -> None:
    with state(request).store.write(who.user.name) as tx:
        claim = visible_claim(tx, who, claim_id)
        tx.set_claim_status(claim_id, status, "web review", note=note or None)
    who.session.undo.append({"claim": claim_id, "status": claim.status,
                             "note": claim.status_note, "fields": {}})  # fmt: skip
    del who.session.undo[:-UNDO_DEPTH]


@router.get("/review")
def queue(
    request: Request, who: Reader = Depends(reader), status: str = "candidate", page: int = 1
):
    if status not in QUEUES:
        status = "candidate"
    page = max(1, page)
    with state(request).store.read() as tx:
        total = tx.claim_count(status, who.visible)
        claims = tx.claims(
            status=status, sensitivities=who.visible, limit=PAGE, offset=(page - 1) * PAGE
        )
        docs = {d.id: d for d in tx.documents(ids={c.document_id for c in claims})}
    log_views(request, who, [(c.id, "claim", docs[c.document_id].sensitivity) for c in claims])
    return render(
        request, "review.html", who, claims=claims, docs=docs, status=status, queues=QUEUES,
        page=page, pages=max(1, -(-total // PAGE)), total=total,
        can_undo=bool(who.session.undo),
    )  # fmt: skip


@router.post("/review/bulk")
def bulk(
    request: Request,
    action: str = Form(...),
    ids: list[str] = Form(default_factory=list),
    who: Reader = Depends(reader),
):
    who.need_writer()
    if action not in ("accept", "reject", "work"):
        raise StoreError(f"bulk action must be accept, reject or work, not {action!r}")
    for claim_id in ids:
        _decide(request, who, claim_id, ACTIONS[action], None)
    return RedirectResponse(back(request, "/review"), status_code=303)


@router.post("/review/undo")
def undo(request: Request, who: Reader = Depends(reader)):
    who.need_writer()
    if not who.session.undo:
        raise StoreError("nothing to undo in this session")
    last = who.session.undo.pop()
    claim_id = last["claim"]
    with state(request).store.write(who.user.name) as tx:
        visible_claim(tx, who, claim_id)
        if last["fields"]:
            tx.edit_claim(claim_id, "undone in web review", **last["fields"])
        current = tx.get_claim(claim_id)
        if current.status != last["status"] or current.status_note != last["note"]:
            if last["status"] == "candidate":
                tx.reopen_claim(claim_id, "undone in web review")
            else:
                tx.set_claim_status(claim_id, last["status"], "undone in web review", last["note"])
    if is_htmx(request):
        return _row(request, who, claim_id)
    return RedirectResponse(back(request, "/review"), status_code=303)


@router.get("/review/{claim_id}/row")
def row(request: Request, claim_id: str, who: Reader = Depends(reader)):
    return _row(request, who, claim_id)


@router.get("/review/{claim_id}/edit")
def edit_form(request: Request, claim_id: str, who: Reader = Depends(reader)):
    who.need_writer()
    with state(request).store.read() as tx:
        claim = visible_claim(tx, who, claim_id)
        doc = tx.get_document(claim.document_id)
    template = "_claim_row.html" if is_htmx(request) else "claim_edit.html"
    return render(
        request, template, who, c=claim, doc=doc, editing=True, undo=False, error="",
        measures=MEASURES, qualifiers=QUALIFIERS,
    )  # fmt: skip


@router.post("/review/{claim_id}/edit")
def edit(
    request: Request,
    claim_id: str,
    measure: str = Form(...),
    low: int = Form(...),
    high: int = Form(...),
    qualifier: str = Form(...),
    claimed_by: str = Form(""),
    credibility: str = Form(""),
    reason: str = Form("corrected in web review"),
    who: Reader = Depends(reader),
):
    who.need_writer()
    if credibility.strip() and credibility.strip() not in tuple("123456"):
        raise StoreError("credibility is 1 to 6 (the Admiralty scale)")
    changes = {"measure": measure, "low": low, "high": high, "qualifier": qualifier,
               "claimed_by": claimed_by.strip() or None,
               "credibility": int(credibility) if credibility.strip() else None}  # fmt: skip
    if measure not in MEASURES or qualifier not in QUALIFIERS:
        raise StoreError("unknown measure or qualifier")
    with state(request).store.write(who.user.name) as tx:
        claim = visible_claim(tx, who, claim_id)
        done = tx.edit_claim(claim_id, reason.strip() or "corrected in web review", **changes)
    if done:
        previous = {k: old for k, (old, _new) in done.items()}
        who.session.undo.append(
            {"claim": claim_id, "status": claim.status, "note": claim.status_note,
             "fields": previous}
        )  # fmt: skip
    return _done(request, who, claim_id)


@router.get("/claims/{claim_id}")
def claim(request: Request, claim_id: str, who: Reader = Depends(reader)):
    """A claim is read in its document: the page opens at its highlighted figure."""
    with state(request).store.read() as tx:
        found = visible_claim(tx, who, claim_id)
    return RedirectResponse(f"/documents/{found.document_id}#{found.id}", status_code=303)


# last: the other /review/{id}/... routes are matched before this one
@router.post("/review/{claim_id}/{action}")
def decide(
    request: Request,
    claim_id: str,
    action: str,
    note: str = Form(""),
    who: Reader = Depends(reader),
):
    who.need_writer()
    if action not in ACTIONS:
        raise NotFound(f"no review action {action!r}")
    try:
        _decide(request, who, claim_id, ACTIONS[action], note)
    except StoreError as err:
        if not is_htmx(request):
            raise
        return _done(request, who, claim_id, str(err))
    return _done(request, who, claim_id)
