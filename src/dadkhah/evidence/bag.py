"""Export documents as a BagIt bag (the Library of Congress ``bagit`` library).

    OUT/
      bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt, tagmanifest-*.txt
      data/README.txt                      how the bag is laid out and how to check it
      data/custody.jsonl                   every custody entry about the exported records
      data/documents/<doc-id>/document.json
      data/documents/<doc-id>/original/<file name>
      data/documents/<doc-id>/derived/<role>-<sha256 prefix><ext>

Blob bytes are re-hashed while they are copied: an altered blob is refused, not exported.
The bag is built beside OUT and renamed into place, so OUT is either complete or absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import bagit

from dadkhah import __version__
from dadkhah.errors import InputError, IntegrityError
from dadkhah.evidence.blobs import CHUNK, BlobStore
from dadkhah.ids import blob_id
from dadkhah.store import Store, now_iso

EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".xhtml",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/pdf": ".pdf",
    "application/warc": ".warc.gz",
    "application/json": ".json",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}

README = """This bag was exported by dadkhah {version} on {date}.

Each folder under documents/ holds one preserved document:
  document.json  what dadkhah recorded: origin, capture details, sensitivity, the SHA-256 of
                 every blob, and the ids of the custody entries that concern it
  original/      the bytes exactly as captured (absent when the document was purged)
  derived/       files made from the original (a WARC of the web capture, extracted text)

custody.jsonl holds the custody entries about these documents, their blobs and sources, in
order. Each entry's "hash" is SHA-256 over its "prev_hash", a newline and the canonical JSON
(sorted keys, no spaces, UTF-8) of seq, time, actor, action, object_id, object_hash, details.
The custody head of the whole log at export time is in bag-info.txt (Dadkhah-Custody-Head).

Check the bag with: bagit.py --validate <this folder>
"""


@dataclass
class BagResult:
    path: Path
    documents: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0


def safe_name(name: str | None, media_type: str) -> str:
    """A file name for an original inside a bag: its own base name, made safe, or a generic
    one with the extension of its media type."""
    base = os.path.basename(name or "")
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")[:120]
    if not base:
        base = "original" + EXTENSIONS.get(media_type, ".bin")
    return base


def copy_checked(blobs: BlobStore, sha256: str, dest: Path) -> int:
    """Copy a blob to ``dest`` while hashing it; raises IntegrityError (and exports nothing
    further) when the bytes no longer match their SHA-256. Returns the bytes copied."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(blobs.path(sha256), "rb") as src, open(dest, "wb") as out:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if digest.hexdigest() != sha256:
        raise IntegrityError(
            f"blob {sha256} at {blobs.path(sha256)} no longer matches its hash; run "
            "`dadkhah verify` — altered evidence is not exported"
        )
    return size


def export_bag(store: Store, out: Path, document_ids: list[str] | None, actor: str) -> BagResult:
    """Write a bag of the given documents (all when None) to ``out``."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(str(out), "already exists and is not an empty folder; choose a new path")
    blobs = BlobStore(store.settings.blob_dir)
    staging = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    result = BagResult(out)
    try:
        staging.mkdir(parents=True)
        with store.read() as tx:
            docs = tx.documents(document_ids) if document_ids else tx.documents()
            if document_ids:
                missing = sorted(set(document_ids) - {d.id for d in docs})
                if missing:
                    raise InputError(", ".join(missing), "no such document")
            head = tx.head()
            concerned: set[str] = set()
            for doc in docs:
                folder = staging / "documents" / doc.id
                shas = [doc.blob_sha256] + [b.sha256 for b in tx.derived_blobs(doc.blob_sha256)]
                if doc.text_blob_sha256 and doc.text_blob_sha256 not in shas:
                    shas.append(doc.text_blob_sha256)
                files = []
                for sha in shas:
                    blob = tx.get_blob(sha)
                    entry = {
                        "blob": blob_id(sha),
                        "sha256": sha,
                        "size": blob.size,
                        "media_type": blob.media_type,
                        "role": blob.role,
                        "file": None,
                    }
                    if not blob.purged:
                        if sha == doc.blob_sha256:
                            rel = Path("original") / safe_name(
                                doc.original_filename, blob.media_type
                            )
                        else:
                            rel = (
                                Path("derived")
                                / f"{blob.role}-{sha[:12]}{EXTENSIONS.get(blob.media_type, '.bin')}"
                            )
                        result.bytes += copy_checked(blobs, sha, folder / rel)
                        result.files += 1
                        entry["file"] = rel.as_posix()
                    else:
                        entry["purged_at"] = blob.purged_at
                    files.append(entry)
                    concerned.add(blob_id(sha))
                concerned.add(doc.id)
                source = tx.get_source(doc.source_id) if doc.source_id else None
                if source:
                    concerned.add(source.id)
                entries = tx.custody_for([doc.id, *(blob_id(s) for s in shas)])
                meta = {
                    "document": doc.__dict__,
                    "source": source.__dict__ if source else None,
                    "blobs": files,
                    "custody_entries": [e.id for e in entries],
                }
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "document.json").write_text(
                    json.dumps(meta, indent=2, ensure_ascii=False, default=list), encoding="utf-8"
                )
                result.documents.append(doc.id)
            custody = tx.custody_for(concerned)
        with open(staging / "custody.jsonl", "w", encoding="utf-8") as fh:
            for entry in custody:
                fh.write(json.dumps(entry.as_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        (staging / "README.txt").write_text(
            README.format(version=__version__, date=now_iso()), encoding="utf-8"
        )
        bag = bagit.make_bag(
            str(staging),
            {
                "Source-Organization": "dadkhah",
                "Bag-Software-Agent": f"dadkhah {__version__}",
                "External-Description": f"{len(result.documents)} preserved document(s) with "
                "their custody entries",
                "Dadkhah-Custody-Head": str(head),
                "Dadkhah-Exported-By": actor,
            },
            checksums=["sha256", "sha512"],
        )
        bag.validate()
        if out.exists():
            out.rmdir()
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    tagmanifest = hashlib.sha256((out / "tagmanifest-sha256.txt").read_bytes()).hexdigest()
    with store.write(actor) as tx:
        for doc_id in result.documents:
            doc = tx.get_document(doc_id)
            tx.log(
                "exported",
                doc_id,
                doc.blob_sha256,
                {"format": "bagit", "path": str(out.absolute()), "tagmanifest_sha256": tagmanifest},
            )
    return result
