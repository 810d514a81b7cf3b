"""Ingest files, folders and URLs into the store.

For each item: the bytes go to the blob store first (atomic, content-addressed), then one
database transaction records blob, document and custody entry. A crash between the two leaves
at most an unreferenced blob file, which the next ingest of the same item adopts; nothing is
ever half-recorded. Each item succeeds or fails on its own; the batch goes on.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dadkhah.config import GIB
from dadkhah.errors import CaptureError, InputError, StoreError
from dadkhah.evidence.blobs import BlobStore, StoredBlob, TooLarge
from dadkhah.evidence.capture import CaptureOptions, capture_url, check_url
from dadkhah.evidence.sniff import sniff
from dadkhah.ids import blob_id
from dadkhah.store import SENSITIVITIES, Store, now_iso

log = logging.getLogger("dadkhah.evidence")

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


@dataclass(frozen=True)
class IngestOptions:
    actor: str
    source: str | None = None
    sensitivity: str = "restricted"
    max_bytes: int = 2 * GIB
    timeout: float = 60.0
    max_redirects: int = 10

    def __post_init__(self):
        if self.sensitivity not in SENSITIVITIES:
            raise InputError(
                "--sensitivity",
                f"must be one of {', '.join(SENSITIVITIES)}, not {self.sensitivity!r}",
            )
        if self.max_bytes <= 0:
            raise InputError("--max-bytes", "must be a positive number of bytes")


@dataclass(frozen=True)
class Outcome:
    """What happened to one item.

    status: ``new`` (new document, new bytes), ``new_origin`` (new document on bytes already
    stored), ``seen_again`` (same bytes, same origin), ``failed`` or ``skipped``.
    """

    item: str
    status: str
    document_id: str | None = None
    sha256: str | None = None
    size: int = 0
    media_type: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status not in ("failed",)


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def new_bytes(self) -> int:
        return sum(o.size for o in self.outcomes if o.status == "new")

    def summary(self) -> str:
        return (
            f"{self.count('new')} new, {self.count('new_origin')} new origin of stored bytes, "
            f"{self.count('seen_again')} seen again, {self.count('skipped')} skipped, "
            f"{self.count('failed')} failed"
        )


@dataclass(frozen=True)
class Task:
    kind: str  # "file" or "url"
    item: str
    path: Path | None = None


def shown(path: str) -> str:
    """A path as text that any database takes: undecodable bytes of a file name (an old
    archive's Latin-1 or Windows-1256 names) become visible escapes such as ``\\xfc``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _kind_of_mode(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def expand(items: Iterable[str], exclude: Iterable[Path] = ()) -> Iterator[Task | Outcome]:
    """Turn command-line items into tasks, walking folders; problems come out as Outcomes."""
    excluded = {os.path.realpath(p) for p in exclude}
    for item in items:
        if _URL.match(item):
            try:
                check_url(item)
            except CaptureError as err:
                yield Outcome(item, "failed", message=err.problem)
                continue
            yield Task("url", item)
            continue
        path = Path(item)
        try:
            st = path.stat()
        except FileNotFoundError:
            kind = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield Outcome(item, "failed", message=kind)
            continue
        except PermissionError:
            yield Outcome(item, "failed", message="permission denied")
            continue
        except OSError as err:
            yield Outcome(item, "failed", message=err.strerror or str(err))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, excluded)
        elif stat.S_ISREG(st.st_mode):
            yield Task("file", shown(item), path)
        else:
            yield Outcome(item, "skipped", message=f"{_kind_of_mode(st.st_mode)}, not ingested")


