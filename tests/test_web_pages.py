"""The pages over the example corpus: documents with their claims highlighted and escaped,
the sanitised original, review with htmx and undo, events with figures and consensus,
people, sources, search, victim lists with clerical review, estimates and importing a list;
what a viewer may not see stays out of every page, and confidential views are logged."""

import re

import pytest

from testing import EXAMPLES, WITNESS, web_site

REPO_LISTS = EXAMPLES / "lists"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with web_site(tmp_path_factory.mktemp("pages") / "home") as found:
        yield found


def ids(store):
    with store.read() as tx:
        docs = {d.original_filename: d for d in tx.documents()}
        (aban,) = tx.find_events("Aban 1398")
        (witness,) = tx.find_people(WITNESS)
    return docs, aban, witness


def test_every_page_answers_for_each_role(site):
    store, c = site
    docs, aban, witness = ids(store)
    pages = ["/", "/documents", f"/documents/{docs['aban-1398-crackdown.html'].id}", "/review",
             "/events", f"/events/{aban.id}", "/people", "/sources", "/search?q=killed",
             "/lists", "/victims", "/lists/review", "/estimates", "/account"]  # fmt: skip
    for name in ("ada", "ana", "vic"):
        for page in pages:
            answer = c[name].get(page)
            assert answer.status_code == 200, (name, page, answer.text[:300])
            assert "<script>" not in answer.text
    assert c["vic"].get("/add").status_code == 403
    assert c["ana"].get("/users").status_code == 403
    assert c["ada"].get("/users").status_code == 200


def test_a_document_shows_its_text_escaped_with_claims_highlighted_and_its_custody(site):
    store, c = site
    docs, _aban, _w = ids(store)
    doc = docs["aban-1398-crackdown.html"]
    page = c["vic"].get(f"/documents/{doc.id}").text
    with store.read() as tx:
        claims = tx.claims(document_id=doc.id)
    assert claims
    for claim in claims[:5]:
        assert f'id="{claim.id}"' in page
    assert "Custody trail" in page and "ingested" in page and doc.blob_sha256 in page
    hostile = docs["hostile.html"]
    page = c["vic"].get(f"/documents/{hostile.id}").text
    assert "&lt;script&gt;" in page  # the page's text, shown as text
    assert "onerror=" not in page and "javascript:" not in page.split("<main>")[1]
    original = c["vic"].get(f"/documents/{hostile.id}/original").text
    body = original.split('<article class="original"')[1]
    for bad in ("<script", "onerror", "onload", "onmouseover", "javascript:", "<svg",
                "<iframe", "<form", "<style", "<img", "<meta"):  # fmt: skip
        assert bad not in body.lower(), bad
    assert "at least 41 people were killed" in body


def test_review_accept_edit_bulk_and_undo_with_htmx(site):
    store, c = site
    ana = c["ana"]
    htmx = {"HX-Request": "true", "X-CSRF-Token": ana.csrf}
    queue = ana.get("/review").text
    first, second, third = re.findall(r'data-claim="(clm-[0-9a-f]+)"', queue)[:3]
    row = ana.post(f"/review/{first}/accept", headers=htmx)
    assert row.status_code == 200 and row.text.lstrip().startswith("<tr")
    assert "accepted" in row.text and 'class="undo"' in row.text
    with store.read() as tx:
        assert tx.get_claim(first).status == "accepted"
        assert tx.custody_for([first])[-1].actor == "ana"
    undone = ana.post("/review/undo", headers=htmx)
    assert undone.status_code == 200
    with store.read() as tx:
        assert tx.get_claim(first).status == "candidate"
    form = ana.get(f"/review/{second}/edit", headers=htmx).text
    assert 'name="low"' in form
    edited = ana.post(
        f"/review/{second}/edit", headers=htmx,
        data={"measure": "killed", "low": "12", "high": "15", "qualifier": "range",
              "claimed_by": "", "credibility": "2", "reason": "the sentence says 12 to 15"},
    )  # fmt: skip
    assert edited.status_code == 200
    with store.read() as tx:
        claim = tx.get_claim(second)
    assert (claim.low, claim.high, claim.credibility, claim.status) == (12, 15, 2, "work_needed")
    bulk = ana.post("/review/bulk", data={"action": "reject", "ids": [third, first],
                                          "csrf": ana.csrf})  # fmt: skip
    assert bulk.status_code == 303
    with store.read() as tx:
        assert {tx.get_claim(x).status for x in (third, first)} == {"rejected"}
    # a viewer reads the queue but cannot decide
    assert c["vic"].post(f"/review/{third}/accept", data={"csrf": c["vic"].csrf}).status_code == 403
    # a conflict needs a note: the row says so
    refused = ana.post(f"/review/{third}/conflict", headers=htmx)
    assert "note" in refused.text


