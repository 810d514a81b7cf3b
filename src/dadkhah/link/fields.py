"""The fields of a victim list: which column is which, and each value in one form.

Columns are recognised by their header in English or Persian (``HEADERS``); ``--map`` names
any other. Values are normalised before any comparison: sex to female/male, ages and years
from Persian or Latin digits, dates from either calendar in either script to an ISO date
(two-digit years in a Persian-script list are Solar Hijri: ۹۸/۸/۲۷ is 1398), names split and
keyed (``dadkhah.link.names``), places to the gazetteer's name where it knows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import jdatetime

from dadkhah.link.names import is_persian, key, phonetic_key, split_full_name, split_honorifics
from dadkhah.parse.dates import parse_date
from dadkhah.parse.persian import fold, to_ascii_digits

FIELDS = (
    "record_id",
    "given_name",
    "family_name",
    "father_name",
    "full_name",
    "sex",
    "age",
    "birth_year",
    "date",
    "place",
    "notes",
)
# header (case-folded, spaces and underscores alike) -> field
HEADERS = {
    "record_id": ["record_id", "record id", "id", "no", "nr", "n°", "number", "row", "ref", "#",
                  "شناسه", "ردیف", "شماره", "کد"],
    "given_name": ["given_name", "given name", "first name", "first_name", "firstname", "name",
                   "forename", "نام"],
    "family_name": ["family_name", "family name", "last name", "last_name", "lastname", "surname",
                    "نام خانوادگی", "نام‌خانوادگی", "فامیلی"],
    "father_name": ["father_name", "father name", "father's name", "fathers name", "father",
                    "نام پدر", "پدر"],
    "full_name": ["full_name", "full name", "fullname", "victim", "name and surname",
                  "نام و نام خانوادگی", "نام کامل"],
    "sex": ["sex", "gender", "جنسیت", "جنس"],
    "age": ["age", "age at death", "سن"],
    "birth_year": ["birth_year", "birth year", "year of birth", "born", "سال تولد"],
    "date": ["date", "date_of_death", "date of death", "death date", "date_of_arrest",
             "date of arrest", "date of incident", "تاریخ", "تاریخ فوت", "تاریخ جان‌باختن",
             "تاریخ کشته شدن", "تاریخ بازداشت"],
    "place": ["place", "city", "location", "place of death", "town", "province", "شهر", "محل",
              "مکان", "محل فوت", "استان"],
    "notes": ["notes", "note", "comments", "comment", "remarks", "توضیحات", "یادداشت"],
}  # fmt: skip
_SEX = {
    "f": "female", "female": "female", "woman": "female", "w": "female", "زن": "female",
    "خانم": "female", "مونث": "female", "مؤنث": "female",
    "m": "male", "male": "male", "man": "male", "مرد": "male", "آقا": "male", "مذکر": "male",
}  # fmt: skip


def _norm_header(h: str) -> str:
    text = fold(h or "").replace("\u200c", " ").casefold()
    text = text.replace("_", " ").replace("’", "'").strip(" .:*")
    return " ".join(text.split())


_LOOKUP = {_norm_header(h): f for f, names in HEADERS.items() for h in names}


def recognise(headers: list[str], mapping: dict[str, str]) -> dict[int, str]:
    """Column index -> field, from ``mapping`` (header -> field) first, then known headers."""
    wanted = {_norm_header(k): v for k, v in mapping.items()}
    out: dict[int, str] = {}
    for i, h in enumerate(headers):
        name = _norm_header(h)
        f = wanted.get(name) or _LOOKUP.get(name)
        if f and f not in out.values():
            out[i] = f
    found = set(out.values())
    if "family_name" not in found and "full_name" not in found:
        # a lone "Name" (نام) column with no family-name column holds whole names
        for i, f in out.items():
            if f == "given_name" and _norm_header(headers[i]) not in wanted:
                out[i] = "full_name"
    return out


class BadValue(ValueError):
    pass


def sex(value: str) -> str | None:
    v = fold(value).strip().casefold().strip(".")
    if not v:
        return None
    if v not in _SEX:
        raise BadValue(f"sex {value!r} is not one of F/M, female/male, زن/مرد")
    return _SEX[v]


def number(value: str, what: str, low: int, high: int) -> int | None:
    v = to_ascii_digits(value).strip()
    if not v:
        return None
    if not re.fullmatch(r"\d{1,4}", v):
        raise BadValue(f"{what} {value!r} is not a whole number")
    n = int(v)
    if not low <= n <= high:
        raise BadValue(f"{what} {n} is out of range ({low}-{high})")
    return n


@lru_cache(maxsize=65536)  # lists repeat their dates: each is read once
def day(value: str, persian_list: bool) -> tuple[str | None, str | None]:
    """An ISO date (or month, or year) and its precision from a date in either calendar."""
    v = to_ascii_digits(fold(value)).strip()
    if not v:
        return None, None
    m = re.fullmatch(r"(\d{2})[/.-](\d{1,2})[/.-](\d{1,2})", v)
    if m and persian_list:
        # "۹۸/۸/۲۷": a two-digit Solar Hijri year
        y = int(m.group(1))
        y += 1300 if y >= 50 else 1400
        try:
            g = jdatetime.date(y, int(m.group(2)), int(m.group(3))).togregorian()
        except ValueError as err:
            raise BadValue(f"date {value!r} is not a valid Solar Hijri date") from err
        return g.isoformat(), "day"
    found = parse_date(value)
    if found is None:
        raise BadValue(f"date {value!r} is not a date in either calendar")
    iso = found.start.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}.get(
        found.precision, iso
    ), found.precision


@lru_cache(maxsize=65536)  # and their places: one gazetteer look-up per spelling
def place(value: str) -> str | None:
    v = " ".join((value or "").split())
    if not v:
        return None
    from dadkhah.extract.entities import find_entities

    places = [e for e in find_entities(v, None) if e.kind == "place"]
    return places[0].name if places else v


@dataclass
class Record:
    """One row of a list, as imported (``raw``) and normalised."""

    row: int
    record_id: str
    raw: dict = field(default_factory=dict)
    given_name: str | None = None
    family_name: str | None = None
    father_name: str | None = None
    honorifics: list[str] = field(default_factory=list)
    sex: str | None = None
    age: int | None = None
    birth_year: int | None = None
    date: str | None = None
    date_precision: str | None = None
    place: str | None = None
    notes: str | None = None

    def keys(self) -> dict:
        return {
            "given_key": key(self.given_name),
            "family_key": key(self.family_name),
            "father_key": key(self.father_name),
            "full_key": key(f"{self.given_name or ''} {self.family_name or ''}"),
            "phonetic_key": phonetic_key(f"{self.given_name or ''} {self.family_name or ''}"),
            "script": "persian" if is_persian(f"{self.given_name}{self.family_name}") else "latin",
        }


def normalise(row: int, values: dict[str, str], persian_list: bool) -> Record:
    """One row's fields, normalised; BadValue names the first problem."""
    v = {k: (x or "").strip() for k, x in values.items()}
    rec = Record(row=row, record_id=v.get("record_id") or str(row), raw=dict(values))
    given, family = v.get("given_name"), v.get("family_name")
    if v.get("full_name") and not (given or family):
        name = split_full_name(v["full_name"])
        given, family, rec.honorifics = name.given, name.family, list(name.honorifics)
    elif given:
        given, hon = split_honorifics(given)
        rec.honorifics = hon
    if not (given or family):
        raise BadValue("no name (given, family or full name)")
    rec.given_name, rec.family_name = given or None, family or None
    father = v.get("father_name")
    if father:
        father, hon = split_honorifics(father)
        rec.father_name = father or None
    rec.sex = sex(v.get("sex", ""))
    rec.age = number(v.get("age", ""), "age", 0, 120)
    rec.birth_year = number(v.get("birth_year", ""), "birth year", 1250, 2100)
    if rec.birth_year is not None and rec.birth_year < 1500:
        rec.birth_year += 621  # a Solar Hijri year (1370 is 1991 or 1992)
    rec.date, rec.date_precision = day(v.get("date", ""), persian_list)
    rec.place = place(v.get("place", ""))
    rec.notes = v.get("notes") or None
    return rec
