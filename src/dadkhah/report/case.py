"""A case file: an event's dossier with everything it cites, as a BagIt bag.

    OUT/  bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt, tagmanifest-*
      data/README.txt                 how to verify the bag and each citation by hash
      data/verify.py                  the same checks as a script (Python standard library only)
      data/dossier/dossier.html, dossier.pdf
      data/citations.json             every numbered citation: document, offsets, hashes, entry
      data/custody.jsonl              the custody entries about the cited documents
      data/custody-head.txt           the head of the whole custody log at export time
      data/documents/<doc-id>/document.json
      data/documents/<doc-id>/original/<file name>
      data/documents/<doc-id>/derived/text-<sha256 prefix>.txt

A public case (``public=True``) holds the public dossier, and the files of public documents
only; a restricted or confidential document is described by its hashes and date, and the
details of its custody entries are withheld (their hashes stay). A public document whose text
names a protected person is described, not included. Every text file of a public bag is
checked for protected names before the bag is written. The bag is built beside OUT and
renamed into place; ``exported`` custody entries follow (the dossier, the case, each document).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import bagit

from dadkhah import __version__
from dadkhah.errors import InputError
from dadkhah.evidence import EXTENSIONS, BlobStore, copy_checked, safe_name
from dadkhah.report.dossier import Dossier, ReportOptions
from dadkhah.report.event import event_dossier
from dadkhah.report.render import render_html, render_pdf
from dadkhah.report.write import export_details
from dadkhah.store import CustodyRecord, Store

TEXT_SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".py")

README = """Case file: {title}
Event {event}. Exported by dadkhah {version} on {date}{public}.