def test_an_event_shows_figures_by_source_and_a_viewer_never_sees_the_confidential_ones(site):
    store, c = site
    docs, aban, _w = ids(store)
    testimony = docs["testimony-2019-11-20.txt"]
    admin = c["ada"].get(f"/events/{aban.id}").text
    viewer = c["vic"].get(f"/events/{aban.id}").text
    for page in (admin, viewer):
        assert "Amnesty International" in page and "Consensus" in page
        assert f"/events/{aban.id}/chart/killed.png" in page
    assert testimony.id in admin and testimony.id not in viewer
    assert "dozen" in admin and "dozen" not in viewer
    chart = c["vic"].get(f"/events/{aban.id}/chart/killed.png")
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    api = c["vic"].get(f"/api/events/{aban.id}").json()
    documents = {f["document"] for m in api["measures"] for f in m["figures"]}
    assert testimony.id not in documents


def test_a_viewer_never_meets_the_confidential_witness(site):
    store, c = site
    docs, _aban, witness = ids(store)
    testimony = docs["testimony-2019-11-20.txt"]
    vic = c["vic"]
    pages = ["/", "/documents", "/people", "/search?q=Kianpour", "/search?q=witness+interview",
             "/review", "/review?status=work_needed", "/api/documents", "/api/people",
             "/api/search?q=Kianpour", "/api/claims", "/api/claims?status=rejected"]  # fmt: skip
    for page in pages:
        answer = vic.get(page)
        assert answer.status_code == 200, page
        assert WITNESS not in answer.text and testimony.id not in answer.text, page
    assert "No results you may see" in vic.get("/search?q=Kianpour").text
    assert vic.get("/api/search?q=Kianpour").json() == []
    for page in (f"/documents/{testimony.id}", f"/people/{witness.id}",
                 f"/api/people/{witness.id}", f"/api/documents/{testimony.id}",
                 f"/documents/{testimony.id}/original"):  # fmt: skip
        assert vic.get(page).status_code == 404, page
    # the administrator sees the witness, and each view is in the custody log
    assert WITNESS in c["ada"].get("/search?q=Kianpour").text
    assert WITNESS in c["ada"].get(f"/people/{witness.id}").text
    with store.read() as tx:
        views = [e for e in tx.custody_for([witness.id]) if e.action == "viewed"]
    assert len(views) >= 2 and {e.actor for e in views} == {"ada"}
    assert views[-1].details == {"record": "person", "via": f"/people/{witness.id}"}


def test_people_sources_and_search(site):
    store, c = site
    with store.read() as tx:
        (raisi,) = tx.find_people("Ebrahim Raisi")
    page = c["vic"].get(f"/people/{raisi.id}").text
    assert "ابراهیم رئیسی" in page and "Head of the Judiciary" in page and "1988" in page
    sources = c["vic"].get("/sources").text
    assert "Amnesty International" in sources and "spokeswoman of" in sources
    hits = c["vic"].get("/search?q=Mahshahr").text
    assert "<mark>" in hits.lower() and "/events/" in hits


