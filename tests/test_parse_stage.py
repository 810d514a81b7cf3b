"""The parse stage on ingested documents: text blob, metadata, posts with spans, idempotence."""

import hashlib

import pytest

from dadkhah.evidence import IngestOptions, verify
from dadkhah.parse import parse_documents
from dadkhah.pipeline import ingest_and_parse
from testing import EXAMPLES, make_pdf, open_store, run_cli, write_files

# what a careful reader finds in each example, written by hand
EXPECTED = {
    "aban-1398-crackdown.html": {
        "title": "Iran's fuel-protest death toll: rights groups and officials far apart",
        "author": "Kaveh Darabi",
        "publisher": "Tehran Monitor",
        "published_date": "2019-12-03",
        "languages": ("en",),
        "posts": [("twitter", "GulfRightsObs")],
    },
    "1988-prison-killings.txt": {
        "title": "The summer of 1988 is not history while its judges still hold power",
        "author": "Farhad Sotoudeh",
        "republished_from": "Iran Freedom Digest",
        "published_date": "2020-07-19",
        "languages": ("en",),
        "posts": [("twitter", "roya_hakimi_88")],
    },
    "aban-1398-fa.txt": {
        "title": "شمار کشته‌شدگان اعتراضات آبان ۹۸ همچنان در هاله‌ای از ابهام",
        "publisher": "رصد تهران",
        "published_date": "2019-12-31",
        "languages": ("fa",),
        "posts": [],
    },
    "judiciary-succession-2021.txt": {
        "title": "Iran's judiciary changes hands as its chief moves to the presidency",
        "author": "Nasrin Kalantari",
        "republished_from": "Tehran Monitor",
        "published_date": "2021-07-02",
        "languages": ("en",),
        "posts": [],
    },
    "mahshahr-de.txt": {
        "title": "Iran: Berichte über Massaker in den Sümpfen von Mahshahr",
        "publisher": "Nahost-Rundschau",
        "published_date": "2019-12-04",
        "languages": ("de",),
        "posts": [],
    },
    "ngo-report-2020.pdf": {
        "published_date": "2020-03-15",
        "languages": ("en",),
        "page_count": 2,
        "posts": [],
    },
    "testimony-2019-11-20.txt": {
        "title": "GULF RIGHTS OBSERVATORY - WITNESS INTERVIEW NOTE",
        "published_date": "2019-11-20",
        "languages": ("en",),
        "posts": [],
    },
}


@pytest.fixture
def corpus(env):
    store = open_store(env)
    items = [str(EXAMPLES / "articles"), str(EXAMPLES / "reports"), str(EXAMPLES / "testimonies")]
    report, parsed = ingest_and_parse(store, items, IngestOptions(actor="tester"))
    assert not report.failed and all(p.status == "parsed" for p in parsed), parsed
    return store


def test_example_corpus_parses_to_the_expected_metadata_posts_and_text(corpus):
    store = corpus
    with store.read() as tx:
        docs = {d.original_filename: d for d in tx.documents()}
        assert set(docs) == set(EXPECTED)
        for name, expected in EXPECTED.items():
            doc = docs[name]
            for field, value in expected.items():
                if field == "posts":
                    got = [(p.platform, p.handle) for p in tx.social_posts(doc.id)]
                    assert got == value, name
                else:
                    assert getattr(doc, field) == value, (name, field)
            assert doc.parse_status == "ok" and doc.parser.endswith("+parse-1")
            text_path = store.blob_path(doc.text_blob_sha256)
            text = text_path.read_text("utf-8")
            assert hashlib.sha256(text.encode()).hexdigest() == doc.text_blob_sha256
            for para in tx.paragraphs(doc.id):
                assert text[para.start : para.end].strip() == text[para.start : para.end]
            for post in tx.social_posts(doc.id):
                span = tx.get_span(post.span_id)
                assert text[span.start : span.end] == span.text
                assert post.text in span.text
        entries = tx.custody_for([docs["ngo-report-2020.pdf"].id])
        assert [e.action for e in entries] == ["ingested", "parsed", "extracted"]
        assert entries[1].details["parser"].startswith("pdf/pypdf-")
        text_entries = tx.custody_for([f"blob-{docs['ngo-report-2020.pdf'].text_blob_sha256}"])
        assert text_entries[0].action == "derived" and text_entries[0].details["role"] == "text"
        assert "Tehran Monitor" in {s.name for s in tx.sources()}
        assert docs["aban-1398-crackdown.html"].publisher_id is not None
    assert verify(store).ok


def test_parsing_again_with_the_same_version_changes_nothing(corpus):
    store = corpus
    with store.read() as tx:
        before = tx.head()
    outcomes = parse_documents(store, None, "tester")
    assert {o.status for o in outcomes} == {"unchanged"}
    forced = parse_documents(store, None, "tester", force=True)
    assert {o.status for o in forced} == {"unchanged"}
    with store.read() as tx:
        assert tx.head() == before


