"""Plain text: decoded, normalised, and its header lines read for metadata."""

from __future__ import annotations

from dadkhah.parse.header import Header, read_header
from dadkhah.parse.model import ParsedDocument
from dadkhah.parse.text import decode, normalise

PARSER = "text/dadkhah-1"


def parse_text(data: bytes, name: str) -> ParsedDocument:
    """Prose: metadata is read from its first lines."""
    return _parse(data, name, read_meta=True)


def parse_data_text(data: bytes, name: str) -> ParsedDocument:
    """Tables and data (CSV, JSON, XML): text only, their first line is no title."""
    return _parse(data, name, read_meta=False)


def _parse(data: bytes, name: str, read_meta: bool) -> ParsedDocument:
    raw, encoding = decode(data, name)
    text = normalise(raw)
    header = read_header(text) if read_meta else Header()
    return ParsedDocument(
        text=text,
        parser=PARSER,
        title=header.title,
        author=header.author,
        publisher=header.publisher,
        published=header.published,
        republished_from=header.republished_from,
        encoding=encoding,
    )
