"""The words the entity rules and quote finder read, per language: data in the ``[entities]``
section of each ``lexicons/<code>.toml``, which en.toml documents key by key.

Speech verbs and attribution cues (also read by ``dadkhah.extract.quotes``), titles before
names, role words, organisation head words (German compound heads, Romance heads before "of
X"), function words, words no name holds, connectors, name particles; for geonames, the city
names that are also common words and the words inside place names. Every language has every
key (a list may be empty) and a ``script``: "latin" words feed the Latin-script rules, which
merge the lists that are not per language over every Latin-script language; "arabic" words
feed the Persian rules. Words are matched folded (``dadkhah.parse.persian.fold``), but for
titles, matched as written. The extractor id digests the lexicon files, so a changed word
re-extracts every document.

Errors: ``LexiconError`` when a lexicon's ``[entities]`` section is missing or malformed (at
import for the lexicons that have one).
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

from dadkhah.extract.lexicon import LexiconError, available
from dadkhah.parse.persian import fold

KEYS = (
    "speech_verbs",
    "attribution_cues",
    "titles",
    "role_words",
    "organisation_heads",
    "compound_heads",
    "heads_before_of",
    "function_words",
    "not_names",
    "connectors",
    "name_prefixes",
    "name_particles",
    "geonames_stop",
    "geonames_stop_in_language",
    "geo_connectors",
)
SCRIPTS = ("latin", "arabic")


def _section(language: str) -> dict | None:
    path = resources.files("dadkhah.extract") / "lexicons" / f"{language}.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("entities")
    except FileNotFoundError as err:
        raise LexiconError(f"no lexicon for language {language!r}") from err
    except tomllib.TOMLDecodeError as err:
        raise LexiconError(f"lexicons/{language}.toml: {err}") from err


@functools.cache
def entity_words(language: str) -> dict[str, tuple[str, ...] | str]:
    """The ``[entities]`` table of ``lexicons/<language>.toml``: ``script``, and the words of
    every key as a tuple; raises LexiconError when it is missing or malformed."""
    where = f"lexicons/{language}.toml [entities]"
    table = _section(language)
    if not isinstance(table, dict):
        raise LexiconError(f"{where}: no such section")
    if set(table) != {"script", *KEYS}:
        wrong = sorted(set(table) ^ {"script", *KEYS})
        raise LexiconError(f"{where}: missing or unknown keys {wrong}")
    if table["script"] not in SCRIPTS:
        raise LexiconError(f"{where}: script must be one of {SCRIPTS}")
    words: dict[str, tuple[str, ...] | str] = {"script": table["script"]}
    for key in KEYS:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise LexiconError(f"{where}: {key} must be a list of words")
        words[key] = tuple(value)
    return words


def _with_entities() -> tuple[str, ...]:
    return tuple(code for code in available() if _section(code) is not None)


LANGUAGES = _with_entities()
LATIN = tuple(lang for lang in LANGUAGES if entity_words(lang)["script"] == "latin")
ARABIC = tuple(lang for lang in LANGUAGES if entity_words(lang)["script"] == "arabic")


def words(key: str, langs) -> list[str]:
    """The words of ``key`` for each of ``langs`` that has entity words, in order."""
    out: list[str] = []
    for lang in langs:
        if lang in LANGUAGES:
            out += entity_words(lang)[key]
    return out


def merged(key: str, langs=LATIN) -> tuple[str, ...]:
    """The words of ``key`` over ``langs`` (by default every Latin-script language), once each."""
    return tuple(dict.fromkeys(words(key, langs)))


def wordset(ws) -> frozenset[str]:
    return frozenset(w for word in ws for w in fold(word).split())


# built once from every Latin-script language: the rules read them whatever the text's language
ROLE_WORDS = wordset(merged("role_words"))
FUNCTION_WORDS = wordset(merged("function_words"))
NOT_NAMES = FUNCTION_WORDS | wordset(merged("not_names"))
CONNECTORS = merged("connectors")
NAME_PREFIXES = merged("name_prefixes")  # "al-"
NAME_PARTICLES = merged("name_particles")  # "bin ", "von "
PARTICLES = wordset(NAME_PREFIXES + NAME_PARTICLES)
HEADS_BEFORE_OF = merged("heads_before_of")
GEONAMES_STOP = wordset(merged("geonames_stop"))
GEO_CONNECTORS = wordset(merged("geo_connectors"))

# the Persian rules: every Arabic-script language
FA_HONORIFICS = merged("titles", ARABIC)
FA_ROLES = merged("role_words", ARABIC)
FA_ORG_HEADS = merged("organisation_heads", ARABIC)
FA_STOP = merged("function_words", ARABIC)


def latin_script(language: str | None) -> bool:
    return language in LATIN
