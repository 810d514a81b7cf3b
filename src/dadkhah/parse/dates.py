"""Dates in running text: Solar Hijri (Persian script or transliterated) and Gregorian in the
six mission languages, each found with its exact span and converted to a Gregorian range.

Where the calendar is decided: a Persian month name, a transliterated Solar Hijri month name,
or a numeric date whose year is 1300–1499 is Solar Hijri (converted with jdatetime); anything
else with a Gregorian month name or a year 1800–2199 is Gregorian. Phrases are located with
month-name tables of the six mission languages (dateparser gives no offsets and misfires on
running text), converted directly, and dateparser reads whole phrases that no pattern covers.
Plain ``dateparser.parse`` would read "1398/08/24" as the Gregorian year 1398, which is why
the calendar is decided first. Numeric Gregorian dates like 03/12/2019 are read day first,
unless that is impossible.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import jdatetime

from dadkhah.parse.persian import fold, matching_form

JALALI_MONTHS = {
    1: ["فروردین", "farvardin", "farvardeen"],
    2: ["اردیبهشت", "ordibehesht", "ordibehesht"],
    3: ["خرداد", "khordad"],
    4: ["تیر", "tir"],
    5: ["مرداد", "امرداد", "mordad", "amordad"],
    6: ["شهریور", "shahrivar", "shahrivar"],
    7: ["مهر", "mehr"],
    8: ["آبان", "aban", "abaan"],
    9: ["آذر", "azar", "azar"],
    10: ["دی", "dey", "dei"],
    11: ["بهمن", "bahman"],
    12: ["اسفند", "esfand", "esfand"],
}
GREGORIAN_MONTHS = {
    1: ["january", "jan", "januar", "jänner", "janvier", "gennaio", "enero", "ژانویه"],
    2: ["february", "feb", "februar", "février", "febbraio", "febrero", "فوریه"],
    3: ["march", "mar", "märz", "mars", "marzo", "مارس"],
    4: ["april", "apr", "avril", "aprile", "abril", "آوریل"],
    5: ["may", "mai", "maggio", "mayo", "مه", "مى"],
    6: ["june", "jun", "juni", "juin", "giugno", "junio", "ژوئن"],
    7: ["july", "jul", "juli", "juillet", "luglio", "julio", "ژوئیه", "ژوییه", "جولای"],
    8: ["august", "aug", "août", "agosto", "اوت", "آگوست"],
    9: ["september", "sep", "sept", "septembre", "settembre", "septiembre", "setiembre", "سپتامبر"],
    10: ["october", "oct", "oktober", "octobre", "ottobre", "octubre", "اکتبر"],
    11: ["november", "nov", "novembre", "noviembre", "نوامبر"],
    12: ["december", "dec", "dezember", "décembre", "dicembre", "diciembre", "دسامبر"],
}


def _table(months: dict[int, list[str]]) -> dict[str, int]:
    return {fold(name): number for number, names in months.items() for name in names}


_JALALI = _table(JALALI_MONTHS)
_GREG = _table(GREGORIAN_MONTHS)


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_J = _alternation(_JALALI)
_G = _alternation(_GREG)
_B = r"(?<![\w])"  # no letter or digit before
_E = r"(?![\w])"  # none after
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|ª|°|ام|م)?\.?"
_SEP = r"[\s,]+(?:de\s+|of\s+)?"

PATTERNS: list[tuple[str, str, re.Pattern]] = [
    # (calendar, precision, pattern) — order matters: longer forms first
    ("jalali", "day", re.compile(rf"{_B}{_DAY}\s+(?P<m>{_J})\s*(?:ماه\s+)?(?P<y>1[34]\d\d){_E}")),
    (
        "jalali",
        "day",
        re.compile(
            rf"{_B}(?P<y>1[34]\d\d)\s*[/.\-]\s*(?P<m>[01]?\d)\s*[/.\-]\s*(?P<d>[0-3]?\d){_E}"
        ),
    ),
    (
        "jalali",
        "day",
        re.compile(
            rf"{_B}(?P<d>[0-3]?\d)\s*[/.\-]\s*(?P<m>[01]?\d)\s*[/.\-]\s*(?P<y>1[34]\d\d){_E}"
        ),
    ),
    (
        "jalali",
        "month",
        re.compile(rf"{_B}(?P<m>{_J})\s*(?:ماه\s+)?(?:سال\s+)?(?P<y>1[34]\d\d){_E}"),
    ),
    (
        "gregorian",
        "day",
        re.compile(rf"{_B}(?P<y>(?:18|19|20|21)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d){_E}"),
    ),
    (
        "gregorian",
        "day",
        re.compile(rf"{_B}{_DAY}{_SEP}(?P<m>{_G})\.?{_SEP}(?P<y>(?:18|19|20|21)\d\d){_E}"),
    ),
    (
        "gregorian",
        "day",
        re.compile(
            rf"{_B}(?P<m>{_G})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:18|19|20|21)\d\d){_E}"
        ),
    ),
    (
        "gregorian",
        "day",
        re.compile(rf"{_B}(?P<d>[0-3]?\d)[./](?P<m>[0-3]?\d)[./](?P<y>(?:18|19|20|21)\d\d){_E}"),
    ),
    ("gregorian", "month", re.compile(rf"{_B}(?P<m>{_G})\.?{_SEP}(?P<y>(?:18|19|20|21)\d\d){_E}")),
]


@dataclass(frozen=True)
class DateValue:
    """A date as written, converted to a Gregorian range [start, end]."""

    start: date
    end: date
    precision: str  # day, month or year
    calendar: str  # gregorian or jalali

    @property
    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month" and self.calendar == "gregorian":
            return self.start.isoformat()[:7]
        if self.precision == "year" and self.calendar == "gregorian":
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: DateValue


def _jalali(y: int, m: int, d: int | None) -> DateValue | None:
    try:
        if d is None:
            first = jdatetime.date(y, m, 1)
            last_day = 31 if m <= 6 else (30 if m < 12 else (30 if first.isleap() else 29))
            last = jdatetime.date(y, m, last_day)
            return DateValue(first.togregorian(), last.togregorian(), "month", "jalali")
        g = jdatetime.date(y, m, d).togregorian()
        return DateValue(g, g, "day", "jalali")
    except (ValueError, TypeError):
        return None


def _gregorian(y: int, m: int, d: int | None) -> DateValue | None:
    try:
        if d is None:
            return DateValue(
                date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month", "gregorian"
            )
        g = date(y, m, d)
        return DateValue(g, g, "day", "gregorian")
    except ValueError:
        return None


def _month_number(token: str, table: dict[str, int]) -> int | None:
    if token.isdigit():
        return int(token)
    return table.get(token.rstrip("."))


def _value(cal: str, precision: str, match: re.Match) -> DateValue | None:
    y = int(match.group("y"))
    d = int(match.group("d")) if precision == "day" else None
    m = _month_number(match.group("m"), _JALALI if cal == "jalali" else _GREG)
    if m is None:
        return None
    if cal == "jalali":
        return _jalali(y, m, d)
    if precision == "day" and match.group("m").isdigit() and m > 12 and d <= 12:
        m, d = d, m  # 12/25/2019: month first after all
    return _gregorian(y, m, d)


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text`` with its exact span in ``text``, earliest first, no overlaps."""
    folded = matching_form(text)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for cal, precision, pattern in PATTERNS:
        for match in pattern.finditer(folded.text):
            a, b = match.span()
            if any(a < t_end and t_start < b for t_start, t_end in taken):
                continue
            value = _value(cal, precision, match)
            if value is None:
                continue
            start, end = folded.span(a, b)
            taken.append((a, b))
            found.append(DateMention(start, end, text[start:end], value))
    return sorted(found, key=lambda m: m.start)


