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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dadkhah.config import GIB
from dadkhah.errors import CaptureError, InputError
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
                "--sensitivity", f"must be one of {', '.join(SENSITIVITIES)}, not {self.sensitivity!r}"
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
            yield Task("file", item, path)
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
                yield Outcome(entry.path, "failed", message="broken symbolic link")
                continue
            except PermissionError:
                yield Outcome(entry.path, "failed", message="permission denied")
                continue
            except OSError as err:
                # ELOOP: a link that points at itself
                yield Outcome(entry.path, "skipped", message=f"{err.strerror or err}, not followed")
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield Outcome(
                        entry.path, "skipped", message="symbolic link loop (points to a folder above it), not followed"
                    )
                    continue
                subfolders.append((path, ancestors + (key,)))
            elif stat.S_ISREG(st.st_mode):
                yield Task("file", entry.path, path)
            else:
                yield Outcome(entry.path, "skipped", message=f"{_kind_of_mode(st.st_mode)}, not ingested")
        stack.extend(reversed(subfolders))


def _iso_mtime(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Ingester:
    """Ingests tasks into one store with one set of options."""

    def __init__(self, store: Store, options: IngestOptions):
        self.store = store
        self.options = options
        self.blobs = BlobStore(store.settings.blob_dir)
        self.blobs.clean_stale_temp()
        self.source_id: str | None = None
        if options.source:
            with store.write(options.actor) as tx:
                self.source_id = tx.ensure_source(options.source).id

    def run(self, task: Task) -> Outcome:
        try:
            if task.kind == "url":
                return self._url(task.item)
            return self._file(task.item, task.path)
        except InputError as err:
            return Outcome(task.item, "failed", message=err.problem)

    def _file(self, item: str, path: Path) -> Outcome:
        limit = self.options.max_bytes
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):
                return Outcome(item, "skipped", message=f"{_kind_of_mode(st.st_mode)}, not ingested")
            if st.st_size == 0:
                raise InputError(item, "empty file (0 bytes); nothing to preserve")
            if st.st_size > limit:
                raise InputError(
                    item, f"{st.st_size:,} bytes is above the --max-bytes limit of {limit:,} bytes"
                )
            stored = self.blobs.put_file(path, limit)
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
        origin = os.path.abspath(path)
        media = sniff(stored.head, path.name)
        details = {
            "origin": origin,
            "source_id": self.source_id,
            "original_filename": path.name,
            "size": stored.size,
            "media_type": media,
            "file_mtime": _iso_mtime(st.st_mtime),
            "blob": blob_id(stored.sha256),
        }
        return self._record(
            item, stored, media, origin, "file", details,
            original_filename=path.name, file_mtime=_iso_mtime(st.st_mtime), capture=None,
        )

    def _url(self, url: str) -> Outcome:
        opts = CaptureOptions(
            max_bytes=self.options.max_bytes,
            timeout=self.options.timeout,
            max_redirects=self.options.max_redirects,
        )
        cap = capture_url(url, self.blobs, opts)
        name = (cap.final_url.rstrip("/").rsplit("/", 1)[-1] or None) if "/" in cap.final_url else None
        media = sniff(cap.body.head, name)
        details = cap.details() | {"source_id": self.source_id, "size": cap.body.size, "media_type": media}
        return self._record(
            url, cap.body, media, url, "url", details,
            original_filename=name, file_mtime=None, capture=cap.details(), warc=cap.warc,
        )

    def _record(
        self, item, stored: StoredBlob, media, origin, origin_kind, details, *,
        original_filename, file_mtime, capture, warc: StoredBlob | None = None,
    ) -> Outcome:
        with self.store.write(self.options.actor) as tx:
            tx.add_blob(stored.sha256, stored.size, media, "original")
            existing = tx.find_document(stored.sha256, self.source_id, origin)
            if existing is not None:
                tx.log("seen_again", existing.id, stored.sha256, details)
                doc_id, status = existing.id, "seen_again"
            else:
                known = tx.documents_on_blobs([stored.sha256])
                doc = tx.add_document(
                    source_id=self.source_id,
                    blob_sha256=stored.sha256,
                    origin=origin,
                    origin_kind=origin_kind,
                    original_filename=original_filename,
                    media_type=media,
                    size=stored.size,
                    file_mtime=file_mtime,
                    captured_at=(capture or {}).get("captured_at") or now_iso(),
                    capture=capture,
                    title=None,
                    published_date=None,
                    published_precision=None,
                    language=None,
                    publisher=None,
                    sensitivity=self.options.sensitivity,
                    text_blob_sha256=None,
                )
                action = "captured" if origin_kind == "url" else "ingested"
                tx.log(action, doc.id, stored.sha256, details | {"sensitivity": doc.sensitivity})
                doc_id, status = doc.id, ("new_origin" if known else "new")
            if warc is not None:
                _, created = tx.add_blob(warc.sha256, warc.size, "application/warc", "warc", stored.sha256)
                if created:
                    tx.log(
                        "derived",
                        blob_id(warc.sha256),
                        warc.sha256,
                        {"role": "warc", "parent": blob_id(stored.sha256), "document_id": doc_id},
                    )
        return Outcome(item, status, doc_id, stored.sha256, stored.size, media)


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
    ingester = Ingester(store, options) if tasks else None
    for task in tasks:
        outcome = ingester.run(task)
        if outcome.status == "failed":
            log.debug("failed %s: %s", outcome.item, outcome.message)
        report.outcomes.append(outcome)
        if on_item:
            on_item(outcome)
    return report
