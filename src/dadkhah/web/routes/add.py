"""Adding material: upload files or capture a URL (preserved, parsed, claims extracted) as a
background job (``web.jobs``) whose page shows each item's progress and outcome, and import a
victim list. Analysts and administrators only."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from dadkhah.access import SENSITIVITIES
from dadkhah.errors import DadkhahError, InputError
from dadkhah.evidence import IngestOptions
from dadkhah.link import import_list
from dadkhah.pipeline import ingest_and_parse
from dadkhah.web.context import Reader, WebState, check_csrf, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])
CHUNK = 1 << 20
# uploads wait here while they are preserved (not in the store's home, which ingest refuses)
UPLOADS = Path(tempfile.gettempdir()) / "dadkhah-uploads"


def _safe_name(name: str | None) -> str:
    base = Path(name or "upload").name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "upload"
    return base[:120]


def _receive(upload: UploadFile, folder: Path, max_bytes: int) -> Path:
    """Copy an upload to ``folder/<its SHA-256>/<its name>``: the same file uploaded again has
    the same origin, so it is recognised, not duplicated."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, suffix=".part")
    os.close(handle)
    tmp = Path(name)
    digest, size = hashlib.sha256(), 0
    with open(tmp, "wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                tmp.unlink()
                raise InputError(upload.filename or "upload", f"is over {max_bytes:,} bytes")
            digest.update(chunk)
            out.write(chunk)
    final = folder / digest.hexdigest()[:16] / _safe_name(upload.filename)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp.replace(final)
    return final


def _page(request, who, **values):
    defaults = {"sensitivities": SENSITIVITIES, "made": None, "error": None}
    return render(request, "add.html", who, **(defaults | values))


def _options(who: Reader, sensitivity: str, source: str, max_bytes: int) -> IngestOptions:
    if sensitivity not in SENSITIVITIES:
        raise InputError("sensitivity", f"is one of {', '.join(SENSITIVITIES)}")
    return IngestOptions(
        actor=who.user.name, sensitivity=sensitivity, source=source.strip() or None,
        max_bytes=max_bytes,
    )  # fmt: skip


@router.get("/add")
def add(request: Request, who: Reader = Depends(reader)):
    who.need_writer()
    return _page(request, who)


def _ingest_job(web: WebState, who: Reader, items, options: IngestOptions, title: str,
                cleanup=None) -> RedirectResponse:  # fmt: skip
    """Preserve and parse ``items`` ([(name shown, path or URL)]) one by one in a job, and
    send the reader to its page."""

    def work(job) -> dict:
        added = failed = 0
        for name, item in items:
            job.working_on(name)
            try:
                report, parsed = ingest_and_parse(web.store, [item], options)
            except DadkhahError as err:
                job.item({"name": name, "status": "failed", "message": str(err)})
                failed += 1
            else:
                by_doc = {p.document_id: p for p in parsed}
                for o in report.outcomes:
                    p = by_doc.get(o.document_id)
                    job.item({
                        "name": name, "status": o.status, "document": o.document_id,
                        "message": o.message, "parsed": p.status if p else None,
                        "title": p.title if p else None,
                    })  # fmt: skip
                    added += bool(o.document_id)
                    failed += not o.document_id
            job.item_done()
        return {"added": added, "failed": failed}

    job = web.jobs.start("add", who.user.name, title, options.sensitivity, work,
                         total=len(items), cleanup=cleanup)  # fmt: skip
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/add/files")
def add_files(
    request: Request,
    files: list[UploadFile] = File(...),
    sensitivity: str = Form("restricted"),
    source: str = Form(""),
    who: Reader = Depends(reader),
):
    who.need_writer()
    web = state(request)
    options = _options(who, sensitivity, source, web.store.settings.max_bytes)
    paths: list[Path] = []

    def cleanup() -> None:
        for p in paths:
            shutil.rmtree(p.parent, ignore_errors=True)

    try:
        for f in files:
            paths.append(_receive(f, UPLOADS, web.store.settings.max_bytes))
    except BaseException:
        cleanup()
        raise
    items = [(p.name, str(p)) for p in paths]
    title = ", ".join(p.name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
    return _ingest_job(web, who, items, options, title, cleanup)


@router.post("/add/url")
def add_url(
    request: Request,
    url: str = Form(...),
    sensitivity: str = Form("restricted"),
    source: str = Form(""),
    who: Reader = Depends(reader),
):
    who.need_writer()
    web = state(request)
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise InputError(url, "is not an http(s) URL")
    options = _options(who, sensitivity, source, web.store.settings.max_bytes)
    return _ingest_job(web, who, [(url, url)], options, url)


@router.post("/add/list")
def add_list(
    request: Request,
    file: UploadFile = File(...),
    name: str = Form(...),
    sensitivity: str = Form("restricted"),
    who: Reader = Depends(reader),
):
    who.need_writer()
    store = state(request).store
    if sensitivity not in SENSITIVITIES:
        raise InputError("sensitivity", f"is one of {', '.join(SENSITIVITIES)}")
    path = _receive(file, UPLOADS, store.settings.max_bytes)
    try:
        made = import_list(store, path, name, who.user.name, {}, sensitivity)
    except InputError as err:
        return _page(request, who, error=str(err))
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    return _page(request, who, made=made)
