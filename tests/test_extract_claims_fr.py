"""French claim extraction: the rules over lexicons/fr.toml, on sentences written for the test."""

import pytest

from dadkhah.extract.claims import extract_claims
from dadkhah.extract.lexicon import load


def claims(text: str):
    found = extract_claims(text, "fr")
    for c in found:
        assert text[c.start : c.end] == c.text
        assert c.language == "fr"
    return found


def brief(text: str):
    return [(c.measure, c.low, c.high, c.qualifier, c.text) for c in claims(text)]


def test_lexicon_loads():
    lex = load("fr")
    assert lex.language == "fr"
    assert {"killed", "arrested", "executed", "sentenced"} <= set(lex.measures)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # number words, hyphenated and with "et", a subgroup
        (
            "Soixante-dix-sept personnes ont péri dans la répression, dont 23 enfants.",
            [
                ("killed", 77, 77, "exact", "Soixante-dix-sept"),
                ("killed", 23, 23, "exact", "23"),
            ],
        ),
        (
            "Deux cents personnes ont été tuées, selon des sources locales.",
            [("killed", 200, 200, "exact", "Deux cents")],
        ),
        (
            "Vingt et un policiers ont été blessés.",
            [("injured", 21, 21, "exact", "Vingt et un")],
        ),
        (
            "Au moins deux mille manifestants ont été interpellés en une semaine.",
            [("arrested", 2000, 2000, "at_least", "Au moins deux mille")],
        ),
        # digits grouped with a space or a dot
        (
            "Plus de 18 000 personnes ont été arrêtées, parmi lesquelles 700 mineurs.",
            [
                ("arrested", 18000, 18000, "more_than", "Plus de 18 000"),
                ("arrested", 700, 700, "exact", "700"),
            ],
        ),
        (
            "Environ 1.500 manifestants sont toujours détenus.",
            [("detained", 1500, 1500, "about", "Environ 1.500")],
        ),
        (
            "Jusqu'à 1500 personnes ont été tuées par les forces de sécurité.",
            [("killed", 1500, 1500, "up_to", "Jusqu'à 1500")],
        ),
        (
            "On estime à 12 000 le nombre de personnes arrêtées depuis septembre.",
            [("arrested", 12000, 12000, "estimated", "On estime à 12 000")],
        ),
        # ranges
        (
            "Entre 200 et 300 étudiants ont été interpellés lors de la descente.",
            [("arrested", 200, 300, "range", "Entre 200 et 300")],
        ),
        (
            "De 30 à 40 personnes auraient été torturées dans ce centre.",
            [("tortured", 30, 40, "range", "30 à 40")],
        ),
        # vague quantities
        (
            "Des centaines de personnes ont été blessées et des milliers interpellées.",
            [
                ("injured", 200, 999, "vague", "Des centaines"),
                ("arrested", 2000, 9999, "vague", "des milliers"),
            ],
        ),
        (
            "Des dizaines de milliers ont été arrêtées et plusieurs centaines sont portées "
            "disparues.",
            [
                ("arrested", 20000, 99999, "vague", "Des dizaines de milliers"),
                ("disappeared", 300, 900, "vague", "plusieurs centaines"),
            ],
        ),
        (
            "Une poignée de journalistes a été interpellée ; une vingtaine de femmes ont "
            "été tuées.",
            [
                ("arrested", 2, 5, "vague", "Une poignée"),
                ("killed", 20, 20, "about", "une vingtaine"),
            ],
        ),
        # measures
        (
            "Trois manifestants ont été pendus vendredi à l'aube.",
            [("executed", 3, 3, "exact", "Trois")],
        ),
        # one person is not a count
        ("Un étudiant a été abattu.", []),
        (
            "Le bilan s'élève à 300 morts et 5 000 blessés.",
            [("killed", 300, 300, "exact", "300"), ("injured", 5000, 5000, "exact", "5 000")],
        ),
        # sentenced to death is not killed
        (
            "Cinq manifestants ont été condamnés à mort par un tribunal révolutionnaire.",
            [("sentenced", 5, 5, "exact", "Cinq")],
        ),
        (
            "La justice a prononcé 25 condamnations à mort l'an dernier.",
            [("sentenced", 25, 25, "exact", "25")],
        ),
        # negation
        ("Au moins 300 personnes n'ont pas été blessées.", []),
        ("Personne n'a été tué lors du rassemblement.", []),
        # ages, years, prison terms and things are not counts of people
        (
            "Le 16 septembre 2022, Mahsa Amini, âgée de 22 ans, est morte en détention.",
            [],
        ),
        ("Ils ont été condamnés à trente ans de prison au total.", []),
        (
            "Les manifestants ont incendié 30 banques et 12 voitures ; 3 policiers ont été "
            "blessés.",
            [("injured", 3, 3, "exact", "3")],
        ),
        (
            "Lors des manifestations de 2019, environ 1500 personnes ont été tuées.",
            [("killed", 1500, 1500, "about", "environ 1500")],
        ),
    ],
)
def test_claims(text, expected):
    assert brief(text) == expected


