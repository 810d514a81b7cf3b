"""Persian (and Arabic-script) text for matching: letter folding, digits, marks, offsets.

The stored text is never changed. ``matching_form`` returns a folded copy for searching and
comparing, with a map from every folded character back to the stored text, so a match found
in the folded form becomes an exact span of the stored text.

Folding: Arabic letter forms to their Persian counterparts (ي ى ئ → ی, ك → ک, ة → ه, ۀ → ه,
أ إ آ ٱ → ا, ؤ → و), diacritics (harakat, superscript alef, hamza above) and tatweel removed,
ZWNJ read as a space (so "می‌شود" and "می شود" match), bidirectional marks and ZWJ removed,
Persian and Arabic-Indic digits to ASCII, Arabic decimal and thousands separators to "." and
",", and Latin text case-folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

_LETTERS = {
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "ڪ": "ک",
    "ھ": "ه",
}
_DIGITS = {d: str(i) for i, d in enumerate(PERSIAN_DIGITS)} | {
    d: str(i) for i, d in enumerate(ARABIC_DIGITS)
}
_PUNCT = {"٫": ".", "٬": ",", "،": ",", "؛": ";", "؟": "?", "\u200c": " ", "\u00a0": " "}
# removed outright: bidi controls, ZWJ, BOM, tatweel, soft hyphen
_DROP = set(
    "\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u0640\u00ad"
)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn"


def fold_char(ch: str) -> str:
    """The matching form of one character ('' when it is dropped)."""
    if ch in _DROP or _is_mark(ch):
        return ""
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    if ch in _PUNCT:
        return _PUNCT[ch]
    if ch.isascii():
        return ch.lower()
    folded = ch.casefold()
    # decompose accented Latin letters for matching (é → e), keep other scripts whole
    if "LATIN" in unicodedata.name(ch, ""):
        folded = "".join(c for c in unicodedata.normalize("NFD", folded) if not _is_mark(c))
    return folded


@dataclass(frozen=True)
class Folded:
    """Folded text plus, for each of its characters, the offset in the source text."""

    text: str
    source: Sequence[int]  # len(text) + 1 entries; the last is the source length
    source_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span covering folded characters [start, end)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}..{end} outside the folded text")
        if start == end:
            return self.source[start], self.source[start]
        src_start = self.source[start]
        src_end = self.source[end - 1] + 1
        # stretch over characters dropped right after the last one kept (marks of a letter)
        while src_end < self.source_length and src_end < self.source[end]:
            src_end += 1
        return src_start, src_end


class _FoldTable(dict):
    """Code point -> folded string for ``str.translate``, filled on first sight of each one.

    Characters that fold to nothing or to more than one character are noted: text without
    any of them folds one to one, and its offset map is the identity.
    """

    def __init__(self):
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        if len(folded) != 1:
            self.uneven.add(chr(code))
        return folded


_TABLE = _FoldTable()


def matching_form(text: str) -> Folded:
    """Fold ``text`` for matching, keeping a map back to exact offsets."""
    folded = text.translate(_TABLE)
    if len(folded) == len(text) and not any(ch in text for ch in tuple(_TABLE.uneven)):
        return Folded(folded, range(len(text) + 1), len(text))
    parts = [_TABLE[ord(ch)] for ch in text]
    source = [i for i, part in enumerate(parts) for _ in part]
    source.append(len(text))
    return Folded("".join(parts), tuple(source), len(text))


def fold(text: str) -> str:
    """The matching form alone."""
    return text.translate(_TABLE)


def to_ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits (and separators) to ASCII; everything else unchanged."""
    return "".join(_DIGITS.get(ch, {"٫": ".", "٬": ","}.get(ch, ch)) for ch in text)


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")


_LETTER = re.compile(r"[^\W\d_]")


def letter_count(text: str) -> int:
    return len(_LETTER.findall(text))


def arabic_script_share(text: str, letters: int | None = None) -> float:
    """Share of letters in Arabic script (0 when there are no letters).

    ``letters`` is ``letter_count(text)`` when the caller has it already.
    """
    letters = letter_count(text) if letters is None else letters
    if not letters:
        return 0.0
    return len(_ARABIC_SCRIPT.findall(text)) / letters
