"""The web UI in a real browser (Debian's chromium, headless, driven by Playwright): sign in,
review a claim with the keyboard (htmx under the strict CSP), search, open an event; a
viewer never meets the confidential witness; the hostile page runs nothing. Screenshots of
the main pages in English and Persian go to tests/artifacts/ for a person to look at."""

import os
import shutil

import pytest

from dadkhah.web import BackgroundServer, create_app
from testing import PASSWORD, REPO, WITNESS, cheap_password_hashes, open_store, web_home

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "tests" / "artifacts"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (.ci/run does it)"
)
# every CSP violation the page meets is kept, so that a test can say none happened
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        cheap_password_hashes(mp)
        env = web_home(tmp_path_factory.mktemp("browser") / "home")
        store = open_store(env)
        with BackgroundServer(create_app(store)) as url:
            yield url, store
        store.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
        yield chromium
        chromium.close()


def signed_in(browser, url: str, name: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(WATCH)
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    page.goto(f"{url}/")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")
    return page


def violations(page) -> list:
    return page.evaluate("window.__violations")


def test_sign_in_review_a_claim_with_the_keyboard_search_and_open_an_event(live, browser):
    url, store = live
    page = signed_in(browser, url, "ana")
    page.click("nav >> text=Review")
    first = page.locator("tr.claim-row").first
    claim_id = first.get_attribute("data-claim")
    page.keyboard.press("j")  # the first row gets the focus
    page.keyboard.press("a")  # accept it, through htmx
    row = page.locator(f"#row-{claim_id}")
    row.locator("button.undo").wait_for()
    assert "accepted" in row.inner_text()
    with store.read() as tx:
        assert tx.get_claim(claim_id).status == "accepted"
    page.keyboard.press("u")  # and take it back
    row.locator("button.undo").wait_for(state="detached")
    with store.read() as tx:
        assert tx.get_claim(claim_id).status == "candidate"
    page.fill("header input[name=q]", "Mahshahr")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Mahshahr")
    assert page.locator("ol.hits li").count() >= 2
    page.click("nav >> text=Events")
    page.click("text=November 2019 (Aban 1398) protest crackdown")
    page.locator("table.figures").first.wait_for()
    assert "Amnesty International" in page.inner_text("main")
    chart = page.locator("img.chart").first
    chart.scroll_into_view_if_needed()
    chart.wait_for()
    for _ in range(100):  # wait_for_function evaluates strings, which the CSP forbids
        if page.evaluate("() => document.querySelector('img.chart').naturalWidth") > 0:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("() => document.querySelector('img.chart').naturalWidth") > 0
    assert violations(page) == []  # htmx, the charts and our script keep to the CSP
    page.context.close()


def test_a_viewer_cannot_see_the_confidential_witness(live, browser):
    url, store = live
    page = signed_in(browser, url, "vic")
    for path in ("/people", "/search?q=Kianpour", "/search?q=witness", "/documents",
                 "/review", "/api/people"):  # fmt: skip
        page.goto(url + path)
        assert WITNESS not in page.content(), path
    with store.read() as tx:
        (witness,) = tx.find_people(WITNESS)
    answer = page.goto(f"{url}/people/{witness.id}")
    assert answer.status == 404 and WITNESS not in page.content()
    page.context.close()


def test_the_hostile_page_is_inert(live, browser):
    url, store = live
    with store.read() as tx:
        (hostile,) = [d for d in tx.documents() if d.original_filename == "hostile.html"]
    page = signed_in(browser, url, "vic")
    for path in (f"/documents/{hostile.id}", f"/documents/{hostile.id}/original"):
        page.goto(url + path)
        page.wait_for_load_state("load")
        page.mouse.move(200, 400)
        for link in page.locator("article.original a").all():
            link.click(no_wait_after=True)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert violations(page) == [], path  # nothing even tried to run
        assert "at least 41 people were killed" in page.inner_text("main")
    page.context.close()


SHOTS = {
    "dashboard": "/",
    "documents": "/documents",
    "review": "/review",
    "events": "/events",
    "search": "/search?q=killed",
    "victims": "/victims",
    "clerical-review": "/lists/review",
}


def test_screenshots_of_the_main_pages_in_english_and_persian(live, browser):
    url, store = live
    with store.read() as tx:
        (aban,) = tx.find_events("Aban 1398")
        (raisi,) = tx.find_people("Ebrahim Raisi")
        doc = next(d for d in tx.documents() if d.original_filename == "aban-1398-fa.txt")
    shots = SHOTS | {"event": f"/events/{aban.id}", "person": f"/people/{raisi.id}",
                     "document": f"/documents/{doc.id}"}  # fmt: skip
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    page = signed_in(browser, url, "ada")
    for lang in ("en", "fa"):
        page.goto(f"{url}/account")
        page.select_option("select[name=language]", lang)
        page.click("form[action='/account/language'] button")
        page.wait_for_load_state("load")
        for name, path in shots.items():
            page.goto(url + path)
            assert page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr")
            page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}.png"), full_page=False)
    assert len(list(ARTIFACTS.glob("*.png"))) == 2 * len(shots)
    page.context.close()
