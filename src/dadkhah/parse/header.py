"""Metadata written into the text itself: bylines, date lines, "Source »" origin lines, titles.

Pasted articles and plain-text reports carry their metadata in their first lines, in any of
the mission languages: an outlet line, a dateline, a title, "By …", "Published: …",
"Source » …" or "Originally published by …". These rules read those lines; HTML pages get
the same treatment on top of what their markup says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dadkhah.parse.dates import DateValue, find_dates, parse_date

ORIGIN = [
    re.compile(
        r"^\s*(?:source|quelle|fuente|fonte|منبع|مأخذ)\s*[»›>:|]+\s*(?P<name>[^\n]{2,80}?)\s*$",
        re.I | re.M,
    ),
    re.compile(
        r"\b(?:originally\s+published\s+(?:by|in|at|on)|first\s+published\s+(?:by|in)|"
        r"republished\s+(?:from|courtesy\s+of)|ursprünglich\s+erschienen\s+(?:in|bei)|"
        r"publié\s+initialement\s+(?:par|dans|sur)|publicado\s+originalmente\s+(?:por|en)|"
        r"pubblicato\s+originariamente\s+(?:da|su))\s+(?P<name>[^\n.;]{2,80})",
        re.I,
    ),
]
_ORIGIN_VERBS = ("publish", "erschienen", "publié", "publicado", "pubblicato")
BYLINE = re.compile(
    r"^\s*(?:by|von|par|di|por|نوشته(?:\s+ی)?|به\s+قلم|نویسنده)\s*:?\s+(?P<name>[^\n]{2,80}?)\s*$",
    re.I,
)
DATE_LABEL = re.compile(
    r"^\s*(?:published|updated|posted|date|datum|veröffentlicht|publié(?:\s+le)?|mis\s+à\s+jour|"
    r"publicado|pubblicato|تاریخ\s+انتشار|تاریخ|انتشار)\s*(?:on|am|le|el|il)?\s*:?\s*(?P<rest>[^\n]+)$",
    re.I,
)
MAX_HEADER_LINES = 8


@dataclass
class Header:
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: DateValue | None = None
    republished_from: str | None = None


def _name_like(text: str) -> bool:
    """A byline names someone: a few words, no sentence punctuation; Latin words capitalised."""
    words = text.split()
    if not 1 <= len(words) <= 8 or any(ch in text for ch in ".;!?"):
        return False
    latin = [w for w in words if w[0].isalpha() and w[0].isascii()]
    small = {"and", "und", "et", "e", "y", "de", "van", "von", "al", "el", "bin", "der", "la"}
    return all(w[0].isupper() or w.lower() in small for w in latin)


def origin_line(text: str) -> str | None:
    """The outlet a republished text names as its origin, if any."""
    lines = text.split("\n")
    window = "\n".join(lines[:15] + lines[-10:])
    match = ORIGIN[0].search(window)
    lowered = window.lower()
    # the wordy second form is slow to search: only where one of its verbs occurs
    if match is None and any(v in lowered for v in _ORIGIN_VERBS):
        match = ORIGIN[1].search(window)
    return match.group("name").strip(" .:»") if match else None


def _date_line(line: str) -> DateValue | None:
    labelled = DATE_LABEL.match(line)
    if labelled:
        return parse_date(labelled.group("rest"))
    if len(line) <= 60:
        dates = find_dates(line)
        if dates and sum(m.end - m.start for m in dates) >= 0.4 * len(line.strip()):
            return dates[0].value  # a dateline such as "Berlin, 4. Dezember 2019"
    return None


def read_header(text: str) -> Header:
    head = Header(republished_from=origin_line(text))
    lines = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if len(line) > 200 or len(lines) >= MAX_HEADER_LINES:
            break
        lines.append(line.strip())
    unclassified: list[tuple[int, str]] = []
    date_at = None
    for i, line in enumerate(lines):
        byline = BYLINE.match(line)
        if byline and head.author is None and _name_like(byline.group("name")):
            head.author = byline.group("name")
            continue
        if any(p.match(line) for p in ORIGIN[:1]) or ORIGIN[1].search(line):
            continue
        value = _date_line(line)
        if value is not None:
            if head.published is None:
                head.published, date_at = value, i
            continue
        unclassified.append((i, line))
    if unclassified:
        first_i, first = unclassified[0]
        outlet_like = " | " in first or (
            len(first.split()) <= 5 and not first.endswith((".", "?", "!", ":"))
        )
        if len(unclassified) >= 2 and outlet_like and (date_at is None or first_i < date_at):
            head.publisher = first.split(" | ")[0].strip()
            head.title = unclassified[1][1]
        else:
            head.title = first
    return head
