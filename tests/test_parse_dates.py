"""Dates: Solar Hijri in Persian script and transliteration, Gregorian in six languages."""

from datetime import date

import pytest

from dadkhah.parse import find_dates, parse_date

# (Solar Hijri year, month, day) -> Gregorian, checked against published conversion tables
JALALI_MONTH_STARTS_1398 = {
    1: date(2019, 3, 21),
    2: date(2019, 4, 21),
    3: date(2019, 5, 22),
    4: date(2019, 6, 22),
    5: date(2019, 7, 23),
    6: date(2019, 8, 23),
    7: date(2019, 9, 23),
    8: date(2019, 10, 23),
    9: date(2019, 11, 22),
    10: date(2019, 12, 22),
    11: date(2020, 1, 21),
    12: date(2020, 2, 20),
}
PERSIAN_MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
LATIN_MONTHS = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
]
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize("month", range(1, 13))
def test_every_solar_hijri_month_in_both_scripts(month):
    expected = JALALI_MONTH_STARTS_1398[month]
    persian = (
        f"{'1'.translate(FA_DIGITS)} {PERSIAN_MONTHS[month - 1]} {'1398'.translate(FA_DIGITS)}"
    )
    latin = f"1 {LATIN_MONTHS[month - 1]} 1398"
    for phrase in (persian, latin):
        value = parse_date(phrase)
        assert (value.start, value.precision, value.calendar) == (expected, "day", "jalali"), phrase


@pytest.mark.parametrize(
    "phrase",
    [
        "۲۴ آبان ۱۳۹۸",
        "24 Aban 1398",
        "1398/08/24",
        "۱۳۹۸/۰۸/۲۴",
        "24/08/1398",
        "۲۴ آبان ماه ۱۳۹۸",
        "٢٤ آبان ١٣٩٨",
    ],
)
def test_the_day_the_protests_began_in_every_notation(phrase):
    value = parse_date(phrase)
    assert value.start == date(2019, 11, 15) and value.calendar == "jalali"


def test_month_precision_covers_the_whole_solar_month():
    value = parse_date("آبان ۱۳۹۸")
    assert (value.start, value.end, value.precision) == (
        date(2019, 10, 23),
        date(2019, 11, 21),
        "month",
    )


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("November 18, 2019", date(2019, 11, 18)),
        ("18 November 2019", date(2019, 11, 18)),
        ("4. Dezember 2019", date(2019, 12, 4)),
        ("le 16 novembre 2019", date(2019, 11, 16)),
        ("17 de noviembre de 2019", date(2019, 11, 17)),
        ("18 novembre 2019", date(2019, 11, 18)),
        ("3 dicembre 2019", date(2019, 12, 3)),
        ("۲۵ نوامبر ۲۰۱۹", date(2019, 11, 25)),
        ("2019-12-03", date(2019, 12, 3)),
        ("03/12/2019", date(2019, 12, 3)),
        ("12/25/2019", date(2019, 12, 25)),
    ],
)
def test_gregorian_dates_in_the_mission_languages(phrase, expected):
    value = parse_date(phrase)
    assert value.start == expected and value.calendar == "gregorian" and value.precision == "day"


def test_month_and_year_precision():
    assert parse_date("November 2019").precision == "month"
    assert parse_date("November 2019").iso == "2019-11"
    assert parse_date("1988").precision == "year"


def test_found_dates_carry_exact_spans_in_running_text():
    text = (
        "اعتراض‌ها از جمعه ۲۴ آبان ۱۳۹۸ آغاز شد و در ۱۳۹۸/۰۸/۲۵ اینترنت قطع شد. "
        "On November 18, 2019 …"
    )
    found = find_dates(text)
    assert [m.text for m in found] == ["۲۴ آبان ۱۳۹۸", "۱۳۹۸/۰۸/۲۵", "November 18, 2019"]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert [m.value.start for m in found] == [
        date(2019, 11, 15),
        date(2019, 11, 16),
        date(2019, 11, 18),
    ]


def test_no_false_dates_from_numbers_and_words():
    assert find_dates("at least 304 killed and 7,000 detained; 1,500 according to Reuters") == []
    assert find_dates("it may be that thousands were arrested") == []
    assert parse_date("not a date") is None
    assert parse_date("31 Esfand 1398") is None or parse_date("31 Esfand 1398").calendar == "jalali"


def test_impossible_solar_dates_and_relative_phrases_are_not_guessed():
    assert parse_date("1400/12/30") is None  # 1400 was not a leap year
    assert parse_date("1398/07/31") is None  # Mehr has 30 days
    assert parse_date("30 Esfand 1399").start == date(2021, 3, 20)  # 1399 was
    for phrase in ("3 days ago", "yesterday", "gestern", "ayer", "ieri"):
        assert parse_date(phrase) is None, phrase
    assert parse_date("1° marzo 2020").start == date(2020, 3, 1)
