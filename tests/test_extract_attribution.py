"""Who a figure is attributed to, in the shapes news copy uses in each language."""

import pytest

from dadkhah.extract import extract_claims
from dadkhah.extract.entities_hook import entities_for


def sources(text: str, language: str) -> list[tuple[int, str | None]]:
    found = extract_claims(text, language, entities=entities_for(text, language))
    return [(c.low, c.claimed_by) for c in found]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "The UN says more than 300 people have been killed, while rights groups put "
         "the figure at more than 500.", [(300, "UN"), (500, "rights groups")]),
        ("en", "A nurse at the city's hospital said she saw around 30 bodies brought in.",
         [(30, "nurse")]),
        ("en", "Iran Human Rights (IHR) said 20 people were hanged. IHR believes at least "
         "300 more were executed last year.", [(20, "Iran Human Rights"),
                                                (300, "Iran Human Rights")]),
        ("de", "Nach Angaben von Amnesty International wurden mindestens 304 Menschen "
         "getötet.", [(304, "Amnesty International")]),
        ("de", "Wie die Menschenrechtsorganisation Hengaw mitteilte, wurden 12 Kurden "
         "festgenommen.", [(12, "Hengaw")]),
        ("de", "Unter den Toten seien 43 Kinder, teilte die Gruppe mit.", [(43, None)]),
        ("de", "Seit 2020 seien fast 35.000 Menschen festgenommen worden, teilte Wjasna mit.",
         [(35000, "Wjasna")]),
        ("fr", "D'après le ministère de l'Intérieur, 200 personnes ont été interpellées.",
         [(200, "ministère de l'Intérieur")]),
        ("fr", "Au moins 739 personnes ont été tuées, selon l'Association d'assistance aux "
         "prisonniers politiques (AAPP).", [(739, "Association d'assistance aux prisonniers "
                                                  "politiques")]),
        ("it", "Secondo l'Onu, almeno 300 persone sono state uccise.", [(300, "Onu")]),
        ("de", "Die Zahl der Hinrichtungen ist im vergangenen Jahr auf 318 gestiegen. Das "
         "berichtete die Menschenrechtsorganisation Hengaw am Montag.", [(318, "Hengaw")]),
        ("en", "At least 40 people were killed in the strike. This was reported by Amnesty "
         "International on Tuesday.", [(40, "Amnesty International")]),
        ("es", "Al menos 30 personas murieron, informaron fuentes locales.",
         [(30, "fuentes locales")]),
    ],
)  # fmt: skip
def test_sources_in_the_shapes_of_news_copy(language, text, expected):
    assert sources(text, language) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a source named after a genitive or dative article is given in the nominative
        (
            "In Mexiko gelten nach Zahlen der Nationalen Suchkommission mehr als 120.000 "
            "Menschen als vermisst.",
            [(120000, "Nationale Suchkommission")],
        ),
        (
            "Nach Angaben des Syrischen Netzwerks für Menschenrechte sind mehr als 130.000 "
            "Menschen verschwunden.",
            [(130000, "Syrisches Netzwerk")],
        ),
        ("Laut dem Roten Halbmond wurden 40 Menschen getötet.", [(40, "Roter Halbmond")]),
        # a descriptor before a name is not part of it
        (
            "Die Gefangenenhilfsorganisation AAPP zählte zum selben Zeitpunkt 759 Tote.",
            [(759, "AAPP")],
        ),
        # "spricht inzwischen von": the verb and its "von" apart
        (
            "Das Innenministerium spricht inzwischen von 107 Festgenommenen.",
            [(107, "Innenministerium")],
        ),
    ],
)
def test_german_sources_in_the_nominative(text, expected):
    assert sources(text, "de") == expected


def test_an_unnamed_source_by_its_longest_name_without_the_article():
    text = "Des sources hospitalières évoquent une quinzaine de blessés."
    assert sources(text, "fr") == [(15, "sources hospitalières")]
