"""Verify the store: every blob's bytes, the whole custody chain, and the head kept outside.

Nothing here writes. The report names each problem so that a user can act on it: the document
whose original changed (id, path, expected and actual hash), the first custody entry whose
hash or link is wrong, a head that the chain no longer reaches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from dadkhah.evidence.blobs import BlobStore
from dadkhah.ids import blob_id
from dadkhah.store import GENESIS, Head, Store, entry_hash


@dataclass(frozen=True)
class Problem:
    kind: str  # blob_missing, blob_altered, chain_broken, head_*, custody_mismatch, purged_present
    message: str
    object_id: str | None = None
    path: str | None = None
    expected: str | None = None
    actual: str | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class VerifyReport:
    blobs_checked: int = 0
    bytes_checked: int = 0
    documents: int = 0
    purged: list[str] = field(default_factory=list)
    custody_entries: int = 0
    head: Head | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        state = "intact" if self.ok else f"NOT INTACT: {len(self.problems)} problem(s)"
        purged = f", {len(self.purged)} purged" if self.purged else ""
        return (
            f"{state}: {self.blobs_checked} blobs ({self.bytes_checked:,} bytes) hashed, "
            f"{self.documents} documents{purged}, {self.custody_entries} custody entries, "
            f"head {self.head}"
        )

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "blobs_checked": self.blobs_checked,
            "bytes_checked": self.bytes_checked,
            "documents": self.documents,
            "purged": self.purged,
            "custody_entries": self.custody_entries,
            "head": str(self.head) if self.head else None,
            "problems": [p.as_dict() for p in self.problems],
            "notes": self.notes,
        }


def verify(
    store: Store,
    expect: Head | None = None,
    on_start: Callable[[int], None] | None = None,
    on_blob: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Check blobs, chain and head; problems go in the report, never raised."""
    report = VerifyReport()
    blobs = BlobStore(store.settings.blob_dir)
    with store.read() as tx:
        docs = tx.documents()
        blob_rows = list(tx.blobs())
        report.documents = len(docs)
        docs_by_blob = defaultdict(list)
        for d in docs:
            docs_by_blob[d.blob_sha256].append(d.id)
            if d.text_blob_sha256:
                docs_by_blob[d.text_blob_sha256].append(d.id)
        _check_chain(tx, report, docs, blob_rows)
    _check_head(store, report, expect)
    if on_start:
        on_start(sum(b.size for b in blob_rows if not b.purged))
    known = set()
    for b in blob_rows:
        known.add(b.sha256)
        path = str(blobs.path(b.sha256))
        owners = docs_by_blob.get(b.sha256) or [blob_id(b.sha256)]
        if b.purged:
            report.purged.append(b.sha256)
            if blobs.exists(b.sha256):
                report.problems.append(
                    Problem(
                        "purged_present",
                        f"{', '.join(owners)}: blob {b.sha256} was purged but its bytes are "
                        f"still at {path}; run `dadkhah purge` again to finish",
                        owners[0],
                        path,
                        None,
                        b.sha256,
                    )
                )
            continue
        actual = blobs.hash_of(b.sha256)
        report.blobs_checked += 1
        report.bytes_checked += b.size
        if on_blob:
            on_blob(b.size)
        if actual is None:
            report.problems.append(
                Problem(
                    "blob_missing",
                    f"{', '.join(owners)}: blob file missing at {path}",
                    owners[0],
                    path,
                    b.sha256,
                    None,
                )
            )
        elif actual != b.sha256:
            report.problems.append(
                Problem(
                    "blob_altered",
                    f"{', '.join(owners)}: blob altered at {path}: expected sha256 {b.sha256}, "
                    f"found {actual}",
                    owners[0],
                    path,
                    b.sha256,
                    actual,
                )
            )
    orphans = [sha for sha in blobs.files() if sha not in known]
    if orphans:
        report.notes.append(
            f"{len(orphans)} blob file(s) not yet recorded (left by an interrupted ingest; "
            "ingesting the same items again adopts them)"
        )
    return report