def parse_date(phrase: str) -> DateValue | None:
    """Read one date phrase; None when it holds no date we can place.

    Whole-phrase forms the finder does not cover (a bare year, a relative wording in one of
    the mission languages) go to dateparser, with the Gregorian calendar.
    """
    mentions = find_dates(phrase)
    if mentions:
        return mentions[0].value
    digits = fold(phrase).strip()
    if re.fullmatch(r"(?:18|19|20|21)\d\d", digits):
        y = int(digits)
        return DateValue(date(y, 1, 1), date(y, 12, 31), "year", "gregorian")
    if re.fullmatch(r"1[34]\d\d", digits):
        first = jdatetime.date(int(digits), 1, 1).togregorian()
        last = jdatetime.date(int(digits) + 1, 1, 1).togregorian()
        return DateValue(first, date.fromordinal(last.toordinal() - 1), "year", "jalali")
    if re.search(r"(?<!\d)1[34]\d\d(?!\d)", digits):
        return None  # a Solar Hijri year in a date we could not place: never guess Gregorian
    return _dateparser(phrase)


def _dateparser(phrase: str) -> DateValue | None:
    import dateparser

    try:
        parsed = dateparser.parse(
            phrase,
            languages=["en", "fa", "de", "fr", "it", "es"],
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DAY_OF_MONTH": "first",
                "STRICT_PARSING": True,
                # "3 days ago", "yesterday": relative to what? Not to the day we parse
                "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input; it is only a fallback
        return None
    if parsed is None:
        return None
    return DateValue(parsed.date(), parsed.date(), "day", "gregorian")
