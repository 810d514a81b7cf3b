"""The list dossier: the list's preserved file, the linkage it took part in (records, people,
pairs reviewed, the run's settings), the overlap chart, the estimate and its diagnostics."""

import pytest

from dadkhah.config import Settings
from dadkhah.link.run import histories
from dadkhah.report import ReportOptions, list_dossier, render_html
from dadkhah.store import Store
from testing import example_store_copy


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    home = example_store_copy(tmp_path_factory.mktemp("report-list") / "home")
    s = Store.open(Settings.from_env(home))
    yield s
    s.close()


def test_the_list_dossier_shows_its_source_linkage_overlap_and_estimate(store):
    d = list_dossier(store, "list-b-fa.csv")
    page = render_html(d)
    s = d.sections
    with store.read() as tx:
        vl = tx.get_victim_list("list-b-fa.csv")
        doc = tx.get_document(vl.document_id)
    assert s["list"]["records"] == 40 and s["list"]["level"] == "restricted"
    assert d.citations[s["list"]["cites"][0] - 1]["sha256"] == doc.blob_sha256
    assert doc.blob_sha256 in page
    k = s["linkage"]
    assert (k["records"], k["clusters"], k["decisions"]) == (148, 59, 0)
    assert 0 < k["on_this_list"] <= 40 and len(k["lists"]) == 4
    # the estimate is the same as from the capture histories `dadkhah link histories` writes
    names, rows = histories(store)
    est = s["victims"]["estimate"]
    assert est["observed"] == sum(r["count"] for r in rows) == 59
    assert len(s["victims"]["histories"]) == len(rows)
    assert est["deviance"] and est["bic"] and est["fitted"] > 1 and est["ranking"]
    assert {"estimate-overlap", "estimate-profile"} <= set(d.charts)
    assert page.count("data:image/png;base64,") == 2
    # the run's settings, so that the figures can be reproduced
    m = d.methods["linkage"]
    assert (m["threshold"], m["backend"]) == (0.9, "duckdb")
    assert "family_key" in m["blocking"] and m["comparisons"]
    assert 'lang="fa"' in page
    assert "نظری" in page  # a name as list B writes it, in the internal version


def test_pairs_reviewed_are_the_analysts_decisions(store):
    with store.read() as tx:
        a, b = (r.id for r in tx.victim_records(tx.get_victim_list("list-a-en.csv").id)[:2])
    with store.write("tester") as tx:
        tx.decide_pair(a, b, False, "different fathers")
    assert list_dossier(store, "list-a-en.csv").sections["linkage"]["decisions"] == 1


def test_a_public_list_dossier_counts_people_without_naming_them(store):
    d = list_dossier(store, "list-b-fa.csv", ReportOptions(public=True))
    page = render_html(d)
    assert d.sections["victims"]["rows"] == [] and d.sections["victims"]["withheld"] == 59
    assert d.sections["list"]["name"] == "restricted list B" and "list-b-fa.csv" not in page
    assert "نظری" not in page and d.sections["victims"]["count"] == 59


def test_an_events_lists_are_those_its_dates_cover_or_those_named(store):
    from dadkhah.errors import NotFound
    from dadkhah.report import event_dossier

    aban = event_dossier(store, "Aban 1398", ReportOptions(charts=False)).sections["victims"]
    assert aban["count"] == 59 and len(aban["lists"]) == 4
    # the Mahshahr killings took one day: no list has most of its records on it
    assert event_dossier(store, "Mahshahr", ReportOptions(charts=False)).sections["victims"] is None
    two = ReportOptions(lists=("list-a-en.csv", "list-c-en.csv"), charts=False)
    named = event_dossier(store, "Aban 1398", two).sections["victims"]
    assert [x["name"] for x in named["lists"]] == ["list-a-en.csv", "list-c-en.csv"]
    assert named["count"] < 59 and named["estimate"]["observed"] == named["count"]
    with pytest.raises(NotFound):
        event_dossier(store, "Aban 1398", ReportOptions(lists=("no such list",)))
    # an event decades before the lists: its figures, its act and the orders given, no lists
    old = event_dossier(store, "1988 prison killings", ReportOptions(charts=False))
    page = render_html(old)
    assert {m["measure"] for m in old.sections["measures"]} == {"executed", "killed"}
    assert old.sections["victims"] is None
    assert {p["name"] for p in old.sections["perpetrators"]} == {
        "Ebrahim Raisi", "Mostafa Pourmohammadi"}  # fmt: skip
    assert "gave orders" in page and "hanging after questioning" in page
