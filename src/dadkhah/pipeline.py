"""Stages chained the way a user runs them: ingest, then parse what was ingested.

The stages stay independent packages; this module is the one place that calls them in order,
for the CLI, the demo and (later) the web app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dadkhah.evidence import IngestOptions, IngestReport, Outcome, ingest
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
) -> tuple[IngestReport, list[ParseOutcome]]:
    """Ingest items, then parse every document they produced that is not parsed yet."""
    report = ingest(store, items, options, on_start=on_start, on_item=on_item)
    if not parse:
        return report, []
    ids = list(dict.fromkeys(o.document_id for o in report.outcomes if o.document_id))
    if not ids:
        return report, []
    return report, parse_documents(store, ids, options.actor, on_item=on_parsed)
