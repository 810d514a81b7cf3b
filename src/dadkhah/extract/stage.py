"""The extract stage: a parsed document's stored text to candidate claims in the store.

Each claim is recorded with two spans of the document's text: the figure as written ("at
least 304") and its sentence. Running it again with the same extractor (rules and lexicons
unchanged) changes nothing; with a new one, the document's candidate claims are replaced (the
custody entry lists the ids taken away) while claims an analyst reviewed stay.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from dadkhah.errors import DadkhahError
from dadkhah.evidence import BlobStore
from dadkhah.extract.claims import EXTRACTOR, Claim, extract_claims
from dadkhah.extract.entities_hook import entities_for
from dadkhah.ids import blob_id
from dadkhah.store import Store


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
    outcomes = []
    for doc in docs:
        outcome = _one(store, blobs, doc, actor, wanted, force)
        outcomes.append(outcome)
        if on_item:
            on_item(outcome)
    return outcomes


def _one(store: Store, blobs: BlobStore, doc, actor: str, wanted: str, force: bool):
    if doc.purged:
        return ExtractOutcome(doc.id, "skipped", message="purged")
    if doc.parse_status != "ok" or not doc.text_blob_sha256:
        return ExtractOutcome(doc.id, "skipped", message="not parsed")
    if doc.extractor == wanted and not force:
        return ExtractOutcome(doc.id, "unchanged", message="already extracted by this version")
    try:
        text = blobs.path(doc.text_blob_sha256).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return ExtractOutcome(doc.id, "failed", message=f"its text cannot be read: {err}")
    with store.read() as tx:
        paragraphs = tx.paragraphs(doc.id)
        pages = tx.pages(doc.id)
    try:
        claims = extract_claims(
            text,
            paragraphs=paragraphs,
            publisher=doc.publisher,
            published=doc.published_date,
            entities=entities_for(text, doc.language),
        )
    except (DadkhahError, ValueError, RecursionError) as err:
        return ExtractOutcome(doc.id, "failed", message=f"extraction failed: {err}")

    def page(offset: int) -> int | None:
        return next((p.number for p in pages if p.start <= offset < p.end), None)

    with store.write(actor) as tx:
        sources = {}
        rows = []
        for c in claims:
            if c.claimed_by and c.claimed_by not in sources:
                found = tx.find_source(c.claimed_by, by_id=False)
                sources[c.claimed_by] = found.id if found else None
            rows.append(_row(c, text, page, sources.get(c.claimed_by), doc.publisher_id))
        ids, removed = tx.replace_candidate_claims(doc.id, wanted, rows)
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
    return ExtractOutcome(doc.id, "extracted", len(ids))


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
