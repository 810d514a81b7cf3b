"""Citations that point into preserved text: find a quote in a document's stored text."""

from __future__ import annotations

import hashlib
import unicodedata

from dadkhah.errors import InputError, IntegrityError, NotFound
from dadkhah.evidence import BlobStore
from dadkhah.store import DocumentRecord, Store


def document_text(store: Store, doc: DocumentRecord) -> str:
    """The document's stored text, its hash checked against the one recorded."""
    if not doc.text_blob_sha256:
        raise InputError(doc.id, "has no stored text yet (run dadkhah parse)")
    if doc.purged:
        raise InputError(doc.id, "was purged; its text is gone")
    data = BlobStore(store.settings.blob_dir).path(doc.text_blob_sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != doc.text_blob_sha256:
        raise IntegrityError(f"{doc.id}: its stored text does not match its hash (run verify)")
    return data.decode("utf-8")


def find_document(store: Store, ref: str) -> DocumentRecord:
    """A document by id, by the SHA-256 of its original, or by the file name it came from."""
    with store.read() as tx:
        return find_document_in(tx.documents(), ref)


def find_document_in(docs: list[DocumentRecord], ref: str) -> DocumentRecord:
    ref = ref.strip()
    for d in docs:
        if ref in (d.id, d.blob_sha256, f"blob-{d.blob_sha256}"):
            return d
    named = [
        d for d in docs if ref in (d.original_filename, d.origin) or d.origin.endswith("/" + ref)
    ]
    if len(named) > 1:
        raise InputError(ref, f"names {len(named)} documents; give a document id")
    if not named:
        raise NotFound(f"no document {ref!r} (give a doc- id, a SHA-256 or the file name)")
    return named[0]


def quote_citation(store: Store, document: str, quote: str, occurrence: int = 1) -> dict:
    """A citation of ``quote`` (its ``occurrence``-th appearance) in a document's stored text:
    ``{"document_id", "start", "end", "text"}``; InputError when the text does not hold it."""
    doc = find_document(store, document)
    body = document_text(store, doc)
    wanted = unicodedata.normalize("NFC", " ".join(quote.split()))
    if not wanted:
        raise InputError(doc.id, "an empty quote cites nothing")
    # whitespace in the stored text may differ from the quote's (line breaks in a PDF)
    flat, where = [], []
    space = False
    for i, ch in enumerate(body):
        if ch.isspace():
            if not space:
                flat.append(" ")
                where.append(i)
            space = True
        else:
            flat.append(ch)
            where.append(i)
            space = False
    flat_text = "".join(flat)
    at = -1
    for _ in range(max(1, occurrence)):
        at = flat_text.find(wanted, at + 1)
        if at == -1:
            raise InputError(doc.id, f"its text does not contain the quote {quote[:60]!r}")
    start, end = where[at], where[at + len(wanted) - 1] + 1
    return {"document_id": doc.id, "start": start, "end": end, "text": body[start:end]}


def reindex_search(store: Store, actor: str) -> int:
    """Rebuild the full-text index from what the store holds: each parsed document's text,
    every claim with its sentence, events, people and organisations. For a store whose records
    came before the index did; returns the number of records indexed."""
    rows = []
    with store.read() as tx:
        docs = [d for d in tx.documents() if d.text_blob_sha256 and not d.purged]
        for c in tx.claims():
            figure = f"{c.measure} {c.low}" + (f"–{c.high}" if c.high != c.low else "")
            title = figure + (f" ({c.claimed_by})" if c.claimed_by else "")
            rows.append((c.id, "claim", title, (c.context or c.span).text))
        for e in tx.events():
            rows.append((e.id, "event", e.title, " ".join(
                [e.description or "", *(p["name"] for p in e.places)])))  # fmt: skip
        for p in tx.people():
            rows.append((p.id, "person", p.name, " ".join(n["name"] for n in p.names)))
        for o in tx.organizations():
            rows.append((o.id, "organization", o.name, " ".join(o.aliases)))
    for d in docs:
        rows.append((d.id, "document", d.title or d.original_filename, document_text(store, d)))
    with store.write(actor) as tx:
        for i in range(0, len(rows), 500):
            tx.index_search_many(rows[i : i + 500])
    return len(rows)
