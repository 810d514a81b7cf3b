"""The declared public surface of each package, pinned so that changes are deliberate."""

import dadkhah
import dadkhah.evidence
import dadkhah.store


def test_store_surface():
    assert sorted(dadkhah.store.__all__) == sorted(
        [
            "ACTIONS",
            "GENESIS",
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
    )


def test_evidence_surface():
    assert sorted(dadkhah.evidence.__all__) == sorted(
        [
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
            "export_bag",
            "ingest",
            "purge",
            "sniff",
            "verify",
        ]
    )


def test_every_name_in_all_exists():
    for module in (dadkhah, dadkhah.store, dadkhah.evidence):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
