"""German claim extraction: the rules over lexicons/de.toml, on sentences written for the test."""

import pytest

from dadkhah.extract import MEASURES
from dadkhah.extract.claims import extract_claims
from dadkhah.extract.lexicon import load


def claims(text: str):
    found = extract_claims(text, "de")
    for c in found:
        assert text[c.start : c.end] == c.text
        assert c.language == "de"
    return found


def brief(text: str):
    return [(c.measure, c.low, c.high, c.qualifier, c.text) for c in claims(text)]


def test_lexicon_loads():
    lex = load("de")
    assert lex.language == "de"
    assert set(lex.measures) == set(MEASURES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # glued number words, a subgroup
        (
            "Dreihundertvierundzwanzig Menschen kamen bei den Protesten ums Leben, "
            "darunter 23 Kinder.",
            [
                ("killed", 324, 324, "exact", "Dreihundertvierundzwanzig"),
                ("killed", 23, 23, "exact", "23"),
            ],
        ),
        (
            "Mindestens zwölf Menschen sind in Zahedan ums Leben gekommen.",
            [("killed", 12, 12, "at_least", "Mindestens zwölf")],
        ),
        (
            "Etwa zwei Dutzend Journalisten sitzen seit Wochen in Haft.",
            [("detained", 24, 24, "about", "Etwa zwei Dutzend")],
        ),
        # digits grouped with a dot or a space
        (
            "Über 18.000 Menschen wurden festgenommen, unter ihnen 700 Minderjährige.",
            [
                ("arrested", 18000, 18000, "more_than", "Über 18.000"),
                ("arrested", 700, 700, "exact", "700"),
            ],
        ),
        (
            "Schätzungsweise 12 500 Demonstranten wurden verhaftet.",
            [("arrested", 12500, 12500, "estimated", "Schätzungsweise 12 500")],
        ),
        (
            "Die Sicherheitskräfte töteten nach Berichten bis zu 1500 Menschen.",
            [("killed", 1500, 1500, "up_to", "bis zu 1500")],
        ),
        (
            "Knapp 500 Menschen sitzen weiterhin in Haft.",
            [("detained", 500, 500, "about", "Knapp 500")],
        ),
        # ranges
        (
            "Bei der Razzia im Wohnheim wurden 200 bis 300 Studenten festgenommen.",
            [("arrested", 200, 300, "range", "200 bis 300")],
        ),
        (
            "Die Gruppe zählte zwischen 200 und 300 Tote.",
            [("killed", 200, 300, "range", "zwischen 200 und 300")],
        ),
        # vague quantities
        (
            "Aktivisten zufolge wurden Hunderte Menschen verletzt und Tausende verhaftet.",
            [
                ("injured", 200, 999, "vague", "Hunderte"),
                ("arrested", 2000, 9999, "vague", "Tausende"),
            ],
        ),
        (
            "Zehntausende wurden festgenommen, mehrere hundert sind bis heute verschwunden.",
            [
                ("arrested", 20000, 99999, "vague", "Zehntausende"),
                ("disappeared", 300, 900, "vague", "mehrere hundert"),
            ],
        ),
        (
            "Eine Handvoll Journalisten wurde festgenommen, Dutzende gelten als verschleppt.",
            [
                ("arrested", 2, 5, "vague", "Eine Handvoll"),
                ("disappeared", 20, 99, "vague", "Dutzende"),
            ],
        ),
        # measures
        (
            "Drei Demonstranten wurden am Freitag im Gefängnis von Ghezel Hesar gehängt.",
            [("executed", 3, 3, "exact", "Drei")],
        ),
        (
            "Mindestens 40 Demonstranten wurden in der Haftanstalt gefoltert.",
            [("tortured", 40, 40, "at_least", "Mindestens 40")],
        ),
        (
            "Die Polizei nahm am Samstag 46 Demonstranten fest.",
            [("arrested", 46, 46, "exact", "46")],
        ),
        # one person is not a count
        ("Ein Student wurde erschossen.", []),
        # sentenced to death is not killed
        (
            "Ein Revolutionsgericht in Teheran hat fünf Demonstranten zum Tode verurteilt.",
            [("sentenced", 5, 5, "exact", "fünf")],
        ),
        (
            "Die Justiz verhängte im vergangenen Jahr 25 Todesurteile.",
            [("sentenced", 25, 25, "exact", "25")],
        ),
        # negation
        ("Bei dem Einsatz wurden 50 Menschen nicht verletzt.", []),
        ("Es gab nach Angaben der Polizei keine Toten.", []),
        # ages, years, things, prison terms are not counts of people
        (
            "Am 16. September 2022 starb Mahsa Amini im Alter von 22 Jahren in Polizeigewahrsam.",
            [],
        ),
        ("Ein 22-jähriger Demonstrant wurde festgenommen.", []),
        ("Sie wurden zu insgesamt 30 Jahren Haft verurteilt.", []),
        (
            "Die Demonstranten setzten 30 Banken und 12 Autos in Brand; "
            "3 Polizisten wurden verletzt.",
            [("injured", 3, 3, "exact", "3")],
        ),
        (
            "Bei den Protesten im Jahr 2019 wurden rund 1500 Menschen getötet.",
            [("killed", 1500, 1500, "about", "rund 1500")],
        ),
    ],
)
def test_claims(text, expected):
    assert brief(text) == expected


