"""The web face of dadkhah: server-rendered pages (Jinja2, htmx vendored) and a JSON API over
the same domain functions the CLI calls, behind sign-in, roles and the sensitivity policy.

    create_app(store) ──▶ FastAPI app: pages by domain (routes/), /api (api.py)
    serve(store, host, port) ──▶ uvicorn, until interrupted
    ensure_admin(store, name, actor) ──▶ an administrator with a fresh random password (demo)
"""

from __future__ import annotations

import secrets

from dadkhah.access import add_user, set_password
from dadkhah.store import Store
from dadkhah.web.app import BackgroundServer, create_app, serve


def ensure_admin(store: Store, name: str, actor: str) -> str:
    """Make ``name`` an active administrator with a new random password, and return it
    (the demo prints it). An existing account keeps its history; its password is reset."""
    password = secrets.token_urlsafe(12)
    with store.read() as tx:
        found = tx.find_user(name)
    if found is None:
        add_user(store, name, "admin", password, actor)
    else:
        if not found.active:
            raise_inactive(name)
        set_password(store, name, password, actor, "demo administrator: new password")
        if found.role != "admin":
            with store.write(actor) as tx:
                tx.update_user(name, "demo administrator", role="admin")
    return password


def raise_inactive(name: str) -> None:
    from dadkhah.errors import AccessError

    raise AccessError(f"the account {name!r} is deactivated; choose another name")


__all__ = ["BackgroundServer", "create_app", "ensure_admin", "serve"]
