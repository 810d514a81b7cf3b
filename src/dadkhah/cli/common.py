"""What every command shares: the acting user, the store, errors to exit codes, progress."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from dadkhah.config import Settings, acting_user
from dadkhah.errors import DadkhahError
from dadkhah.store import Store

# wide when piped, so that ids and hashes are never cut in logs and scripts
out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)

STATE: dict[str, str | None] = {"user": None}


def user() -> str:
    return acting_user(STATE["user"])


def open_store() -> Store:
    return Store.open(Settings.from_env())


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line (ingested text in it is never read as markup) and exit."""
    err.print(Text.assemble(("error: ", "bold red"), message))
    return typer.Exit(code)


def handles_errors(fn: Callable) -> Callable:
    """Turn a DadkhahError into one line on standard error and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DadkhahError as exc:
            raise fail(str(exc)) from None

    return wrapper


def progress(bytes_mode: bool = False) -> Progress:
    columns = [TextColumn("{task.description}"), BarColumn()]
    columns += [TransferSpeedColumn()] if bytes_mode else [MofNCompleteColumn()]
    columns.append(TimeRemainingColumn())
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal)


def print_json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def print_jsonl(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")
