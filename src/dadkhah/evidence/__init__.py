"""Evidence: the blob store, capture of files and URLs, verification, purge and BagIt export.

Everything here writes through ``dadkhah.store``; nothing touches the database directly.
"""

from dadkhah.evidence.bag import EXTENSIONS, BagResult, copy_checked, export_bag, safe_name
from dadkhah.evidence.blobs import BlobStore, StoredBlob
from dadkhah.evidence.capture import Capture, CaptureOptions, capture_url
from dadkhah.evidence.ingest import IngestOptions, IngestReport, Outcome, ingest
from dadkhah.evidence.purge import PurgeResult, purge
from dadkhah.evidence.sniff import sniff
from dadkhah.evidence.verify import Problem, VerifyReport, verify

__all__ = [
    "EXTENSIONS",
    "BagResult",
    "BlobStore",
    "Capture",
    "CaptureOptions",
    "IngestOptions",
    "IngestReport",
    "Outcome",
    "Problem",
    "PurgeResult",
    "StoredBlob",
    "VerifyReport",
    "capture_url",
    "copy_checked",
    "export_bag",
    "ingest",
    "purge",
    "safe_name",
    "sniff",
    "verify",
]
