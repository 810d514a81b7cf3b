"""Language of each paragraph, with lingua restricted to the configured languages.

Building a detector for every language lingua knows costs seconds and over a gigabyte; for the
six mission languages it is under a second and a few hundred megabytes, so one detector is
built per process, for ``DADKHAH_LANGUAGES`` only. Arabic-script paragraphs are Persian when
Arabic is not configured, which spares the model for most Persian text.
"""

from __future__ import annotations

import functools
import os

from dadkhah.parse.model import Paragraph
from dadkhah.parse.persian import arabic_script_share, letter_count

DEFAULT_LANGUAGES = "en,fa,de,fr,it,es"
MIN_LETTERS = 12
SHORT_LETTERS = 60
SAMPLE_CHARS = 240


def configured() -> tuple[str, ...]:
    raw = os.environ.get("DADKHAH_LANGUAGES", "") or DEFAULT_LANGUAGES
    return tuple(sorted({c.strip().lower() for c in raw.split(",") if c.strip()}))


@functools.lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except AttributeError as err:
            raise ValueError(f"DADKHAH_LANGUAGES: unknown language code {code!r}") from err
    if len(languages) == 1:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str, codes: tuple[str, ...] | None = None) -> str | None:
    """ISO 639-1 code of ``text``, or None when it is too short or holds no letters."""
    codes = codes or configured()
    letters = letter_count(text)
    if letters < MIN_LETTERS:
        return None
    if "ar" not in codes and "fa" in codes and arabic_script_share(text) > 0.5:
        return "fa"
    detector = _detector(codes)
    if detector is None:
        return codes[0]
    found = detector.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else None


def label(text: str, paragraphs: list[Paragraph]) -> None:
    """Set each paragraph's language in place.

    Arabic-script paragraphs are Persian when Arabic is not configured. Paragraphs long enough
    to judge go to lingua together, in one parallel call. Short lines (table rows, names,
    datelines) say little about their language: they take the language that most of the
    document's text is in.
    """
    codes = configured()
    detector = _detector(codes)
    persian_script = "fa" in codes and "ar" not in codes
    short: list[Paragraph] = []
    asks: list[tuple[Paragraph, str]] = []
    for p in paragraphs:
        chunk = text[p.start : p.end]
        letters = letter_count(chunk)
        if letters < MIN_LETTERS:
            p.language = None
        elif persian_script and arabic_script_share(chunk) > 0.5:
            p.language = "fa"
        elif detector is None:
            p.language = codes[0]
        elif letters < SHORT_LETTERS:
            short.append(p)
        else:
            # lingua's cost grows with the text; a paragraph's first sentences tell its language
            asks.append((p, chunk[:SAMPLE_CHARS]))
    if asks:
        found = detector.detect_languages_in_parallel_of([chunk for _, chunk in asks])
        for (p, _), lang in zip(asks, found, strict=True):
            p.language = lang.iso_code_639_1.name.lower() if lang else None
    if short:
        weight: dict[str, int] = {}
        for p in paragraphs:
            if p.language:
                weight[p.language] = weight.get(p.language, 0) + p.end - p.start
        document = max(weight, key=weight.get) if weight else None
        if document is None or document == "fa":
            # a Persian document's Latin-script line is not Persian: ask about it directly
            latin = " ".join(text[p.start : p.end] for p in short)
            document = detect(latin[:1000], codes)
        for p in short:
            p.language = document
