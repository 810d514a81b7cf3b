"""Commands for victim lists: import one, summarise one."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import err, fail, handles_errors, open_store, out, print_json, user
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


class Backend(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


link_app = typer.Typer(help="Link victim lists: who is the same person.", no_args_is_help=True)


@link_app.command("run")
@handles_errors
def link_run(
    lists: list[str] = typer.Argument(..., help="Stored list names (or files to import)."),
    out_path: Path = typer.Option(..., "--out", help="CLUSTERS.csv: every record's cluster."),
    pairs: Path | None = typer.Option(None, "--pairs", help="PAIRS.csv: scored pairs."),
    threshold: float = typer.Option(0.9, "--threshold", min=0.0, max=1.0),
    lower: float = typer.Option(0.5, "--lower", help="Lowest pair probability written."),
    backend: Backend = typer.Option(
        Backend.duckdb, "--backend", help="duckdb in this process, or a local Spark."
    ),
    model_from: str | None = typer.Option(
        None, "--model-from", help="Score with the model an earlier run trained (lrn-… or latest)."
    ),
) -> None:
    """Link and deduplicate lists with a Fellegi–Sunter model trained by EM (Splink on
    DuckDB or Spark); every record gets a cluster, the records of one cluster being one
    person, kept in the store as a victim with its source records."""
    from dadkhah.link.run import run_linkage, write_csv

    store = open_store()
    if backend is Backend.spark:
        err.print("starting a local Spark session (the first run takes a while)")
    run_id, result, used = run_linkage(
        store, lists, user(), threshold, lower, backend.value, model_from
    )
    write_csv(result.clusters, out_path, ["list", "record_id", "cluster_id", "probability"])
    if pairs is not None:
        write_csv(
            result.pairs, pairs, ["list_l", "record_id_l", "list_r", "record_id_r", "probability"]
        )
    clusters = len({c["cluster_id"] for c in result.clusters})
    lists_of: dict = {}
    for c in result.clusters:
        lists_of.setdefault(c["cluster_id"], set()).add(c["list"])
    shared = sum(1 for v in lists_of.values() if len(v) > 1)
    out.print(
        f"{run_id}: {len(result.clusters)} records from {len(used)} lists form {clusters} "
        f"people ({shared} on more than one list); clusters in {out_path}"
    )
    if result.parameters.get("model_from"):
        out.print(f"scored with the model trained by {result.parameters['model_from']}")
    elif not result.parameters.get("trained_by_em", True):
        out.print("note: the lists were too small for EM to train every level; priors kept")


@link_app.command("histories")
@handles_errors
def link_histories(out_path: Path = typer.Option(..., "--out", help="H.csv")) -> None:
    """The latest run's capture histories: one 0/1 column per list and a count column."""
    from dadkhah.link.run import histories, write_csv

    store = open_store()
    order, rows = histories(store)
    write_csv(rows, out_path, [*order, "count"])
    out.print(f"{sum(r['count'] for r in rows)} people in {len(rows)} patterns: {out_path}")


def _describe(r, list_name: str) -> list[str]:
    return [
        list_name, r.record_id, r.given_name or "", r.family_name or "", r.father_name or "",
        r.sex or "", str(r.age or ""), r.date or "", r.place or "",
    ]  # fmt: skip


@link_app.command("review")
@handles_errors
def link_review(
    limit: int = typer.Option(20, "--limit", min=1),
    list_only: bool = typer.Option(False, "--list", help="Print the pairs; decide nothing."),
) -> None:
    """Walk the pairs of the latest run in the uncertain band (between the lower threshold
    and the match threshold), side by side: decide same person, different, or skip. Decisions
    are kept and applied by every later run."""
    import sys

    store = open_store()
    with store.read() as tx:
        run = tx.latest_link_run()
        if run is None:
            raise fail("no linkage run yet (dadkhah link run)", 1)
        pairs = tx.link_run_parameters(run["id"]).get("uncertain", [])
        decided = tx.link_decisions()
        names = {vid: tx.get_victim_list(vid).name for vid in run["lists"]}
        todo = [p for p in pairs if tuple(sorted(p[:2])) not in decided][:limit]
        shown = [(tx.victim_record(a), tx.victim_record(b), p) for a, b, p in todo]
    if not shown:
        out.print("no undecided pairs in the uncertain band")
        return
    interactive = not list_only and sys.stdin.isatty()
    for left, right, p in shown:
        table = Table("", "list", "record", "given", "family", "father", "sex", "age", "date",
                      "place", title=f"probability {p:.3f}", box=None)  # fmt: skip
        table.add_row("1", *(Text(x) for x in _describe(left, names[left.list_id])))
        table.add_row("2", *(Text(x) for x in _describe(right, names[right.list_id])))
        out.print(table)
        out.print(f"  dadkhah link decide {left.id} {right.id} --same|--different")
        if not interactive:
            continue
        answer = typer.prompt("same person? [s]ame, [d]ifferent, [k] skip, [q]uit", default="k")
        if answer.lower().startswith("q"):
            break
        if answer.lower()[:1] in ("s", "d"):
            with store.write(user()) as tx:
                tx.decide_pair(left.id, right.id, answer.lower().startswith("s"), "clerical review")


