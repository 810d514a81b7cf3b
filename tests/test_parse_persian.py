"""Persian matching form: folded letters, digits and marks, with exact offsets back."""

from hypothesis import given
from hypothesis import strategies as st

from dadkhah.parse import fold, matching_form, to_ascii_digits


def test_arabic_letter_forms_fold_to_persian():
    assert fold("علي كريمي") == fold("علی کریمی") == "علی کریمی"
    assert fold("فاطمة") == fold("فاطمه")
    assert fold("مؤمن") == "مومن" and fold("آبان") == "ابان"


def test_zwnj_bidi_marks_tatweel_and_harakat_are_handled():
    assert fold("می\u200cشود") == fold("می شود")
    assert fold("\u200fسلام\u200e") == "سلام"
    assert fold("محـــمد") == "محمد"
    assert fold("مُحَمَّد") == "محمد"


def test_digits_of_both_scripts_become_ascii():
    assert to_ascii_digits("۳۰۴ و ٣٠٤ و ۱٬۵۰۰ و ۲٫۵") == "304 و 304 و 1,500 و 2.5"
    assert fold("۱۳۹۸/۰۸/۲۴") == "1398/08/24"


def test_a_match_in_the_folded_form_is_an_exact_span_of_the_stored_text():
    stored = "به گزارش عفو بین‌الملل، دست‌كم ۳۰۴ نفر كشته شدند.\u200f"
    folded = matching_form(stored)
    at = folded.text.index("دست کم 304")
    start, end = folded.span(at, at + len("دست کم 304"))
    assert stored[start:end] == "دست‌كم ۳۰۴"
    at = folded.text.index("کشته")
    assert stored[slice(*folded.span(at, at + 4))] == "كشته"


def test_latin_text_is_case_and_accent_folded():
    folded = matching_form("Décès à TÉHÉRAN")
    assert folded.text == "deces a teheran"
    at = folded.text.index("teheran")
    start, end = folded.span(at, at + 7)
    assert "Décès à TÉHÉRAN"[start:end] == "TÉHÉRAN"


mixed = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ éÉ 0123456789۰۱۲۳٤٥يكیکةهآا\u200c\u200f\u064e\u0640-,\n")
    ),
    max_size=60,
)


@given(mixed, st.data())
def test_every_folded_span_maps_back_to_source_that_folds_to_it(text, data):
    folded = matching_form(text)
    assert len(folded.source) == len(folded.text) + 1
    if not folded.text:
        return
    a = data.draw(st.integers(0, len(folded.text) - 1))
    b = data.draw(st.integers(a + 1, len(folded.text)))
    start, end = folded.span(a, b)
    assert 0 <= start < end <= len(text)
    assert folded.text[a:b] in fold(text[start:end])
