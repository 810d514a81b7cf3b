"""Estimates: how many people in all, from the overlap of the linked lists (multiple systems
estimation on the latest linkage run), with the interval and the charts. Each user's last
result is kept in this process's memory (a restart forgets it) and can be downloaded as the
JSON record ``dadkhah estimate --format json`` prints."""

from __future__ import annotations

import hashlib
import json
import re

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from dadkhah.access import highest
from dadkhah.errors import EstimateError, InputError, NotFound
from dadkhah.estimate import METHODS, EstimateOptions, Histories, draw_plots, estimate
from dadkhah.link.run import histories
from dadkhah.store import now_iso
from dadkhah.web.context import Reader, check_csrf, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


def latest_histories(store, who: Reader):
    """(list names, rows, sensitivity) of the latest run; NotFound when there is none or the
    reader may not see every list it links."""
    with store.read() as tx:
        run = tx.latest_link_run()
        if run is None:
            raise NotFound("no linkage run yet: link the lists first (dadkhah link run)")
        level = highest(tx.get_victim_list(i).sensitivity for i in run["lists"])
    if not who.sees(level):
        raise NotFound("no linkage run you may see")
    names, rows = histories(store)
    return names, rows, level


def run_estimate(store, names, rows, method: str, seed: int | None):
    table = Histories.from_patterns(
        names, [[r[n] for n in names] for r in rows], [r["count"] for r in rows], "latest run"
    )
    return estimate(table, EstimateOptions(method=method, seed=seed))


def _folder(web, who: Reader):
    """Where the reader's charts are drawn (named by a hash: any account name is safe)."""
    return web.charts / "estimate" / hashlib.sha256(who.user.name.encode()).hexdigest()[:16]


def _last(web, who: Reader) -> dict:
    """The reader's last estimate; NotFound when there is none they may still see."""
    last = web.estimates.get(who.user.name)
    if not last or not who.sees(last["level"]):
        raise NotFound("no estimate of yours yet: run one on the estimates page")
    return last


@router.get("/estimates")
def estimates(request: Request, who: Reader = Depends(reader)):
    web = state(request)
    try:
        names, rows, level = latest_histories(web.store, who)
    except NotFound as err:
        return render(request, "estimates.html", who, names=[], rows=[], last=None,
                      methods=METHODS, problem=str(err))  # fmt: skip
    return render(
        request, "estimates.html", who, names=names, rows=rows, level=level, methods=METHODS,
        last=web.estimates.get(who.user.name), problem=None,
    )  # fmt: skip


@router.post("/estimates")
def estimates_run(
    request: Request,
    method: str = Form("loglinear"),
    seed: str = Form("1398"),
    who: Reader = Depends(reader),
):
    web = state(request)
    names, rows, level = latest_histories(web.store, who)
    who.need_writer()
    if method not in METHODS:
        raise InputError("method", f"is one of {', '.join(METHODS)}")
    seed_value = int(seed) if seed.strip().isdigit() else None
    try:
        est = run_estimate(web.store, names, rows, method, seed_value)
    except EstimateError as err:
        return render(
            request, "estimates.html", who, status_code=400, names=names, rows=rows,
            level=level, methods=METHODS, last=web.estimates.get(who.user.name), problem=str(err),
        )  # fmt: skip
    folder = _folder(web, who)
    with web.draw_lock:
        for old in folder.glob("*") if folder.is_dir() else []:
            old.unlink()
        charts = [p.name for p in draw_plots(est, folder) if p.suffix == ".png"]
    web.estimates[who.user.name] = {"est": est, "charts": charts, "level": level,
                                    "when": now_iso(), "by": who.user.name}  # fmt: skip
    return RedirectResponse("/estimates", status_code=303)


@router.get("/estimates/result.json")
def estimate_json(request: Request, who: Reader = Depends(reader)):
    """The reader's last estimate as a JSON file: the keys of ``dadkhah estimate --format
    json``, its ``plots`` being the charts' paths on this site."""
    last = _last(state(request), who)
    record = last["est"].to_json()
    record["plots"] = [f"/estimates/chart/{name}" for name in last["charts"]]
    body = json.dumps(record, ensure_ascii=False, indent=2, default=str)
    name = re.sub(r"[^\w.-]+", "-", f"estimate-{record['method']}-{last['when'][:19]}.json")
    return Response(
        body.encode("utf-8"), media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


@router.get("/estimates/chart/{name}")
def estimate_chart(request: Request, name: str, who: Reader = Depends(reader)):
    web = state(request)
    last = web.estimates.get(who.user.name)
    if (
        not last
        or name not in last["charts"]
        or not who.sees(last["level"])
        or not re.fullmatch(r"[\w.-]+\.png", name)
    ):
        raise NotFound(f"no chart {name}")
    return FileResponse(_folder(web, who) / name, media_type="image/png")