@link_app.command("decide")
@handles_errors
def link_decide(
    record_a: str,
    record_b: str,
    same: bool = typer.Option(..., "--same/--different", help="One person, or two."),
    reason: str = typer.Option("clerical review", "--reason"),
) -> None:
    """Decide a pair of records (vrc- ids): every later run applies it."""
    store = open_store()
    with store.write(user()) as tx:
        tx.decide_pair(record_a, record_b, same, reason)
    out.print(f"{record_a} and {record_b}: {'same person' if same else 'different people'}")


@link_app.command("victims")
@handles_errors
def link_victims(
    run: str | None = typer.Option(None, "--run", help="A linkage run (lrn- id); the latest."),
    fmt: Format = typer.Option(Format.table, "--format"),
    out_path: Path | None = typer.Option(None, "--out", help="Write them as CSV."),
) -> None:
    """The canonical victims of a run: one per cluster, with the lists that record them and
    the fields on which their records disagree."""
    from dadkhah.link.run import write_csv

    store = open_store()
    with store.read() as tx:
        victims = tx.victims(run)
        names = {v.id: v.name for v in tx.victim_lists()}
    rows = [v.__dict__ | {"lists": [names.get(x, x) for x in v.lists]} for v in victims]
    if out_path is not None:
        columns = ["id", "name", "name_fa", "sex", "age", "birth_year", "date", "place",
                   "lists", "records", "conflicts"]  # fmt: skip
        write_csv(
            [r | {"lists": ";".join(r["lists"]), "conflicts": ";".join(r["conflicts"])}
             for r in rows],
            out_path, columns,
        )  # fmt: skip
        out.print(f"{len(rows)} victims: {out_path}")
        return
    if fmt is Format.json:
        print_json(rows)
        return
    table = Table("id", "name", "name (fa)", "sex", "age", "date", "place", "lists", "differ",
                  box=None, title=f"{len(rows)} victims")  # fmt: skip
    for r in rows:
        table.add_row(
            r["id"], Text(r["name"]), Text(r["name_fa"] or ""), r["sex"] or "",
            str(r["age"] or ""), r["date"] or "", Text(r["place"] or ""),
            Text(", ".join(r["lists"])), ", ".join(r["conflicts"]),
        )  # fmt: skip
    out.print(table)


@link_app.command("victim")
@handles_errors
def link_victim(
    victim_id: str = typer.Argument(..., help="A vct- id (dadkhah link victims)."),
    fmt: Format = typer.Option(Format.table, "--format"),
) -> None:
    """A canonical victim with every source record: which list, which row of which preserved
    file, as written there."""
    store = open_store()
    with store.read() as tx:
        victim, members = tx.victim(victim_id)
    sources = [
        {"list": vl.name, "list_id": vl.id, "document_id": vl.document_id, "file": vl.filename,
         "row": r.row, "record": r.id, "record_id": r.record_id, "raw": r.raw}
        for vl, r in members
    ]  # fmt: skip
    if fmt is Format.json:
        print_json(victim.__dict__ | {"sources": sources})
        return
    out.print(Text(f"{victim.id}: {victim.name}" + (f" / {victim.name_fa}" if victim.name_fa
                                                    else "")))  # fmt: skip
    for label, value in (("sex", victim.sex), ("age", victim.age), ("date", victim.date),
                         ("place", victim.place)):  # fmt: skip
        if value not in (None, ""):
            differ = victim.conflicts.get(label)
            note = f"  (records differ: {', '.join(map(str, differ))})" if differ else ""
            out.print(Text(f"  {label}: {value}{note}"))
    table = Table("list", "file", "row", "record", "as written", box=None, title="sources")
    for s in sources:
        written = ", ".join(f"{k}={v}" for k, v in s["raw"].items() if v not in (None, ""))
        table.add_row(Text(s["list"]), Text(s["file"]), str(s["row"]), Text(s["record_id"]),
                      Text(written))  # fmt: skip
    out.print(table)
