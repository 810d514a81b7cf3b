"""Reports: dossiers of an event, a person or a victim list in which every statement cites
the preserved span it rests on (hash, offsets, page, custody entry), as HTML and PDF; public
versions with protected persons pseudonymised and non-public sources withheld; and case files
as BagIt bags that a recipient can verify offline.

    store ──▶ event | person | lists (gather, cite, protect) ──▶ Dossier (plain data)
    Dossier ──▶ render.render_html (Jinja2, autoescaped) ──▶ render.render_pdf (WeasyPrint)
    write.write_dossier, write_report: file + ``exported`` entry (+ redaction log if public)
    case.export_case: dossier + cited originals, texts, metadata, custody ──▶ BagIt bag

Errors: NotFound for an unknown subject, InputError for an ambiguous one or a bad option,
IntegrityError when a public dossier would still name a protected person or a blob no longer
matches its hash (nothing is written then).
"""

from dadkhah.report.case import CaseResult, export_case
from dadkhah.report.dossier import ESTIMATE_METHOD, Dossier, ReportOptions
from dadkhah.report.event import event_dossier
from dadkhah.report.lists import list_dossier
from dadkhah.report.person import person_dossier
from dadkhah.report.redact import Redactor, pseudonym_key
from dadkhah.report.render import render_html, render_pdf
from dadkhah.report.write import (
    FORMATS,
    KINDS,
    ReportResult,
    build_dossier,
    write_dossier,
    write_report,
)

__all__ = [
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
