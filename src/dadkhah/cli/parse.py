"""CLI: parse documents, and show one document with its text and structure."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import err, handles_errors, open_store, out, print_json, progress, user
from dadkhah.cli.evidence import Format, parse_summary
from dadkhah.evidence import BlobStore
from dadkhah.pipeline import parse_and_extract


@handles_errors
def parse_cmd(
    documents: list[str] = typer.Option(None, "--document", help="A document id (repeat)."),
    all_: bool = typer.Option(False, "--all", help="Every document."),
    force: bool = typer.Option(False, "--force", help="Parse again even when already parsed."),
    fmt: Format = typer.Option(Format.text, "--format"),
) -> None:
    """Read text, metadata, languages and social posts from preserved documents, then claims."""
    if not documents and not all_:
        raise typer.BadParameter("name documents with --document ID, or use --all")
    store = open_store()
    with progress() as bar:
        task = bar.add_task("parsing", total=None)

        def on_item(o):
            if o.status == "failed":
                err.print(Text.assemble(("error: ", "bold red"), f"{o.document_id}: {o.message}"))
            bar.advance(task)

        outcomes = parse_and_extract(store, documents or None, user(), force, on_item)
    if fmt is Format.json:
        print_json([o.__dict__ for o in outcomes])
    else:
        table = Table("document", "status", "languages", "posts", "title / problem", box=None)
        for o in outcomes:
            table.add_row(
                o.document_id,
                o.status,
                ",".join(o.languages),
                str(o.posts),
                Text(o.title or o.message or ""),
            )
        out.print(table)
        out.print(parse_summary(outcomes))
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


@handles_errors
def show_cmd(
    document: str = typer.Argument(..., help="A document id (doc-…)."),
    text: bool = typer.Option(False, "--text", help="Print the stored text after the summary."),
    fmt: Format = typer.Option(Format.text, "--format"),
) -> None:
    """One document: origin, metadata, languages, pages, social posts (and its text)."""
    store = open_store()
    with store.read() as tx:
        doc = tx.get_document(document)
        paragraphs = tx.paragraphs(doc.id)
        pages = tx.pages(doc.id)
        posts = tx.social_posts(doc.id)
        spans = {p.span_id: tx.get_span(p.span_id) for p in posts if p.span_id}
        source = tx.get_source(doc.source_id).name if doc.source_id else None
    body = None
    if doc.text_blob_sha256 and not doc.purged:
        body = BlobStore(store.settings.blob_dir).path(doc.text_blob_sha256).read_text("utf-8")
    if fmt is Format.json:
        print_json(
            doc.__dict__
            | {
                "source": source,
                "paragraphs": [p.__dict__ for p in paragraphs],
                "pages": [p.__dict__ for p in pages],
                "social_posts": [
                    p.__dict__ | {"span": spans[p.span_id].__dict__ if p.span_id else None}
                    for p in posts
                ],
                "text": body if text else None,
            }
        )
        return
    info = Table(box=None, show_header=False)
    for label, value in (
        ("document", doc.id),
        ("status", doc.status),
        ("sensitivity", doc.sensitivity),
        ("origin", doc.origin),
        ("provided by", source),
        ("media type", doc.media_type),
        ("sha256", doc.blob_sha256),
        ("title", doc.title),
        ("author", doc.author),
        ("publisher", doc.publisher),
        ("republished from", doc.republished_from),
        (
            "published",
            f"{doc.published_date} ({doc.published_precision})" if doc.published_date else None,
        ),
        ("languages", ", ".join(doc.languages)),
        ("pages", doc.page_count),
        ("paragraphs", len(paragraphs)),
        ("parsed by", doc.parser),
        ("parse", doc.parse_status and f"{doc.parse_status} {doc.parse_error or ''}".strip()),
        ("warnings", "; ".join(doc.parse_warnings)),
    ):
        if value not in (None, ""):
            info.add_row(label, Text(str(value)))
    out.print(info)
    for p in posts:
        span = spans.get(p.span_id)
        where = "not in the text"
        if span:
            where = f"chars {span.start}-{span.end}" + (f", page {span.page}" if span.page else "")
        when = p.posted_date or ""
        out.print(Text(f"post: {p.platform} @{p.handle} ({p.display_name}) {when} [{where}]"))
        if p.post_url:
            out.print(Text(f"      {p.post_url}"))
        out.print(Text(f"      {p.text}"))
    if text and body is not None:
        out.print()
        out.print(Text(body))
