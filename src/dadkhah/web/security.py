"""Sessions, CSRF tokens, sign-in throttling and the security headers every response carries.

Sessions live in this process's memory (a restart signs everyone out): the cookie holds only
a random token, HttpOnly and SameSite=Lax, Secure when the request came over TLS (directly or
as X-Forwarded-Proto says). Each session has its own CSRF token, which every form carries as
a hidden field and htmx sends as the X-CSRF-Token header.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from starlette.requests import Request

SESSION_COOKIE = "dadkhah_session"
LOGIN_COOKIE = "dadkhah_login"  # the CSRF token of the sign-in form, before any session
IDLE_SECONDS = 8 * 3600
MAX_SECONDS = 24 * 3600

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-src 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


@dataclass
class Session:
    token: str
    user: str
    csrf: str
    created: float
    seen: float
    undo: list = field(default_factory=list)  # review decisions this session can take back


class Sessions:
    """Signed-in sessions by token; expired after idle time or a fixed lifetime."""

    def __init__(self, idle: float = IDLE_SECONDS, lifetime: float = MAX_SECONDS):
        self.idle, self.lifetime = idle, lifetime
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def new(self, user: str) -> Session:
        now = time.monotonic()
        s = Session(secrets.token_urlsafe(32), user, secrets.token_urlsafe(32), now, now)
        with self._lock:
            self._by_token[s.token] = s
        return s

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        now = time.monotonic()
        with self._lock:
            s = self._by_token.get(token)
            if s is None:
                return None
            if now - s.seen > self.idle or now - s.created > self.lifetime:
                del self._by_token[token]
                return None
            s.seen = now
            return s

    def drop(self, token: str) -> None:
        with self._lock:
            self._by_token.pop(token, None)

    def drop_user(self, user: str, keep: str | None = None) -> None:
        """End every session of a user (after a password change), but ``keep``."""
        with self._lock:
            for token in [t for t, s in self._by_token.items() if s.user == user and t != keep]:
                del self._by_token[token]


class Throttle:
    """Failed sign-ins per key (the client's address, the user name) in a sliding window."""

    def __init__(self, limits: dict[str, int] | None = None, window: float = 300.0):
        self.limits = limits or {"ip": 20, "user": 5}
        self.window = window
        self._fails: dict[tuple[str, str], deque] = {}
        self._lock = threading.Lock()

    def wait(self, **keys: str) -> float:
        """Seconds until another attempt is allowed (0 when it is allowed now)."""
        now = time.monotonic()
        longest = 0.0
        with self._lock:
            for kind, value in keys.items():
                fails = self._fails.get((kind, value))
                if not fails:
                    continue
                while fails and now - fails[0] > self.window:
                    fails.popleft()
                if len(fails) >= self.limits[kind]:
                    longest = max(longest, self.window - (now - fails[0]))
        return longest

    def failed(self, **keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for kind, value in keys.items():
                self._fails.setdefault((kind, value), deque()).append(now)

    def succeeded(self, **keys: str) -> None:
        with self._lock:
            for kind, value in keys.items():
                self._fails.pop((kind, value), None)


def over_tls(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def cookie_options(request: Request) -> dict:
    return {"httponly": True, "samesite": "lax", "secure": over_tls(request), "path": "/"}


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and secrets.compare_digest(a.encode(), b.encode())


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy and its companions on every response,
    and no caching of anything but static files (pages hold sensitive material)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
