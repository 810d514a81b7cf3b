"""Documents: the list with filters, one document's text with its claims highlighted, its
posts, metadata and custody trail, and the original HTML sanitised by nh3."""

from __future__ import annotations

import nh3
from fastapi import APIRouter, Depends, Request
from markupsafe import Markup

from dadkhah.errors import InputError, NotFound
from dadkhah.evidence import BlobStore
from dadkhah.know import document_text
from dadkhah.parse import decode
from dadkhah.web.context import Reader, check_csrf, log_views, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

# what may remain of an ingested page: text structure and links; no images (they would fetch
# from the page's own servers), no forms, no scripts, styles or event handlers of any kind
SAFE_TAGS = {
    "a", "abbr", "article", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "ins", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan"}}


def sanitise(html: str) -> Markup:
    """Ingested HTML made inert: only the tags above, links to http(s) and mail only."""
    clean = nh3.clean(
        html,
        tags=SAFE_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "svg", "math"},
        attributes=SAFE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - nh3's output is what we mean to trust


def visible_document(tx, who: Reader, doc_id: str):
    """The document when the reader may see it; NotFound otherwise (a hidden document is
    answered as a missing one, so that its existence does not leak)."""
    doc = tx.get_document(doc_id)
    if not who.sees(doc.sensitivity):
        raise NotFound(f"no document {doc_id}")
    return doc


def segments(text: str, claims) -> list[tuple[str, object]]:
    """The text cut at each claim's figure: (piece, claim or None), overlaps skipped."""
    out, at = [], 0
    for c in sorted(claims, key=lambda c: (c.span.start, c.span.end)):
        start, end = c.span.start, c.span.end
        if start < at or end > len(text) or start >= end:
            continue
        if start > at:
            out.append((text[at:start], None))
        out.append((text[start:end], c))
        at = end
    if at < len(text):
        out.append((text[at:], None))
    return out


@router.get("/documents")
def documents(
    request: Request,
    who: Reader = Depends(reader),
    q: str = "",
    sensitivity: str = "",
    media: str = "",
):
    with state(request).store.read() as tx:
        docs = [d for d in tx.documents() if who.sees(d.sensitivity)]
    key = q.strip().casefold()
    if key:
        docs = [
            d for d in docs
            if key in " ".join(filter(None, (d.title, d.original_filename, d.origin, d.publisher,
                                             d.id))).casefold()
        ]  # fmt: skip
    if sensitivity:
        docs = [d for d in docs if d.sensitivity == sensitivity]
    if media:
        docs = [d for d in docs if d.media_type.startswith(media)]
    log_views(request, who, [(d.id, "document", d.sensitivity) for d in docs])
    return render(
        request, "documents.html", who, documents=docs, q=q, sensitivity=sensitivity, media=media
    )


@router.get("/documents/{doc_id}")
def document(request: Request, doc_id: str, who: Reader = Depends(reader)):
    store = state(request).store
    with store.read() as tx:
        doc = visible_document(tx, who, doc_id)
        claims = tx.claims(document_id=doc.id)
        posts = tx.social_posts(doc.id)
        hashes = [doc.blob_sha256] + ([doc.text_blob_sha256] if doc.text_blob_sha256 else [])
        trail = tx.custody_for([doc.id], hashes)
        source = tx.get_source(doc.source_id) if doc.source_id else None
    text, problem = "", None
    try:
        text = document_text(store, doc)
    except (InputError, NotFound) as err:
        problem = str(err)
    log_views(request, who, [(doc.id, "document", doc.sensitivity)])
    return render(
        request, "document.html", who, doc=doc, claims=claims, posts=posts, trail=trail,
        source=source, pieces=segments(text, claims), problem=problem,
        html=doc.media_type.startswith(("text/html", "application/xhtml")),
    )  # fmt: skip


@router.get("/documents/{doc_id}/original")
def original(request: Request, doc_id: str, who: Reader = Depends(reader)):
    """The original page, sanitised: what the page said, with nothing that can run."""
    store = state(request).store
    with store.read() as tx:
        doc = visible_document(tx, who, doc_id)
    if doc.purged:
        raise InputError(doc.id, "was purged; its original is gone")
    if not doc.media_type.startswith(("text/html", "application/xhtml")):
        raise InputError(doc.id, "is not an HTML page; its text is on the document's page")
    data = BlobStore(store.settings.blob_dir).path(doc.blob_sha256).read_bytes()
    html, _encoding = decode(data, doc.id)
    log_views(request, who, [(doc.id, "document", doc.sensitivity)])
    return render(request, "original.html", who, doc=doc, body=sanitise(html))
