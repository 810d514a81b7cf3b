"""Language of each paragraph, with lingua restricted to the configured languages.

Building a detector for every language lingua knows costs seconds and over a gigabyte; for the
six mission languages it is under a second and a few hundred megabytes, so one detector is
built per process, for ``DADKHAH_LANGUAGES`` only. Arabic-script paragraphs are Persian when
Arabic is not configured, which spares the model for most Persian text.
"""

from __future__ import annotations

import functools
import os
import re

from dadkhah.parse.model import Paragraph
from dadkhah.parse.persian import arabic_script_share, letter_count

DEFAULT_LANGUAGES = "en,fa,de,fr,it,es"
MIN_LETTERS = 12
SHORT_LETTERS = 60
SAMPLE_CHARS = 240

# Function words that belong to one mission language only (an article, conjunction or
# preposition in one is not a word in another). A paragraph full of one language's words and
# nearly none of the others' is in that language; lingua is asked about the rest.
_FUNCTION_WORDS = {
    "en": "the and of to is was that for with were by are from have has been this which",
    "de": "der die und das nicht ist ein eine den von mit sich auf für wurde wurden dem im",
    "fr": "les et une est dans pour qui sur au aux par ont été du ces sont leur",
    "it": "il della che di gli sono nel dei delle è stato stati alla dalla anche",
    "es": "el los las y según fue por para sus está han sido desde",
}
_WORD_LANGUAGE = {}
for _code, _words in _FUNCTION_WORDS.items():
    for _word in _words.split():
        _WORD_LANGUAGE[_word] = None if _word in _WORD_LANGUAGE else _code
_WORD = re.compile(r"[^\W\d_]+")
CONFIRM_WORDS = 3  # at least this many of the language's own function words ...
CONFIRM_RATIO = 4  # ... and this many times as many as of any other language


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
    if "ar" not in codes and "fa" in codes and arabic_script_share(text, letters) > 0.5:
        return "fa"
    detector = _detector(codes)
    if detector is None:
        return codes[0]
    found = detector.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else None


def label(text: str, paragraphs: list[Paragraph]) -> None:
    """Set each paragraph's language in place.

    Arabic-script paragraphs are Persian when Arabic is not configured. Paragraphs long enough
    to judge go to lingua, their opening only. Short lines (table rows, names,
    datelines) say little about their language: they take the language that most of the
    document's text is in.
    """
    codes = configured()
    detector = _detector(codes)
    persian_script = "fa" in codes and "ar" not in codes
    short: list[Paragraph] = []
    asks: list[tuple[Paragraph, str]] = []
    for p in paragraphs:
        # a paragraph's first sentences tell its language, and lingua's cost (like counting
        # letters) grows with the text: everything below looks at the opening only
        chunk = text[p.start : min(p.end, p.start + SAMPLE_CHARS)]
        letters = letter_count(chunk)
        if letters < MIN_LETTERS:
            p.language = None
        elif persian_script and arabic_script_share(chunk, letters) > 0.5:
            p.language = "fa"
        elif detector is None:
            p.language = codes[0]
        elif letters < SHORT_LETTERS:
            short.append(p)
        else:
            asks.append((p, chunk))
    if asks:
        _ask(detector, codes, asks)
    if short:
        weight: dict[str, int] = {}
        for p in paragraphs:
            if p.language:
                weight[p.language] = weight.get(p.language, 0) + p.end - p.start
        document = max(weight, key=weight.get) if weight else None
        if document is None or document == "fa":
            # a Persian document's Latin-script line is not Persian: ask about it directly
            latin = " ".join(text[p.start : p.end] for p in short)
            document = detect(latin[: 4 * SAMPLE_CHARS], codes)
        for p in short:
            p.language = document


def _function_words(chunk: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in _WORD.findall(chunk.lower()):
        code = _WORD_LANGUAGE.get(word)
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts


def _confirmed(chunk: str, guess: str) -> bool:
    """Whether the function words of ``chunk`` say plainly that it is in ``guess``."""
    counts = _function_words(chunk)
    own = counts.pop(guess, 0)
    return own >= CONFIRM_WORDS and all(own >= CONFIRM_RATIO * n for n in counts.values())


def _ask(detector, codes: tuple[str, ...], asks: list[tuple[Paragraph, str]]) -> None:
    """Label long paragraphs with lingua, sparing it the ones that plainly share a language.

    lingua judges the document's opening once; each paragraph whose function words plainly
    agree takes that language, and lingua is asked about every other paragraph on its own.
    The shortcut is taken only when every configured language has a function-word list
    (a Portuguese "que" or Dutch "de" would otherwise pass for Spanish or French).
    """
    guess = None
    if len(asks) > 2 and set(codes) <= set(_FUNCTION_WORDS) | {"fa"}:
        found = detector.detect_language_of(" ".join(chunk for _, chunk in asks[:3]))
        guess = found.iso_code_639_1.name.lower() if found else None
    for p, chunk in asks:
        if guess in _FUNCTION_WORDS and _confirmed(chunk, guess):
            p.language = guess
            continue
        # one at a time: lingua's parallel call spends a third more CPU in its thread pool,
        # and the parse stage already keeps every core busy with a worker process each
        lang = detector.detect_language_of(chunk)
        p.language = lang.iso_code_639_1.name.lower() if lang else None