def test_according_to():
    (c,) = claims(
        "Laut Amnesty International wurden seit September mehr als 1.500 Demonstranten "
        "festgenommen."
    )
    assert (c.measure, c.low, c.qualifier) == ("arrested", 1500, "more_than")
    assert (c.claimed_by, c.attribution) == ("Amnesty International", "stated")
    (c,) = claims("Nach Angaben der Menschenrechtsorganisation Hengaw wurden 52 Kurden getötet.")
    assert c.claimed_by == "Hengaw"


def test_speaker_before_verb():
    (c,) = claims("Amnesty International erklärte, rund 1 500 Menschen seien inhaftiert worden.")
    assert (c.measure, c.low, c.qualifier, c.text) == ("detained", 1500, "about", "rund 1 500")
    assert c.claimed_by == "Amnesty International"
    (c,) = claims("Der Organisation Iran Human Rights zufolge wurden 834 Menschen hingerichtet.")
    assert c.measure == "executed" and c.claimed_by.endswith("Iran Human Rights")


def test_pronoun_points_back():
    text = (
        "Amnesty International veröffentlichte am Mittwoch einen Bericht. "
        "Sie erklärte, mindestens 44 Kinder seien getötet worden."
    )
    (c,) = claims(text)
    assert (c.low, c.claimed_by, c.attribution) == (44, "Amnesty International", "earlier")


def test_revision():
    first, second = claims("Die Zahl der Todesopfer stieg von 208 auf 304.")
    assert (first.low, second.low) == (208, 304)
    assert second.revision_of == 0 and first.measure == second.measure == "killed"


def test_range_in_words():
    assert brief("Zwischen zwanzig und dreißig Menschen wurden verletzt.") == [
        ("injured", 20, 30, "range", "Zwischen zwanzig und dreißig")
    ]


def test_revision_verb_last():
    found = claims("Nach Angaben der Gruppe ist die Zahl der Toten von 208 auf 304 gestiegen.")
    assert [(c.low, c.high, c.revision_of) for c in found] == [(208, 208, None), (304, 304, 0)]


def test_speaker_after_verb():
    (c,) = claims("Bis zu 7.000 Menschen wurden in der Folge verhaftet, sagte ein Sprecher.")
    assert c.claimed_by in (None, "ein Sprecher")


@pytest.mark.xfail(
    reason="claims.py only sees a negation between a figure and its measure word, not a "
    "denying verb that governs the clause ('bestritten, dass 50 ... getötet wurden')"
)
def test_denial():
    assert brief("Die Behörden bestritten, dass 50 Menschen getötet wurden.") == []
