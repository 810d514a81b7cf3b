"""The parse stage: a preserved document's bytes to its stored text and structure.

For each document: the original is read back from the blob store (and its hash checked), parsed
in a limited worker, labelled with languages; the text becomes a derived blob (role ``text``)
with a ``derived`` custody entry naming the parser; metadata, paragraphs, pages and social posts
are recorded with a ``parsed`` entry that keeps every changed field's old and new value.
Publisher and origin are linked to the source registry by web domain, name or alias.
Running it again with the same parser version changes nothing and logs nothing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dadkhah.errors import ParseError
from dadkhah.evidence import BlobStore
from dadkhah.ids import blob_id
from dadkhah.parse.core import PARSERS, Worker
from dadkhah.parse.html import PARSER as HTML_PARSER
from dadkhah.parse.model import ParsedDocument
from dadkhah.parse.pdf import PARSER as PDF_PARSER
from dadkhah.parse.plain import PARSER as TEXT_PARSER
from dadkhah.store import Store
from dadkhah.store.sources import SourceIndex

STAGE_VERSION = "parse-1"
TEXT_MEDIA_TYPE = "text/plain; charset=utf-8"
# documents handed to the workers ahead of the one being recorded, and their originals' bytes:
# enough that the workers never wait while a batch is written, few enough to bound memory
IN_FLIGHT = 64
IN_FLIGHT_BYTES = 256 * 1024 * 1024
BATCH = 32  # parsed documents recorded per transaction ...
BATCH_SECONDS = 1.0  # ... or fewer, so that progress shows at least every second


def parser_id(media_type: str) -> str | None:
    """The parser (and version) that reads this media type, as recorded on documents."""
    fn = PARSERS.get(media_type.split(";")[0].strip().lower())
    if fn is None:
        return None
    base = {"parse_html": HTML_PARSER, "parse_pdf": PDF_PARSER}.get(fn.__name__, TEXT_PARSER)
    return f"{base}+{STAGE_VERSION}"


@dataclass(frozen=True)
class ParseOutcome:
    document_id: str
    status: str  # parsed, unchanged, failed, skipped
    message: str = ""
    title: str | None = None
    languages: tuple[str, ...] = ()
    posts: int = 0


def parse_documents(
    store: Store,
    document_ids: Iterable[str] | None,
    actor: str,
    force: bool = False,
    on_item: Callable[[ParseOutcome], None] | None = None,
) -> list[ParseOutcome]:
    """Parse the given documents (all when None); failures are outcomes, not exceptions.

    Worker processes (one per core by default) read, hash-check and parse the originals and
    store each text; meanwhile this process records finished documents, many per transaction.
    A text identical to purged bytes is refused before the batch is written, so that one
    refused document leaves the rest recorded.
    """
    with store.read() as tx:
        docs = tx.documents(list(document_ids)) if document_ids is not None else tx.documents()
    outcomes: list[ParseOutcome] = []
    batch: list = []
    batch_started = 0.0

    def flush() -> None:
        for outcome in _record_batch(store, actor, batch):
            outcomes.append(outcome)
            if on_item:
                on_item(outcome)
        batch.clear()

    def collect(item) -> None:
        nonlocal batch_started
        if not batch:
            batch_started = time.monotonic()
        if isinstance(item, ParseOutcome):
            batch.append(item)
        else:
            doc, wanted, job = item
            try:
                parsed, text = worker.result(job)
                batch.append(("ok", doc, wanted, parsed, text))
            except ParseError as err:
                batch.append(("failed", doc, wanted, err.problem))
        if len(batch) >= BATCH or time.monotonic() - batch_started > BATCH_SECONDS:
            flush()

    with Worker(processes=store.settings.worker_processes, depth=IN_FLIGHT) as worker:
        waiting: deque = deque()
        in_flight = 0
        for doc in docs:
            waiting.append((doc.size, _start(store, doc, worker, force)))
            in_flight += doc.size
            while len(waiting) > IN_FLIGHT or (in_flight > IN_FLIGHT_BYTES and len(waiting) > 1):
                size, item = waiting.popleft()
                in_flight -= size
                collect(item)
        while waiting:
            collect(waiting.popleft()[1])
        flush()
    return outcomes


def _start(store: Store, doc, worker: Worker, force: bool):
    """Either an outcome at once (nothing to parse) or a job submitted to the workers."""
    if doc.purged:
        return ParseOutcome(doc.id, "skipped", "purged: its bytes are gone")
    wanted = parser_id(doc.media_type)
    if wanted is None:
        return ParseOutcome(doc.id, "skipped", f"no parser reads {doc.media_type}")
    if not force and doc.parse_status == "ok" and doc.parser == wanted:
        return ParseOutcome(
            doc.id, "unchanged", "already parsed by this parser version", doc.title, doc.languages
        )
    url = (doc.capture or {}).get("final_url") if doc.capture else None
    name = doc.original_filename or doc.origin
    job = worker.submit_blob(
        store.blob_path(doc.blob_sha256),
        doc.blob_sha256,
        doc.media_type,
        name,
        url,
        text_dir=store.settings.blob_dir,
    )
    return doc, wanted, job


def _record_batch(store: Store, actor: str, batch: list) -> list[ParseOutcome]:
    """Record finished parses in one transaction; texts that may not be kept are taken back."""
    outcomes: list[ParseOutcome] = []
    refused: set[str] = set()
    written = {item[4].sha256 for item in batch if _ok(item) and item[4].created}
    try:
        with store.write(actor) as tx, tx.batch():
            sources = _Sources(tx)
            tx.preload_documents(item[1].id for item in batch if isinstance(item, tuple))
            known = tx.get_blobs(item[4].sha256 for item in batch if _ok(item))
            for item in batch:
                if isinstance(item, ParseOutcome):
                    outcomes.append(item)
                    continue
                if item[0] == "failed":
                    _, doc, wanted, problem = item
                    outcomes.append(_failed(tx, doc, wanted, problem))
                    continue
                _, doc, wanted, parsed, text = item
                purged = known.get(text.sha256)
                if purged is not None and purged.purged:
                    # a text identical to purged bytes must not bring them back
                    if text.created:
                        refused.add(text.sha256)
                    problem = (
                        f"its text is identical to bytes purged on {purged.purged_at} "
                        f"({purged.purge_reason}); it is not stored"
                    )
                    outcomes.append(_failed(tx, doc, wanted, problem))
                    continue
                outcomes.append(_record(tx, sources, doc, wanted, parsed, text))
    except BaseException:
        # nothing was recorded: text files this batch brought into the store go again
        _remove(store, written)
        raise
    _remove(store, refused)
    return outcomes


def _ok(item) -> bool:
    return isinstance(item, tuple) and item[0] == "ok"


def _remove(store: Store, shas: set[str]) -> None:
    blobs = BlobStore(store.settings.blob_dir)
    for sha in shas:
        blobs.remove(sha)


def _failed(tx, doc, parser: str, problem: str) -> ParseOutcome:
    if doc.parse_status == "failed" and doc.parse_error == problem and doc.parser == parser:
        return ParseOutcome(doc.id, "failed", problem)
    tx.update_document(doc.id, {"parse_status": "failed", "parse_error": problem, "parser": parser})
    tx.log("parse_failed", doc.id, doc.blob_sha256, {"parser": parser, "problem": problem})
    return ParseOutcome(doc.id, "failed", problem)


class _Sources:
    """The source registry, read once per transaction, for linking many documents."""

    def __init__(self, tx):
        self._tx = tx
        self._index: SourceIndex | None = None

    def _get(self) -> SourceIndex:
        if self._index is None:
            self._index = SourceIndex(self._tx.sources())
        return self._index

    def by_domain(self, domain: str):
        return self._get().by_domain(domain)

    def by_name(self, name: str):
        return self._get().by_name(name)

    def add(self, name: str, kind: str, domains=()):
        source = self._tx.add_source(name, kind=kind, domains=domains)
        self._index = None
        return source


def _publisher(sources: _Sources, parsed: ParsedDocument, doc):
    """The registry source of the publisher: by domain, then by name; created from markup."""
    domain = parsed.domain
    if not domain and doc.capture:
        from urllib.parse import urlsplit

        domain = (urlsplit(doc.capture.get("final_url", "")).hostname or "").removeprefix(
            "www."
        ) or None
    found = sources.by_domain(domain) if domain else None

    def plausible(source) -> bool:
        # a page may call itself anything; a source we know the domains of must be on them
        if source is None or not domain or not source.domains:
            return source is not None
        return any(domain == d or domain.endswith("." + d) for d in source.domains)

    # the name is looked up only when the domain did not already say who published
    named = sources.by_name(parsed.publisher) if found is None and parsed.publisher else None
    if found is None and named is not None:
        if plausible(named):
            found = named
        else:
            parsed.warnings.append(
                f"the page names itself {parsed.publisher!r} but is on {domain}, not on that "
                "source's domains; not linked"
            )
    if found is None and parsed.author:
        # "By Amnesty International": a byline that names a registered organisation
        byline = sources.by_name(parsed.author)
        if plausible(byline) and byline.kind not in ("person", "journalist"):
            found = byline
    if found is None and named is None and parsed.publisher and domain:
        # a web page names its site and domain: strong enough to register the publisher
        found = sources.add(parsed.publisher, kind="publisher", domains=[domain])
    return found


def _record(tx, sources: _Sources, doc, parser: str, parsed: ParsedDocument, text_blob):
    languages = parsed.languages()
    blob, created = tx.add_blob(
        text_blob.sha256, text_blob.size, TEXT_MEDIA_TYPE, "text", doc.blob_sha256
    )
    # a plain UTF-8 file is its own text: the blob is the original, no new derived file
    if blob.sha256 != doc.blob_sha256 and (created or doc.text_blob_sha256 != text_blob.sha256):
        tx.log(
            "derived",
            blob_id(text_blob.sha256),
            text_blob.sha256,
            {
                "role": "text",
                "parent": blob_id(doc.blob_sha256),
                "document_id": doc.id,
                "parser": parser,
            },
        )
    publisher = _publisher(sources, parsed, doc)
    origin = None
    if parsed.republished_from:
        origin = sources.by_name(parsed.republished_from) or sources.add(
            parsed.republished_from, kind="publisher"
        )
    published = parsed.published
    changes = tx.update_document(
        doc.id,
        {
            "title": parsed.title,
            "author": parsed.author,
            "publisher": publisher.name if publisher else parsed.publisher,
            "publisher_id": publisher.id if publisher else None,
            "published_date": published.start.isoformat() if published else None,
            "published_precision": published.precision if published else None,
            "language": languages[0] if languages else None,
            "languages": languages,
            "republished_from": parsed.republished_from,
            "origin_source_id": origin.id if origin else None,
            "text_blob_sha256": text_blob.sha256,
            "encoding": parsed.encoding,
            "page_count": len(parsed.pages) or None,
            "parser": parser,
            "parse_status": "ok",
            "parse_error": None,
            "parse_warnings": parsed.warnings,
        },
    )
    # the first parse (as the database said just now, not when the run began) has no
    # structure to compare with or to replace
    fresh = "parse_status" in changes and changes["parse_status"][0] is None
    if fresh:
        structure_changed = True
    else:
        new_pars = [(p.start, p.end, p.page, p.language) for p in parsed.paragraphs]
        old_pars = [(p.start, p.end, p.page, p.language) for p in tx.paragraphs(doc.id)]
        new_posts = [(p.platform, p.handle, p.text, p.post_url) for p in parsed.posts]
        old_posts = [(p.platform, p.handle, p.text, p.post_url) for p in tx.social_posts(doc.id)]
        structure_changed = (
            "text_blob_sha256" in changes or new_pars != old_pars or new_posts != old_posts
        )
    posts = []
    if structure_changed:
        tx.replace_structure(
            doc.id,
            [
                {"start": p.start, "end": p.end, "page": p.page, "language": p.language}
                for p in parsed.paragraphs
            ],
            [{"number": p.number, "start": p.start, "end": p.end} for p in parsed.pages],
            fresh=fresh,
        )
        posts = tx.replace_posts(doc.id, [_post_row(parsed, p) for p in parsed.posts], fresh)
        tx.index_search(doc.id, "document", parsed.title or doc.original_filename, parsed.text)
    if changes or structure_changed:
        tx.log(
            "parsed",
            doc.id,
            doc.blob_sha256,
            {
                "parser": parser,
                "text": blob_id(text_blob.sha256),
                "changes": changes,
                "paragraphs": len(parsed.paragraphs),
                "pages": len(parsed.pages),
                "social_posts": len(parsed.posts),
                "warnings": parsed.warnings,
            },
        )
        status = "parsed"
    else:
        status = "unchanged"
    return ParseOutcome(
        doc.id,
        status,
        "; ".join(parsed.warnings),
        parsed.title,
        tuple(languages),
        len(posts) if structure_changed else len(parsed.posts),
    )


def _post_row(parsed: ParsedDocument, post) -> dict:
    return {
        "platform": post.platform,
        "handle": post.handle,
        "display_name": post.display_name,
        "posted_date": post.posted.start.isoformat() if post.posted else None,
        "posted_precision": post.posted.precision if post.posted else None,
        "text": post.text,
        "urls": post.urls,
        "post_url": post.post_url,
        "start": post.start,
        "end": post.end,
        "quote": parsed.text[post.start : post.end] if post.start is not None else None,
        "page": parsed.page_of(post.start) if post.start is not None else None,
    }
