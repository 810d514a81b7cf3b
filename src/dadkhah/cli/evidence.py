"""CLI: ingest, verify, custody, purge, export bag, history, documents. Thin wrappers only."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import (
    err,
    fail,
    handles_errors,
    open_store,
    out,
    print_json,
    print_jsonl,
    progress,
    user,
)
from dadkhah.config import Settings
from dadkhah.evidence import IngestOptions, export_bag, purge, verify
from dadkhah.ids import kind_of
from dadkhah.pipeline import ingest_and_parse
from dadkhah.store import Head


class Sensitivity(StrEnum):
    public = "public"
    restricted = "restricted"
    confidential = "confidential"


class Format(StrEnum):
    text = "text"
    json = "json"


def parse_summary(outcomes) -> str:
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return "parse: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))


custody_app = typer.Typer(help="The hash-chained custody log.", no_args_is_help=True)
export_app = typer.Typer(help="Export preserved material.", no_args_is_help=True)


@handles_errors
def init_cmd() -> None:
    """Create the store (never required: every command creates it on first use)."""
    store = open_store()
    with store.read() as tx:
        head = tx.head()
    out.print(
        f"store ready: {store.settings.database_url} ({store.dialect}); blobs in "
        f"{store.settings.blob_dir}; custody head {head}"
    )


@handles_errors
def ingest_cmd(
    items: list[str] = typer.Argument(..., help="Files, folders or http(s) URLs."),
    source: str | None = typer.Option(
        None, "--source", help="Source name or alias; created if unknown."
    ),
    sensitivity: Sensitivity = typer.Option(Sensitivity.restricted, "--sensitivity"),
    max_bytes: int | None = typer.Option(
        None, "--max-bytes", help="Largest file or download (default 2 GiB, or DADKHAH_MAX_BYTES)."
    ),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds allowed for one URL capture."),
    fmt: Format = typer.Option(
        Format.text, "--format", help="text, or json (one object per item)."
    ),
    parse: bool = typer.Option(True, "--parse/--no-parse", help="Parse what was ingested."),
) -> None:
    """Preserve files, folders and URLs (bytes plus a custody entry each), then parse them."""
    settings = Settings.from_env()
    store = open_store()
    options = IngestOptions(
        actor=user(),
        source=source,
        sensitivity=sensitivity.value,
        max_bytes=max_bytes or settings.max_bytes,
        timeout=timeout,
    )
    with progress() as bar:
        task = bar.add_task("ingesting", total=None)

        def on_item(o):
            if o.status == "failed":
                err.print(Text.assemble(("error: ", "bold red"), f"{o.item}: {o.message}"))
            elif o.status == "skipped":
                err.print(Text.assemble(("skipped: ", "yellow"), f"{o.item}: {o.message}"))
            if fmt is Format.json:
                print_jsonl(o.__dict__)
            bar.advance(task)

        def on_parsed(p):
            if p.status == "failed":
                problem = f"{p.document_id}: cannot be parsed: {p.message}"
                err.print(Text.assemble(("error: ", "bold red"), problem))
            if fmt is Format.json:
                print_jsonl({"parse": p.__dict__})

        report, parsed = ingest_and_parse(
            store,
            items,
            options,
            parse=parse,
            on_start=lambda n: bar.update(task, total=n),
            on_item=on_item,
            on_parsed=on_parsed,
        )
    if fmt is Format.text:
        for o in report.outcomes:
            if o.document_id:
                out.print(
                    f"{o.status:<11} {o.document_id}  {o.sha256[:16]}  {o.item}", markup=False
                )
        out.print(f"{report.summary()}; {report.new_bytes:,} new bytes")
        if parsed:
            out.print(parse_summary(parsed))
    if report.failed or any(p.status == "failed" for p in parsed):
        raise typer.Exit(1)


@handles_errors
def verify_cmd(
    expect: str | None = typer.Option(
        None, "--expect", help="A head recorded earlier (COUNT:SHA256)."
    ),
    fmt: Format = typer.Option(Format.text, "--format"),
) -> None:
    """Re-hash every blob and the whole custody chain; exit 1 naming each broken item."""
    try:
        expected = Head.parse(expect) if expect else None
    except ValueError as exc:
        raise fail(f"--expect: {exc}", 2) from None
    store = open_store()
    with progress(bytes_mode=True) as bar:
        task = bar.add_task("hashing blobs", total=None)
        report = verify(
            store,
            expect=expected,
            on_start=lambda total: bar.update(task, total=total),
            on_blob=lambda size: bar.advance(task, size),
        )
    if fmt is Format.json:
        print_json(report.as_dict())
    else:
        for p in report.problems:
            out.print(Text.assemble(("BROKEN ", "bold red"), p.message))
        for note in report.notes:
            out.print(f"note: {note}", markup=False)
        out.print(report.summary(), markup=False)
    if not report.ok:
        raise typer.Exit(1)


@custody_app.command("head")
@handles_errors
def custody_head() -> None:
    """Print the chain's head (COUNT:SHA256) to record elsewhere, e.g. in an email."""
    store = open_store()
    with store.read() as tx:
        print(tx.head())


