"""What every request shares: the app's state, the signed-in reader (user, role, what they
may see, language), rendering with autoescaped templates, and the log of confidential views."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Request
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse

from dadkhah.access import Policy
from dadkhah.errors import DadkhahError
from dadkhah.store import Store
from dadkhah.store.records import UserRecord
from dadkhah.web.i18n import LANGUAGES, direction, pick_language, translate
from dadkhah.web.jobs import Jobs
from dadkhah.web.security import Session, Sessions, Throttle

WRITERS = ("admin", "analyst")


class Denied(DadkhahError):
    """The reader's role does not allow this (HTTP 403)."""


class SignedOut(DadkhahError):
    """No valid session (HTTP 401 for the API, a redirect to the sign-in page otherwise)."""


@dataclass
class WebState:
    store: Store
    policy: Policy
    sessions: Sessions = field(default_factory=Sessions)
    throttle: Throttle = field(default_factory=Throttle)
    charts: Path | None = None  # where charts are drawn for the pages
    draw_lock: threading.Lock = field(default_factory=threading.Lock)  # pyplot is not threadsafe
    verified: object = None  # the last VerifyReport, and when
    estimates: dict = field(default_factory=dict)  # each user's last estimate run from the UI
    jobs: Jobs = field(default_factory=Jobs)  # linkage runs and additions in the background


@dataclass
class Reader:
    """The signed-in user as a page sees them."""

    user: UserRecord
    session: Session
    visible: tuple[str, ...]

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def lang(self) -> str:
        return self.user.language

    @property
    def writes(self) -> bool:
        return self.user.role in WRITERS

    def sees(self, sensitivity: str) -> bool:
        return sensitivity in self.visible

    def need_writer(self) -> None:
        if not self.writes:
            raise Denied(f"{self.user.name} ({self.role}) can read but not change records")

    def need_admin(self) -> None:
        if self.role != "admin":
            raise Denied("only an administrator can do this")


def state(request: Request) -> WebState:
    return request.app.state.web


def reader(request: Request) -> Reader:
    """The request's reader; SignedOut when the session is gone or the account deactivated."""
    web = state(request)
    session = request.scope.get("dadkhah_session")
    if session is None:
        raise SignedOut("sign in first")
    with web.store.read() as tx:
        user = tx.find_user(session.user)
    if user is None or not user.active:
        web.sessions.drop(session.token)
        raise SignedOut("this account can no longer sign in")
    return Reader(user, session, web.policy.visible(user.role))


def log_views(request: Request, who: Reader, shown: list[tuple[str, str, str]]) -> None:
    """One custody entry per confidential record shown: (record id, kind, sensitivity)."""
    viewed = [(rid, kind) for rid, kind, level in shown if level == "confidential"]
    if not viewed:
        return
    with state(request).store.write(who.user.name) as tx:
        for rid, kind in dict.fromkeys(viewed):
            tx.log("viewed", rid, None, {"record": kind, "via": request.url.path})


# ---- rendering -------------------------------------------------------------------------------

ENV = Environment(
    loader=PackageLoader("dadkhah.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def marked(snippet: str | None) -> Markup:
    """A search snippet with its matches (between [ and ]) marked; the text is escaped first."""
    text = str(escape(snippet or ""))
    return Markup(text.replace("[", "<mark>").replace("]", "</mark>"))


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


ENV.filters["marked"] = marked
ENV.filters["number"] = number


def render(
    request: Request,
    template: str,
    who: Reader | None = None,
    status_code: int = 200,
    lang: str | None = None,
    csrf: str | None = None,
    **values,
) -> HTMLResponse:
    """A page (or an htmx fragment) in the reader's language."""
    lang = lang or (who.lang if who else pick_language(request.headers.get("accept-language")))

    def t(key: str, **kw) -> str:
        return translate(lang, key, **kw)

    html = ENV.get_template(template).render(
        request=request,
        who=who,
        lang=lang,
        dir=direction(lang),
        languages=LANGUAGES,
        t=t,
        csrf=csrf or (who.session.csrf if who else ""),
        path=request.url.path,
        **values,
    )
    return HTMLResponse(html, status_code=status_code)


def back(request: Request, default: str) -> str:
    """Where to go after a form: the page it came from when that is on this site."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/"):
        return default
    return referer.path + (f"?{referer.query}" if referer.query else "")


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token (the X-CSRF-Token header, or the form's
    ``csrf`` field) is not the session's."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.url.path in ("/login", "/api/session"):
        return  # no session yet: the form has its own token (a cookie); JSON needs CORS
    from dadkhah.web.security import same_token

    session = request.scope.get("dadkhah_session")
    if session is None:
        raise SignedOut("sign in first")
    token = request.headers.get("x-csrf-token")
    if not token and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf")
        token = value if isinstance(value, str) else None
    if not same_token(token, session.csrf):
        raise Denied("the form's security token is missing or stale; reload the page")
