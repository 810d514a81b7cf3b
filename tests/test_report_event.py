"""The event dossier of the example corpus: every figure cited down to its hash, span and
custody entry in the PDF's own text, Persian rendered, charts embedded, the corroboration,
acts, victims, perpetrators, documented count and estimate, the methods; written by the CLI
with an exported custody entry; ingested markup escaped."""

import hashlib
import re

import pytest

from dadkhah.config import Settings
from dadkhah.know import document_text, quote_citation
from dadkhah.report import ReportOptions, event_dossier, render_html, render_pdf
from dadkhah.report.render import is_persian
from dadkhah.store import Store
from testing import example_store_copy, pdf_text, run_cli

BIDI = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\\s]+")


def flat(text: str) -> str:
    """Text without whitespace or direction marks, so that wrapped lines compare whole."""
    return BIDI.sub("", text)


def shown(quote: str, body: str) -> bool:
    """Whether the PDF's text holds the quote: whole for left-to-right text, word by word for
    Persian (pdftotext orders the runs of a right-to-left line that holds digits visually)."""
    if is_persian(quote):
        return all(word in body for word in re.findall(r"\w+", quote))
    return flat(quote) in body


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return example_store_copy(tmp_path_factory.mktemp("report-event") / "home")


@pytest.fixture(scope="module")
def dossier(home, tmp_path_factory):
    store = Store.open(Settings.from_env(home))
    with store.read() as tx:
        (aban,) = tx.find_events("Aban 1398")
    d = event_dossier(store, aban.id)
    page = render_html(d)
    pdf = tmp_path_factory.mktemp("pdf") / "event.pdf"
    pdf.write_bytes(render_pdf(page))
    yield store, d, page, pdf_text(pdf)
    store.close()


def test_every_figure_is_cited_in_the_pdf_with_its_hash_span_and_custody_entry(dossier):
    store, d, _page, text = dossier
    body = flat(text)
    killed = next(m for m in d.sections["measures"] if m["measure"] == "killed")
    assert len(killed["rows"]) >= 9
    rows = [r for m in d.sections["measures"] for r in m["rows"]]
    for row in rows:
        assert row["cites"], row
        for n in row["cites"]:
            c = d.citations[n - 1]
            assert c["n"] == n and c["kind"] == "span"
            assert c["sha256"] in body and c["custody_hash"] in body
            assert shown(c["before"] + c["quote"] + c["after"], body)
            # the quote is exactly the cited span of the document's stored text
            with store.read() as tx:
                doc = tx.get_document(c["document_id"])
            assert document_text(store, doc)[c["start"] : c["end"]] == c["quote"]
            assert c["custody_action"] in ("ingested", "captured") and c["custody_seq"] > 0
    with store.read() as tx:
        entries = {c["custody_seq"]: tx.custody_entry(c["custody_seq"]) for c in d.citations}
    for c in d.citations:
        entry = entries[c["custody_seq"]]
        assert (entry.object_id, entry.object_hash, entry.hash) == (
            c["document_id"], c["sha256"], c["custody_hash"])  # fmt: skip


def test_the_corroboration_acts_and_lists_are_all_there(dossier):
    _store, d, page, text = dossier
    s = d.sections
    killed = next(m for m in s["measures"] if m["measure"] == "killed")
    assert killed["consensus"]["value"] == "250" and len(killed["conflicts"]) == 2
    assert [r["source"] for r in killed["rows"]].count("Amnesty International") == 3
    assert "Timeline" in text and "Places" in text and "Conflicts" in text
    dates = [t["date"] for t in s["timeline"]]
    assert dates.index("2019-11-15") < dates.index("2019-11") < dates.index("2019-12-03")
    assert {"Iran", "Behbahan", "Mahshahr"} <= {p["name"] for p in s["places"]}
    (behbahan,) = [a for a in s["acts"] if a["place"] == "Behbahan"]
    assert behbahan["victim"] == "Hamed Saffarzadeh" and behbahan["level"] == "confidential"
    assert behbahan["perpetrators"][0]["degree"] == "directly carried out"
    assert {p["name"] for p in s["perpetrators"]} == {
        "Security forces (units not identified)", "Islamic Revolutionary Guard Corps"}  # fmt: skip
    victims = s["victims"]
    assert victims["count"] == 59 and len(victims["rows"]) == 59 and len(victims["lists"]) == 4
    est = victims["estimate"]
    assert est["observed"] == 59 and float(est["estimate"]) >= 59
    assert est["model"] and est["low"] and est["high"]
    assert "documented by name" in text and "interval" in text
    # Persian: a name from the Persian-script lists and a Persian quote, read back from the PDF
    assert "ابوالفضل" in text and "محمدی" in text
    assert shown("به گزارش عفو بین‌الملل، دست‌کم ۳۰۴ نفر", flat(text))
    assert 'lang="fa"' in page and 'dir="auto"' in page
    # charts embedded in the page itself
    assert set(d.charts) >= {"killed", "estimate-overlap", "estimate-profile"}
    assert page.count('src="data:image/png;base64,') >= 4
    # the methods: corroboration rules, linkage settings, estimation settings
    assert "independent source" in text and "Linkage" in text
    assert "family_key" in text and "duckdb" in text and "BIC" in text
    assert "INTERNAL DOSSIER" in text


def test_the_cli_writes_the_dossier_and_an_exported_custody_entry(home, tmp_path):
    out = tmp_path / "aban.html"
    result = run_cli(["report", "event", "Aban 1398", "--out", str(out)], env=home)
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    data = out.read_bytes()
    store = Store.open(Settings.from_env(home))
    with store.read() as tx:
        entry = tx.custody_entry(tx.head().count)
        (testimony,) = [d for d in tx.documents() if d.sensitivity == "confidential"]
    store.close()
    assert entry.action == "exported" and entry.object_hash == hashlib.sha256(data).hexdigest()
    assert entry.details["public"] is False and entry.details["kind"] == "event"
    # showing a confidential document in full is a read that the log records
    assert entry.details["confidential_documents"] == [testimony.id]
    assert testimony.id in entry.details["cited_documents"]
    missing = run_cli(["report", "event", "evt-0000000000000000"], env=home)
    assert missing.exit_code == 1 and "no event" in missing.stderr


def test_ingested_markup_is_text_never_markup(home):
    store = Store.open(Settings.from_env(home))
    quote = quote_citation(store, "aban-1398-crackdown.html", "security forces put down")
    with store.write("tester") as tx:
        event = tx.add_event(
            "crackdown", "<script>alert(1)</script><img src=x onerror=alert(2)>", [quote],
            start_date="2019-11-16", description="<b>bold</b> & \"quoted\"",
        )  # fmt: skip
    page = render_html(event_dossier(store, event.id, ReportOptions(charts=False)))
    store.close()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;bold" in page
