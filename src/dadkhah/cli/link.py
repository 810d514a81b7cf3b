"""Commands for victim lists: import one, summarise one."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import fail, handles_errors, open_store, out, print_json, user
from dadkhah.link import import_list

list_app = typer.Typer(help="Victim lists: import, show.", no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    json = "json"


@list_app.command("import")
@handles_errors
def list_import(
    path: Path = typer.Argument(..., help="CSV, XLSX or ODS; the first row names the columns."),
    name: str = typer.Option(..., "--name", help="The list's name in the store."),
    mapping: list[str] | None = typer.Option(
        None, "--map", help="COLUMN=FIELD for a column whose header is not recognised."
    ),
    sensitivity: str = typer.Option("restricted", "--sensitivity"),
) -> None:
    """Import a list of victims: the file is preserved as evidence, every row normalised
    (names keyed in both scripts, sex, ages, dates in either calendar, places). A file with
    bad rows is reported row by row and nothing of it is imported."""
    pairs = {}
    for m in mapping or []:
        column, sep, target = m.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise fail(f"--map {m!r}: write COLUMN=FIELD", 2)
        pairs[column.strip()] = target.strip()
    store = open_store()
    made = import_list(store, path, name, user(), pairs, sensitivity)
    out.print(f"{made.id}: {made.records} records from {path.name} as {made.name!r}")


@list_app.command("show")
@handles_errors
def list_show(
    name: str | None = typer.Argument(None, help="A list's name or id; none lists them all."),
    fmt: Format = typer.Option(Format.table, "--format"),
) -> None:
    """Summarise a list: records, fields filled, sex, dates, places, scripts, a sample."""
    store = open_store()
    with store.read() as tx:
        if name is None:
            lists = tx.victim_lists()
            if fmt is Format.json:
                print_json([v.__dict__ for v in lists])
                return
            table = Table("id", "name", "records", "script", "file", "sensitivity", box=None)
            for v in lists:
                table.add_row(
                    v.id, Text(v.name), str(v.records), v.script, Text(v.filename), v.sensitivity
                )
            out.print(table)
            return
        vl = tx.get_victim_list(name)
        records = tx.victim_records(vl.id)
    filled = {
        f: sum(1 for r in records if getattr(r, f) not in (None, ""))
        for f in ("given_name", "family_name", "father_name", "sex", "age", "birth_year",
                  "date", "place")
    }  # fmt: skip
    dates = sorted(r.date for r in records if r.date)
    summary = {
        "list": vl.__dict__,
        "records": len(records),
        "filled": filled,
        "sex": dict(Counter(r.sex or "unknown" for r in records)),
        "dates": [dates[0], dates[-1]] if dates else None,
        "places": dict(Counter(r.place for r in records if r.place).most_common(10)),
        "scripts": dict(Counter(r.script for r in records)),
        "honorifics": sum(1 for r in records if r.honorifics),
    }
    if fmt is Format.json:
        print_json(summary | {"sample": [r.__dict__ for r in records[:5]]})
        return
    out.print(Text(f"{vl.name} ({vl.id}): {len(records)} records from {vl.filename}", style="bold"))
    out.print(Text("columns: " + ", ".join(f"{k} → {v}" for k, v in vl.columns.items())))
    out.print("filled: " + ", ".join(f"{k} {n}" for k, n in filled.items()))
    out.print("sex: " + ", ".join(f"{k} {n}" for k, n in summary["sex"].items()))
    if dates:
        out.print(f"dates: {dates[0]} to {dates[-1]}")
    out.print(Text("places: " + ", ".join(f"{k} {n}" for k, n in summary["places"].items())))
    table = Table("row", "record", "given", "family", "father", "sex", "age", "date", "place",
                  "key", box=None)  # fmt: skip
    for r in records[:8]:
        table.add_row(
            str(r.row), Text(r.record_id), Text(r.given_name or ""), Text(r.family_name or ""),
            Text(r.father_name or ""), r.sex or "", str(r.age or ""), r.date or "",
            Text(r.place or ""), r.full_key,
        )  # fmt: skip
    out.print(table)
