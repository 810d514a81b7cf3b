"""Claims in Italian news prose: the lexicon lexicons/it.toml read by the claim rules."""

import pytest

from dadkhah.extract import MEASURES
from dadkhah.extract.claims import extract_claims
from dadkhah.extract.lexicon import load


def claims(text: str) -> list:
    found = extract_claims(text, "it")
    for c in found:
        assert text[c.start : c.end] == c.text
        assert c.language == "it"
    return found


def brief(text: str) -> list[tuple]:
    return [(c.measure, c.low, c.high, c.qualifier) for c in claims(text)]


def test_the_lexicon_loads_with_every_section():
    lex = load("it")
    assert set(lex.measures) == set(MEASURES)
    assert set(lex.hedges) == {"at_least", "more_than", "about", "up_to", "estimated"}
    assert lex.vague["una manciata"] == (2, 5)
    assert lex.vague["decine di migliaia"] == (20000, 99999)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("trecentoquattro", 304),
        ("duemilacinquecento", 2500),
        ("ventuno", 21),
        ("trentotto", 38),
        ("ventitré", 23),
        ("quarantotto", 48),
        ("milleduecento", 1200),
        ("diciassette", 17),
    ],
)
def test_glued_number_words_are_read_as_one_figure(word, value):
    text = f"Le forze di sicurezza hanno ucciso {word} manifestanti."
    [claim] = claims(text)
    assert (claim.measure, claim.low, claim.high, claim.qualifier) == (
        "killed",
        value,
        value,
        "exact",
    )
    assert claim.text == word


def test_attribution_with_secondo_and_a_hedged_word_number():
    text = (
        "Secondo Amnesty International, almeno trecentoquattro persone sono state uccise "
        "durante le proteste di novembre."
    )
    [claim] = claims(text)
    assert (claim.measure, claim.low, claim.qualifier) == ("killed", 304, "at_least")
    assert claim.text == "almeno trecentoquattro"
    assert claim.claimed_by == "Amnesty International"
    assert claim.attribution == "stated"
    assert claim.event_hint == "proteste"


def test_speaker_before_the_verb_and_dotted_thousands():
    text = "Amnesty International ha detto che più di 1.500 manifestanti sono stati arrestati."
    [claim] = claims(text)
    assert brief(text) == [("arrested", 1500, 1500, "more_than")]
    assert claim.text == "più di 1.500"
    assert claim.claimed_by == "Amnesty International"


def test_spaced_thousands_with_about_and_up_to():
    text = (
        "Circa 1 500 persone sono state fermate dalla polizia e fino a 7.000 sono finite "
        "in carcere nelle settimane successive."
    )
    assert brief(text) == [
        ("arrested", 1500, 1500, "about"),
        ("detained", 7000, 7000, "up_to"),
    ]


def test_hedges_at_least_and_about():
    text = (
        "Non meno di 40 persone sono morte nella notte, mentre all'incirca 300 sono rimaste "
        "ferite negli scontri con la polizia."
    )
    assert brief(text) == [("killed", 40, 40, "at_least"), ("injured", 300, 300, "about")]
    assert [c.text for c in claims(text)] == ["Non meno di 40", "all'incirca 300"]


def test_ranges_with_tra_and_with_a_connector():
    text = "Tra 200 e 300 manifestanti sono rimasti feriti a Zahedan."
    [claim] = claims(text)
    assert (claim.measure, claim.low, claim.high, claim.qualifier) == (
        "injured",
        200,
        300,
        "range",
    )
    assert claim.text == "Tra 200 e 300"
    assert brief("Nel carcere di Evin sono stati trasferiti 300 o 400 detenuti.") == [
        ("detained", 300, 400, "range")
    ]


def test_vague_words_with_their_bounds_and_scales():
    text = (
        "Decine di migliaia di persone sono state arrestate, centinaia sono rimaste ferite; "
        "alcune decine sono state uccise, mentre una manciata di giornalisti è scomparsa."
    )
    found = claims(text)
    assert [(c.measure, c.low, c.high, c.qualifier, c.vague_word) for c in found] == [
        ("arrested", 20000, 99999, "vague", "Decine di migliaia"),
        ("injured", 200, 999, "vague", "centinaia"),
        ("killed", 20, 99, "vague", "alcune decine"),
        ("disappeared", 2, 5, "vague", "una manciata"),
    ]
    assert brief("Alcune centinaia di studenti sono stati torturati in detenzione.") == [
        ("tortured", 300, 900, "vague")
    ]


