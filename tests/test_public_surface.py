"""The declared public surface of each package, pinned so that changes are deliberate."""

import dadkhah
import dadkhah.access
import dadkhah.estimate
import dadkhah.evidence
import dadkhah.extract
import dadkhah.parse
import dadkhah.report
import dadkhah.store
import dadkhah.web


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


def test_report_surface():
    assert sorted(dadkhah.report.__all__) == sorted(
        [
            "ESTIMATE_METHOD",
            "FORMATS",
            "KINDS",
            "CaseResult",
            "Dossier",
            "Redactor",
            "ReportOptions",
            "ReportResult",
            "build_dossier",
            "event_dossier",
            "export_case",
            "list_dossier",
            "person_dossier",
            "pseudonym_key",
            "render_html",
            "render_pdf",
            "write_dossier",
            "write_report",
        ]
    )


def test_access_surface():
    assert sorted(dadkhah.access.__all__) == sorted(
        [
            "MIN_PASSWORD",
            "ROLES",
            "SENSITIVITIES",
            "Levels",
            "Policy",
            "add_user",
            "authenticate",
            "change_password",
            "check_password",
            "hash_password",
            "highest",
            "load_policy",
            "read_policy",
            "set_password",
        ]
    )


def test_web_surface():
    assert sorted(dadkhah.web.__all__) == [
        "BackgroundServer",
        "create_app",
        "ensure_admin",
        "serve",
    ]


def test_every_name_in_all_exists():
    for module in (
        dadkhah,
        dadkhah.store,
        dadkhah.evidence,
        dadkhah.parse,
        dadkhah.extract,
        dadkhah.estimate,
        dadkhah.report,
    ):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
