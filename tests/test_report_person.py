"""The person dossier: names and variants, postings over time with the precision of each date,
involvement in acts and events, each with its sources, read back from the PDF."""

import re

import pytest

from dadkhah.config import Settings
from dadkhah.report import person_dossier, render_html, render_pdf
from dadkhah.store import Store
from testing import example_store_copy, pdf_text, run_cli


@pytest.fixture(scope="module")
def raisi(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-person")
    home = example_store_copy(folder / "home")
    store = Store.open(Settings.from_env(home))
    d = person_dossier(store, "Ebrahim Raisi")
    (folder / "raisi.pdf").write_bytes(render_pdf(render_html(d)))
    store.close()
    return home, d, pdf_text(folder / "raisi.pdf")


def test_names_postings_and_involvement_each_with_their_sources(raisi):
    _home, d, text = raisi
    s = d.sections
    assert [n["name"] for n in s["identity"]["names"]] == [
        "Ebrahim Raisi", "ابراهیم رئیسی", "Ebrahim Raeisi"]  # fmt: skip
    assert "ابراهیم" in text and "رئیسی" in text and "Ebrahim Raeisi" in text
    posts = {(p["organisation"], p["title"]): p for p in s["postings"]}
    head = posts[("Judiciary of the Islamic Republic of Iran", "Head of the Judiciary")]
    assert (head["start"], head["end"]) == ("2019-03 (month)", "2021-07-01")
    assert head["real_start"] and head["start_context"] == "appointed"
    assert len(head["cites"]) == 2  # the 1988 piece and the 2021 explainer
    president = posts[("Presidency of the Islamic Republic of Iran", "President")]
    assert president["outer"].startswith("2021-08 (month)") and president["status"] == "work needed"
    assert "2019-03 (month)" in text and "real start: appointed" in text
    (inv,) = s["involvements"]
    assert (inv["degree"], inv["act"], inv["event"]) == (
        "gave orders", "execution", "1988 prison killings")  # fmt: skip
    assert [e["title"] for e in s["events"]] == ["1988 prison killings"]
    # every statement's sources, down to the hash and the custody entry, in the PDF's text
    body = re.sub(r"\s+", "", text)
    rows = [s["identity"], *s["postings"], *s["involvements"], *s["events"]]
    for row in rows:
        assert row["cites"]
        for n in row["cites"]:
            c = d.citations[n - 1]
            assert c["sha256"] in body and c["custody_hash"] in body
            assert re.sub(r"\s+", "", c["quote"]) in body


def test_the_cli_finds_a_person_by_name_and_refuses_an_ambiguous_one(raisi, tmp_path):
    home, _d, _text = raisi
    ok = run_cli(["report", "person", "Mohseni-Ejei", "--out", str(tmp_path / "e.html")], env=home)
    assert ok.exit_code == 0, ok.output
    page = (tmp_path / "e.html").read_text("utf-8")
    assert "First Deputy Head of the Judiciary" in page and "dismissed" in page
    nobody = run_cli(["report", "person", "Nobody Atall"], env=home)
    assert nobody.exit_code == 1 and "no person" in nobody.stderr