def _check_chain(tx, report: VerifyReport, docs, blob_rows) -> None:
    prev_hash, expected_seq = GENESIS, 1
    broken = False
    hashes_logged: dict[str, set[str]] = defaultdict(set)
    for entry in tx.custody():
        report.custody_entries += 1
        if not broken:
            problem = None
            if entry.seq != expected_seq:
                problem = (
                    f"custody entry {entry.id}: expected seq {expected_seq} "
                    "(entries missing or reordered)"
                )
            elif entry.prev_hash != prev_hash:
                problem = f"custody entry {entry.id}: its link to the previous entry is broken"
            else:
                recomputed = entry_hash(
                    entry.prev_hash,
                    entry.seq,
                    entry.time,
                    entry.actor,
                    entry.action,
                    entry.object_id,
                    entry.object_hash,
                    entry.details,
                )
                if recomputed != entry.hash:
                    problem = f"custody entry {entry.id}: its content no longer matches its hash"
            if problem:
                broken = True
                report.problems.append(
                    Problem(
                        "chain_broken",
                        f"first broken {problem}",
                        entry.id,
                        None,
                        prev_hash if entry.prev_hash != prev_hash else None,
                        entry.prev_hash if entry.prev_hash != prev_hash else None,
                    )
                )
        prev_hash, expected_seq = entry.hash, entry.seq + 1
        if entry.object_hash:
            hashes_logged[entry.object_id].add(entry.object_hash)
    report.head = Head(report.custody_entries, prev_hash)
    for d in docs:
        if d.blob_sha256 not in hashes_logged.get(d.id, ()):
            report.problems.append(
                Problem(
                    "custody_mismatch",
                    f"{d.id}: the document points to blob {d.blob_sha256}, which no custody "
                    "entry of this document records",
                    d.id,
                    None,
                    None,
                    d.blob_sha256,
                )
            )
    logged_blobs = {h for hs in hashes_logged.values() for h in hs}
    for b in blob_rows:
        if b.sha256 not in logged_blobs:
            report.problems.append(
                Problem(
                    "custody_mismatch",
                    f"{blob_id(b.sha256)}: no custody entry records this blob",
                    blob_id(b.sha256),
                    None,
                    None,
                    b.sha256,
                )
            )


def _check_head(store: Store, report: VerifyReport, expect: Head | None) -> None:
    try:
        recorded = store.read_head_file()
    except ValueError as err:
        report.problems.append(Problem("head_garbled", f"{store.settings.head_path}: {err}"))
        recorded = None
    chain = report.head

    def hash_at(seq: int) -> str | None:
        with store.read() as tx:
            entry = tx.custody_entry(seq)
        return entry.hash if entry else None

    for label, head in (("custody.head", recorded), ("--expect", expect)):
        if head is None:
            if label == "custody.head" and chain.count:
                report.problems.append(
                    Problem(
                        "head_missing",
                        f"{store.settings.head_path} is missing; the chain "
                        f"has {chain.count} entries",
                    )
                )
            continue
        if head.count == 0 and head.hash == GENESIS:
            continue
        if head.count > chain.count:
            report.problems.append(
                Problem(
                    "head_ahead",
                    f"{label} records {head.count} custody entries but the chain has only "
                    f"{chain.count}: entries were removed from the end",
                    None,
                    None,
                    str(head),
                    str(chain),
                )
            )
        elif (found := hash_at(head.count)) != head.hash:
            report.problems.append(
                Problem(
                    "head_mismatch",
                    f"{label} records entry {head.count} with hash {head.hash}, but the chain's "
                    f"entry {head.count} has {found}",
                    f"cus-{head.count}",
                    None,
                    head.hash,
                    found,
                )
            )
        elif head.count < chain.count and label == "custody.head":
            report.notes.append(
                f"custody.head is {chain.count - head.count} entries behind the chain (a run was "
                "interrupted after its commit); the chain extends it correctly"
            )