def test_sentenced_to_death_is_not_killed():
    text = "Cinque manifestanti sono stati condannati a morte dal tribunale rivoluzionario."
    assert brief(text) == [("sentenced", 5, 5, "exact")]
    text = "Il tribunale ha emesso 12 condanne a morte contro i manifestanti."
    assert brief(text) == [("sentenced", 12, 12, "exact")]


def test_executions_and_hangings():
    text = "Nel 2023 sono state registrate almeno 582 esecuzioni; 31 donne sono state impiccate."
    assert brief(text) == [("executed", 582, 582, "at_least"), ("executed", 31, 31, "exact")]


def test_negation_cancels_the_claim():
    assert claims("Le forze di sicurezza non hanno ucciso 50 manifestanti.") == []
    assert claims("Secondo il ministero, 12 studenti non sono stati arrestati.") == []


def test_ages_years_dates_and_things_are_not_counted():
    text = (
        "Il 3 marzo una ragazza di 22 anni e una 16enne sono state uccise a Teheran; nel 2022 "
        "erano state bruciate 200 auto e 40 banche."
    )
    assert claims(text) == []
    text = "Almeno 30 persone sono morte in 10 città, secondo il 40 per cento dei testimoni."
    assert brief(text) == [("killed", 30, 30, "at_least")]


def test_revision_from_one_toll_to_another():
    text = "Iran Human Rights ha alzato il bilancio da 208 a 304 morti."
    found = claims(text)
    assert brief(text) == [("killed", 208, 208, "exact"), ("killed", 304, 304, "exact")]
    assert found[1].revision_of == 0
    assert {c.claimed_by for c in found} == {"Iran Human Rights"}


def test_subgroup_and_the_pronoun_pointing_back():
    text = (
        "Iran Human Rights ha documentato 47 esecuzioni a maggio. L'organizzazione ha detto "
        "che almeno 300 persone sono state uccise, tra cui 40 bambini."
    )
    found = claims(text)
    assert brief(text) == [
        ("executed", 47, 47, "exact"),
        ("killed", 300, 300, "at_least"),
        ("killed", 40, 40, "exact"),
    ]
    assert [c.claimed_by for c in found] == ["Iran Human Rights"] * 3
    assert [c.attribution for c in found] == ["stated", "earlier", "earlier"]
    assert found[2].subgroup


def test_a_single_person_is_not_a_count():
    assert claims("Una persona è stata uccisa a Mahabad.") == []
    assert brief("Due persone sono state uccise a Mahabad.") == [("killed", 2, 2, "exact")]
    assert claims("Una donna ha detto che la polizia ha ucciso suo figlio.") == []


def test_unnamed_sources_and_estimates():
    text = "Secondo fonti locali, si stima che 12.000 persone siano state incarcerate."
    [claim] = claims(text)
    assert (claim.measure, claim.low, claim.qualifier) == ("detained", 12000, "estimated")
    assert claim.claimed_by == "fonti locali"


def test_executed_prisoners_are_executed():
    assert brief("Sono stati giustiziati 5 detenuti politici.") == [("executed", 5, 5, "exact")]


def test_source_after_the_verb():
    [claim] = claims("Almeno 30 persone sono state uccise, ha dichiarato Amnesty International.")
    assert claim.claimed_by == "Amnesty International"


def test_source_after_an_elided_article():
    [claim] = claims("Secondo l'Onu, 300 persone sono state uccise.")
    assert claim.claimed_by == "Onu"


def test_denial_before_the_figure():
    assert claims("Il governo ha negato che 40 persone siano state uccise.") == []
    assert claims("Nessuno dei 12 studenti è stato arrestato.") == []


def test_a_figure_takes_the_measure_of_its_own_clause():
    text = "Centinaia sono rimaste ferite e alcune decine sono state uccise."
    assert brief(text) == [("injured", 200, 999, "vague"), ("killed", 20, 99, "vague")]


@pytest.mark.xfail(reason="claims.py: 'la ONG' followed by a new name points back to the last one")
def test_a_named_ngo_is_not_an_anaphora():
    text = (
        "Amnesty International ha documentato 20 morti. La ONG Hengaw ha detto che 30 persone "
        "sono state arrestate."
    )
    assert [c.claimed_by for c in claims(text)] == ["Amnesty International", "Hengaw"]


@pytest.mark.xfail(
    reason="claims.py: a negation after the measure word (the verb-final rule) cancels "
    "Italian claims: 'uccise non lontano dal confine'"
)
def test_a_negation_after_the_measure_word_in_another_phrase():
    text = "Almeno 30 persone sono state uccise non lontano dal confine."
    assert brief(text) == [("killed", 30, 30, "at_least")]
