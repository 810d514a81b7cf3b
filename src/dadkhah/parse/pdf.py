"""PDF: the text layer page by page with pypdf; a PDF without one is reported, not emptied."""

from __future__ import annotations

import io
import logging

import pypdf
from pypdf.errors import PdfReadError

from dadkhah.parse.dates import parse_date
from dadkhah.parse.header import read_header
from dadkhah.parse.model import Page, ParsedDocument, ParseError
from dadkhah.parse.text import normalise

PARSER = f"pdf/pypdf-{pypdf.__version__}"
MAX_PAGES = 5000
PAGE_BREAK = "\n\n"

logging.getLogger("pypdf").setLevel(logging.ERROR)


def parse_pdf(data: bytes, name: str) -> ParsedDocument:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError(name, "the PDF is encrypted with a password; its text cannot be read")
        count = len(reader.pages)
    except ParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as err:
        raise ParseError(name, f"not a readable PDF ({type(err).__name__}: {err})") from err
    if count == 0:
        raise ParseError(name, "the PDF has no pages")
    if count > MAX_PAGES:
        raise ParseError(name, f"{count:,} pages is above the limit of {MAX_PAGES:,}")
    parts, pages, offset, failed = [], [], 0, []
    for number, page in enumerate(reader.pages, start=1):
        try:
            page_text = normalise(page.extract_text() or "").strip("\n")
        except Exception as err:  # pypdf raises many kinds on damaged content streams
            failed.append(f"page {number}: {type(err).__name__}")
            page_text = ""
        if parts:
            offset += len(PAGE_BREAK)
        pages.append(Page(number, offset, offset + len(page_text)))
        parts.append(page_text)
        offset += len(page_text)
    text = PAGE_BREAK.join(parts)
    if not text.strip():
        raise ParseError(
            name,
            f"no text layer on any of its {count} page(s): a scanned PDF needs OCR before its "
            "text can be used",
        )
    meta = reader.metadata or {}
    header = read_header(text)
    warnings = [f"text could not be read from {f}" for f in failed]
    empty = [p.number for p in pages if p.end == p.start]
    if empty:
        warnings.append(f"pages without a text layer: {', '.join(map(str, empty))}")
    return ParsedDocument(
        text=text,
        parser=PARSER,
        title=_meta(meta, "/Title") or header.title,
        author=_meta(meta, "/Author") or header.author,
        publisher=header.publisher,
        published=header.published or _pdf_date(_meta(meta, "/CreationDate")),
        republished_from=header.republished_from,
        pages=pages,
        warnings=warnings,
    )


def _meta(meta, key: str) -> str | None:
    try:
        value = meta.get(key)
    except Exception:
        return None
    value = " ".join(str(value).split()) if value else ""
    return value or None


def _pdf_date(raw: str | None):
    # PDF dates look like D:20200315093000Z; only the calendar part is used
    if raw and raw.startswith("D:") and raw[2:10].isdigit():
        return parse_date(f"{raw[2:6]}-{raw[6:8]}-{raw[8:10]}")
    return None
