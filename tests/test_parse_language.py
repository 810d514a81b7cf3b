"""Language per paragraph: lingua, restricted to the configured languages, spared where plain."""

import pytest

from dadkhah.parse import language, parse_bytes
from testing import EXAMPLES

PARAGRAPHS = {
    "en": "Security forces fired on the crowd near the bridge, and witnesses said that the "
    "wounded were taken to the hospital by their neighbours.",
    "de": "Die Polizei hat am Abend auf die Menge geschossen, und die Verletzten wurden von "
    "ihren Nachbarn in das Krankenhaus gebracht.",
    "fr": "Les forces de sécurité ont tiré sur la foule près du pont, et les blessés ont été "
    "conduits à l'hôpital par leurs voisins.",
    "it": "Le forze di sicurezza hanno sparato sulla folla vicino al ponte, e i feriti sono "
    "stati portati all'ospedale dai loro vicini.",
    "es": "Las fuerzas de seguridad dispararon contra la multitud cerca del puente, y los "
    "heridos fueron llevados al hospital por sus vecinos.",
    "fa": "نیروهای امنیتی در نزدیکی پل به سوی جمعیت شلیک کردند و همسایگان زخمی‌ها را به "
    "بیمارستان بردند.",
}

ENGLISH = [
    "The families of those who died were told not to hold public funerals for them.",
    "Reporters who tried to reach the city were turned back at the checkpoints on the road.",
    "A doctor at the hospital said that most of the wounded had been shot in the head.",
]


def labels(text: str) -> list[tuple[str | None, str]]:
    doc = parse_bytes(text.encode(), "text/plain", "languages.txt")
    language.label(doc.text, doc.paragraphs)
    return [(p.language, doc.text[p.start : p.end][:30]) for p in doc.paragraphs]


def test_each_mission_language_is_recognised_per_paragraph():
    text = "\n\n".join(PARAGRAPHS.values())
    found = [lang for lang, _ in labels(text)]
    assert found == list(PARAGRAPHS)


@pytest.mark.parametrize("other", ["de", "fr", "it", "es", "fa"])
def test_a_paragraph_in_another_language_inside_an_english_document(other):
    text = "\n\n".join([*ENGLISH, PARAGRAPHS[other], ENGLISH[0]])
    assert [lang for lang, _ in labels(text)] == ["en", "en", "en", other, "en"]


def test_short_lines_take_the_language_of_the_document():
    # a dateline or a caption says too little to judge alone; a bare name says nothing
    text = "\n\n".join(["Karaj, Alborz province", *ENGLISH, "Photo: Agence Sarbazan", "Karaj"])
    found = [lang for lang, _ in labels(text)]
    assert found == ["en", "en", "en", "en", "en", None]


def test_a_configured_language_without_function_words_turns_the_shortcut_off(monkeypatch):
    # "que", "de", "os" are Portuguese too: with Portuguese configured, lingua decides alone
    monkeypatch.setenv("DADKHAH_LANGUAGES", "en,es,pt")
    portuguese = (
        "As forças de segurança dispararam contra a multidão perto da ponte, e os feridos "
        "foram levados ao hospital pelos seus vizinhos."
    )
    text = "\n\n".join([PARAGRAPHS["es"]] * 3 + [portuguese])
    assert [lang for lang, _ in labels(text)] == ["es", "es", "es", "pt"]


def test_the_shortcut_agrees_with_asking_lingua_about_every_paragraph():
    detector = language._detector(language.configured())
    checked = 0
    for path in sorted(EXAMPLES.rglob("*")):
        media = {".txt": "text/plain", ".html": "text/html", ".pdf": "application/pdf"}
        if path.suffix not in media:
            continue
        doc = parse_bytes(path.read_bytes(), media[path.suffix], path.name)
        language.label(doc.text, doc.paragraphs)
        for p in doc.paragraphs:
            chunk = doc.text[p.start : min(p.end, p.start + language.SAMPLE_CHARS)]
            if language.letter_count(chunk) < language.SHORT_LETTERS:
                continue
            if language.arabic_script_share(chunk) > 0.5:
                assert p.language == "fa"
                continue
            alone = detector.detect_language_of(chunk)
            assert p.language == alone.iso_code_639_1.name.lower(), (path.name, chunk)
            checked += 1
    assert checked >= 30
