"""The parse stage: a preserved document's bytes to its stored text and structure.

For each document: the original is read back from the blob store (and its hash checked), parsed
in a limited worker, labelled with languages; the text becomes a derived blob (role ``text``)
with a ``derived`` custody entry naming the parser; metadata, paragraphs, pages and social posts
are recorded with a ``parsed`` entry that keeps every changed field's old and new value.
Publisher and origin are linked to the source registry by web domain, name or alias.
Running it again with the same parser version changes nothing and logs nothing.
"""

from __future__ import annotations

import hashlib
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

STAGE_VERSION = "parse-1"
TEXT_MEDIA_TYPE = "text/plain; charset=utf-8"
IN_FLIGHT = 16  # documents queued for the worker while earlier ones are recorded


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

    Documents queue for the worker process while earlier ones are recorded here, so both
    cores work at once.
    """
    with store.read() as tx:
        docs = tx.documents(list(document_ids)) if document_ids is not None else tx.documents()
    outcomes: list[ParseOutcome] = []
    blobs = BlobStore(store.settings.blob_dir)

    def finish(item) -> None:
        if not isinstance(item, ParseOutcome):
            doc, wanted, job = item
            try:
                item = _store_parse(store, actor, doc, wanted, worker.result(job))
            except ParseError as err:
                item = _failed(store, doc, actor, wanted, err.problem)
        outcomes.append(item)
        if on_item:
            on_item(item)

    with Worker() as worker:
        waiting: deque = deque()
        for doc in docs:
            waiting.append(_start(store, blobs, doc, actor, worker, force))
            if len(waiting) > IN_FLIGHT:
                finish(waiting.popleft())
        while waiting:
            finish(waiting.popleft())
    return outcomes


def _start(store: Store, blobs: BlobStore, doc, actor: str, worker: Worker, force: bool):
    """Either an outcome at once (nothing to parse, or unreadable) or a submitted job."""
    if doc.purged:
        return ParseOutcome(doc.id, "skipped", "purged: its bytes are gone")
    wanted = parser_id(doc.media_type)
    if wanted is None:
        return ParseOutcome(doc.id, "skipped", f"no parser reads {doc.media_type}")
    if not force and doc.parse_status == "ok" and doc.parser == wanted:
        return ParseOutcome(
            doc.id, "unchanged", "already parsed by this parser version", doc.title, doc.languages
        )
    try:
        data = blobs.path(doc.blob_sha256).read_bytes()
    except OSError as err:
        problem = f"its original cannot be read: {err.strerror or err}"
        return _failed(store, doc, actor, wanted, problem)
    if hashlib.sha256(data).hexdigest() != doc.blob_sha256:
        problem = "its original no longer matches its hash; run `dadkhah verify`"
        return _failed(store, doc, actor, wanted, problem)
    url = (doc.capture or {}).get("final_url") if doc.capture else None
    name = doc.original_filename or doc.origin
    return doc, wanted, worker.submit(data, doc.media_type, name, url)


def _failed(store: Store, doc, actor: str, parser: str, problem: str) -> ParseOutcome:
    if doc.parse_status == "failed" and doc.parse_error == problem and doc.parser == parser:
        return ParseOutcome(doc.id, "failed", problem)
    with store.write(actor) as tx:
        tx.update_document(
            doc.id, {"parse_status": "failed", "parse_error": problem, "parser": parser}
        )
        tx.log("parse_failed", doc.id, doc.blob_sha256, {"parser": parser, "problem": problem})
    return ParseOutcome(doc.id, "failed", problem)


def _publisher(tx, parsed: ParsedDocument, doc):
    """The registry source of the publisher: by domain, then by name; created from markup."""
    domain = parsed.domain
    if not domain and doc.capture:
        from urllib.parse import urlsplit

        domain = (urlsplit(doc.capture.get("final_url", "")).hostname or "").removeprefix(
            "www."
        ) or None
    found = tx.find_source_by_domain(domain) if domain else None

    def plausible(source) -> bool:
        # a page may call itself anything; a source we know the domains of must be on them
        if source is None or not domain or not source.domains:
            return source is not None
        return any(domain == d or domain.endswith("." + d) for d in source.domains)

    # the name is looked up only when the domain did not already say who published
    named = (
        tx.find_source(parsed.publisher, by_id=False)
        if found is None and parsed.publisher
        else None
    )
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
        byline = tx.find_source(parsed.author, by_id=False)
        if plausible(byline) and byline.kind not in ("person", "journalist"):
            found = byline
    if found is None and named is None and parsed.publisher and domain:
        # a web page names its site and domain: strong enough to register the publisher
        found = tx.add_source(parsed.publisher, kind="publisher", domains=[domain])
    return found


def _store_parse(store: Store, actor: str, doc, parser: str, parsed) -> ParseOutcome:
    """Record one parsed document: its text blob first, then one transaction.

    Raises ParseError (after taking back a text blob it wrote) when the text may not be kept.
    """
    blobs = BlobStore(store.settings.blob_dir)
    text = blobs.put_bytes(parsed.text.encode("utf-8"))
    try:
        with store.write(actor) as tx:
            return _record(tx, doc, parser, parsed, text)
    except ParseError:
        if text.created:
            blobs.remove(text.sha256)
        raise


def _record(tx, doc, parser: str, parsed: ParsedDocument, text_blob) -> ParseOutcome:
    languages = parsed.languages()
    blob, created = tx.add_blob(
        text_blob.sha256, text_blob.size, TEXT_MEDIA_TYPE, "text", doc.blob_sha256
    )
    if blob.purged:
        raise ParseError(
            doc.id,
            f"its text is identical to bytes purged on {blob.purged_at} ({blob.purge_reason}); "
            "it is not stored",
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
    publisher = _publisher(tx, parsed, doc)
    origin = None
    if parsed.republished_from:
        origin = tx.find_source(parsed.republished_from) or tx.add_source(
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
    if doc.parse_status is None:  # first parse: there is no structure to compare with
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
        )
        posts = tx.replace_posts(doc.id, [_post_row(parsed, p) for p in parsed.posts])
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
