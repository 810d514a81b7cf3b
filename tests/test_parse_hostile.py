"""Hostile and broken input: no crash, no hang, a clear error per document."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dadkhah.parse import Limits, ParseError, Worker, parse_bytes
from testing import EXAMPLES, make_pdf

MEDIA = ["text/html", "application/pdf", "text/plain", "text/csv"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(MEDIA))
def test_random_bytes_parse_or_fail_cleanly(data, media):
    try:
        doc = parse_bytes(data, media, "random.bin")
    except ParseError as err:
        assert str(err).startswith("random.bin: ")
    else:
        assert isinstance(doc.text, str)
        for p in doc.paragraphs:
            assert 0 <= p.start <= p.end <= len(doc.text)


PDF = (EXAMPLES / "reports" / "ngo-report-2020.pdf").read_bytes()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(PDF)), st.binary(max_size=50))
def test_truncated_and_spliced_pdfs_fail_cleanly(cut, junk):
    try:
        doc = parse_bytes(PDF[:cut] + junk, "application/pdf", "cut.pdf")
    except ParseError as err:
        assert "cut.pdf" in str(err)
    else:
        assert doc.pages


html_fragments = st.lists(
    st.sampled_from(
        [
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<script>alert(1)</script>",
            "<b>",
            "<!--",
            "-->",
            "<![CDATA[",
            "&amp;",
            "&#x0;",
            "<svg onload=alert(1)>",
            "<table><tr><td>",
            "killed 304 ",
            "کشته ۳۰۴ ",
            "<iframe src=x>",
            "\x00",
            "<",
            ">",
            "\"'",
        ]
    ),
    max_size=80,
)


@settings(max_examples=60, deadline=None)
@given(html_fragments)
def test_hostile_html_never_crashes(parts):
    data = ("<html><body>" + "".join(parts) + "</body></html>").encode()
    try:
        doc = parse_bytes(data, "text/html", "hostile.html")
    except ParseError as err:
        assert "hostile.html" in str(err)
    else:
        assert isinstance(doc.text, str) and doc.text.strip()


def test_scripts_and_styles_are_not_text():
    body = "<p>" + "Security forces fired on the crowd near the bridge. " * 5 + "</p>"
    html = (
        f"<html><head><style>p {{color: red}}</style></head><body>{body}"
        "<script>document.write('injected')</script><p onclick=\"steal()\">More text here "
        "about the arrests that followed in the city that week.</p></body></html>"
    ).encode()
    doc = parse_bytes(html, "text/html", "x.html")
    assert "injected" not in doc.text and "color: red" not in doc.text
    assert "steal()" not in doc.text and "fired on the crowd" in doc.text


@settings(max_examples=60, deadline=None)
# no NUL characters: text never holds them, and bytes with NULs between the letters are read
# as UTF-16 without a byte-order mark (tested on its own)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=400))
def test_mixed_script_text_round_trips_as_nfc_text(text):
    doc = parse_bytes(text.encode("utf-8"), "text/plain", "mixed.txt")
    import unicodedata

    expected = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    assert doc.text == expected


def test_deeply_nested_html_fails_cleanly():
    html = (
        "<html><body>" + "<div>" * 100_000 + "text" + "</div>" * 100_000 + "</body></html>"
    ).encode()
    with pytest.raises(ParseError, match="deep.html"):
        parse_bytes(html, "text/html", "deep.html")


def test_a_parse_that_overruns_is_stopped_and_the_worker_replaced():
    page = (EXAMPLES / "articles" / "aban-1398-crackdown.html").read_bytes() * 40
    with Worker(Limits(seconds=0.001)) as worker:
        started = time.monotonic()
        with pytest.raises(ParseError, match="big.html: parsing took longer than 0.001 s"):
            worker.parse(page, "text/html", "big.html")
        assert time.monotonic() - started < 30
    with Worker() as worker:
        assert worker.parse(b"still working", "text/plain", "after.txt").text == "still working"


def test_a_parse_without_enough_memory_fails_cleanly():
    data = ("A long line about the arrests that followed. " * 200_000).encode()
    with (
        Worker(Limits(memory_bytes=64 * 1024**2, seconds=60)) as worker,
        pytest.raises(ParseError, match="memory.txt: .*(memory|worker failed|worker died)"),
    ):
        worker.parse(data, "text/plain", "memory.txt")


def test_oversized_input_and_text_are_refused():
    with pytest.raises(ParseError, match="above the parse limit"):
        parse_bytes(b"x" * 2000, "text/plain", "big.txt", limits=Limits(max_bytes=1000))
    with pytest.raises(ParseError, match="characters of text"):
        parse_bytes(b"x" * 2000, "text/plain", "long.txt", limits=Limits(max_chars=100))


def test_pdf_with_only_empty_pages_is_reported():
    with pytest.raises(ParseError, match="3 page"):
        parse_bytes(make_pdf([None, None, None]), "application/pdf", "scan.pdf")


def test_several_workers_return_each_result_to_its_own_job():
    texts = [f"Report number {i}: {i * 7} people were detained in the city." for i in range(40)]
    with Worker(processes=2, depth=3) as worker:
        jobs = [
            worker.submit(t.encode(), "text/plain", f"report-{i}.txt") for i, t in enumerate(texts)
        ]
        bad = worker.submit(b"not a PDF at all", "application/pdf", "broken.pdf")
        late = worker.submit(b"The last one.", "text/plain", "last.txt")
        # collected out of order, as a caller busy elsewhere might
        for i in reversed(range(len(jobs))):
            assert worker.result(jobs[i]).text == texts[i]
        with pytest.raises(ParseError, match="broken.pdf"):
            worker.result(bad)
        assert worker.result(late).text == "The last one."


def test_a_stored_original_that_changed_is_refused_by_the_worker(tmp_path):
    path = tmp_path / "original.txt"
    path.write_bytes(b"What was preserved.")
    import hashlib

    sha = hashlib.sha256(b"What was preserved.").hexdigest()
    path.write_bytes(b"What someone changed later.")
    with Worker() as worker:
        job = worker.submit_blob(path, sha, "text/plain", "original.txt")
        with pytest.raises(ParseError, match="no longer matches its hash"):
            worker.result(job)
        job = worker.submit_blob(tmp_path / "gone.txt", sha, "text/plain", "gone.txt")
        with pytest.raises(ParseError, match="gone.txt: its original cannot be read"):
            worker.result(job)
