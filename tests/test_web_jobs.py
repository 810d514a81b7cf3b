"""Background jobs started from the pages: a linkage run and adding material (files, a URL),
one job at a time, each with a page htmx polls for its steps, n of m, each item's outcome,
then the summary or the error; only analysts start them, only their owner reads them."""

import re
import threading

import pytest

from dadkhah.errors import InputError
from dadkhah.web.jobs import Busy, Jobs
from testing import FixtureServer, web_site

PAGE = (
    b"<!doctype html><html><head><title>Zahedan</title></head><body>"
    b"<p>Witnesses said 23 people were arrested in Zahedan.</p></body></html>"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with web_site(tmp_path_factory.mktemp("jobs") / "home") as found:
        yield found


def finished(client, answer):
    """The job a 303 points to, once it has ended, and its page."""
    assert answer.status_code == 303, answer.text[:500]
    location = answer.headers["location"]
    job_id = re.fullmatch(r"/jobs/([\w-]+)", location).group(1)
    job = client.app.state.web.jobs.wait(job_id, timeout=120)
    assert not job.running
    return job, client.get(location)


def test_one_job_at_a_time_errors_kept_and_cleanup_run():
    jobs = Jobs()
    gate = threading.Event()
    cleaned = []
    first = jobs.start("add", "ana", "slow", "public", lambda job: gate.wait(5) and {"ok": 1})
    with pytest.raises(Busy):
        jobs.start(
            "add", "ana", "second", "public", lambda job: {}, cleanup=lambda: cleaned.append(2)
        )
    assert cleaned == [2]  # refused: its uploads are removed at once
    gate.set()
    assert jobs.wait(first.id).summary == {"ok": 1} and first.state == "done"

    def refuse(job):
        job.step("read", records=1, lists=1)
        raise InputError("list", "is empty")

    failed = jobs.wait(
        jobs.start("link", "ana", "bad", "public", refuse, cleanup=lambda: cleaned.append(3)).id
    )
    assert failed.state == "failed" and "is empty" in failed.error and cleaned == [2, 3]
    assert failed.steps == [("read", {"records": 1, "lists": 1})]


def test_a_linkage_run_from_the_lists_page_with_its_progress(site):
    store, c = site
    ana, vic = c["ana"], c["vic"]
    page = ana.get("/lists").text
    chosen = re.findall(r'name="lists" value="(vl-\w+|[\w-]+)"', page)
    assert len(chosen) == 2 and 'action="/lists/link"' in page
    assert 'name="lists"' not in vic.get("/lists").text
    assert vic.post("/lists/link", data={"lists": chosen, "csrf": vic.csrf}).status_code == 403
    assert ana.post("/lists/link", data={"lists": chosen}).status_code == 403  # no CSRF token
    with store.read() as tx:
        before = tx.latest_link_run()["id"]
    job, answer = finished(ana, ana.post("/lists/link", data={"lists": chosen, "csrf": ana.csrf}))
    assert job.state == "done", job.error
    text = answer.text
    assert "Read " in text and "Scored " in text and "Stored the run" in text
    assert re.search(r"\d+ records from 2 lists are \d+ people; \d+ of them are on more", text)
    assert 'href="/victims"' in text and 'hx-trigger="every 1s"' not in text
    with store.read() as tx:
        assert tx.latest_link_run()["id"] == job.summary["run"] != before
    # the fragment htmx polls, and nobody else's eyes on the job
    fragment = ana.get(f"/jobs/{job.id}", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<section id="job"') and "<html" not in fragment
    assert vic.get(f"/jobs/{job.id}").status_code == 404
    assert c["ada"].get(f"/jobs/{job.id}").status_code == 404


def test_a_running_job_page_asks_htmx_to_poll(site):
    _store, c = site
    ana = c["ana"]
    web = ana.app.state.web
    gate = threading.Event()

    def slow(job):
        job.working_on("big.pdf")
        gate.wait(5)
        return {"added": 0, "failed": 0}

    job = web.jobs.start("add", "ana", "big.pdf", "public", slow, total=3)
    try:
        page = ana.get(f"/jobs/{job.id}").text
        assert 'hx-get="/jobs/' in page and 'hx-trigger="every 1s"' in page
        assert "0 of 3" in page and "big.pdf" in page
        busy = ana.post("/lists/link", data={"lists": ["x"], "csrf": ana.csrf})
        assert busy.status_code in (404, 409)  # the list is unknown, or the job is running
    finally:
        gate.set()
        web.jobs.wait(job.id)


def test_adding_files_and_a_url_shows_each_item(site):
    store, c = site
    ana = c["ana"]
    files = [
        ("files", ("karaj.txt", b"Witnesses said 17 people were arrested in Karaj on Saturday.",
                   "text/plain")),
        ("files", ("<b>odd</b>.txt", b"Rights groups said 9 people were killed.", "text/plain")),
    ]  # fmt: skip
    form = {"sensitivity": "public", "source": "Tehran Monitor", "csrf": ana.csrf}
    job, page = finished(ana, ana.post("/add/files", data=form, files=files))
    assert job.state == "done", job.error
    assert job.total == job.done == 2 and job.summary == {"added": 2, "failed": 0}
    assert "2 of 2" in page.text and "karaj.txt" in page.text and "<b>odd" not in page.text
    doc_id = re.search(r'href="/documents/(doc-\w+)"', page.text).group(1)
    with store.read() as tx:
        doc = tx.get_document(doc_id)
        claims = tx.claims(document_id=doc_id)
    assert doc.original_filename == "karaj.txt" and doc.sensitivity == "public"
    assert [(x.measure, x.low) for x in claims] == [("arrested", 17)]

    def send(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(PAGE)))
        handler.end_headers()
        handler.wfile.write(PAGE)

    with FixtureServer({"/zahedan": send}) as server:
        url = f"{server.base}/zahedan"
        job, page = finished(ana, ana.post("/add/url", data=form | {"url": url}))
    assert job.done == 1 and job.items[0]["name"] == url
    assert job.items[0]["document"] and job.items[0]["parsed"] == "parsed"
    assert "1 of 1" in page.text
    denied = c["vic"].post("/add/url", data={"url": "https://example.org/", "csrf": c["vic"].csrf})
    assert denied.status_code == 403
