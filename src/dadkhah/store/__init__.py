"""The store: the only package that talks to the database.

Public surface: ``Store`` (open, read, write), the frozen records it returns, and the custody
chain helpers. Other packages call these and never import models or SQLAlchemy.
"""

from dadkhah.store.api import RELIABILITY, SENSITIVITIES, Store, Tx, blob_relpath
from dadkhah.store.custody import ACTIONS, GENESIS, Head, canonical_json, entry_hash, now_iso
from dadkhah.store.records import (
    BlobRecord,
    CustodyRecord,
    DocumentRecord,
    SourceRecord,
    SpanRecord,
)

__all__ = [
    "ACTIONS",
    "GENESIS",
    "RELIABILITY",
    "SENSITIVITIES",
    "BlobRecord",
    "CustodyRecord",
    "DocumentRecord",
    "Head",
    "SourceRecord",
    "SpanRecord",
    "Store",
    "Tx",
    "blob_relpath",
    "canonical_json",
    "entry_hash",
    "now_iso",
]
