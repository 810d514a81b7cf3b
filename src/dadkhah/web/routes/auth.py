"""Signing in and out, the account page (language, password) and, for administrators, users."""

from __future__ import annotations

import re
import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from dadkhah.access import ROLES, add_user, authenticate, change_password
from dadkhah.errors import AccessError, InputError, StoreError
from dadkhah.web.context import Reader, back, check_csrf, reader, render, state
from dadkhah.web.i18n import LANGUAGES, pick_language
from dadkhah.web.security import LOGIN_COOKIE, SESSION_COOKIE, cookie_options, same_token

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme): no open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(request: Request, status: int = 200, error: str | None = None, name: str = ""):
    # one token per browser while it signs in: the page may be fetched again behind its back
    # (a favicon request redirected here), and a new token would stale the form already shown
    token = request.cookies.get(LOGIN_COOKIE) or ""
    if not re.fullmatch(r"[\w-]{43}", token):
        token = secrets.token_urlsafe(32)
    lang = request.query_params.get("lang")
    lang = lang if lang in LANGUAGES else pick_language(request.headers.get("accept-language"))
    response = render(
        request, "login.html", None, status_code=status, lang=lang, csrf=token, error=error,
        name=name, next=_safe_next(request.query_params.get("next")),
    )  # fmt: skip
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, **cookie_options(request))
    return response


@router.get("/login")
def login_form(request: Request):
    return _login_page(request)


@router.post("/login")
def login(
    request: Request,
    name: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
    next: str = Form("/"),
):
    web = state(request)
    if not same_token(csrf, request.cookies.get(LOGIN_COOKIE)):
        return _login_page(request, 400, "login_expired", name)
    client = request.client.host if request.client else "?"
    keys = {"ip": client, "user": name.strip().lower()}
    wait = web.throttle.wait(**keys)
    if wait:
        response = _login_page(request, 429, "login_throttled", name)
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    try:
        user = authenticate(web.store, name.strip(), password)
    except AccessError:
        web.throttle.failed(**keys)
        return _login_page(request, 401, "login_failed", name)
    web.throttle.succeeded(user=keys["user"])
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        web.sessions.drop(old)  # a fresh token at every sign-in: no session fixation
    session = web.sessions.new(user.name)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, **cookie_options(request))
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request):
    session = request.scope.get("dadkhah_session")
    if session is not None:
        state(request).sessions.drop(session.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account")
def account(request: Request, who: Reader = Depends(reader), done: str | None = None):
    return render(request, "account.html", who, done=done, error=None)


@router.post("/account/language")
def set_language(request: Request, language: str = Form(...), who: Reader = Depends(reader)):
    if language not in LANGUAGES:
        raise InputError("language", f"is one of {', '.join(LANGUAGES)}")
    with state(request).store.write(who.user.name) as tx:
        tx.update_user(who.user.id, "chosen by the user", language=language)
    return RedirectResponse(back(request, "/account"), status_code=303)


@router.post("/account/password")
def set_password(
    request: Request,
    old: str = Form(""),
    new: str = Form(""),
    again: str = Form(""),
    who: Reader = Depends(reader),
):
    web = state(request)
    error = None
    if new != again:
        error = "password_mismatch"
    else:
        try:
            change_password(web.store, who.user.name, old, new)
        except AccessError:
            error = "password_wrong"
        except InputError:
            error = "password_short"
    if error:
        return render(request, "account.html", who, status_code=400, done=None, error=error)
    web.sessions.drop_user(who.user.name, keep=who.session.token)
    return RedirectResponse("/account?done=password", status_code=303)


@router.get("/users")
def users(request: Request, who: Reader = Depends(reader)):
    who.need_admin()
    with state(request).store.read() as tx:
        people = tx.users()
    return render(request, "users.html", who, users=people, roles=ROLES, error=None)


@router.post("/users")
def users_add(
    request: Request,
    name: str = Form(...),
    role: str = Form(...),
    password: str = Form(...),
    who: Reader = Depends(reader),
):
    who.need_admin()
    web = state(request)
    try:
        add_user(web.store, name, role, password, who.user.name, who.lang)
    except (StoreError, InputError) as err:
        with web.store.read() as tx:
            people = tx.users()
        return render(
            request, "users.html", who, status_code=400, users=people, roles=ROLES,
            error=str(err),
        )  # fmt: skip
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/deactivate")
def users_deactivate(
    request: Request, name: str, reason: str = Form(...), who: Reader = Depends(reader)
):
    who.need_admin()
    web = state(request)
    with web.store.write(who.user.name) as tx:
        user = tx.deactivate_user(name, reason)
    web.sessions.drop_user(user.name)
    return RedirectResponse("/users", status_code=303)
