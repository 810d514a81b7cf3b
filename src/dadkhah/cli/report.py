"""CLI: ``dadkhah report event|person|list`` and ``dadkhah export case``. Thin wrappers."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from dadkhah.cli.common import handles_errors, open_store, out, user
from dadkhah.report import ReportOptions, export_case, write_report

report_app = typer.Typer(
    help="Dossiers of an event, a person or a victim list: every statement cited down to the "
    "preserved span, its hash and custody entry; --public for a redacted version.",
    no_args_is_help=True,
)


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"


FORMAT = typer.Option(ReportFormat.html, "--format", help="html, or pdf (from the same HTML).")
PUBLIC = typer.Option(
    False,
    "--public",
    help="Redact for publication: protected persons pseudonymised, restricted and confidential "
    "documents cited by hash and date only, their quotes withheld.",
)
OUT = typer.Option(
    None, "--out", help="File to write (default $DADKHAH_HOME/reports/KIND-ID[-public].FORMAT)."
)


def _report(kind: str, ref: str, fmt: ReportFormat, public: bool, out_path, lists=()) -> None:
    store = open_store()
    options = ReportOptions(public=public, lists=tuple(lists or ()))
    result = write_report(store, kind, ref, user(), fmt.value, out_path, options)
    d = result.dossier
    out.print(
        f"{'public ' if d.public else ''}{kind} dossier of {d.subject_id} written to "
        f"{result.path} ({len(d.citations)} citations; sha256 {result.sha256}; "
        f"custody entry {result.custody.seq})",
        markup=False,
    )
    if result.redaction_log is not None:
        out.print(
            f"{len(d.redactions)} redaction(s) logged in {result.redaction_log} "
            "(internal: do not publish it)",
            markup=False,
        )


@report_app.command("event")
@handles_errors
def report_event_cmd(
    event: str = typer.Argument(..., help="Event id, or a title fragment naming one event."),
    fmt: ReportFormat = FORMAT,
    public: bool = PUBLIC,
    out_path: Path | None = OUT,
    lists: list[str] = typer.Option(
        None,
        "--list",
        help="A victim list whose linked victims count for the event (repeat); default: the "
        "latest linkage run's lists whose records mostly fall within the event's dates.",
    ),
) -> None:
    """An event: summary, timeline, places, figures by source with corroboration, conflicts,
    consensus and chart, acts with victims and perpetrators, documented count and estimate."""
    _report("event", event, fmt, public, out_path, lists)


@report_app.command("person")
@handles_errors
def report_person_cmd(
    person: str = typer.Argument(..., help="Person id, or a name naming one person."),
    fmt: ReportFormat = FORMAT,
    public: bool = PUBLIC,
    out_path: Path | None = OUT,
) -> None:
    """A person: names and variants, postings over time with the precision of each date,
    involvement in acts and events, with the sources of each."""
    _report("person", person, fmt, public, out_path)


@report_app.command("list")
@handles_errors
def report_list_cmd(
    name: str = typer.Argument(..., help="Victim list name or id."),
    fmt: ReportFormat = FORMAT,
    public: bool = PUBLIC,
    out_path: Path | None = OUT,
) -> None:
    """A victim list: its file, the linkage (records, people, pairs reviewed), the overlap
    chart, the estimate and its diagnostics."""
    _report("list", name, fmt, public, out_path)


@handles_errors
def export_case_cmd(
    event: str = typer.Argument(..., metavar="EVENT_ID", help="Event id or title fragment."),
    out_path: Path = typer.Argument(..., metavar="OUT", help="A new folder for the bag."),
    public: bool = PUBLIC,
) -> None:
    """Write an event's case file as a BagIt bag: the dossier (HTML and PDF), the cited
    originals and their texts, their metadata and custody entries, and how to verify them."""
    store = open_store()
    result = export_case(store, event, out_path, user(), public=public)
    out.print(
        f"{'public ' if public else ''}case file of {result.dossier.subject_id} written to "
        f"{result.path}: dossier, {len(result.documents)} document(s) with their files, "
        f"{len(result.described)} described by hash only; {result.files} files, "
        f"{result.bytes:,} bytes; check it with `bagit.py --validate {result.path}`",
        markup=False,
    )
    if result.redaction_log is not None:
        out.print(
            f"{len(result.dossier.redactions)} redaction(s) logged in {result.redaction_log} "
            "(internal: do not publish it)",
            markup=False,
        )
