"""Readers: HTML main text and metadata, PDF pages, text encodings, social posts, origins."""

import pytest

from dadkhah.parse import ParseError, parse_bytes
from dadkhah.parse.text import decode
from testing import EXAMPLES, make_pdf


def _html(body: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>").encode()


def test_example_web_page_text_metadata_and_embedded_post():
    data = (EXAMPLES / "articles" / "aban-1398-crackdown.html").read_bytes()
    doc = parse_bytes(data, "text/html", "aban-1398-crackdown.html")
    assert doc.title == "Iran's fuel-protest death toll: rights groups and officials far apart"
    assert doc.author == "Kaveh Darabi" and doc.publisher == "Tehran Monitor"
    assert doc.domain == "tehran-monitor.example"
    assert (doc.published.start.isoformat(), doc.published.precision) == ("2019-12-03", "day")
    assert "at least 208 people had been killed" in doc.text
    for boilerplate in ("cookies", "Subscribe", "Most read"):
        assert boilerplate not in doc.text
    (post,) = doc.posts
    assert (post.platform, post.handle, post.display_name) == (
        "twitter",
        "GulfRightsObs",
        "Gulf Rights Observatory",
    )
    assert post.posted.start.isoformat() == "2019-11-18"
    assert post.post_url == "https://twitter.com/GulfRightsObs/status/1196418820571643904"
    assert "https://t.co/Rk7vQe2LmX" in post.urls and "pic.twitter.com/Hn4sWp81Zc" in post.urls
    quoted = doc.text[post.start : post.end]
    assert quoted.startswith("Mahshahr, 18 Nov:") and quoted.endswith("November 18, 2019")
    assert "widgets.js" not in doc.text


def test_republished_text_article_with_a_pasted_post():
    data = (EXAMPLES / "articles" / "1988-prison-killings.txt").read_bytes()
    doc = parse_bytes(data, "text/plain", "1988.txt")
    assert doc.title == "The summer of 1988 is not history while its judges still hold power"
    assert doc.author == "Farhad Sotoudeh"
    assert doc.published.start.isoformat() == "2020-07-19"
    assert doc.republished_from == "Iran Freedom Digest"
    (post,) = doc.posts
    assert (post.handle, post.display_name) == ("roya_hakimi_88", "Roya Hakimi")
    assert post.posted.start.isoformat() == "2020-07-19"
    assert doc.text[post.start : post.end].startswith("My uncle was taken from Gohardasht")


@pytest.mark.parametrize(
    ("name", "title", "publisher", "published"),
    [
        (
            "aban-1398-fa.txt",
            "شمار کشته‌شدگان اعتراضات آبان ۹۸ همچنان در هاله‌ای از ابهام",
            "رصد تهران",
            "2019-12-31",
        ),
        (
            "mahshahr-de.txt",
            "Iran: Berichte über Massaker in den Sümpfen von Mahshahr",
            "Nahost-Rundschau",
            "2019-12-04",
        ),
    ],
)
def test_pasted_news_headers_in_persian_and_german(name, title, publisher, published):
    doc = parse_bytes((EXAMPLES / "articles" / name).read_bytes(), "text/plain", name)
    assert (doc.title, doc.publisher, doc.published.start.isoformat()) == (
        title,
        publisher,
        published,
    )


@pytest.mark.parametrize(
    ("line", "origin"),
    [
        ("Source » ncri", "ncri"),
        ("Originally published by Iran Human Rights Monitor.", "Iran Human Rights Monitor"),
        ("Quelle: Deutsche Welle", "Deutsche Welle"),
        ("منبع: رادیو فردا", "رادیو فردا"),
    ],
)
def test_origin_lines_of_republished_articles(line, origin):
    text = (
        f"A headline about the protests\n{line}\n\n" + "The body of the article goes on here. " * 10
    )
    assert parse_bytes(text.encode(), "text/plain", "x.txt").republished_from == origin


def test_pdf_keeps_page_numbers_and_reports_pages_without_text():
    data = make_pdf(
        [
            "Report on detentions\nAt least 7,000 people were detained.",
            None,
            "Annex\nList of 304 names",
        ],
        title="Detentions report",
    )
    doc = parse_bytes(data, "application/pdf", "r.pdf")
    assert doc.title == "Detentions report"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    third = doc.text.index("List of 304 names")
    assert doc.page_of(third) == 3 and doc.page_of(doc.text.index("7,000")) == 1
    assert {p.page for p in doc.paragraphs} == {1, 3}
    assert any("pages without a text layer: 2" in w for w in doc.warnings)


def test_scanned_pdf_without_text_is_an_error_not_an_empty_text():
    with pytest.raises(ParseError, match="no text layer"):
        parse_bytes(make_pdf([None, None]), "application/pdf", "scan.pdf")


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_or_corrupt_pdf_fails_cleanly(cut):
    data = (EXAMPLES / "reports" / "ngo-report-2020.pdf").read_bytes()
    try:
        doc = parse_bytes(data[: int(len(data) * cut)], "application/pdf", "cut.pdf")
    except ParseError as err:
        assert "cut.pdf" in str(err)
    else:  # pypdf may still recover the pages before the cut
        assert doc.text


def test_example_pdf_report():
    doc = parse_bytes(
        (EXAMPLES / "reports" / "ngo-report-2020.pdf").read_bytes(), "application/pdf", "r.pdf"
    )
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.published.start.isoformat() == "2020-03-15"
    assert "Tehran 62 15-20 4" in doc.text


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        # Windows-1256 has no Persian yeh: such files carry the Arabic one, which matching folds
        (
            "دست‌کم 304 نفر کشته شدند و بيش از 7000 نفر بازداشت شدند. گزارش عفو بين‌الملل",
            "cp1256",
            "cp1256",
        ),
        (
            "Mindestens 40 Menschen kamen ums Leben; Anwohner berichten über Schüsse.",
            "cp1252",
            "cp1252",
        ),
        ("Au moins 304 morts selon Amnesty — « un bilan plus lourd ».", "utf-16", "utf-16"),
        ("Al menos 304 muertos según Amnistía.", "utf-16-le", "utf-16-le"),
        ("Plain ASCII and UTF-8: Tehrān", "utf-8", "utf-8"),
    ],
)
def test_text_encodings_are_detected(text, encoding, expected):
    decoded, found = decode(text.encode(encoding), "x.txt")
    assert decoded == text
    assert found.replace("_", "-") == expected