def _walk(root: Path, excluded: set[str]) -> Iterator[Task | Outcome]:
    """Depth-first, sorted, following symlinks but never around a loop."""
    root_st = root.stat()
    stack: list[tuple[Path, tuple[tuple[int, int], ...]]] = [
        (root, ((root_st.st_dev, root_st.st_ino),))
    ]
    while stack:
        folder, ancestors = stack.pop()
        if os.path.realpath(folder) in excluded:
            yield Outcome(str(folder), "skipped", message="the store's own folder, not ingested")
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            yield Outcome(str(folder), "failed", message="permission denied (folder not read)")
            continue
        except OSError as err:
            yield Outcome(str(folder), "failed", message=f"folder not read: {err.strerror or err}")
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            try:
                st = os.stat(entry.path)
            except FileNotFoundError:
                yield Outcome(shown(entry.path), "failed", message="broken symbolic link")
                continue
            except PermissionError:
                yield Outcome(shown(entry.path), "failed", message="permission denied")
                continue
            except OSError as err:
                # ELOOP: a link that points at itself
                yield Outcome(
                    shown(entry.path), "skipped", message=f"{err.strerror or err}, not followed"
                )
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield Outcome(
                        shown(entry.path),
                        "skipped",
                        message="symbolic link loop (points to a folder above it), not followed",
                    )
                    continue
                subfolders.append((path, ancestors + (key,)))
            elif stat.S_ISREG(st.st_mode):
                yield Task("file", shown(entry.path), path)
            else:
                yield Outcome(
                    shown(entry.path),
                    "skipped",
                    message=f"{_kind_of_mode(st.st_mode)}, not ingested",
                )
        stack.extend(reversed(subfolders))


