"""Stages chained the way a user runs them: ingest, parse what was ingested, extract claims.

The stages stay independent packages; this module is the one place that calls them in order,
for the CLI, the demo and (later) the web app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dadkhah.evidence import IngestOptions, IngestReport, Outcome, ingest
from dadkhah.extract import ExtractOutcome, extract_documents
from dadkhah.parse import ParseOutcome, parse_documents
from dadkhah.store import Store


def ingest_and_parse(
    store: Store,
    items: Iterable[str],
    options: IngestOptions,
    parse: bool = True,
    on_start: Callable[[int], None] | None = None,
    on_item: Callable[[Outcome], None] | None = None,
    on_parsed: Callable[[ParseOutcome], None] | None = None,
    on_extracted: Callable[[ExtractOutcome], None] | None = None,
) -> tuple[IngestReport, list[ParseOutcome]]:
    """Ingest items, then parse (and extract claims from) every document they produced."""
    report = ingest(store, items, options, on_start=on_start, on_item=on_item)
    if not parse:
        return report, []
    ids = list(dict.fromkeys(o.document_id for o in report.outcomes if o.document_id))
    if not ids:
        return report, []
    parsed = parse_and_extract(
        store, ids, options.actor, on_parsed=on_parsed, on_extracted=on_extracted
    )
    return report, parsed


def parse_and_extract(
    store: Store,
    ids: list[str] | None,
    actor: str,
    force: bool = False,
    on_parsed: Callable[[ParseOutcome], None] | None = None,
    on_extracted: Callable[[ExtractOutcome], None] | None = None,
) -> list[ParseOutcome]:
    """Parse documents, then extract candidate claims from those whose text is ready."""
    parsed = parse_documents(store, ids, actor, force, on_item=on_parsed)
    ready = [o.document_id for o in parsed if o.status in ("parsed", "unchanged")]
    if ready:
        extract_documents(store, ready, actor, force, on_item=on_extracted)
    return parsed
