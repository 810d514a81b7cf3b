"""Numbered citations: each statement of a dossier points at the exact source it rests on.

A citation names the document (title, publisher, date), quotes the span (marking the figure
inside its sentence when there is one) with its offsets into the document's stored text and
its page, and gives the SHA-256 of the original and of the stored text and the custody entry
(sequence number and hash) that captured the document. A citation of an analyst's written
reason names the analyst and the date instead.

In a public dossier a restricted or confidential document is cited by the SHA-256 of its
original and its date only: title, publisher and file name are withheld and its quotes too;
the redaction log records each.
"""

from __future__ import annotations

from dadkhah.access import highest
from dadkhah.report.redact import Redactor
from dadkhah.store import SENSITIVITIES as LEVELS
from dadkhah.store import Tx
from dadkhah.store.records import CitationRecord, DocumentRecord, SpanRecord

CAPTURE_ACTIONS = ("captured", "ingested")


class Citations:
    """The dossier's citations in order of first use; ``add_*`` return the number."""

    def __init__(self, tx: Tx, redactor: Redactor):
        self._tx = tx
        self._redactor = redactor
        self.items: list[dict] = []
        self._by_key: dict[tuple, int] = {}
        self._docs: dict[str, DocumentRecord] = {}

    # ---- documents ----------------------------------------------------------------------------
    def documents(self, ids) -> dict[str, DocumentRecord]:
        """Documents by id, read once each."""
        missing = sorted(set(ids) - set(self._docs))
        if missing:
            self._docs.update((d.id, d) for d in self._tx.documents(ids=missing))
        return {i: self._docs[i] for i in ids if i in self._docs}

    def level_of(self, doc_id: str | None) -> str:
        if doc_id is None:
            return "public"
        doc = self.documents([doc_id]).get(doc_id)
        return doc.sensitivity if doc else "confidential"  # unknown: assume the worst

    def level(self, numbers) -> str:
        """The highest sensitivity among the documents these citations cite."""
        return highest(self.items[n - 1]["level"] for n in numbers)

    # ---- adding -------------------------------------------------------------------------------
    def _add(self, key: tuple, item: dict) -> int:
        found = self._by_key.get(key)
        if found:
            return found
        item["n"] = len(self.items) + 1
        item["level"] = self.level_of(item.get("document_id"))
        self.items.append(item)
        self._by_key[key] = item["n"]
        return item["n"]

    def span(self, span: SpanRecord, context: SpanRecord | None = None) -> int:
        """A span of a document's stored text; ``context`` is the sentence around it."""
        quote = span.text or ""
        before = after = ""
        if context is not None and context.text and context.start <= span.start:
            i, j = span.start - context.start, span.end - context.start
            if context.text[i:j] == quote:
                before, after = context.text[:i], context.text[j:]
        return self._add(
            ("span", span.id),
            {"kind": "span", "document_id": span.document_id, "span_id": span.id,
             "start": span.start, "end": span.end, "page": span.page,
             "quote": quote, "before": before, "after": after},
        )  # fmt: skip

    def record(self, c: CitationRecord) -> int:
        """A stored citation of a fact: its span, or the analyst's written reason."""
        if c.span is not None:
            return self.span(c.span)
        return self._add(
            ("reason", c.id),
            {"kind": "reason", "document_id": None, "reason": c.reason,
             "created_by": c.created_by, "created_at": c.created_at[:10]},
        )  # fmt: skip

    def records(self, record_id: str) -> list[int]:
        """Every citation of a stored fact, numbered."""
        return [self.record(c) for c in self._tx.citations(record_id)]

    def document(self, doc_id: str, note: str) -> int:
        """A whole document (a victim list's file), with a note on what it supports."""
        return self._add(("document", doc_id), {"kind": "document", "document_id": doc_id,
                                                "note": note})  # fmt: skip

    # ---- finishing ----------------------------------------------------------------------------
    def resolve(self) -> list[dict]:
        """Fill in each cited document, its hashes and capture entry; redact for the public."""
        doc_ids = {c["document_id"] for c in self.items if c["document_id"]}
        docs = self.documents(doc_ids)
        captures: dict[str, object] = {}
        for entry in self._tx.custody_for(sorted(doc_ids)):
            if entry.action in CAPTURE_ACTIONS and entry.object_id not in captures:
                captures[entry.object_id] = entry
        sources = {}
        for c in self.items:
            doc = docs.get(c["document_id"]) if c["document_id"] else None
            if doc is None:
                continue
            publisher = doc.publisher
            if not publisher and doc.publisher_id:
                if doc.publisher_id not in sources:
                    sources[doc.publisher_id] = self._tx.get_source(doc.publisher_id).name
                publisher = sources[doc.publisher_id]
            entry = captures.get(doc.id)
            c.update(
                title=doc.title or doc.original_filename or doc.origin,
                publisher=publisher or doc.republished_from,
                date=doc.published_date,
                captured=doc.captured_at[:10],
                filename=doc.original_filename,
                media_type=doc.media_type,
                sha256=doc.blob_sha256,
                text_sha256=doc.text_blob_sha256,
                custody_seq=entry.seq if entry else None,
                custody_hash=entry.hash if entry else None,
                custody_action=entry.action if entry else None,
                withheld=False,
            )
            if self._redactor.public and c["level"] != "public":
                self._withhold(c, doc)
        return self.items

    def _withhold(self, c: dict, doc: DocumentRecord) -> None:
        level = doc.sensitivity if doc.sensitivity in LEVELS else "confidential"
        self._redactor.note(
            "document", doc.id, f"citation {c['n']}",
            f"{level} document: cited by hash and date only",
            withheld=["title", "publisher", "file name"],
        )  # fmt: skip
        if c.get("quote") or c.get("before") or c.get("after"):
            self._redactor.note(
                "quote", c.get("span_id") or doc.id, f"citation {c['n']}",
                f"quote from a {level} document withheld",
                document=doc.id, start=c.get("start"), end=c.get("end"),
            )  # fmt: skip
        c.update(title=None, publisher=None, filename=None, quote="", before="", after="",
                 note=None, withheld=True)  # fmt: skip
