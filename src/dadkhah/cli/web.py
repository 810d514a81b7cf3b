"""Commands for the web UI: accounts (``dadkhah user``) and ``dadkhah serve``."""

from __future__ import annotations

import getpass
import sys
from enum import StrEnum

import typer
from rich.table import Table

from dadkhah.access import add_user, set_password
from dadkhah.cli.common import fail, handles_errors, open_store, out, user

user_app = typer.Typer(help="Web UI accounts: add, list, password, deactivate.",
                       no_args_is_help=True)  # fmt: skip


class Role(StrEnum):
    admin = "admin"
    analyst = "analyst"
    viewer = "viewer"


class Language(StrEnum):
    en = "en"
    fa = "fa"


def read_password() -> str:
    """Asked twice on a terminal; otherwise the first line of standard input (for scripts)."""
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise fail("the two passwords differ", 2)
        return first
    return sys.stdin.readline().rstrip("\r\n")


@user_app.command("add")
@handles_errors
def user_add(
    name: str = typer.Argument(..., help="The sign-in name (letters, digits, . @ + - _)."),
    role: Role = typer.Option(..., "--role", help="admin, analyst or viewer."),
    language: Language = typer.Option(Language.en, "--language", help="The UI language."),
) -> None:
    """Add an account: the password is asked for (or read from standard input when that is
    not a terminal) and kept only as an argon2id hash."""
    password = read_password()
    made = add_user(open_store(), name, role.value, password, user(), language.value)
    out.print(f"{made.id}: {made.name} ({made.role})")


@user_app.command("list")
@handles_errors
def user_list() -> None:
    """Every account, active or deactivated (accounts are never deleted)."""
    with open_store().read() as tx:
        users = tx.users()
    table = Table("id", "name", "role", "language", "since", "active", box=None)
    for u in users:
        table.add_row(u.id, u.name, u.role, u.language, u.created_at[:10],
                      "yes" if u.active else f"no ({(u.deactivated_at or '')[:10]})")  # fmt: skip
    out.print(table)


@user_app.command("password")
@handles_errors
def user_password(name: str = typer.Argument(...)) -> None:
    """Set a new password for an account (asked for, or read from standard input)."""
    set_password(open_store(), name, read_password(), user(), "set from the command line")
    out.print(f"{name}: password changed")


@user_app.command("deactivate")
@handles_errors
def user_deactivate(
    name: str = typer.Argument(...),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the custody log)."),
) -> None:
    """Stop an account from signing in; its name and history stay."""
    with open_store().write(user()) as tx:
        tx.deactivate_user(name, reason)
    out.print(f"{name}: deactivated")


@handles_errors
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
) -> None:
    """Serve the web UI and JSON API (sign-in required; add accounts with dadkhah user add).
    Put it behind a TLS proxy before listening beyond this machine."""
    from dadkhah.web import serve

    store = open_store()
    with store.read() as tx:
        if tx.user_count() == 0:
            out.print("note: no accounts yet; add one with: dadkhah user add NAME --role admin")
    out.print(f"serving on http://{host}:{port}/ (Ctrl-C to stop)")
    serve(store, host, port)