def test_newlines_and_nfc_are_the_only_changes_to_text():
    raw = "Cafe\u0301 line one\r\nline two\rline three\n"
    doc = parse_bytes(raw.encode(), "text/plain", "x.txt")
    assert doc.text == "Café line one\nline two\nline three\n"


def test_unknown_media_type_is_refused_with_its_name():
    with pytest.raises(ParseError, match="no parser for image/png"):
        parse_bytes(b"\x89PNG....", "image/png", "photo.png")


def test_instagram_and_tiktok_embeds_are_recognised():
    body = (
        "<article><p>" + "Protesters gathered in the square on Saturday evening. " * 6 + "</p>"
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/B5abc/">'
        "<p>Video from Shiraz, 16 November</p></blockquote>"
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@witness_ir/video/123">'
        "<p>Night of 17 November</p></blockquote>"
        "<p>" + "Witnesses described the scene to reporters afterwards. " * 6 + "</p></article>"
    )
    doc = parse_bytes(_html(body, "<title>t</title>"), "text/html", "x.html")
    platforms = {p.platform: p for p in doc.posts}
    assert platforms["instagram"].post_url == "https://www.instagram.com/p/B5abc/"
    assert platforms["tiktok"].handle == "witness_ir"


def test_pasted_posts_whose_signature_is_glued_to_the_last_line():
    text = (
        "A long paragraph of commentary before the posts, which is clearly not part of any post "
        "because it runs on and on about the hearings and the evidence that was heard there, far "
        "longer than any single post could ever be on the platform it came from.\n"
        ".@some_mp: the families are still waiting for answers #Justice\n"
        "#Iran https://t.co/AbC123xyZ— Rights Desk (@rights_desk) July 19, 2020\n"
        "Commentary resumes here.\n"
    )
    doc = parse_bytes(text.encode(), "text/plain", "x.txt")
    (post,) = doc.posts
    assert (post.handle, post.display_name) == ("rights_desk", "Rights Desk")
    assert post.urls == ["https://t.co/AbC123xyZ"]
    quoted = doc.text[post.start : post.end]
    assert quoted.startswith(".@some_mp: the families") and quoted.endswith("July 19, 2020")
    assert "commentary" not in quoted.lower()


