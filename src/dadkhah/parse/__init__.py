"""Parse: each preserved document to one stored text (NFC, \\n) plus its structure.

Readers for HTML (trafilatura), PDF (pypdf) and plain text; embedded social posts; languages
per paragraph (lingua); Persian letter folding and digits for matching with offsets kept;
Solar Hijri and Gregorian dates. ``parse_documents`` is the stage that writes through the store.
"""

from dadkhah.parse.core import PARSERS, Limits, Worker, parse_bytes
from dadkhah.parse.dates import DateMention, DateValue, find_dates, parse_date
from dadkhah.parse.model import Page, Paragraph, ParsedDocument, ParseError, Post
from dadkhah.parse.persian import Folded, fold, matching_form, to_ascii_digits
from dadkhah.parse.stage import ParseOutcome, parse_documents, parser_id
from dadkhah.parse.text import decode, normalise

__all__ = [
    "PARSERS",
    "DateMention",
    "DateValue",
    "Folded",
    "Limits",
    "Page",
    "Paragraph",
    "ParseError",
    "ParseOutcome",
    "ParsedDocument",
    "Post",
    "Worker",
    "decode",
    "find_dates",
    "fold",
    "matching_form",
    "normalise",
    "parse_bytes",
    "parse_date",
    "parse_documents",
    "parser_id",
    "to_ascii_digits",
]