def _iso_mtime(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class _Prepared:
    """An item whose bytes are in the blob store, waiting to be recorded."""

    item: str
    stored: StoredBlob
    media: str
    origin: str
    origin_kind: str
    details: dict
    original_filename: str | None
    file_mtime: str | None
    capture: dict | None = None
    warc: StoredBlob | None = None


class Ingester:
    """Ingests tasks into one store with one set of options.

    Bytes are stored item by item; the records of up to ``batch_size`` items (or of what
    ``batch_seconds`` allowed) are then committed in one transaction, after the blob folders
    were fsynced. A kill loses at most the batch in flight, whose bytes the next run adopts.
    """

    def __init__(
        self,
        store: Store,
        options: IngestOptions,
        batch_size: int = 200,
        batch_seconds: float = 1.0,
    ):
        self.store = store
        self.options = options
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.blobs = BlobStore(store.settings.blob_dir)
        self.blobs.clean_stale_temp()
        self.source_id: str | None = None
        if options.source:
            with store.write(options.actor) as tx:
                self.source_id = tx.ensure_source(options.source).id

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Ingest tasks in order, yielding each outcome once it is committed (or failed)."""
        pending: list[_Prepared] = []
        started = time.monotonic()
        for task in tasks:
            try:
                prepared = (
                    self._url(task.item) if task.kind == "url" else self._file(task.item, task.path)
                )
            except InputError as err:
                prepared = Outcome(task.item, "failed", message=err.problem)
            if isinstance(prepared, Outcome):
                yield from self._commit(pending)
                pending = []
                yield prepared
                continue
            if not pending:
                started = time.monotonic()
            pending.append(prepared)
            if len(pending) >= self.batch_size or time.monotonic() - started > self.batch_seconds:
                yield from self._commit(pending)
                pending = []
        yield from self._commit(pending)

    def _file(self, item: str, path: Path) -> _Prepared | Outcome:
        limit = self.options.max_bytes
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):
                return Outcome(
                    item, "skipped", message=f"{_kind_of_mode(st.st_mode)}, not ingested"
                )
            if st.st_size == 0:
                raise InputError(item, "empty file (0 bytes); nothing to preserve")
            if st.st_size > limit:
                raise InputError(
                    item, f"{st.st_size:,} bytes is above the --max-bytes limit of {limit:,} bytes"
                )
            stored = self.blobs.put_file(path, limit, sync_dir=False)
        except TooLarge as err:
            raise InputError(item, f"grew while being read and is now {err}") from err
        except FileNotFoundError as err:
            raise InputError(item, "no such file (it vanished before it was read)") from err
        except PermissionError as err:
            raise InputError(item, "permission denied") from err
        except IsADirectoryError as err:
            raise InputError(item, "is a folder") from err
        except OSError as err:
            raise InputError(item, f"cannot be read: {err.strerror or err}") from err
        origin = shown(os.path.abspath(path))
        name = shown(path.name)
        media = sniff(stored.head, name)
        mtime = _iso_mtime(st.st_mtime)
        details = {
            "origin": origin,
            "source_id": self.source_id,
            "original_filename": name,
            "size": stored.size,
            "media_type": media,
            "file_mtime": mtime,
            "blob": blob_id(stored.sha256),
        }
        return _Prepared(item, stored, media, origin, "file", details, name, mtime)

    def _url(self, url: str) -> _Prepared:
        opts = CaptureOptions(
            max_bytes=self.options.max_bytes,
            timeout=self.options.timeout,
            max_redirects=self.options.max_redirects,
        )
        cap = capture_url(url, self.blobs, opts)
        name = cap.final_url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or None
        media = sniff(cap.body.head, name)
        capture = cap.details()
        details = capture | {
            "source_id": self.source_id,
            "size": cap.body.size,
            "media_type": media,
            "blob": blob_id(cap.body.sha256),
        }
        return _Prepared(url, cap.body, media, url, "url", details, name, None, capture, cap.warc)

    def _commit(self, batch: list[_Prepared]) -> list[Outcome]:
        if not batch:
            return []
        self.blobs.sync_dirs(p.stored.sha256 for p in batch)
        try:
            with self.store.write(self.options.actor) as tx:
                return [self._record(tx, p) for p in batch]
        except (InputError, StoreError):
            if len(batch) == 1:
                return [self._record_alone(batch[0])]
        # one item spoiled the batch: record each on its own, so only that one fails
        return [self._record_alone(p) for p in batch]

    def _record_alone(self, p: _Prepared) -> Outcome:
        try:
            with self.store.write(self.options.actor) as tx:
                return self._record(tx, p)
        except InputError as err:
            return Outcome(p.item, "failed", message=err.problem)
        except StoreError as err:
            return Outcome(p.item, "failed", message=str(err))

    def _record(self, tx, p: _Prepared) -> Outcome:
        sha = p.stored.sha256
        blob, new_blob = tx.add_blob(sha, p.stored.size, p.media, "original")
        if blob.purged:
            if p.stored.created:  # the bytes were written again just now: take them back out
                self.blobs.remove(sha)
            raise InputError(
                p.item,
                f"these bytes were purged on {blob.purged_at} ({blob.purge_reason}); "
                "they are not stored again",
            )
        # bytes never seen before cannot belong to a document yet: skip both look-ups
        existing = None if new_blob else tx.find_document(sha, self.source_id, p.origin)
        if existing is not None:
            tx.log("seen_again", existing.id, sha, p.details)
            doc_id, status = existing.id, "seen_again"
        else:
            known = not new_blob and bool(tx.documents_on_blobs([sha]))
            doc = tx.add_document(
                source_id=self.source_id,
                blob_sha256=sha,
                origin=p.origin,
                origin_kind=p.origin_kind,
                original_filename=p.original_filename,
                media_type=p.media,
                size=p.stored.size,
                file_mtime=p.file_mtime,
                captured_at=(p.capture or {}).get("captured_at") or now_iso(),
                capture=p.capture,
                title=None,
                published_date=None,
                published_precision=None,
                language=None,
                publisher=None,
                sensitivity=self.options.sensitivity,
                text_blob_sha256=None,
            )
            action = "captured" if p.origin_kind == "url" else "ingested"
            tx.log(action, doc.id, sha, p.details | {"sensitivity": doc.sensitivity})
            doc_id, status = doc.id, ("new_origin" if known else "new")
        if p.warc is not None:
            _, created = tx.add_blob(p.warc.sha256, p.warc.size, "application/warc", "warc", sha)
            if created:
                tx.log(
                    "derived",
                    blob_id(p.warc.sha256),
                    p.warc.sha256,
                    {"role": "warc", "parent": blob_id(sha), "document_id": doc_id},
                )
        return Outcome(p.item, status, doc_id, sha, p.stored.size, p.media)


def ingest(
    store: Store,
    items: Iterable[str],
    options: IngestOptions,
    on_start: Callable[[int], None] | None = None,
    on_item: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Ingest every item (file, folder, URL); per-item failures are in the report, not raised."""
    expanded = list(expand(items, exclude=[store.settings.home]))
    report = IngestReport()
    tasks = [t for t in expanded if isinstance(t, Task)]
    for early in (o for o in expanded if isinstance(o, Outcome)):
        report.outcomes.append(early)
        if on_item:
            on_item(early)
    if on_start:
        on_start(len(tasks))
    if not tasks:
        return report
    for outcome in Ingester(store, options).run(tasks):
        if outcome.status == "failed":
            log.debug("failed %s: %s", outcome.item, outcome.message)
        report.outcomes.append(outcome)
        if on_item:
            on_item(outcome)
    return report
