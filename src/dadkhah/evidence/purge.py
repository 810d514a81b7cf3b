"""Purge: remove the bytes of a document (a witness withdrew consent, material must not be kept).

The hash, the metadata and the custody history stay; the blob rows and the document are marked
purged with the reason, spans lose their quoted text, and a ``purged`` custody entry records
who did it and why. The bytes are deleted after the database commit, so a crash in between
leaves bytes that ``verify`` reports as still present and a second purge finishes the job.
Other documents that share the same bytes lose them too, and are marked purged with the same
reason (the report names them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dadkhah.errors import InputError
from dadkhah.evidence.blobs import BlobStore
from dadkhah.ids import blob_id
from dadkhah.store import Store


@dataclass
class PurgeResult:
    document_id: str
    documents: list[str] = field(default_factory=list)  # every document marked purged
    blobs: list[str] = field(default_factory=list)  # sha256 of every blob purged
    files_removed: int = 0
    spans_blanked: int = 0


def purge(store: Store, document_id: str, reason: str, actor: str) -> PurgeResult:
    """Remove a document's bytes (original and derived); raises NotFound or InputError."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError(document_id, "a purge needs a written --reason")
    result = PurgeResult(document_id)
    with store.write(actor) as tx:
        tx.get_document(document_id)  # NotFound before anything changes
        # every document that shares any of these bytes loses its own bytes too, and so on,
        # until no document marked purged keeps a byte of what was withdrawn
        shas: list[str] = []
        todo, seen_docs = [document_id], set()
        while todo:
            doc = tx.get_document(todo.pop())
            if doc.id in seen_docs:
                continue
            seen_docs.add(doc.id)
            for root in (doc.blob_sha256, doc.text_blob_sha256):
                if not root:
                    continue
                for sha in [root] + [b.sha256 for b in tx.derived_blobs(root)]:
                    if sha not in shas:
                        shas.append(sha)
            todo.extend(d.id for d in tx.documents_on_blobs(shas) if d.id not in seen_docs)
        for sha in shas:
            blob = tx.get_blob(sha)
            if blob is not None and not blob.purged:
                tx.mark_blob_purged(sha, reason)
                tx.log(
                    "purged",
                    blob_id(sha),
                    sha,
                    {"reason": reason, "document_id": document_id, "role": blob.role},
                )
        for other in tx.documents_on_blobs(shas):
            if other.purged:
                continue
            blanked = tx.mark_document_purged(other.id)
            result.spans_blanked += blanked
            tx.log(
                "purged",
                other.id,
                other.blob_sha256,
                {
                    "reason": reason,
                    "requested_for": document_id,
                    "blobs": [blob_id(s) for s in shas],
                    "spans_blanked": blanked,
                },
            )
            result.documents.append(other.id)
    result.blobs = shas
    blobs = BlobStore(store.settings.blob_dir)
    result.files_removed = sum(1 for sha in shas if blobs.remove(sha))
    return result