def test_victim_lists_clerical_review_and_estimates(site):
    store, c = site
    ana, vic = c["ana"], c["vic"]
    lists = ana.get("/lists").text
    assert "list-a-en.csv" in lists and "list-b-fa.csv" in lists
    assert "list-a-en.csv" not in vic.get("/lists").text  # restricted: not for viewers
    victims = ana.get("/victims").text
    assert 'lang="fa"' in victims and re.search(r"[\u0600-\u06ff]", victims)
    review = ana.get("/lists/review").text
    pairs = re.findall(r'name="left" value="(vrc-\w+)".*?name="right" value="(vrc-\w+)"', review,
                       re.S)  # fmt: skip
    if pairs:
        left, right = pairs[0]
        done = ana.post("/lists/review", data={"left": left, "right": right, "same": "yes",
                                               "csrf": ana.csrf})  # fmt: skip
        assert done.status_code == 303
        with store.read() as tx:
            assert tx.link_decisions()[tuple(sorted((left, right)))] is True
    assert vic.post("/estimates", data={"method": "loglinear", "csrf": vic.csrf}).status_code == 404
    run = ana.post("/estimates", data={"method": "chapman", "seed": "1", "csrf": ana.csrf})
    assert run.status_code == 303
    page = ana.get("/estimates").text
    assert "people in all" in page
    chart = re.search(r'src="(/estimates/chart/[^"]+\.png)"', page).group(1)
    assert ana.get(chart).content.startswith(b"\x89PNG")
    assert vic.get(chart).status_code == 404


def test_adding_a_victim_list(site):
    _store, c = site
    ana = c["ana"]
    listed = ana.post(
        "/add/list", data={"name": "List C", "sensitivity": "restricted", "csrf": ana.csrf},
        files={"file": ("list-c-en.csv",
                        (REPO_LISTS / "list-c-en.csv").read_bytes(), "text/csv")},
    )  # fmt: skip
    assert listed.status_code == 200 and "records imported as List C" in listed.text
    denied = c["vic"].post(
        "/add/files", data={"csrf": c["vic"].csrf}, files=[("files", ("x.txt", b"x", "text/plain"))]
    )
    assert denied.status_code == 403


def test_persian_pages_are_right_to_left(site):
    _store, c = site
    ada = c["ada"]
    ada.post("/account/language", data={"language": "fa", "csrf": ada.csrf})
    page = ada.get("/events").text
    assert 'dir="rtl"' in page and "رویدادها" in page
    ada.post("/account/language", data={"language": "en", "csrf": ada.csrf})


def test_dossiers_public_for_everyone_internal_only_for_who_sees_everything(site):
    store, c = site
    _docs, aban, witness = ids(store)
    vic, ada = c["vic"], c["ada"]
    page = vic.get("/dossiers").text
    assert aban.title in page and WITNESS not in page and 'value="internal"' not in page
    subject = f"event:{aban.id}"
    public = vic.post("/dossiers", data={"subject": subject, "version": "public", "fmt": "html",
                                         "csrf": vic.csrf})  # fmt: skip
    assert public.status_code == 200, public.text[:500]
    assert public.headers["content-disposition"].startswith("attachment")
    assert aban.title.split(" (")[0] in public.text and WITNESS not in public.text
    internal = {"subject": subject, "version": "internal", "fmt": "html"}
    assert vic.post("/dossiers", data=internal | {"csrf": vic.csrf}).status_code == 403
    hidden = {"subject": f"person:{witness.id}", "version": "public", "fmt": "html"}
    assert vic.post("/dossiers", data=hidden | {"csrf": vic.csrf}).status_code == 404
    assert ada.post("/dossiers", data=internal | {"csrf": ada.csrf}).status_code == 200
    with store.read() as tx:
        exported = [e for e in tx.custody_for([aban.id]) if e.action == "exported"]
    assert {e.actor for e in exported} == {"vic", "ada"}
