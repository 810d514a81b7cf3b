"""Content-addressed blob files: ``$DADKHAH_HOME/blobs/ab/cd/<sha256>``.

Bytes are streamed into a temporary file while being hashed, fsynced, then renamed into place,
and the folder is fsynced: a crash leaves either nothing or a complete, correctly named file.
An existing blob file is never overwritten (if it was altered, ``verify`` must see that).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dadkhah.store import blob_relpath

log = logging.getLogger("dadkhah.evidence")

CHUNK = 1024 * 1024
SNIFF_BYTES = 64 * 1024


class TooLarge(Exception):
    """The stream passed the byte limit."""

    def __init__(self, limit: int):
        super().__init__(f"larger than the limit of {limit:,} bytes")
        self.limit = limit


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    head: bytes  # the first bytes, for sniffing the media type
    created: bool  # False when the blob file was already there


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.tmp = self.root / ".tmp"
        self._made: set[Path] = set()  # folders known to exist, to spare a mkdir per blob

    def _folder(self, path: Path) -> Path:
        if path not in self._made:
            path.mkdir(parents=True, exist_ok=True)
            self._made.add(path)
        return path

    def path(self, sha256: str) -> Path:
        return self.root / blob_relpath(sha256)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_chunks(
        self, chunks: Iterable[bytes], max_bytes: int | None = None, sync_dir: bool = True
    ) -> StoredBlob:
        """Store a stream of bytes; raises TooLarge past ``max_bytes`` (nothing is kept).

        With ``sync_dir=False`` the caller must call ``sync_dirs`` before it records the blob
        (batched ingest does, once per folder instead of once per file).
        """
        tmp = self._folder(self.tmp) / f"{os.getpid()}-{secrets.token_hex(6)}.part"
        digest, size, head = hashlib.sha256(), 0, bytearray()
        try:
            with open(tmp, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise TooLarge(max_bytes)
                    digest.update(chunk)
                    if len(head) < SNIFF_BYTES:
                        head += chunk[: SNIFF_BYTES - len(head)]
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path(sha)
            if final.exists():
                tmp.unlink()
                return StoredBlob(sha, size, bytes(head), created=False)
            self._folder(final.parent)
            os.replace(tmp, final)
            if sync_dir:
                _fsync_dir(final.parent)
            return StoredBlob(sha, size, bytes(head), created=True)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_file(
        self, path: Path, max_bytes: int | None = None, sync_dir: bool = True
    ) -> StoredBlob:
        """Store a file's bytes (OSError and TooLarge pass through to the caller)."""
        with open(path, "rb") as fh:
            return self.put_chunks(iter(lambda: fh.read(CHUNK), b""), max_bytes, sync_dir)

    def sync_dirs(self, shas: Iterable[str]) -> None:
        """Make the renames of these blobs durable: fsync each of their folders once."""
        for folder in {self.path(sha).parent for sha in shas}:
            _fsync_dir(folder)

    def put_bytes(self, data: bytes) -> StoredBlob:
        return self.put_chunks([data])

    def hash_of(self, sha256: str) -> str | None:
        """The SHA-256 of the blob file as it is now, or None when it is missing."""
        digest = hashlib.sha256()
        try:
            with open(self.path(sha256), "rb") as fh:
                for chunk in iter(lambda: fh.read(CHUNK), b""):
                    digest.update(chunk)
        except FileNotFoundError:
            return None
        return digest.hexdigest()

    def remove(self, sha256: str) -> bool:
        """Delete a blob file; True when there was one."""
        path = self.path(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        _fsync_dir(path.parent)
        return True

    def files(self) -> Iterator[str]:
        """The sha256 names of every blob file present."""
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if first.name.startswith(".") or not first.is_dir():
                continue
            for second in sorted(first.iterdir()):
                if second.is_dir():
                    for f in sorted(second.iterdir()):
                        if len(f.name) == 64:
                            yield f.name

    def clean_stale_temp(self) -> int:
        """Remove temporary files left by processes that no longer run; returns how many."""
        removed = 0
        if not self.tmp.is_dir():
            return 0
        for part in self.tmp.glob("*.part"):
            pid = part.name.split("-", 1)[0]
            if pid.isdigit() and not _pid_alive(int(pid)):
                part.unlink(missing_ok=True)
                removed += 1
        if removed:
            log.info("removed %d temporary files of interrupted runs", removed)
        return removed
