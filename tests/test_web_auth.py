"""Signing in to the web UI on both backends: every path needs a session, cookies are
HttpOnly and SameSite (Secure behind TLS), forms need their CSRF token, failed sign-ins are
throttled, sign-out and password changes end sessions, and each user has a UI language."""

import re

import pytest
from starlette.testclient import TestClient

from dadkhah.access import add_user
from dadkhah.web import api, create_app, ensure_admin, routes
from dadkhah.web.i18n import catalogue
from testing import PASSWORD, cheap_password_hashes, csrf_of, open_store, run_cli, sign_in


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch):
    cheap_password_hashes(monkeypatch)


@pytest.fixture
def web(env):
    store = open_store(env)
    for name, role in (("ada", "admin"), ("vic", "viewer")):
        add_user(store, name, role, PASSWORD, "tester")
    app = create_app(store)
    yield app, store
    store.close()


def client(app, **kw) -> TestClient:
    return TestClient(app, follow_redirects=False, **kw)


def test_every_page_and_api_path_needs_a_signed_in_user(web):
    app, _store = web
    c = client(app)
    routers = [*routes.ROUTERS, api.router]
    paths = sorted({re.sub(r"\{[^}]+\}", "x", r.path) for rt in routers for r in rt.routes})
    assert len(paths) > 30
    for path in paths:
        if path == "/login":
            continue
        for method in ("GET", "POST"):
            answer = c.request(method, path)
            if answer.status_code == 405:
                continue
            if path.startswith("/api/"):
                expected = 422 if (method, path) == ("POST", "/api/session") else 401
                assert answer.status_code == expected, (method, path)
            else:
                assert answer.status_code == 303, (method, path)
                assert answer.headers["location"].startswith("/login?next=")
    # our own scripts and styles are public (the sign-in page needs them); nothing else is
    assert c.get("/static/app.css").status_code == 200
    assert c.get("/api/openapi.json").status_code == 401


def test_sign_in_sets_a_strict_cookie_and_headers_and_never_redirects_off_site(web):
    app, _store = web
    c = client(app)
    page = c.get("/login?next=//evil.example/")
    assert "content-security-policy" in page.headers
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    answer = c.post("/login", data={"name": "ada", "password": PASSWORD, "csrf": token,
                                    "next": "//evil.example/"})  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert c.get("/").status_code == 200
    assert c.get("/api/me").json()["role"] == "admin"
    # behind a TLS proxy the cookie is Secure
    tls = client(app, headers={"X-Forwarded-Proto": "https"})
    page = tls.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    answer = tls.post("/login", data={"name": "ada", "password": PASSWORD, "csrf": token})
    assert "secure" in answer.headers["set-cookie"].lower()


def test_forms_without_their_csrf_token_are_refused(web):
    app, store = web
    c = client(app)
    # the sign-in form's own token (a cookie and a field) must match
    stranger = client(app)
    forged = stranger.post("/login", data={"name": "ada", "password": PASSWORD, "csrf": "x"})
    assert forged.status_code == 400 and "dadkhah_session" not in forged.headers.get(
        "set-cookie", ""
    )
    token = sign_in(c, "ada")
    assert c.post("/account/language", data={"language": "fa"}).status_code == 403
    assert c.post("/account/language", data={"language": "fa", "csrf": "nope"}).status_code == 403
    assert c.post("/api/claims/clm-x/review", json={"status": "accepted"}).status_code == 403
    ok = c.post("/account/language", data={"language": "fa", "csrf": token})
    assert ok.status_code == 303
    with store.read() as tx:
        assert tx.get_user("ada").language == "fa"
    # htmx sends the token as a header
    ok = c.post("/account/language", data={"language": "en"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 303


def test_failed_sign_ins_are_throttled_per_user(web):
    app, _store = web
    c = client(app)
    for _ in range(5):
        page = c.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        wrong = c.post("/login", data={"name": "vic", "password": "wrong", "csrf": token})
        assert wrong.status_code == 401
    page = c.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    blocked = c.post("/login", data={"name": "vic", "password": PASSWORD, "csrf": token})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    # the JSON sign-in shares the throttle; another user is not blocked
    assert c.post("/api/session", json={"name": "vic", "password": PASSWORD}).status_code == 429
    answer = c.post("/api/session", json={"name": "ada", "password": PASSWORD})
    assert answer.status_code == 200 and answer.json()["csrf_token"]


def test_sign_out_password_change_and_deactivation_end_sessions(web):
    app, store = web
    first, second = client(app), client(app)
    sign_in(first, "vic")
    sign_in(second, "vic")
    token = csrf_of(first)
    fresh = {"old": PASSWORD, "new": "a new password!", "again": "a new password!"}
    changed = first.post("/account/password", data=fresh | {"csrf": token})
    assert changed.status_code == 303
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 303  # the other session ended
    bad = first.post("/account/password", data={"old": "wrong", "new": "x" * 12,
                                                "again": "x" * 12, "csrf": token})  # fmt: skip
    assert bad.status_code == 400
    assert first.post("/logout", data={"csrf": token}).status_code == 303
    assert first.get("/").status_code == 303
    admin = client(app)
    sign_in(admin, "ada")
    sign_in(second, "vic", "a new password!")
    gone = admin.post("/users/vic/deactivate", data={"reason": "left", "csrf": csrf_of(admin)})
    assert gone.status_code == 303
    assert second.get("/").status_code == 303
    with store.read() as tx:
        assert not tx.get_user("vic").active


def test_each_user_reads_the_ui_in_their_language_right_to_left_for_persian(web):
    app, store = web
    c = client(app)
    token = sign_in(c, "ada")
    assert 'dir="ltr"' in c.get("/").text
    c.post("/account/language", data={"language": "fa", "csrf": token})
    page = c.get("/").text
    assert 'lang="fa" dir="rtl"' in page and "پیشخوان" in page
    assert 'dir="rtl"' in client(app, headers={"Accept-Language": "fa-IR"}).get("/login").text
    assert set(catalogue("en")) == set(catalogue("fa"))


def test_the_demo_admin_gets_a_fresh_password_each_time(web):
    app, store = web
    first = ensure_admin(store, "demo", "tester")
    second = ensure_admin(store, "demo", "tester")
    assert first != second and len(second) >= 12
    c = client(app)
    sign_in(c, "demo", second)
    assert c.get("/api/me").json()["role"] == "admin"


def test_serve_runs_the_app_on_the_address_given(env, monkeypatch):
    import dadkhah.web

    served = {}
    monkeypatch.setattr(dadkhah.web, "serve", lambda store, host, port: served.update(
        host=host, port=port, home=store.settings.home))  # fmt: skip
    result = run_cli(["serve", "--host", "127.0.0.1", "--port", "8123"], env)
    assert result.exit_code == 0, result.stderr
    assert served["port"] == 8123 and "dadkhah user add" in result.stdout