WHAT IS HERE
  dossier/dossier.html, dossier.pdf   the dossier: every statement carries numbered citations
  citations.json     each citation: document id, character offsets, page, quote, the SHA-256 of
                     the original and of the stored text, and the custody entry that captured it
  documents/<id>/    one folder per cited document: document.json (what dadkhah recorded),
                     original/ (the bytes as captured) and derived/ (the stored text that the
                     citations' offsets index)
  custody.jsonl      the custody entries about these documents, oldest first
  custody-head.txt   the head (entries:hash) of the whole custody log when the bag was made
  verify.py          the checks below as one script: python3 verify.py (run in this folder)
{withheld}
1. CHECK THE BAG
  bagit.py --validate <this bag's folder>
  (bagit is the Library of Congress tool: pip install bagit). It re-hashes every file against
  manifest-sha256.txt and manifest-sha512.txt, so nothing was added, removed or changed.

2. CHECK EACH CITATION BY HASH
  For citation n in citations.json, with document id D:
  - sha256sum documents/D/original/*     must print the citation's "sha256";
  - sha256sum documents/D/derived/text-* must print its "text_sha256" (for a plain-text
    original the stored text is the original itself);
  - the quote is the stored text's characters from "start" to "end" (Unicode code points, not
    bytes):
      python3 -c "import sys; t=open(sys.argv[1], encoding='utf-8').read();
                  print(t[int(sys.argv[2]):int(sys.argv[3])])" FILE START END
  - the line of custody.jsonl whose "seq" is the citation's "custody_seq" must have the
    citation's "custody_hash" and name the document (object_id) and the original's SHA-256.

3. CHECK THE CUSTODY ENTRIES
  Each entry's "hash" is SHA-256 over its "prev_hash", a newline ("\\n") and the canonical JSON
  (keys sorted, no spaces, UTF-8, non-ASCII kept) of its seq, time, actor, action, object_id,
  object_hash and details. The entries here are those about the cited documents, so they are
  not consecutive; each one's hash can be recomputed, and the holder of the full log can show
  that the chain links them to the head in custody-head.txt (dadkhah verify --expect HEAD).
  Record that head elsewhere: a later log that no longer reaches it was altered.
"""

PUBLIC_NOTE = """
THIS IS THE PUBLIC VERSION
  Protected persons are named by pseudonyms (P-XXXX-XXXX). Restricted and confidential
  documents are described by their hashes and date only: their files, titles and quotes are
  not here, and the details of their custody entries are withheld (the entries' hashes stay;
  "details_withheld" marks them). Public documents whose text names a protected person are
  described the same way.
"""

VERIFY_PY = '''"""Check this case file: every citation against the files by hash, and every custody
entry's own hash. Python standard library only. Run it in the bag's data/ folder."""
import hashlib, json, pathlib, sys

here = pathlib.Path(__file__).resolve().parent
problems = 0

def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()

entries = {}
for line in (here / "custody.jsonl").read_text(encoding="utf-8").splitlines():
    e = json.loads(line)
    entries[e["seq"]] = e
    if e.get("details_withheld"):
        continue
    body = json.dumps({k: e[k] for k in ("seq", "time", "actor", "action", "object_id",
                       "object_hash", "details")}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    if hashlib.sha256((e["prev_hash"] + "\\n" + body).encode("utf-8")).hexdigest() != e["hash"]:
        print("custody entry", e["seq"], "does not match its hash"); problems += 1

for c in json.loads((here / "citations.json").read_text(encoding="utf-8")):
    if not c.get("document_id"):
        continue
    folder = here / "documents" / c["document_id"]
    originals = list((folder / "original").glob("*"))
    if originals and sha256(originals[0]) != c["sha256"]:
        print("citation", c["n"], "original does not match its SHA-256"); problems += 1
    texts = [p for p in (folder / "derived").glob("text-*")] or originals
    if c.get("kind") == "span" and c.get("quote") and texts:
        text = texts[0].read_text(encoding="utf-8")
        if text[c["start"]:c["end"]] != c["quote"]:
            print("citation", c["n"], "quote is not the span", c["start"], c["end"]); problems += 1
    entry = entries.get(c.get("custody_seq"))
    if c.get("custody_seq") and (entry is None or entry["hash"] != c["custody_hash"]):
        print("citation", c["n"], "custody entry missing or different"); problems += 1
print("problems:", problems)
sys.exit(1 if problems else 0)
'''


@dataclass
class CaseResult:
    path: Path
    public: bool
    dossier: Dossier
    documents: list[str] = field(default_factory=list)  # with their files in the bag
    described: list[str] = field(default_factory=list)  # cited, described by hashes only
    files: int = 0
    bytes: int = 0
    custody: CustodyRecord | None = None
    redaction_log: Path | None = None


def _json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False, default=list) + "\n",
                    encoding="utf-8")  # fmt: skip


def export_case(
    store: Store,
    event: str,
    out: Path,
    actor: str,
    public: bool = False,
    options: ReportOptions | None = None,
) -> CaseResult:
    """Write the case bag of an event (id or unique title fragment) to ``out``.

    Raises InputError when ``out`` exists and is not empty, NotFound for an unknown event,
    IntegrityError for an altered blob or a protected name in a public bag's files."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(str(out), "already exists and is not an empty folder; choose a new path")
    options = ReportOptions(public=public, lists=(options.lists if options else ()),
                            charts=options.charts if options else True)  # fmt: skip
    dossier = event_dossier(store, event, options)
    red = dossier.redactor
    page = render_html(dossier)
    pdf = render_pdf(page)
    blobs = BlobStore(store.settings.blob_dir)
    staging = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    result = CaseResult(out, public, dossier)
    try:
        data = staging  # the payload; make_bag moves it into data/
        (data / "dossier").mkdir(parents=True)
        (data / "dossier" / "dossier.html").write_text(page, encoding="utf-8")
        (data / "dossier" / "dossier.pdf").write_bytes(pdf)
        by_doc: dict[str, list[int]] = {}
        for c in dossier.citations:
            if c["document_id"]:
                by_doc.setdefault(c["document_id"], []).append(c["n"])
        with store.read() as tx:
            head = tx.head()
            docs = tx.documents(ids=dossier.cited_documents)
            hidden: set[str] = set()  # ids whose custody details are withheld
            for doc in docs:
                folder = data / "documents" / doc.id
                shas = list(dict.fromkeys(x for x in (doc.blob_sha256, doc.text_blob_sha256) if x))
                reason = None
                if public and doc.sensitivity != "public":
                    reason = f"{doc.sensitivity} document"
                elif public and _names_protected(blobs, shas, red):
                    reason = "its text names a protected person"
                    red.note("document_files", doc.id, "case", reason)
                entries = tx.custody_for([doc.id, *(f"blob-{s}" for s in shas)])
                meta = {
                    "id": doc.id,
                    "sensitivity": doc.sensitivity,
                    "sha256": doc.blob_sha256,
                    "text_sha256": doc.text_blob_sha256,
                    "date": doc.published_date or doc.captured_at[:10],
                    "citations": by_doc.get(doc.id, []),
                    "custody_entries": [e.seq for e in entries],
                }
                if reason:
                    hidden |= {doc.id, *(f"blob-{s}" for s in shas)}
                    meta["withheld"] = f"files, title, origin and quotes withheld: {reason}"
                    result.described.append(doc.id)
                    _json(folder / "document.json", meta)
                    continue
                files = []
                for sha in shas:
                    blob = tx.get_blob(sha)
                    entry = {"sha256": sha, "size": blob.size, "media_type": blob.media_type,
                             "role": blob.role, "file": None}  # fmt: skip
                    if not blob.purged:
                        rel = (
                            Path("original") / safe_name(doc.original_filename, blob.media_type)
                            if sha == doc.blob_sha256
                            else Path("derived")
                            / f"text-{sha[:12]}{EXTENSIONS.get(blob.media_type, '.txt')}"
                        )
                        result.bytes += copy_checked(blobs, sha, folder / rel)
                        result.files += 1
                        entry["file"] = rel.as_posix()
                    files.append(entry)
                source = tx.get_source(doc.source_id) if doc.source_id else None
                full = meta | {
                    "document": doc.__dict__,
                    "source": source.__dict__ if source else None,
                    "blobs": files,
                }
                if red.names_in(json.dumps(full, ensure_ascii=False, default=list)):
                    red.note("document_metadata", doc.id, "case",
                             "its metadata names a protected person")  # fmt: skip
                    full = meta | {
                        "blobs": files,
                        "withheld": "title, origin and other "
                        "metadata withheld: they name a protected person",
                    }
                _json(folder / "document.json", full)
                result.documents.append(doc.id)
            about = {d.id for d in docs} | {f"blob-{d.blob_sha256}" for d in docs}
            about |= {f"blob-{d.text_blob_sha256}" for d in docs if d.text_blob_sha256}
            custody = tx.custody_for(sorted(about))
        with open(data / "custody.jsonl", "w", encoding="utf-8") as fh:
            for e in custody:
                row = e.as_dict()
                named = red.names_in(json.dumps(row["details"], ensure_ascii=False))
                if e.object_id in hidden or named:
                    if named:
                        red.note(
                            "custody_details",
                            e.id,
                            "case",
                            "the entry's details name a protected person",
                        )
                    row["details"] = None
                    row["details_withheld"] = True
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        (data / "custody-head.txt").write_text(f"{head}\n", encoding="utf-8")
        _json(data / "citations.json", dossier.citations)
        (data / "verify.py").write_text(VERIFY_PY, encoding="utf-8")
        (data / "README.txt").write_text(README.format(
            title=dossier.title, event=dossier.subject_id, version=__version__,
            date=dossier.generated_at, public=" (PUBLIC VERSION)" if public else "",
            withheld=PUBLIC_NOTE if public else ""), encoding="utf-8")  # fmt: skip
        if public:
            _check_files(data, red)
        bag = bagit.make_bag(
            str(staging),
            {
                "Source-Organization": "dadkhah",
                "Bag-Software-Agent": f"dadkhah {__version__}",
                "External-Description": f"case file of {dossier.subject_id}: dossier, "
                f"{len(result.documents)} document(s) with files, "
                f"{len(result.described)} described by hash" + (" (public)" if public else ""),
                "External-Identifier": dossier.subject_id,
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
    _record(store, actor, result, out)
    return result


def _names_protected(blobs: BlobStore, shas: list[str], red) -> bool:
    """Whether a public document's original or text names a protected person."""
    for sha in shas:
        try:
            text = blobs.path(sha).read_bytes().decode("utf-8", errors="ignore")
        except FileNotFoundError:  # purged: nothing of it goes into the bag
            continue
        if red.names_in(text):
            return True
    return False


def _check_files(folder: Path, red) -> None:
    """Refuse a public bag any of whose text files names a protected person."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES and "original" not in path.parts:
            red.check(path.read_text(encoding="utf-8", errors="ignore"), str(path.name))


def _record(store: Store, actor: str, result: CaseResult, out: Path) -> None:
    dossier = result.dossier
    manifest = hashlib.sha256((out / "tagmanifest-sha256.txt").read_bytes()).hexdigest()
    files = {fmt: (out / "data" / "dossier" / f"dossier.{fmt}",
                   hashlib.sha256((out / "data" / "dossier" / f"dossier.{fmt}").read_bytes())
                   .hexdigest()) for fmt in ("html", "pdf")}  # fmt: skip
    details = export_details(store, dossier, files)
    if "redaction_log" in details:
        result.redaction_log = store.settings.home / details["redaction_log"]
    with store.write(actor) as tx:
        tx.log("exported", dossier.subject_id, files["html"][1], details)
        result.custody = tx.log(
            "exported",
            dossier.subject_id,
            manifest,
            {"format": "bagit-case", "path": str(out.absolute()), "public": result.public,
             "tagmanifest_sha256": manifest, "documents": result.documents,
             "described": result.described},
        )  # fmt: skip
        for doc_id in result.documents:
            doc = tx.get_document(doc_id)
            tx.log("exported", doc_id, doc.blob_sha256,
                   {"format": "bagit-case", "path": str(out.absolute()),
                    "tagmanifest_sha256": manifest, "case": dossier.subject_id})  # fmt: skip