@custody_app.command("log")
@handles_errors
def custody_log(
    object_id: str | None = typer.Option(None, "--object", help="Only entries about this id."),
    limit: int = typer.Option(50, "--limit", help="Newest N entries (0: all)."),
    fmt: Format = typer.Option(Format.text, "--format"),
) -> None:
    """Show custody entries, newest last."""
    store = open_store()
    with store.read() as tx:
        entries = tx.custody_for([object_id]) if object_id else list(tx.custody())
    if limit:
        entries = entries[-limit:]
    _print_entries(entries, fmt)


def _print_entries(entries, fmt: Format) -> None:
    if fmt is Format.json:
        print_json([e.as_dict() for e in entries])
        return
    table = Table("seq", "time", "actor", "action", "object", "hash", box=None)
    for e in entries:
        table.add_row(str(e.seq), e.time, Text(e.actor), e.action, Text(e.object_id), e.hash[:16])
    out.print(table)


@handles_errors
def history_cmd(
    record_id: str = typer.Argument(..., help="Any id: doc-…, blob-…, src-…"),
    fmt: Format = typer.Option(Format.text, "--format"),
) -> None:
    """Everything the custody log holds about one record, oldest first."""
    if kind_of(record_id) is None:
        raise fail(f"{record_id}: not a dadkhah id (ids look like doc-…, blob-…, src-…)", 2)
    store = open_store()
    with store.read() as tx:
        ids, hashes = [record_id], []
        if record_id.startswith("doc-"):
            doc = tx.get_document(record_id)
            ids += [f"blob-{doc.blob_sha256}"] + [b.id for b in tx.derived_blobs(doc.blob_sha256)]
        elif record_id.startswith("clm-"):
            ids.append(tx.get_claim(record_id).document_id)  # where it was read from
        elif record_id.startswith("blob-"):
            hashes.append(record_id.removeprefix("blob-"))  # documents that hold these bytes
        entries = tx.custody_for(ids, hashes)
    if not entries:
        raise fail(f"{record_id}: no custody entries for this id")
    _print_entries(entries, fmt)


@handles_errors
def documents_cmd(fmt: Format = typer.Option(Format.text, "--format")) -> None:
    """List preserved documents."""
    store = open_store()
    with store.read() as tx:
        docs = tx.documents()
        sources = {s.id: s.name for s in tx.sources()}
    if fmt is Format.json:
        print_json([d.__dict__ | {"source": sources.get(d.source_id)} for d in docs])
        return
    table = Table(
        "id", "status", "sensitivity", "media type", "bytes", "source", "origin", box=None
    )
    for d in docs:
        table.add_row(
            d.id,
            d.status,
            d.sensitivity,
            d.media_type,
            f"{d.size:,}",
            Text(sources.get(d.source_id, "")),
            Text(d.origin),
        )
    out.print(table)
    out.print(f"{len(docs)} documents")


@handles_errors
def purge_cmd(
    document: str = typer.Argument(..., help="The document id (doc-…)."),
    reason: str = typer.Option(
        ..., "--reason", help="Why the bytes must go; kept in the custody log."
    ),
) -> None:
    """Remove a document's bytes; keep its hash, metadata and a purged custody entry."""
    store = open_store()
    result = purge(store, document, reason, user())
    others = [d for d in result.documents if d != document]
    out.print(
        f"purged {document}: {result.files_removed} file(s) removed, "
        f"{len(result.blobs)} blob(s) marked purged, {result.spans_blanked} span(s) blanked"
    )
    if others:
        out.print(f"these documents shared the same bytes and are purged too: {', '.join(others)}")


@export_app.command("bag")
@handles_errors
def export_bag_cmd(
    out_path: Path = typer.Argument(..., metavar="OUT", help="A new folder for the bag."),
    documents: list[str] = typer.Option(None, "--document", help="Only these documents (repeat)."),
) -> None:
    """Write a BagIt bag with originals, derived files, metadata and custody entries."""
    store = open_store()
    result = export_bag(store, out_path, documents or None, user())
    out.print(
        f"bag written to {result.path}: {len(result.documents)} documents, "
        f"{result.files} files, {result.bytes:,} bytes; check it with "
        f"`bagit.py --validate {result.path}`",
        markup=False,
    )