def test_pdf_post_and_paragraph_pages_and_cli_show(env, tmp_path):
    (pdf,) = write_files(
        tmp_path,
        {
            "brief.pdf": make_pdf(
                [
                    "Briefing on the November protests\nDozens were killed in Mahshahr.",
                    "Annex\nWe counted 304 deaths in total.\nA second line of the annex.",
                ]
            )
        },
    )
    result = run_cli(["ingest", str(pdf), "--source", "Gulf Rights Observatory"])
    assert result.exit_code == 0, result.stderr
    assert "parse: 1 parsed" in result.stdout
    store = open_store(env)
    with store.read() as tx:
        (doc,) = tx.documents()
        pages = tx.pages(doc.id)
        paras = tx.paragraphs(doc.id)
    assert doc.page_count == 2 and [p.number for p in pages] == [1, 2]
    text = store.blob_path(doc.text_blob_sha256).read_text("utf-8")
    annex = next(p for p in paras if "304 deaths" in text[p.start : p.end])
    assert annex.page == 2
    shown = run_cli(["show", doc.id, "--text"])
    assert "pages" in shown.stdout and "We counted 304 deaths in total." in shown.stdout


def test_a_bad_document_is_reported_and_the_original_stays_preserved(env, tmp_path):
    good, scanned, broken = write_files(
        tmp_path,
        {
            "good.txt": "A note about arrests in Karaj on 16 November 2019.",
            "scan.pdf": make_pdf([None]),
            "broken.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ngarbage" * 3,
        },
    )
    result = run_cli(["ingest", str(good), str(scanned), str(broken)])
    assert result.exit_code == 1
    assert "no text layer" in result.stderr and "cannot be parsed" in result.stderr
    store = open_store(env)
    with store.read() as tx:
        docs = {d.original_filename: d for d in tx.documents()}
        assert docs["good.txt"].parse_status == "ok"
        assert docs["scan.pdf"].parse_status == "failed"
        assert "no text layer" in docs["scan.pdf"].parse_error
        assert [e.action for e in tx.custody_for([docs["scan.pdf"].id])] == [
            "ingested",
            "parse_failed",
        ]
    assert store.blob_path(docs["scan.pdf"].blob_sha256).read_bytes() == scanned.read_bytes()
    again = run_cli(["parse", "--all"])
    assert again.exit_code == 1 and "1 unchanged" in again.stdout
    with store.read() as tx:
        assert len(tx.custody_for([docs["scan.pdf"].id])) == 2  # the same failure is not re-logged
    assert verify(store).ok


def test_source_registry_links_publishers_by_domain_and_grades_with_reasons(env, tmp_path):
    assert (
        run_cli(
            [
                "source",
                "add",
                "Tehran Monitor",
                "--alias",
                "رصد تهران",
                "--domain",
                "tehran-monitor.example",
                "--kind",
                "news outlet",
                "--reliability",
                "B",
            ]
        ).exit_code
        == 0
    )
    assert (
        run_cli(
            [
                "source",
                "add",
                "Gulf Rights Observatory",
                "--alias",
                "GRO",
                "--affiliation",
                "publishes through=Tehran Monitor",
            ]
        ).exit_code
        == 0
    )
    run_cli(["ingest", str(EXAMPLES / "articles")])
    shown = run_cli(["source", "show", "رصد تهران"])
    assert "published:" in shown.stdout and "B (usually reliable)" in shown.stdout
    assert "Gulf Rights Observatory publishes through Tehran Monitor" in shown.stdout
    graded = run_cli(["source", "grade", "GRO", "c", "--reason", "two independent checks"])
    assert graded.exit_code == 0 and "F -> C" in graded.stdout
    assert run_cli(["source", "grade", "GRO", "Z", "--reason", "x"]).exit_code == 2
    assert run_cli(["source", "add", "GRO"]).exit_code == 1
    listing = run_cli(["source", "list", "--format", "json"])
    assert '"reliability": "C"' in listing.stdout
    store = open_store(env)
    with store.read() as tx:
        gro = tx.find_source("GRO")
        (edit,) = [e for e in tx.custody_for([gro.id]) if e.action == "edited"]
        docs = [
            d
            for d in tx.documents()
            if d.original_filename in ("aban-1398-crackdown.html", "aban-1398-fa.txt")
        ]
    assert edit.details["changes"] == {"reliability": ["F", "C"]}
    assert edit.details["reason"] == "two independent checks"
    assert {d.publisher for d in docs} == {"Tehran Monitor"}


def test_a_page_claiming_a_registered_name_on_another_domain_is_not_linked(env, tmp_path):
    run_cli(
        ["source", "add", "Amnesty International", "--domain", "amnesty.org", "--reliability", "A"]
    )
    page = (
        "<!DOCTYPE html><html><head><title>Statement</title>"
        '<meta property="og:site_name" content="Amnesty International">'
        '<link rel="canonical" href="https://amnesty-news.example.net/statement"></head>'
        "<body><article><p>"
        + "A statement about the detentions in the capital. " * 8
        + "</p></article></body></html>"
    )
    (path,) = write_files(tmp_path, {"statement.html": page})
    assert run_cli(["ingest", str(path)]).exit_code == 0
    store = open_store(env)
    with store.read() as tx:
        (doc,) = tx.documents()
    assert doc.publisher_id is None and doc.publisher == "Amnesty International"
    assert any("not linked" in w for w in doc.parse_warnings)
