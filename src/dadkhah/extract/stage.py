"""The extract stage: a parsed document's stored text to candidate claims in the store.

Each claim is recorded with two spans of the document's text: the figure as written ("at
least 304") and its sentence. Running it again with the same extractor (rules and lexicons
unchanged) changes nothing; with a new one, the document's candidate claims are replaced (the
custody entry lists the ids taken away) while claims an analyst reviewed stay.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dadkhah.errors import DadkhahError
from dadkhah.evidence import BlobStore
from dadkhah.extract.claims import EXTRACTOR, Claim, extract_claims
from dadkhah.extract.entities_hook import entities_for
from dadkhah.ids import blob_id
from dadkhah.parse.core import FORK_SERVER_PRELOAD
from dadkhah.store import Store
from dadkhah.store.sources import SourceIndex


def extractor_id() -> str:
    """The rules' version plus a digest of the lexicons and gazetteers they read."""
    digest = hashlib.sha256()
    root = resources.files("dadkhah.extract")
    for folder in ("lexicons", "gazetteers"):
        path = root / folder
        if not path.is_dir():
            continue
        for f in sorted(path.iterdir(), key=lambda f: f.name):
            if f.name.endswith(".toml"):
                digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return f"{EXTRACTOR}+data-{digest.hexdigest()[:10]}"


@dataclass(frozen=True)
class ExtractOutcome:
    document_id: str
    status: str  # extracted, unchanged, skipped, failed
    claims: int = 0
    message: str = ""


def extract_documents(
    store: Store,
    document_ids: Iterable[str] | None,
    actor: str,
    force: bool = False,
    on_item: Callable[[ExtractOutcome], None] | None = None,
) -> list[ExtractOutcome]:
    """Extract candidate claims from parsed documents (all when None)."""
    wanted = extractor_id()
    with store.read() as tx:
        docs = tx.documents(list(document_ids)) if document_ids is not None else tx.documents()
    blobs = BlobStore(store.settings.blob_dir)
    outcomes: list[ExtractOutcome] = []

    def done(outcome: ExtractOutcome) -> None:
        outcomes.append(outcome)
        if on_item:
            on_item(outcome)

    jobs = []
    with store.read() as tx:
        for doc in docs:
            early = _check(doc, wanted, force)
            if early is not None:
                done(early)
                continue
            paragraphs = [(p.start, p.end, p.language) for p in tx.paragraphs(doc.id)]
            pages = [(p.number, p.start, p.end) for p in tx.pages(doc.id)]
            path = str(blobs.path(doc.text_blob_sha256))
            args = (path, paragraphs, doc.publisher, doc.published_date, doc.language)
            jobs.append((doc, pages, args))
    processes = store.settings.worker_processes if len(jobs) >= PARALLEL_FROM else 1
    batch: list = []
    for doc, pages, result in _run(jobs, processes):
        batch.append((doc, pages, result))
        if len(batch) >= BATCH:
            for outcome in _record(store, actor, wanted, batch):
                done(outcome)
            batch = []
    for outcome in _record(store, actor, wanted, batch):
        done(outcome)
    return outcomes


BATCH = 32  # documents recorded per transaction
PARALLEL_FROM = 16  # documents: fewer are read in this process, more by one worker per core


def _check(doc, wanted: str, force: bool) -> ExtractOutcome | None:
    if doc.purged:
        return ExtractOutcome(doc.id, "skipped", message="purged")
    if doc.parse_status != "ok" or not doc.text_blob_sha256:
        return ExtractOutcome(doc.id, "skipped", message="not parsed")
    if doc.extractor == wanted and not force:
        return ExtractOutcome(doc.id, "unchanged", message="already extracted by this version")
    return None


def claims_of(path: str, paragraphs, publisher, published, language):
    """What a worker does for one document: its text's claims, or the problem as a string."""
    try:
        data = Path(path).read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return f"its text cannot be read: {err}"
    if hashlib.sha256(data).hexdigest() != Path(path).name:
        return "its text no longer matches its hash; run `dadkhah verify`"
    blocks = [_Block(a, b, lang) for a, b, lang in paragraphs]
    try:
        claims = extract_claims(
            text,
            paragraphs=blocks or None,
            publisher=publisher,
            published=published,
            entities=entities_for(text, language),
        )
    except (DadkhahError, ValueError, RecursionError) as err:
        return f"extraction failed: {err}"
    return text, claims


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    language: str | None


def _run(jobs: list, processes: int):
    """(document, result) for each job, in order; in worker processes when there are many."""
    if processes <= 1:
        for doc, pages, args in jobs:
            yield doc, pages, claims_of(*args)
        return
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(FORK_SERVER_PRELOAD))
    with ProcessPoolExecutor(processes, mp_context=ctx) as pool:
        futures = [(doc, pages, pool.submit(claims_of, *args)) for doc, pages, args in jobs]
        for doc, pages, future in futures:
            try:
                yield doc, pages, future.result()
            except Exception as err:  # a worker that died takes its documents with it
                yield doc, pages, f"extraction failed: {type(err).__name__}: {err}"


def _record(store: Store, actor: str, wanted: str, batch: list) -> list[ExtractOutcome]:
    """Record the claims of several documents in one transaction."""
    outcomes = []
    if not batch:
        return outcomes
    with store.write(actor) as tx, tx.batch():
        tx.preload_documents(doc.id for doc, _p, _r in batch)
        registry = SourceIndex(tx.sources())
        for doc, pages, result in batch:
            if isinstance(result, str):
                outcomes.append(ExtractOutcome(doc.id, "failed", message=result))
                continue
            text, claims = result

            def page(offset: int, pages=pages) -> int | None:
                return next((n for n, a, b in pages if a <= offset < b), None)

            rows = [
                _row(c, text, page, _id(registry.by_name(c.claimed_by)), doc.publisher_id)
                for c in claims
            ]
            # as the database says now: another run may have extracted it meanwhile
            fresh = tx.get_document(doc.id).extractor is None
            ids, removed = tx.replace_candidate_claims(doc.id, wanted, rows, fresh=fresh)
            tx.update_document(doc.id, {"extractor": wanted})
            tx.log(
                "extracted",
                doc.id,
                doc.blob_sha256,
                {
                    "extractor": wanted,
                    "text": blob_id(doc.text_blob_sha256),
                    "claims": ids,
                    "replaced": removed,
                },
            )
            outcomes.append(ExtractOutcome(doc.id, "extracted", len(ids)))
    return outcomes


def _id(source) -> str | None:
    return source.id if source is not None else None


def _row(c: Claim, text: str, page, source_id, publisher_id) -> dict:
    return {
        "start": c.start,
        "end": c.end,
        "text": text[c.start : c.end],
        "page": page(c.start),
        "context": {
            "start": c.sentence_start,
            "end": c.sentence_end,
            "text": text[c.sentence_start : c.sentence_end],
            "page": page(c.sentence_start),
        },
        "revision_index": c.revision_of,
        "measure": c.measure,
        "low": c.low,
        "high": c.high,
        "qualifier": c.qualifier,
        "vague_word": c.vague_word,
        "claimed_by": c.claimed_by,
        "claimed_by_source_id": source_id,
        "attribution": c.attribution,
        "reported_by_source_id": publisher_id,
        "event_date": c.date,
        "place": c.place,
        "date_claimed": c.date_claimed,
        "subgroup": c.subgroup,
        "event_hint": c.event_hint,
        "language": c.language,
    }
