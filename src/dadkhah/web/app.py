"""The web application: ``create_app(store)`` builds it, ``serve`` runs it with uvicorn.

    request ─▶ SecurityHeaders (CSP…) ─▶ RequireLogin (session or 401 / sign-in page)
            ─▶ router (pages by domain, /api) ─▶ Reader (role, what it may see)
            ─▶ domain packages and the store ─▶ autoescaped template or strict JSON

Every path but the sign-in page and our own static files needs a signed-in user.
"""

from __future__ import annotations

import contextlib
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from dadkhah import __version__
from dadkhah.access import load_policy
from dadkhah.errors import AccessError, DadkhahError, NotFound
from dadkhah.store import Store
from dadkhah.web import api, routes
from dadkhah.web.context import Denied, SignedOut, WebState, render
from dadkhah.web.jobs import Busy
from dadkhah.web.security import SESSION_COOKIE, SecurityHeaders

STATIC = Path(__file__).with_name("static")
PUBLIC = ("/login", "/static/")


class RequireLogin:
    """ASGI middleware: a request without a live session gets 401 (API) or the sign-in page;
    one with a session carries it on to the routes."""

    def __init__(self, app, web: WebState):
        self.app = app
        self.web = web

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        cookie = SimpleCookie()
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                with contextlib.suppress(Exception):  # a malformed cookie is no session
                    cookie.load(value.decode("latin-1"))
        token = cookie[SESSION_COOKIE].value if SESSION_COOKIE in cookie else None
        session = self.web.sessions.get(token)
        if session is not None:
            scope["dadkhah_session"] = session
        elif not (
            path == "/login"
            or path.startswith("/static/")
            or (path == "/api/session" and scope["method"] == "POST")
        ):
            if path == "/api" or path.startswith("/api/"):
                response = JSONResponse({"detail": "sign in first"}, status_code=401)
            else:
                query = scope.get("query_string", b"").decode("latin-1")
                target = path + (f"?{query}" if query else "")
                response = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str):
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    from dadkhah.web.context import reader

    try:
        who = reader(request)
    except DadkhahError:
        who = None
    return render(request, "error.html", who, status_code=status, status=status, message=message)


def create_app(store: Store, policy=None, charts: Path | None = None) -> FastAPI:
    """The web UI and JSON API over an opened store. ``policy`` defaults to the store's
    (``$DADKHAH_HOME/policy.toml``, else the built-in one); ConfigError if it is malformed."""
    web = WebState(
        store,
        policy or load_policy(store.settings.home),
        charts=charts or store.settings.home / "charts" / "web",
    )
    app = FastAPI(
        title="dadkhah",
        version=__version__,
        description="The JSON API of dadkhah: the records a signed-in user may see.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads scripts from a CDN; the CSP forbids that
        redoc_url=None,
    )
    app.state.web = web
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routes.ROUTERS:
        app.include_router(router)
    app.include_router(api.router)

    @app.exception_handler(SignedOut)
    async def _signed_out(request: Request, exc: SignedOut):
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=401)
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(Denied)
    async def _denied(request: Request, exc: Denied):
        return _error(request, 403, str(exc))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return _error(request, 404, str(exc))

    @app.exception_handler(AccessError)
    async def _access(request: Request, exc: AccessError):
        return _error(request, 403, str(exc))

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy):
        return _error(request, 409, str(exc))

    @app.exception_handler(DadkhahError)
    async def _refused(request: Request, exc: DadkhahError):
        return _error(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        return _error(request, 400, "; ".join(e.get("msg", "") for e in exc.errors()))

    app.add_middleware(RequireLogin, web=web)
    app.add_middleware(SecurityHeaders)  # outermost: every response gets the headers
    return app


def serve(store: Store, host: str = "127.0.0.1", port: int = 8000, policy=None) -> None:
    """Serve the UI until interrupted (one process: sessions live in its memory)."""
    import uvicorn

    uvicorn.run(
        create_app(store, policy), host=host, port=port, proxy_headers=True,
        forwarded_allow_ips="127.0.0.1", log_level="info", server_header=False,
    )  # fmt: skip


class BackgroundServer:
    """The app served by uvicorn in a thread of this process (tests, benchmarks, a demo that
    goes on after serving starts): ``with BackgroundServer(app) as url: ...``."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0):
        import socket

        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.url = f"http://{host}:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off", server_header=False)
        self.server = uvicorn.Server(config)
        self.thread = None

    def __enter__(self) -> str:
        import threading
        import time

        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self.url

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
        self.sock.close()