def test_according_to():
    (c,) = claims(
        "Selon Human Rights Watch, plus de 1 500 manifestants ont été arrêtés depuis septembre."
    )
    assert (c.measure, c.low, c.qualifier, c.text) == (
        "arrested",
        1500,
        "more_than",
        "plus de 1 500",
    )
    assert (c.claimed_by, c.attribution) == ("Human Rights Watch", "stated")
    (c,) = claims("Selon l’ONG Hengaw, 52 Kurdes ont été tués.")
    assert c.claimed_by == "Hengaw"
    (c,) = claims(
        "Selon un bilan de l'ONG Iran Human Rights, 834 personnes ont été exécutées l'an dernier."
    )
    assert (c.measure, c.claimed_by) == ("executed", "Iran Human Rights")


def test_speaker_before_verb():
    (c,) = claims("Amnesty International a déclaré qu'au moins 304 personnes avaient été tuées.")
    assert (c.measure, c.low, c.qualifier) == ("killed", 304, "at_least")
    assert c.claimed_by == "Amnesty International"
    (c,) = claims("Human Rights Watch estime que 200 à 300 manifestants sont morts.")
    assert (c.low, c.high, c.qualifier, c.claimed_by) == (200, 300, "range", "Human Rights Watch")


def test_pronoun_points_back():
    text = (
        "Amnesty International a publié mercredi un rapport. "
        "Elle a indiqué qu'au moins 44 enfants avaient été tués."
    )
    (c,) = claims(text)
    assert (c.low, c.claimed_by, c.attribution) == (44, "Amnesty International", "earlier")


def test_revision():
    first, second = claims("L'organisation a relevé son bilan de 208 à 304 morts.")
    assert (first.low, second.low) == (208, 304)
    assert second.revision_of == 0 and first.measure == second.measure == "killed"


def test_quatre_vingt():
    assert brief("Quatre-vingt-dix manifestants ont été tués.") == [
        ("killed", 90, 90, "exact", "Quatre-vingt-dix")
    ]
    assert brief("Quatre-vingts personnes ont été arrêtées.") == [
        ("arrested", 80, 80, "exact", "Quatre-vingts")
    ]


def test_range_in_words():
    assert brief("Entre vingt et trente personnes ont été blessées.") == [
        ("injured", 20, 30, "range", "Entre vingt et trente")
    ]


def test_speaker_after_verb():
    text = (
        "Iran Human Rights a publié son rapport annuel. En 2022, au moins 582 personnes "
        "ont été exécutées en Iran, a indiqué l'organisation."
    )
    (c,) = claims(text)
    assert c.claimed_by == "Iran Human Rights"


def test_elided_article_name():
    (c,) = claims("Selon l'ONU, 300 personnes ont été tuées.")
    assert c.claimed_by == "ONU"


def test_denial():
    assert brief("Les autorités ont nié que 50 personnes aient été tuées.") == []


def test_joiner_before_number():
    assert brief("Deux cents personnes ont été tuées et vingt et un policiers blessés.") == [
        ("killed", 200, 200, "exact", "Deux cents"),
        ("injured", 21, 21, "exact", "vingt et un"),
    ]
