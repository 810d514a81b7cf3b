"""CLI: claims from files (stateless), claims in the store, and scoring against a gold set."""

from __future__ import annotations

from enum import StrEnum

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import err, fail, handles_errors, open_store, out, print_json, print_jsonl
from dadkhah.errors import InputError
from dadkhah.extract import available, evaluate, extract_files, read_gold


class ClaimFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@handles_errors
def extract_cmd(
    files: list[str] = typer.Argument(..., help="Text (.txt, UTF-8), HTML or PDF files."),
    lang: str | None = typer.Option(
        None, "--lang", help="Language of every file (ISO 639-1); else per paragraph."
    ),
    fmt: ClaimFormat = typer.Option(ClaimFormat.jsonl, "--format"),
    entities: bool = typer.Option(
        False, "--entities", help="Also the people, organisations, places, dates and quotes."
    ),
) -> None:
    """Claims in files, one JSON object per claim: nothing is stored."""
    if lang is not None and lang not in available():
        raise fail(f"--lang {lang}: no lexicon for it (have: {', '.join(available())})")
    rows, failed = [], False
    for item in extract_files(files, lang, with_entities=entities):
        if isinstance(item, InputError):
            err.print(Text.assemble(("error: ", "bold red"), str(item)))
            failed = True
        elif fmt is ClaimFormat.jsonl:
            print_jsonl(item)
        else:
            rows.append(item)
    if fmt is ClaimFormat.json:
        print_json(rows)
    elif fmt is ClaimFormat.table:
        out.print(claims_table([r for r in rows if r["type"] == "claim"]))
        others = [r for r in rows if r["type"] != "claim"]
        if others:
            table = Table("type", "kind / speaker", "text", box=None)
            for r in others:
                label = r.get("kind") or r.get("speaker") or ""
                table.add_row(r["type"], Text(label), Text(r["text"][:100]))
            out.print(table)
    if failed:
        raise typer.Exit(1)


def claims_table(rows: list[dict]) -> Table:
    table = Table("measure", "figure", "qualifier", "claimed by", "date", "place", "text", box=None)
    for r in rows:
        figure = str(r["low"]) if r["low"] == r["high"] else f"{r['low']}–{r['high']}"
        table.add_row(
            r["measure"],
            figure,
            r["qualifier"],
            Text(r.get("claimed_by") or ""),
            r.get("date") or "",
            Text(r.get("place") or ""),
            Text(r["text"]),
        )
    return table


@handles_errors
def claims_cmd(
    document: str | None = typer.Option(None, "--document", help="Only this document's claims."),
    status: str | None = typer.Option(None, "--status", help="candidate, accepted, rejected..."),
    fmt: ClaimFormat = typer.Option(ClaimFormat.table, "--format"),
) -> None:
    """Claims in the store, with the exact span each was read from."""
    store = open_store()
    with store.read() as tx:
        claims = tx.claims(document, status)
    rows = [
        {
            "id": c.id,
            "document_id": c.document_id,
            "measure": c.measure,
            "low": c.low,
            "high": c.high,
            "qualifier": c.qualifier,
            "vague_word": c.vague_word,
            "claimed_by": c.claimed_by,
            "claimed_by_source_id": c.claimed_by_source_id,
            "date": c.event_date,
            "place": c.place,
            "date_claimed": c.date_claimed,
            "revision_of": c.revision_of,
            "subgroup": c.subgroup,
            "status": c.status,
            "language": c.language,
            "start": c.span.start,
            "end": c.span.end,
            "page": c.span.page,
            "text": c.span.text,
            "sentence": c.context.text if c.context else None,
        }
        for c in claims
    ]
    if fmt is ClaimFormat.table:
        out.print(claims_table(rows))
        out.print(f"{len(rows)} claims")
    elif fmt is ClaimFormat.json:
        print_json(rows)
    else:
        for row in rows:
            print_jsonl(row)


eval_app = typer.Typer(help="Score extraction against a gold set.", no_args_is_help=True)


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@eval_app.command("claims")
@handles_errors
def eval_claims_cmd(
    gold: str = typer.Argument(..., help="Gold passages, one JSON object per line."),
    fmt: EvalFormat = typer.Option(EvalFormat.table, "--format"),
    show_misses: bool = typer.Option(False, "--misses", help="List every miss and extra."),
) -> None:
    """Precision, recall and F1 for claims, qualifiers and claimed_by, per language."""
    scores = evaluate(read_gold(gold))
    if fmt is EvalFormat.json:
        print_json(
            {
                lang: {
                    "passages": s.passages,
                    "claims": s.claims.as_dict(),
                    "qualifier": s.qualifier.as_dict(),
                    "claimed_by": s.claimed_by.as_dict(),
                }
                | ({"misses": s.misses} if show_misses else {})
                for lang, s in scores.items()
            }
        )
        return
    table = Table("language", "passages", "claims P", "R", "F1", "qualifier F1", "claimed_by F1")
    for lang, s in scores.items():
        table.add_row(
            lang,
            str(s.passages),
            f"{s.claims.precision:.3f}",
            f"{s.claims.recall:.3f}",
            f"{s.claims.f1:.3f}",
            f"{s.qualifier.f1:.3f}",
            f"{s.claimed_by.f1:.3f}",
        )
    out.print(table)
    if show_misses:
        for lang, s in scores.items():
            if lang != "all":
                for miss in s.misses:
                    out.print(Text(f"{lang} {miss}"))
