"""Record ids: strings with a type prefix, so any command can take any id.

The prefix says what kind of record an id names (``doc-``, ``blob-``, ``src-``, ``spn-``,
``cus-``…); the rest is random for most records, the SHA-256 for blobs and the sequence
number for custody entries, so ids are stable and never collide across machines.
"""

from __future__ import annotations

import secrets

PREFIXES = {
    "doc": "document",
    "blob": "blob",
    "src": "source",
    "spn": "span",
    "cus": "custody entry",
    "pst": "social post",
    "aff": "affiliation",
    "clm": "claim",
    "evt": "event",
    "per": "person",
    "org": "organization",
    "pos": "posting",
    "act": "act",
    "inv": "involvement",
    "cit": "citation",
    "lnk": "event link",
    "opr": "organisation parent",
    "vls": "victim list",
    "vrc": "victim record",
    "lrn": "linkage run",
    "vct": "victim",
    "usr": "user",
}


def new_id(prefix: str) -> str:
    """A fresh id such as ``doc-3f9c0a7b1e2d4c58``."""
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    return f"{prefix}-{secrets.token_hex(8)}"


def kind_of(record_id: str) -> str | None:
    """The record kind an id names, or None when the prefix is not one of ours."""
    prefix, sep, rest = record_id.partition("-")
    if not sep or not rest:
        return None
    return PREFIXES.get(prefix)


def blob_id(sha256: str) -> str:
    return f"blob-{sha256}"


def custody_id(seq: int) -> str:
    return f"cus-{seq}"
