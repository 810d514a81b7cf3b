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
from dadkhah.parse.persian import arabic_script_share

DEFAULT_LANGUAGES = "en,fa,de,fr,it,es"
MIN_LETTERS = 12
SHORT_LETTERS = 60


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
    letters = sum(1 for c in text if c.isalpha())
    if letters < MIN_LETTERS:
        return None
    if "ar" not in codes and "fa" in codes and arabic_script_share(text) > 0.5:
        return "fa"
    detector = _detector(codes)
    if detector is None:
        return codes[0]
    found = detector.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else None


def _confident(text: str, codes: tuple[str, ...], threshold: float) -> str | None:
    detector = _detector(codes)
    if detector is None:
        return codes[0]
    values = detector.compute_language_confidence_values(text)
    if values and values[0].value >= threshold:
        return values[0].language.iso_code_639_1.name.lower()
    return None


def label(text: str, paragraphs: list[Paragraph]) -> None:
    """Set each paragraph's language in place.

    Short lines (table rows, names, datelines) say little about their language: they take the
    document's language unless their script says otherwise, and so does a paragraph on which
    the detector is unsure.
    """
    codes = configured()
    document = detect(text[:20000], codes)
    for p in paragraphs:
        chunk = text[p.start : p.end]
        letters = sum(1 for c in chunk if c.isalpha())
        if letters < MIN_LETTERS:
            p.language = None
            continue
        script_fa = "fa" in codes and "ar" not in codes and arabic_script_share(chunk) > 0.5
        if script_fa:
            p.language = "fa"
        elif letters < SHORT_LETTERS:
            p.language = document if document != "fa" else _confident(chunk, codes, 0.5)
        else:
            p.language = _confident(chunk, codes, 0.5) or document