def test_persian_web_page_keeps_its_zero_width_non_joiners():
    para = (
        "به گزارش فعالان، ده‌ها نفر در این شهر کشته شدند و خانواده‌ها می‌گویند شمار واقعی بیشتر است. "
    )
    body = f"<article><h1>گزارش</h1><p>{para * 4}</p><p>{para * 3}</p></article>"
    doc = parse_bytes(_html(body, "<title>گزارش</title>"), "text/html", "fa.html")
    assert "ده‌ها" in doc.text and "می‌گویند" in doc.text and "دهها" not in doc.text


def test_several_embeds_keep_their_own_text_and_accounts():
    def tweet(text, name, handle, status):
        return (
            f'<blockquote class="twitter-tweet"><p lang="en">{text}</p>&mdash; {name} '
            f'(@{handle}) <a href="https://twitter.com/{handle}/status/{status}">November 18,'
            " 2019</a></blockquote>"
        )

    filler = "<p>" + "Reporters described the events of that week in detail. " * 5 + "</p>"
    body = (
        "<article><h1>Headline</h1><p>Short intro.</p>"
        + tweet(
            "Mahshahr - dozens killed by security forces, residents say",
            "Rights Watcher",
            "rightswatch",
            111,
        )
        + filler
        + tweet(
            "Gunfire reported near the bridge in Shiraz tonight", "Reporter FA", "reporter_fa", 222
        )
        + filler
        + "</article>"
    )
    doc = parse_bytes(_html(body, "<title>t</title>"), "text/html", "x.html")
    posts = {p.handle: p for p in doc.posts}
    assert set(posts) == {"rightswatch", "reporter_fa"}
    assert posts["rightswatch"].display_name == "Rights Watcher"
    assert posts["reporter_fa"].post_url == "https://twitter.com/reporter_fa/status/222"
    for handle, post in posts.items():
        quoted = doc.text[post.start : post.end]
        assert "Short intro" not in quoted and quoted.count("(@") == 1, handle


@pytest.mark.parametrize(
    "opening",
    [
        "Di notte i manifestanti sono scesi in piazza",
        "Por la tarde llegaron los soldados",
        "Par ailleurs, la police a confirmé",
        "Von den 1500 Toten sind viele jung",
    ],
)
def test_opening_words_are_not_bylines(opening):
    text = f"{opening}\n\n" + "The report continues with many more details. " * 10
    assert parse_bytes(text.encode(), "text/plain", "x.txt").author is None


def test_legacy_code_pages_are_not_read_as_cyrillic():
    assert decode("تعداد كشته‌ها: 23".encode("cp1256"), "x")[0] == "تعداد كشته‌ها: 23"
    assert (
        decode("Témoin n° 4 — Übersetzung".encode("cp1252"), "x")[0] == "Témoin n° 4 — Übersetzung"
    )


def test_utf16_without_bom_is_sniffed_as_text_and_decoded():
    from dadkhah.evidence import sniff

    for encoding in ("utf-16-le", "utf-16-be"):
        data = "Testimony: at least 12 bodies were seen at the hospital.".encode(encoding)
        assert sniff(data, "note") == "text/plain"
        assert decode(data, "note")[0].startswith("Testimony: at least 12")


def test_a_handle_in_running_prose_is_not_a_post():
    text = (
        "The figures were checked by several journalists – notably Ali Karimi (@ali_k) "
        "yesterday.\n" + "More reporting followed over the next days. " * 5
    )
    assert parse_bytes(text.encode(), "text/plain", "x.txt").posts == []
