"""Victim lists: the lists, their records as written, a linkage run started in the background
(a job, ``web.jobs``), the canonical victims of the latest run, and the clerical review of
uncertain pairs side by side."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from dadkhah.access import Levels, highest
from dadkhah.errors import InputError, NotFound
from dadkhah.link.run import run_linkage
from dadkhah.web.context import Reader, check_csrf, log_views, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])
SHOWN_RECORDS = 500


def visible_list(tx, who: Reader, ref: str):
    found = tx.get_victim_list(ref)
    if not who.sees(found.sensitivity):
        raise NotFound(f"no victim list {ref!r}")
    return found


def uncertain_pairs(store, who: Reader, limit: int = 50) -> tuple[list, dict]:
    """The latest run's undecided pairs in the uncertain band, both records visible:
    [(left, right, probability)], and list names by id."""
    with store.read() as tx:
        run = tx.latest_link_run()
        if run is None:
            return [], {}
        lists = {v.id: v for v in tx.victim_lists()}
        pairs = tx.link_run_parameters(run["id"]).get("uncertain", [])
        decided = tx.link_decisions()
        shown = []
        for a, b, p in pairs:
            if tuple(sorted((a, b))) in decided:
                continue
            left, right = tx.victim_record(a), tx.victim_record(b)
            if all(who.sees(lists[r.list_id].sensitivity) for r in (left, right)):
                shown.append((left, right, p))
            if len(shown) >= limit:
                break
    return shown, {i: v.name for i, v in lists.items()}


@router.get("/lists")
def lists(request: Request, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        shown = [v for v in tx.victim_lists() if who.sees(v.sensitivity)]
        run = tx.latest_link_run()
    log_views(request, who, [(v.id, "victim_list", v.sensitivity) for v in shown])
    return render(request, "lists.html", who, lists=shown, run=run)


@router.post("/lists/link")
def link_lists(
    request: Request,
    lists: list[str] = Form(default=[]),
    who: Reader = Depends(reader),
):
    """Start a linkage run of the chosen lists as a job; its page shows the progress."""
    who.need_writer()
    web = state(request)
    with web.store.read() as tx:
        chosen = [visible_list(tx, who, ref) for ref in dict.fromkeys(lists)]
    if not chosen:
        raise InputError("lists", "choose at least one list to link")
    ids = [v.id for v in chosen]
    actor = who.user.name

    def work(job) -> dict:
        run_id, result, used = run_linkage(web.store, ids, actor, on_step=job.step)
        lists_of: dict = {}
        for c in result.clusters:
            lists_of.setdefault(c["cluster_id"], set()).add(c["list"])
        return {
            "run": run_id, "records": len(result.clusters), "people": len(lists_of),
            "shared": sum(1 for on in lists_of.values() if len(on) > 1), "lists": len(used),
        }  # fmt: skip

    title = ", ".join(v.name for v in chosen)
    job = web.jobs.start("link", actor, title, highest(v.sensitivity for v in chosen), work)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/lists/review")
def review(request: Request, who: Reader = Depends(reader)):
    pairs, names = uncertain_pairs(state(request).store, who)
    return render(request, "link_review.html", who, pairs=pairs, names=names)


@router.post("/lists/review")
def decide(
    request: Request,
    left: str = Form(...),
    right: str = Form(...),
    same: str = Form(...),
    who: Reader = Depends(reader),
):
    who.need_writer()
    with state(request).store.write(who.user.name) as tx:
        for rid in (left, right):
            visible_list(tx, who, tx.victim_record(rid).list_id)
        tx.decide_pair(left, right, same == "yes", "clerical review (web)")
    return RedirectResponse("/lists/review", status_code=303)


@router.get("/lists/{list_id}")
def one_list(request: Request, list_id: str, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        found = visible_list(tx, who, list_id)
        records = tx.victim_records(found.id)
    log_views(request, who, [(found.id, "victim_list", found.sensitivity)])
    return render(
        request, "list.html", who, vlist=found, records=records[:SHOWN_RECORDS],
        more=max(0, len(records) - SHOWN_RECORDS),
    )  # fmt: skip


@router.get("/victims")
def victims(request: Request, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        if tx.latest_link_run() is None:
            shown, names = [], {}
        else:
            levels = Levels(tx)
            shown = [(v, levels.victim(v)) for v in tx.victims()]
            shown = [(v, level) for v, level in shown if who.sees(level)]
            names = {v.id: v.name for v in tx.victim_lists()}
    log_views(request, who, [(v.id, "victim", level) for v, level in shown])
    level = highest(level for _v, level in shown)
    return render(request, "victims.html", who, victims=shown, names=names, level=level)
