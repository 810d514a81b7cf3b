"""The declared public surface of each package, pinned so that changes are deliberate."""

import dadkhah
import dadkhah.estimate
import dadkhah.evidence
import dadkhah.extract
import dadkhah.parse
import dadkhah.store


def test_store_surface():
    assert sorted(dadkhah.store.__all__) == sorted(
        [
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


def test_parse_surface():
    assert sorted(dadkhah.parse.__all__) == sorted(
        [
            "PARSERS",
            "DateMention",
            "DateValue",
            "Folded",
            "Limits",
            "Page",
            "Paragraph",
            "ParseError",
            "ParseOutcome",
            "ParsedDocument",
            "Post",
            "Worker",
            "decode",
            "find_dates",
            "fold",
            "matching_form",
            "normalise",
            "parse_bytes",
            "parse_date",
            "parse_documents",
            "parser_id",
            "to_ascii_digits",
        ]
    )


def test_extract_surface():
    assert sorted(dadkhah.extract.__all__) == sorted(
        [
            "EXTRACTOR",
            "MEASURES",
            "QUALIFIERS",
            "Claim",
            "ExtractOutcome",
            "LexiconError",
            "available",
            "evaluate",
            "extract_claims",
            "extract_documents",
            "extract_files",
            "extractor_id",
            "read_gold",
        ]
    )


def test_estimate_surface():
    assert sorted(dadkhah.estimate.__all__) == sorted(
        [
            "COUNT_COLUMNS",
            "METHODS",
            "Estimate",
            "EstimateOptions",
            "Histories",
            "LcmcrResult",
            "LoglinearFit",
            "LoglinearResult",
            "Profile",
            "StrataEstimate",
            "TwoListResult",
            "all_models",
            "bracket_name",
            "check_model",
            "draw_plots",
            "estimate",
            "estimate_loglinear",
            "estimate_strata",
            "estimate_two_list",
            "fit_lcmcr",
            "fit_model",
            "parse_model",
            "profile_interval",
            "read_histories",
            "read_strata",
            "search",
            "stepwise",
            "two_list",
        ]
    )


def test_every_name_in_all_exists():
    for module in (
        dadkhah,
        dadkhah.store,
        dadkhah.evidence,
        dadkhah.parse,
        dadkhah.extract,
        dadkhah.estimate,
    ):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
