"""HTML: main text and metadata with trafilatura, embedded posts from the markup."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import lxml.html
import trafilatura

from dadkhah.parse.dates import parse_date
from dadkhah.parse.header import origin_line
from dadkhah.parse.model import ParsedDocument, ParseError
from dadkhah.parse.social import posts_in_html
from dadkhah.parse.text import decode, normalise

PARSER = f"html/trafilatura-{trafilatura.__version__}"

# trafilatura logs a warning for every page it finds little in; our outcome says that already
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def parse_html(data: bytes, name: str, url: str | None = None) -> ParsedDocument:
    """Extract the main text of a web page; raises ParseError when there is none."""
    markup, encoding = decode(data, name)
    # trafilatura drops every non-printable character, ZWNJ and ZWJ included, which would
    # change Persian words ("ده‌ها" -> "دهها"); carry them through as printable stand-ins
    guard = not any(stand_in in markup for stand_in in _JOINERS.values())
    if guard:
        for joiner, stand_in in _JOINERS.items():
            markup = markup.replace(joiner, stand_in)
    try:
        root = lxml.html.document_fromstring(markup)
    except (ValueError, lxml.etree.ParserError) as err:
        raise ParseError(name, f"not readable as HTML: {err}") from err
    extracted = trafilatura.bare_extraction(
        root,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if extracted is None or not (extracted.text or "").strip():
        fallback = normalise(root.text_content() if root is not None else "").strip()
        if not fallback:
            raise ParseError(name, "the page has no readable text")
        text, warnings = fallback, ["no main text found; the page's whole text is kept"]
        meta = {}
    else:
        text, warnings = normalise(extracted.text), []
        meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    if guard:
        text = _restore(text)
        meta = {k: _restore(v) if isinstance(v, str) else v for k, v in meta.items()}
    domain = (urlsplit(url).hostname if url else None) or meta.get("hostname")
    published = parse_date(meta["date"]) if meta.get("date") else None
    return ParsedDocument(
        text=text,
        parser=PARSER,
        title=_clean(meta.get("title")),
        author=_clean(meta.get("author")),
        publisher=_clean(meta.get("sitename")) or domain,
        domain=(domain or "").removeprefix("www.") or None,
        published=published,
        republished_from=origin_line(text) or origin_line(_restore(normalise(root.text_content()))),
        encoding=encoding,
        posts=[_restore_post(p) for p in posts_in_html(root)] if guard else posts_in_html(root),
        warnings=warnings,
    )


_JOINERS = {"\u200c": "\ua9c1", "\u200d": "\ua9c2"}  # stand-ins: Javanese punctuation


def _restore(text: str) -> str:
    for joiner, stand_in in _JOINERS.items():
        text = text.replace(stand_in, joiner)
    return text


def _restore_post(post):
    post.text = _restore(post.text)
    post.display_name = _restore(post.display_name) if post.display_name else None
    return post


def _clean(value) -> str | None:
    if not value:
        return None
    value = " ".join(str(value).split())
    return value or None
