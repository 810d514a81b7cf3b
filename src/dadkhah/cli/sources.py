"""CLI: the source registry (publishers, outlets, NGOs, ministries, accounts)."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import fail, handles_errors, open_store, out, print_json, user
from dadkhah.cli.evidence import Format
from dadkhah.store import RELIABILITY

app = typer.Typer(
    help="The registry of sources: who publishes what, how reliable, affiliated with whom.",
    no_args_is_help=True,
)

GRADES = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


def _resolve(tx, key: str):
    found = tx.find_source(key)
    if found is None:
        raise fail(f"{key}: no source with this id, name or alias")
    return found


@app.command("add")
@handles_errors
def add(
    name: str = typer.Argument(...),
    kind: str = typer.Option(
        "publisher", "--kind", help="ngo, news outlet, ministry, account, person, …"
    ),
    alias: list[str] = typer.Option(None, "--alias", help="Another name, in any script (repeat)."),
    domain: list[str] = typer.Option(
        None, "--domain", help="A web domain it publishes on (repeat)."
    ),
    reliability: str = typer.Option(
        "F", "--reliability", help="A-F (Admiralty scale); F: cannot be judged."
    ),
    affiliation: list[str] = typer.Option(
        None, "--affiliation", help="RELATION=OTHER, e.g. 'is the political wing of=PMOI' (repeat)."
    ),
    url: str | None = typer.Option(None, "--url"),
    notes: str | None = typer.Option(None, "--notes"),
) -> None:
    """Register a source."""
    store = open_store()
    with store.write(user()) as tx:
        rec = tx.add_source(name, kind, alias or (), domain or (), reliability.upper(), url, notes)
        for item in affiliation or ():
            relation, sep, other = item.rpartition("=")
            if not sep or not relation.strip():
                raise fail(f"--affiliation {item!r}: write RELATION=OTHER", 2)
            tx.add_affiliation(rec.id, _resolve(tx, other.strip()).id, relation.strip())
    out.print(f"{rec.id}  {rec.name}", markup=False)


@app.command("list")
@handles_errors
def list_(fmt: Format = typer.Option(Format.text, "--format")) -> None:
    """Every source with its kind, grade and domains."""
    store = open_store()
    with store.read() as tx:
        sources = tx.sources()
    if fmt is Format.json:
        print_json([s.__dict__ for s in sources])
        return
    table = Table("id", "name", "kind", "grade", "aliases", "domains", box=None)
    for s in sources:
        table.add_row(
            s.id,
            Text(s.name),
            s.kind,
            s.reliability or "F",
            Text(", ".join(s.aliases)),
            ", ".join(s.domains),
        )
    out.print(table)


@app.command("show")
@handles_errors
def show(
    key: str = typer.Argument(..., help="Id, name or alias."),
    fmt: Format = typer.Option(Format.text, "--format"),
) -> None:
    """One source: names, grade, affiliations and the documents it published or provided."""
    store = open_store()
    with store.read() as tx:
        s = _resolve(tx, key)
        affs = tx.affiliations(s.id)
        names = {x.id: x.name for x in tx.sources()}
        docs = [
            d for d in tx.documents() if s.id in (d.source_id, d.publisher_id, d.origin_source_id)
        ]
    if fmt is Format.json:
        print_json(
            s.__dict__
            | {"affiliations": [a.__dict__ for a in affs], "documents": [d.id for d in docs]}
        )
        return
    out.print(Text(f"{s.id}  {s.name}  ({s.kind})"))
    out.print(f"reliability: {s.reliability or 'F'} ({GRADES[s.reliability or 'F']})")
    if s.aliases:
        out.print(Text("aliases: " + ", ".join(s.aliases)))
    if s.domains:
        out.print("domains: " + ", ".join(s.domains))
    for a in affs:
        left, right = names.get(a.source_id, a.source_id), names.get(a.related_id, a.related_id)
        out.print(Text(f"affiliation: {left} {a.relation} {right}"))
    for d in docs:
        role = (
            "provided"
            if d.source_id == s.id
            else "published"
            if d.publisher_id == s.id
            else "origin of"
        )
        out.print(Text(f"{role}: {d.id}  {d.title or d.original_filename or d.origin}"))


@app.command("grade")
@handles_errors
def grade(
    key: str = typer.Argument(..., help="Id, name or alias."),
    value: str = typer.Argument(..., help="A-F"),
    reason: str = typer.Option(..., "--reason", help="Why; kept in the custody log."),
) -> None:
    """Set a source's reliability grade (A-F), with a reason."""
    value = value.upper()
    if value not in RELIABILITY:
        raise fail(f"{value}: a grade is one of A-F", 2)
    store = open_store()
    with store.write(user()) as tx:
        s = _resolve(tx, key)
        changes = tx.update_source(s.id, reason=reason, reliability=value)
    if changes:
        out.print(
            f"{s.name}: {changes['reliability'][0]} -> {value} ({GRADES[value]})", markup=False
        )
    else:
        out.print(f"{s.name}: already {value}", markup=False)
