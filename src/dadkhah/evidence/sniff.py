"""Media type from content, not from the file name.

Binary formats by their magic numbers (the ``filetype`` library); HTML, XML, JSON and text by
looking at the first bytes ourselves, since filetype does not cover markup. The file name is
only a tie-breaker between text types (a .csv that is text is text/csv).
"""

from __future__ import annotations

import codecs

import filetype

_TEXT_BY_SUFFIX = {
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".md": "text/markdown",
    ".json": "application/json",
    ".xml": "application/xml",
}
_HTML_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<article",
    b"<div",
    b"<p>",
    b"<p ",
)


def _decodes_as_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in head:
        # UTF-16 without a byte-order mark: every other byte of Latin text is zero
        sample = head[:4000]
        half = max(1, len(sample) // 2)
        return sample[0::2].count(0) > 0.3 * half or sample[1::2].count(0) > 0.3 * half
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as err:
        # a multi-byte character cut at the end of the sniffed head is still UTF-8
        if err.start >= len(head) - 4:
            return True
    # single-byte encodings (Windows-1256, Windows-1252): mostly printable bytes
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls <= len(head) // 100


def sniff(head: bytes, filename: str | None = None) -> str:
    """The media type of content starting with ``head``."""
    if not head:
        return "application/x-empty"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"WARC/"):
        return "application/warc"
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if not _decodes_as_text(head):
        return "application/octet-stream"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if probe.startswith(b"<?xml"):
        return "application/xhtml+xml" if b"<html" in probe else "application/xml"
    if probe.startswith(b"<") and any(marker in probe for marker in _HTML_MARKERS):
        return "text/html"
    if probe[:1] in (b"{", b"[") and (filename or "").lower().endswith(".json"):
        return "application/json"
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    return _TEXT_BY_SUFFIX.get(suffix, "text/plain")
