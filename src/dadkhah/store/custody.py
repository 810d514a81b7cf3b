"""The custody chain's arithmetic: canonical JSON and entry hashes.

An entry's hash is SHA-256 over the previous entry's hash, a newline, and the canonical JSON
(sorted keys, no spaces, UTF-8) of the entry's fields. Changing, removing or reordering any
entry therefore changes every hash after it; the newest hash is also kept outside the database
(``custody.head``) so that dropping entries from the end is seen as well.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64

ACTIONS = (
    "captured",  # fetched from the network
    "ingested",  # a file taken into the store
    "seen_again",  # the same bytes from the same origin offered again
    "derived",  # a new blob made from another (WARC, text)
    "exported",  # included in a bag or report handed out
    "purged",  # bytes removed on purpose, hash and metadata kept
    "created",  # a record made by a user (a source, a manual fact)
    "edited",  # a field changed (old and new values in details)
    "parsed",  # text and structure read from a document (parser and version in details)
    "parse_failed",  # a document whose text could not be read, and why
    "extracted",  # candidate claims read from a document's text (extractor in details)
    "viewed",  # a confidential record shown to a user (the web UI logs each view)
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(
    prev_hash: str,
    seq: int,
    time: str,
    actor: str,
    action: str,
    object_id: str,
    object_hash: str | None,
    details: dict,
) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "time": time,
            "actor": actor,
            "action": action,
            "object_id": object_id,
            "object_hash": object_hash,
            "details": details,
        }
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class Head:
    """The chain's head: how many entries, and the newest one's hash."""

    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        """Parse ``COUNT:HASH``; raises ValueError when malformed."""
        count, sep, digest = text.strip().partition(":")
        if not sep or not count.isdigit() or len(digest) != 64:
            raise ValueError(f"a custody head looks like COUNT:SHA256, not {text.strip()!r}")
        int(digest, 16)
        return cls(int(count), digest.lower())
